"""The integrity engine's configuration: SAP rules, test intervals, alert thresholds, MAWOP percentages."""

from __future__ import annotations

from typing import Any

from well_ops.domain.mawop import MawopPercents
from well_ops.domain.sap_types import SapConfig
from well_ops.models.audit import AppSetting
from well_ops.models.schemas_barriers import IntegrityConfig
from well_ops.services.context import Context, use_case
from well_ops.services.settings import _store_setting
from well_ops.services.validation import parse

CONFIG_KEY = "integrity_config"


def _config(ctx: Context) -> IntegrityConfig:
    """The configuration in force (defaults where nothing was saved)."""
    row = ctx.session.get(AppSetting, CONFIG_KEY)
    return IntegrityConfig.model_validate(row.value) if row and isinstance(row.value, dict) else IntegrityConfig()


def _sap_config(cfg: IntegrityConfig) -> SapConfig:
    return SapConfig(**cfg.sap.model_dump())


def _mawop_percents(cfg: IntegrityConfig) -> MawopPercents:
    return MawopPercents(evaluated=cfg.mawop_evaluated_pct / 100, next_outer=cfg.mawop_next_outer_pct / 100,
                         inner_collapse=cfg.mawop_inner_collapse_pct / 100,
                         outermost=cfg.mawop_outermost_pct / 100)


@use_case("integrity.read")
def get_integrity_config(ctx: Context) -> IntegrityConfig:
    """The integrity configuration in force."""
    return _config(ctx)


@use_case("settings.write")
def set_integrity_config(ctx: Context, data: IntegrityConfig | dict[str, Any]) -> IntegrityConfig:
    """Save the integrity configuration (admin); fields not given keep their current value."""
    given = data.model_dump() if isinstance(data, IntegrityConfig) else data
    if not isinstance(given, dict):
        given = {}
    current = _config(ctx).model_dump()
    for nested in ("sap", "test_interval_days"):  # a partial nested value keeps the other keys
        if isinstance(given.get(nested), dict):
            given = {**given, nested: {**current[nested], **given[nested]}}
    values = parse(IntegrityConfig, {**current, **given})
    _store_setting(ctx, CONFIG_KEY, values.model_dump())
    return values
