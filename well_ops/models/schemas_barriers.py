"""Create / Update / Read schemas of barrier elements and barrier tests, and the admin integrity configuration.

Units as in ``schemas_integrity``: ``unit_system="oilfield"`` converts psi, ft3 and degF to bar, m3 and degC.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Literal

from pydantic import BaseModel, field_validator
from sqlmodel import Field, SQLModel

from well_ops.models.barriers import BarrierElementKind, BarrierStatus, EnvelopeKind, TestResult, TestType
from well_ops.models.schemas_integrity import MAX_PRESSURE_BAR, UnitInput


def _aware(value: datetime | None) -> datetime | None:
    """The time in UTC; a naive time, or one before year 1 once in UTC (0001-01-01T00:00+01:00), is refused."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("give a time with its time zone (e.g. 2026-01-05T06:00:00Z)")
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError("the date is out of range") from None


class BarrierElementCreate(SQLModel):
    """A barrier element of the primary or secondary envelope (the envelope is created when missing).
    ``test_interval_days`` None = the configured default for the element's kind."""

    well_id: int
    envelope: EnvelopeKind
    kind: BarrierElementKind
    name: str = Field(min_length=1, max_length=120)
    status: BarrierStatus = BarrierStatus.unknown
    annulus_id: int | None = None
    completion_element_id: int | None = None
    test_interval_days: int | None = Field(default=None, gt=0, le=3650)
    last_tested_at: datetime | None = None

    _t = field_validator("last_tested_at")(_aware)


class BarrierElementUpdate(SQLModel):
    envelope: EnvelopeKind | None = None
    kind: BarrierElementKind | None = None
    name: str | None = Field(default=None, min_length=1, max_length=120)
    status: BarrierStatus | None = None
    annulus_id: int | None = None
    completion_element_id: int | None = None
    test_interval_days: int | None = Field(default=None, gt=0, le=3650)


class BarrierElementRead(SQLModel):
    id: int
    well_id: int
    envelope_id: int
    envelope: EnvelopeKind
    kind: BarrierElementKind
    name: str
    status: BarrierStatus
    annulus_id: int | None
    annulus_name: str = ""
    completion_element_id: int | None
    test_interval_days: int | None
    last_tested_at: datetime | None
    next_test_due: date | None
    overdue: bool = False


class BarrierTestCreate(UnitInput):
    """One barrier test. ``result`` may be left out when the service can decide it:

    - inflow test with ``delta_p_over_z_bar``, ``volume_m3``, ``duration_min`` and ``temperature_c``: the leak rate
      is computed with the API RP 14B formula q = 35.37 x delta(p/Z)[psi] x V[ft3] / (t[min] x T[degR]);
    - inflow or leak-rate test with a measured ``leak_rate_scf_per_min`` (gas) or ``liquid_leak_rate_cm3_per_min``;
    then pass = rate <= ``acceptance_leak_rate_scf_per_min`` (default: configuration, 15 scf/min) or the liquid
    acceptance (400 cm3/min). Pressure and functional tests need ``result``. A given ``result`` that contradicts a
    computed leak rate is refused.
    """

    test_type: TestType
    performed_at: datetime
    direction: Literal["from_below", "from_above"] = "from_below"
    differential_bar: float = Field(default=0.0, ge=0, le=MAX_PRESSURE_BAR)
    duration_min: float = Field(default=0.0, ge=0, le=100_000)
    acceptance_criterion: str = Field(default="", max_length=200)
    fluid: Literal["gas", "liquid"] = "gas"
    acceptance_leak_rate_scf_per_min: float | None = Field(default=None, gt=0, le=10_000)
    leak_rate_scf_per_min: float | None = Field(default=None, ge=0, le=1_000_000)
    liquid_leak_rate_cm3_per_min: float | None = Field(default=None, ge=0, le=1_000_000)
    delta_p_over_z_bar: float | None = Field(default=None, ge=0, le=MAX_PRESSURE_BAR)
    volume_m3: float | None = Field(default=None, gt=0, le=10_000)
    temperature_c: float | None = Field(default=None, ge=-60, le=250)
    result: TestResult | None = None
    notes: str = Field(default="", max_length=4000)

    _t = field_validator("performed_at")(_aware)


