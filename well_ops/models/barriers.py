"""Well barriers (envelopes, elements, tests), integrity snapshots and the risk matrix.

Part of the integrity schema; ``well_ops.models.integrity`` re-exports everything defined here.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from well_ops.models.base import UTCDateTime, ck, enum_field, json_field, non_negative, text_field, utc_field


def one_to_five(col: str, table: str) -> sa.CheckConstraint:
    return ck(f"{col} >= 1 AND {col} <= 5", f"ck_{table}_{col}_range")


def zero_to_hundred(col: str, table: str) -> sa.CheckConstraint:
    return ck(f"{col} >= 0 AND {col} <= 100", f"ck_{table}_{col}_range")


class EnvelopeKind(enum.StrEnum):
    primary = "primary"
    secondary = "secondary"


class BarrierStatus(enum.StrEnum):
    ok = "ok"
    degraded = "degraded"
    failed = "failed"
    unknown = "unknown"


class BarrierEnvelope(SQLModel, table=True):
    __tablename__ = "barrier_envelopes"
    __table_args__ = (sa.UniqueConstraint("well_id", "kind", name="uq_barrier_envelopes_well_id_kind"),)
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE", index=True)
    kind: EnvelopeKind = enum_field(EnvelopeKind)
    status: BarrierStatus = enum_field(BarrierStatus, BarrierStatus.unknown)
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class BarrierElementKind(enum.StrEnum):
    sssv = "sssv"
    packer = "packer"
    tubing = "tubing"
    production_casing = "production_casing"
    casing = "casing"
    cement = "cement"
    wellhead = "wellhead"
    tree_valve = "tree_valve"
    tubing_hanger = "tubing_hanger"
    annulus_valve = "annulus_valve"
    liner_hanger = "liner_hanger"
    formation = "formation"
    other = "other"


class BarrierElement(SQLModel, table=True):
    __tablename__ = "barrier_elements"
    __table_args__ = (
        ck("test_interval_days IS NULL OR test_interval_days > 0", "ck_barrier_elements_test_interval_days_pos"),
    )
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE", index=True)
    envelope_id: int = Field(foreign_key="barrier_envelopes.id", ondelete="CASCADE", index=True)
    kind: BarrierElementKind = enum_field(BarrierElementKind)
    name: str = Field(max_length=120)
    status: BarrierStatus = enum_field(BarrierStatus, BarrierStatus.unknown)
    annulus_id: int | None = Field(default=None, foreign_key="annuli.id", ondelete="SET NULL", index=True)
    completion_element_id: int | None = Field(default=None, foreign_key="completion_elements.id", ondelete="SET NULL")
    test_interval_days: int | None = None
    last_tested_at: datetime | None = utc_field(None)
    next_test_due: date | None = Field(default=None, index=True)
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class TestType(enum.StrEnum):
    __test__ = False  # not a pytest test class

    pressure = "pressure"
    inflow = "inflow"
    leak_rate = "leak_rate"
    functional = "functional"


class TestResult(enum.StrEnum):
    __test__ = False  # not a pytest test class

    pass_ = "pass"
    fail = "fail"


class BarrierTest(SQLModel, table=True):
    __tablename__ = "barrier_tests"
    __table_args__ = (
        ck("direction IN ('from_below', 'from_above')", "ck_barrier_tests_direction_allowed"),
        *non_negative("differential_bar", "duration_min", "leak_rate_scf_per_min", table="barrier_tests"),
    )
    id: int | None = Field(default=None, primary_key=True)
    element_id: int = Field(foreign_key="barrier_elements.id", ondelete="CASCADE", index=True)
    test_type: TestType = enum_field(TestType)
    performed_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    direction: str = Field(default="from_below", max_length=16)  # "from_below" or "from_above"
    differential_bar: float = 0.0
    duration_min: float = 0.0
    acceptance_criterion: str = Field(default="", max_length=200)
    leak_rate_scf_per_min: float | None = None
    result: TestResult = enum_field(TestResult)
    notes: str = text_field()
    performed_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = utc_field()


class Category117(enum.StrEnum):
    """Well integrity category (NORSOK D-010 / OLF 117 colour coding)."""

    green = "green"
    yellow = "yellow"
    orange = "orange"
    red = "red"
    unknown = "unknown"


class StatusGAR(enum.StrEnum):
    green = "green"
    amber = "amber"
    red = "red"


class RiskCategory(enum.StrEnum):
    L = "L"
    M = "M"
    H = "H"


class IntegritySnapshot(SQLModel, table=True):
    """The computed integrity state of a well at one moment (history kept for trends)."""

    __tablename__ = "integrity_snapshots"
    __table_args__ = (
        sa.Index("ix_integrity_snapshots_well_id_computed_at", "well_id", "computed_at"),
        one_to_five("likelihood", "integrity_snapshots"),
        one_to_five("consequence", "integrity_snapshots"),
        zero_to_hundred("risk_score", "integrity_snapshots"),
        *non_negative("max_utilisation", table="integrity_snapshots"),
    )
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE")
    computed_at: datetime = utc_field()
    primary_status: BarrierStatus = enum_field(BarrierStatus, BarrierStatus.unknown)
    secondary_status: BarrierStatus = enum_field(BarrierStatus, BarrierStatus.unknown)
    max_utilisation: float | None = None  # highest pressure / limit ratio over the annuli
    sap_detected: bool = False
    category_117: Category117 = enum_field(Category117, Category117.unknown)
    status: StatusGAR = enum_field(StatusGAR, StatusGAR.green)
    likelihood: int = 1
    consequence: int = 1
    risk_score: float = 0.0
    risk_category: RiskCategory = enum_field(RiskCategory, RiskCategory.L)
    details: dict[str, Any] = json_field(dict)
    created_at: datetime = utc_field()


class RiskCellCategory(enum.StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    extreme = "extreme"


class RiskMatrixCell(SQLModel, table=True):
    """One cell of the 5x5 likelihood x consequence matrix (admin-editable)."""

    __tablename__ = "risk_matrix_cells"
    __table_args__ = (
        sa.UniqueConstraint("likelihood", "consequence", name="uq_risk_matrix_cells_likelihood_consequence"),
        one_to_five("likelihood", "risk_matrix_cells"),
        one_to_five("consequence", "risk_matrix_cells"),
        zero_to_hundred("score", "risk_matrix_cells"),
    )
    id: int | None = Field(default=None, primary_key=True)
    likelihood: int
    consequence: int
    category: RiskCellCategory = enum_field(RiskCellCategory)
    score: int = 0
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()
