"""Well construction (casing, cement, tubing, completion), annuli, pressure readings and MAASP results.

Barrier envelopes/elements/tests, integrity snapshots and the risk matrix live in ``barriers.py`` and are
re-exported here, so ``from well_ops.models.integrity import BarrierTest`` works too.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from well_ops.models.barriers import (
    BarrierElement,
    BarrierElementKind,
    BarrierEnvelope,
    BarrierStatus,
    BarrierTest,
    Category117,
    EnvelopeKind,
    IntegritySnapshot,
    RiskCategory,
    RiskCellCategory,
    RiskMatrixCell,
    StatusGAR,
    TestResult,
    TestType,
)
from well_ops.models.base import UTCDateTime, ck, enum_field, json_field, non_negative, text_field, utc_field

# Also re-exports the barrier tables and enums of barriers.py.
__all__ = [
    "Annulus", "AnnulusCriticalPoint", "AnnulusMeasurement", "AnnulusName", "BarrierElement", "BarrierElementKind",
    "BarrierEnvelope", "BarrierStatus", "BarrierTest", "CasingKind", "CasingString", "Category117",
    "CementInterval", "CementQuality", "CompletionElement", "CompletionElementKind", "CriticalPointKind",
    "EnvelopeKind", "IntegritySnapshot", "MaaspResult", "RiskCategory", "RiskCellCategory", "RiskMatrixCell",
    "StatusGAR", "TestResult", "TestType", "TubingString",
]  # fmt: skip


def top_above_bottom(table: str) -> sa.CheckConstraint:
    return ck("top_md_m <= bottom_md_m", f"ck_{table}_top_above_bottom")


def pipe_checks(table: str) -> list[sa.CheckConstraint]:
    """OD > 0, 0 < ID < OD."""
    return [
        ck("od_mm > 0", f"ck_{table}_od_mm_pos"),
        ck("id_mm > 0 AND id_mm < od_mm", f"ck_{table}_id_lt_od"),
    ]


class CasingKind(enum.StrEnum):
    conductor = "conductor"
    surface = "surface"
    intermediate = "intermediate"
    production = "production"
    liner = "liner"
    tieback = "tieback"


class CasingString(SQLModel, table=True):
    # TVD is not checked top <= bottom: toe-up horizontal sections can legitimately end shallower than they start.
    __tablename__ = "casing_strings"
    __table_args__ = (
        top_above_bottom("casing_strings"),
        *pipe_checks("casing_strings"),
        *non_negative(
            "weight_kg_per_m", "top_md_m", "bottom_md_m", "top_tvd_m", "bottom_tvd_m", "burst_rating_bar",
            "collapse_rating_bar", "shoe_frac_gradient_bar_per_m", "test_pressure_bar", "top_of_cement_md_m",
            "top_of_cement_tvd_m", table="casing_strings",
        ),
    )  # fmt: skip
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=120)
    kind: CasingKind = enum_field(CasingKind)
    od_mm: float
    id_mm: float
    grade: str = Field(default="", max_length=40)
    weight_kg_per_m: float | None = None  # often unknown for conductors
    top_md_m: float = 0.0
    bottom_md_m: float
    top_tvd_m: float = 0.0
    bottom_tvd_m: float
    burst_rating_bar: float
    collapse_rating_bar: float
    shoe_frac_gradient_bar_per_m: float | None = None  # from LOT / FIT
    test_pressure_bar: float | None = None
    top_of_cement_md_m: float | None = None
    top_of_cement_tvd_m: float | None = None
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class CementQuality(enum.StrEnum):
    good = "good"
    fair = "fair"
    poor = "poor"
    unknown = "unknown"


class CementInterval(SQLModel, table=True):
    __tablename__ = "cement_intervals"
    __table_args__ = (
        top_above_bottom("cement_intervals"),
        *non_negative(
            "top_md_m", "bottom_md_m", "top_tvd_m", "bottom_tvd_m", "compressive_strength_bar", table="cement_intervals"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE", index=True)
    casing_string_id: int | None = Field(
        default=None, foreign_key="casing_strings.id", ondelete="SET NULL", index=True
    )
    top_md_m: float
    bottom_md_m: float
    top_tvd_m: float
    bottom_tvd_m: float
    compressive_strength_bar: float | None = None
    quality: CementQuality = enum_field(CementQuality, CementQuality.unknown)
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class TubingString(SQLModel, table=True):
    __tablename__ = "tubing_strings"
    __table_args__ = (
        top_above_bottom("tubing_strings"),
        *pipe_checks("tubing_strings"),
        *non_negative(
            "weight_kg_per_m", "top_md_m", "bottom_md_m", "bottom_tvd_m", "burst_rating_bar", "collapse_rating_bar",
            table="tubing_strings",
        ),
    )  # fmt: skip
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=120)
    od_mm: float
    id_mm: float
    grade: str = Field(default="", max_length=40)
    weight_kg_per_m: float
    top_md_m: float = 0.0
    bottom_md_m: float
    bottom_tvd_m: float
    burst_rating_bar: float
    collapse_rating_bar: float
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class CompletionElementKind(enum.StrEnum):
    sssv = "sssv"
    packer = "packer"
    gas_lift_mandrel = "gas_lift_mandrel"
    liner_hanger = "liner_hanger"
    wellhead_section = "wellhead_section"
    tubing_hanger = "tubing_hanger"
    annulus_valve = "annulus_valve"
    tree = "tree"
    other = "other"


class CompletionElement(SQLModel, table=True):
    __tablename__ = "completion_elements"
    __table_args__ = tuple(
        non_negative("depth_md_m", "depth_tvd_m", "pressure_rating_bar", table="completion_elements")
    )
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE", index=True)
    kind: CompletionElementKind = enum_field(CompletionElementKind)
    name: str = Field(max_length=120)
    depth_md_m: float = 0.0
    depth_tvd_m: float = 0.0
    pressure_rating_bar: float | None = None
    notes: str = text_field()
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class AnnulusName(enum.StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class Annulus(SQLModel, table=True):
    """The space between an inner string (tubing or casing) and an outer casing.

    ``mop_bar``/``lop_bar`` are operator limits; ``mawop_bar``/``maasp_bar`` cache the latest MAASP result
    (they can be negative: a computed limit below zero means the annulus cannot hold any surface pressure).
    """

    __tablename__ = "annuli"
    __table_args__ = (
        sa.UniqueConstraint("well_id", "name", name="uq_annuli_well_id_name"),
        ck("fluid_gradient_bar_per_m > 0", "ck_annuli_fluid_gradient_pos"),
        ck("safety_factor > 0 AND safety_factor <= 1", "ck_annuli_safety_factor_range"),
        ck("burst_design_factor >= 1", "ck_annuli_burst_design_factor_min"),
        ck("collapse_design_factor >= 1", "ck_annuli_collapse_design_factor_min"),
        ck("inner_casing_id IS NULL OR inner_tubing_id IS NULL", "ck_annuli_one_inner_string"),
        ck(
            "inner_casing_id IS NULL OR outer_casing_id IS NULL OR inner_casing_id <> outer_casing_id",
            "ck_annuli_inner_ne_outer",
        ),
        ck("lop_bar IS NULL OR mop_bar IS NULL OR lop_bar <= mop_bar", "ck_annuli_lop_le_mop"),
        *non_negative(
            "backup_fluid_gradient_bar_per_m", "inside_fluid_gradient_bar_per_m", "mop_bar", "lop_bar",
            "test_pressure_bar", table="annuli",
        ),
    )  # fmt: skip
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE", index=True)
    name: AnnulusName = enum_field(AnnulusName)
    inner_casing_id: int | None = Field(default=None, foreign_key="casing_strings.id", ondelete="SET NULL")
    inner_tubing_id: int | None = Field(default=None, foreign_key="tubing_strings.id", ondelete="SET NULL")
    outer_casing_id: int | None = Field(default=None, foreign_key="casing_strings.id", ondelete="SET NULL")
    fluid_type: str = Field(default="", max_length=60)
    fluid_gradient_bar_per_m: float
    backup_fluid_gradient_bar_per_m: float  # fluid outside the outer casing
    inside_fluid_gradient_bar_per_m: float = 0.02  # lightest credible fluid inside the inner string (gas)
    safety_factor: float = 0.9  # multiplier on manual limits
    burst_design_factor: float = 1.1
    collapse_design_factor: float = 1.0
    mop_bar: float | None = None
    lop_bar: float | None = None
    mawop_bar: float | None = None
    maasp_bar: float | None = None
    test_pressure_bar: float | None = None
    is_fixed_platform: bool = False
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class CriticalPointKind(enum.StrEnum):
    manual = "manual"
    outer_burst = "outer_burst"
    inner_collapse = "inner_collapse"
    formation_shoe = "formation_shoe"
    packer = "packer"
    wellhead = "wellhead"
    hanger = "hanger"
    valve = "valve"
    liner_hanger = "liner_hanger"
    test_pressure = "test_pressure"


class AnnulusCriticalPoint(SQLModel, table=True):
    __tablename__ = "annulus_critical_points"
    __table_args__ = (
        ck("source IN ('manual', 'derived')", "ck_annulus_critical_points_source_allowed"),
        *non_negative("tvd_m", "pressure_limit_bar", table="annulus_critical_points"),
    )
    id: int | None = Field(default=None, primary_key=True)
    annulus_id: int = Field(foreign_key="annuli.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=120)
    kind: CriticalPointKind = enum_field(CriticalPointKind, CriticalPointKind.manual)
    tvd_m: float
    pressure_limit_bar: float
    source: str = Field(default="manual", max_length=16)  # "manual" or "derived"
    notes: str = text_field()
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class AnnulusMeasurement(SQLModel, table=True):
    """One annulus pressure reading (gauge, bar). Imports write thousands: audited per batch, not per row."""

    __tablename__ = "annulus_measurements"
    __table_args__ = (
        sa.UniqueConstraint(
            "annulus_id", "measured_at", "source", name="uq_annulus_measurements_annulus_id_measured_at_source"
        ),
        # no separate (annulus_id, measured_at) index: the unique index above starts with those columns and serves
        # the range scans; one index fewer to maintain on every insert (migration 0003 dropped it)
        ck("pressure_bar >= -1.1", "ck_annulus_measurements_pressure_bar_min"),  # vacuum is about -1.013 bar(g)
    )
    __audit__ = "batch"

    # SQLite only auto-increments a plain INTEGER primary key, so BIGINT there would break inserts.
    id: int | None = Field(
        default=None, primary_key=True, sa_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    )
    annulus_id: int = Field(foreign_key="annuli.id", ondelete="CASCADE")
    measured_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    pressure_bar: float
    temperature_c: float | None = None
    source: str = Field(default="manual", max_length=40)
    is_bleed: bool = False
    created_at: datetime = utc_field()


class AnnulusLatestReading(SQLModel, table=True):
    """The latest reading of each annulus, kept by the database itself: a trigger on ``annulus_measurements``
    (PostgreSQL: one statement-level trigger per INSERT/COPY over its new rows; SQLite: a row trigger) upserts the
    newest row (latest ``measured_at``, then highest id). Derived data: never written by the application, not audited;
    readings are only ever removed with their annulus, and this row goes with it (cascade). Migration 0003."""

    __tablename__ = "annulus_latest_readings"
    __audit__ = False

    annulus_id: int = Field(primary_key=True, foreign_key="annuli.id", ondelete="CASCADE")
    measurement_id: int = Field(sa_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"))
    measured_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    pressure_bar: float
    temperature_c: float | None = None
    source: str = Field(max_length=40)
    # how many readings the annulus has had (the trigger adds every inserted row; migration 0006): a stored SAP
    # verdict is still valid while this has not moved (AnnulusSapState)
    readings_count: int = Field(default=0, sa_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                                sa_column_kwargs={"server_default": "0"})


class AnnulusSapState(SQLModel, table=True):
    """The latest SAP verdict of each annulus, with what it was derived from, so that a fleet recompute re-runs the
    SAP check only where that changed (``services.integrity.sap_states``). Derived data, not audited; goes with its
    annulus. Valid at a time ``now`` while: the same inputs (SAP configuration, look-back, production start, MAWOP,
    limits present: ``inputs_key``), the same number of readings (``readings_seen``), no reading after
    ``evaluated_at``, and the first reading of the window (``window_first_at``) still inside the window."""

    __tablename__ = "annulus_sap_states"
    __audit__ = False

    annulus_id: int = Field(primary_key=True, foreign_key="annuli.id", ondelete="CASCADE")
    inputs_key: str = Field(max_length=64)
    readings_seen: int = Field(sa_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"))
    evaluated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    window_first_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(max_length=30)
    detected: bool = False


class MaaspResult(SQLModel, table=True):
    """One MAASP / MAWOP calculation (append-only history; annuli.maasp_bar caches the latest)."""

    __tablename__ = "maasp_results"
    __table_args__ = (
        sa.Index("ix_maasp_results_annulus_id_computed_at", "annulus_id", "computed_at"),
        ck("phase IN ('production', 'drilling')", "ck_maasp_results_phase_allowed"),
    )
    id: int | None = Field(default=None, primary_key=True)
    annulus_id: int = Field(foreign_key="annuli.id", ondelete="CASCADE")
    computed_at: datetime = utc_field()
    phase: str = Field(default="production", max_length=16)  # "production" or "drilling"
    maasp_bar: float
    mawop_bar: float | None = None
    limiting_point: str = Field(default="", max_length=200)
    method_version: str = Field(default="", max_length=40)
    points: list[dict[str, Any]] = json_field(list)
    inputs: dict[str, Any] = json_field(dict)
    changed_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    reason: str = Field(default="", max_length=500)
    created_at: datetime = utc_field()
