"""Shared column types and helpers for every table.

Conventions (follow them in every model module):
- Tables are plain SQLModel classes with ``table=True``; all share ``SQLModel.metadata``.
- Timestamps are timezone-aware UTC: ``created_at: datetime = utc_field()``; optional ones ``utc_field(None)``.
- Enumerations are ``StrEnum`` stored by value as VARCHAR + CHECK:
  ``status: RigStatus = enum_field(RigStatus, RigStatus.idle)``.
- Physical quantities carry their SI unit in the name (``tvd_m``, ``pressure_limit_bar``, ``fluid_gradient_bar_per_m``).
- Constraints reject impossible rows: ``CheckConstraint`` in ``__table_args__`` with an explicit name.
"""

from __future__ import annotations

import enum
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

# Deterministic constraint names: alembic batch mode on SQLite and PostgreSQL need the same names.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """A DateTime stored as UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError("expected a datetime")
        if value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must carry a time zone")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        tz = value.tzinfo
        if tz is timezone.utc:  # PostgreSQL sessions run in UTC (db.make_engine): nothing to convert
            return value
        if tz is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utc_field(default: Any = ..., **kw: Any) -> Any:
    """A timezone-aware UTC timestamp column; ``utc_field()`` defaults to now, ``utc_field(None)`` is nullable."""
    nullable = default is None
    if default is ...:
        return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, **kw)
    return Field(default=default, sa_type=UTCDateTime, nullable=nullable, **kw)


def enum_type(enum_cls: type[enum.Enum]) -> sa.Enum:
    """VARCHAR + CHECK constraint holding the enum's values (portable between SQLite and PostgreSQL)."""
    typ = sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
    )
    typ.name = None  # the CHECK constraint is then named by the metadata convention: ck_<table>_<column>
    return typ


def enum_field(enum_cls: type[enum.Enum], default: Any = ..., **kw: Any) -> Any:
    """A column holding one value of ``enum_cls``; ``default=None`` makes it nullable."""
    nullable = default is None
    if default is ...:
        return Field(sa_type=enum_type(enum_cls), nullable=False, **kw)
    return Field(default=default, sa_type=enum_type(enum_cls), nullable=nullable, **kw)


def json_field(default_factory: Any = dict, **kw: Any) -> Any:
    """A JSON column (lists of tags, calculation inputs, before/after values)."""
    return Field(default_factory=default_factory, sa_type=sa.JSON, nullable=False, **kw)


def text_field(default: str | None = "", **kw: Any) -> Any:
    """A long free-text column."""
    return Field(default=default, sa_type=sa.Text, nullable=default is None, **kw)


def ck(expr: str, name: str) -> sa.CheckConstraint:
    """A named CHECK constraint."""
    return sa.CheckConstraint(expr, name=name)


def non_negative(*cols: str, table: str) -> list[sa.CheckConstraint]:
    """CHECK constraints that the given columns are NULL or >= 0."""
    return [ck(f"{c} IS NULL OR {c} >= 0", f"ck_{table}_{c}_nonneg") for c in cols]