class BarrierTestRead(SQLModel):
    id: int
    element_id: int
    element_name: str = ""
    test_type: TestType
    performed_at: datetime
    direction: str
    differential_bar: float
    duration_min: float
    acceptance_criterion: str
    leak_rate_scf_per_min: float | None
    result: TestResult
    notes: str
    performed_by_id: int | None


class RiskCellRead(SQLModel):
    likelihood: int
    consequence: int
    category: str
    score: int


class SapSettings(BaseModel):
    """The SAP detector's rules (``domain.sap_types.SapConfig``); defaults from 30 CFR 250 Subpart E."""

    rebuild_window_h: float = Field(default=24.0, gt=0, le=720)
    rebuild_fraction: float = Field(default=1.0, gt=0, le=2)
    warn_fraction: float = Field(default=0.8, gt=0, le=2)
    bleed_drop_fraction: float = Field(default=0.7, gt=0, lt=1)
    bleed_max_duration_h: float = Field(default=2.0, gt=0, le=48)
    near_zero_bar: float = Field(default=0.5, ge=0, le=50)
    bleed_to_zero_h: float = Field(default=24.0, gt=0, le=720)
    threshold_bar: float = Field(default=6.89476, ge=0, le=MAX_PRESSURE_BAR)
    first_days_thermal: int = Field(default=30, ge=0, le=365)
    thermal_corr: float = Field(default=0.8, gt=0, le=1)
    expected_interval_h: float = Field(default=1.0, gt=0, le=720)
    flatline_h: float = Field(default=12.0, gt=0, le=720)
    min_readings: int = Field(default=3, ge=2, le=1000)
    gap_tolerance: float = Field(default=1.5, ge=1, le=100)


DEFAULT_TEST_INTERVAL_DAYS: dict[str, int | None] = {
    "sssv": 180, "tree_valve": 180, "annulus_valve": 180, "wellhead": 365, "tubing_hanger": 365, "packer": 365,
    "tubing": 365, "production_casing": 365, "casing": 365, "liner_hanger": 365, "cement": None, "formation": None,
    "other": None,
}  # fmt: skip


class IntegrityConfig(BaseModel):
    """Admin configuration of the integrity engine (stored as JSON in app_settings, key "integrity_config")."""

    sap_lookback_days: int = Field(default=30, ge=1, le=365, description="SAP judged on this many recent days")
    sap: SapSettings = Field(default_factory=SapSettings)
    missing_readings_hours: float = Field(default=24.0, gt=0, le=2160, description="no reading for longer: task")
    near_maasp_fraction: float = Field(default=0.9, gt=0, le=1, description="fleet: pressure above this x MAASP")
    test_interval_days: dict[str, int | None] = Field(default_factory=lambda: dict(DEFAULT_TEST_INTERVAL_DAYS))
    leak_rate_gas_scf_per_min: float = Field(default=15.0, gt=0, le=10_000, description="API RP 14B gas")
    leak_rate_liquid_cm3_per_min: float = Field(default=400.0, gt=0, le=1_000_000, description="API RP 14B liquid")
    mawop_evaluated_pct: float = Field(default=50.0, gt=0, le=100)
    mawop_next_outer_pct: float = Field(default=80.0, gt=0, le=100)
    mawop_inner_collapse_pct: float = Field(default=75.0, gt=0, le=100)
    mawop_outermost_pct: float = Field(default=30.0, gt=0, le=100)

    @field_validator("test_interval_days")
    @classmethod
    def _intervals(cls, value: dict[str, int | None]) -> dict[str, int | None]:
        clean = dict(DEFAULT_TEST_INTERVAL_DAYS)
        for kind, days in value.items():
            if kind not in clean:
                raise ValueError(f"unknown barrier element kind {kind!r}")
            if days is not None and not (isinstance(days, int) and 0 < days <= 3650):
                raise ValueError(f"{kind}: give a number of days between 1 and 3650, or null")
            clean[kind] = days
        return clean
