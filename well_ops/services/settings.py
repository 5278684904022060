"""Admin configuration: alert thresholds (stored as JSON in app_settings)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from well_ops.models.audit import AppSetting
from well_ops.models.base import utcnow
from well_ops.services.context import Context, use_case
from well_ops.services.validation import parse

THRESHOLDS_KEY = "alert_thresholds"


class AlertThresholds(BaseModel):
    """When the dashboard raises an alert (all configurable by an admin)."""

    schedule_delay_days: float = Field(default=2.0, ge=0, le=365, description="behind plan by more than this")
    budget_warning_pct: float = Field(default=90.0, ge=0, le=1000, description="budget consumed above this")
    budget_overrun_pct: float = Field(default=100.0, ge=0, le=1000, description="overrun above this")
    delivery_grace_hours: float = Field(default=0.0, ge=0, le=720, description="late once ETA + grace has passed")
    milestone_window_days: int = Field(default=14, ge=1, le=180, description="upcoming milestones horizon")


def _load(ctx: Context) -> AlertThresholds:
    row = ctx.session.get(AppSetting, THRESHOLDS_KEY)
    return AlertThresholds.model_validate(row.value) if row and isinstance(row.value, dict) else AlertThresholds()


@use_case("dashboard.read")
def get_thresholds(ctx: Context) -> AlertThresholds:
    """The alert thresholds in force (defaults where none were saved)."""
    return _load(ctx)


@use_case("settings.write")
def set_thresholds(ctx: Context, data: AlertThresholds | dict[str, Any]) -> AlertThresholds:
    """Save new alert thresholds (validated; audited like every change)."""
    values = parse(AlertThresholds, {**_load(ctx).model_dump(), **(data if isinstance(data, dict) else
                                                                     data.model_dump())})
    if values == _load(ctx):
        return values  # nothing changes (e.g. a form without any threshold): no write, no audit row
    _store_setting(ctx, THRESHOLDS_KEY, values.model_dump())
    return values


def _store_setting(ctx: Context, key: str, value: dict[str, Any]) -> None:
    """Insert or replace one ``app_settings`` row (inside the caller's use-case: audited like every change)."""
    row = ctx.session.get(AppSetting, key)
    if row is None:
        row = AppSetting(key=key, value=value)
    else:
        row.value, row.updated_at = value, utcnow()
    ctx.session.add(row)
    ctx.session.flush()
