"""The audit trail (append-only, hash-chained) and admin configuration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from well_ops.models.base import json_field, utc_field


class AuditLog(SQLModel, table=True):
    """One row per created/updated/deleted row, login, logout or refused login. Never updated or deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),
        sa.Index("ix_audit_log_at", "at"),
    )
    __audit__ = False  # the audit table does not audit itself

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_field()
    actor_id: int | None = Field(default=None, index=True)
    actor_email: str = Field(default="system", max_length=254)
    action: str = Field(max_length=32)  # create / update / delete / login / login_failed / logout / lockout / ...
    entity: str = Field(max_length=64)
    entity_id: str = Field(default="", max_length=64)
    before: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON, nullable=True)
    after: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON, nullable=True)
    summary: str = Field(default="", max_length=500)
    prev_hash: str = Field(default="", max_length=64)
    row_hash: str = Field(default="", max_length=64)


class AppSetting(SQLModel, table=True):
    """Admin configuration (alert thresholds, SAP rules, test intervals...), one JSON value per key."""

    __tablename__ = "app_settings"
    key: str = Field(primary_key=True, max_length=100)
    value: Any = json_field(dict)
    updated_at: datetime = utc_field()
