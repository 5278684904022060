"""Plain results of the barrier, snapshot and fleet use-cases (dataclasses: safe to keep in Reflex state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from well_ops.models.schemas_barriers import BarrierElementRead, BarrierTestRead

# --- barriers --------------------------------------------------------------------------------------------------------


@dataclass
class EnvelopeView:
    id: int
    kind: str
    status: str
    elements: list[BarrierElementRead] = field(default_factory=list)


@dataclass
class BarrierOverview:
    well_id: int
    category_117: str
    status: str
    envelopes: list[EnvelopeView] = field(default_factory=list)


@dataclass(frozen=True)
class TestOutcome:
    __test__ = False  # not a pytest test class

    test: BarrierTestRead
    element: BarrierElementRead
    computed_leak_rate_scf_per_min: float | None
    task_id: int | None


@dataclass(frozen=True)
class OverdueTest:
    element_id: int
    well_id: int
    well_name: str
    name: str
    kind: str
    envelope: str
    next_test_due: date
    days_overdue: int


@dataclass(frozen=True)
class ScanResult:
    overdue_tasks: int
    missing_reading_tasks: int
    sap_evaluated: int
    sap_tasks: int
    snapshots_stored: int


# --- snapshots, fleet, alerts ----------------------------------------------------------------------------------------


@dataclass
class SnapshotView:
    """A well's integrity state; ``stored`` says whether this refresh wrote a new snapshot row."""

    well_id: int
    computed_at: datetime
    primary_status: str
    secondary_status: str
    max_utilisation: float | None
    sap_detected: bool
    category_117: str
    status: str
    likelihood: int
    consequence: int
    risk_score: float
    risk_category: str
    details: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    stored: bool = False


@dataclass(frozen=True)
class FleetRecompute:
    """What ``recompute_fleet`` did: wells and annuli computed, rows written."""

    wells: int
    annuli: int
    results_stored: int                   # new MaaspResult rows (value or an input changed)
    annuli_changed: int                   # annuli whose cached MAASP / MAWOP changed
    snapshots_stored: int                 # new IntegritySnapshot rows (state changed)


@dataclass(frozen=True)
class FleetWell:
    well_id: int
    name: str
    field: str
    category_117: str
    status: str
    likelihood: int | None
    consequence: int | None
    risk_score: float | None
    risk_category: str
    max_utilisation: float | None
    sap_detected: bool
    computed_at: datetime | None


@dataclass
class MatrixCell:
    likelihood: int
    consequence: int
    category: str
    score: int
    well_ids: list[int] = field(default_factory=list)
    well_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnnulusAlert:
    annulus_id: int
    well_id: int
    well_name: str
    annulus_name: str
    pressure_bar: float
    measured_at: datetime
    mop_bar: float | None
    maasp_bar: float | None
    utilisation: float | None
    reason: str                           # "above MAASP" / "within 10% of MAASP" / "above MOP"


@dataclass(frozen=True)
class MissingReadings:
    annulus_id: int
    well_id: int
    well_name: str
    annulus_name: str
    last_reading_at: datetime | None
    hours_since: float | None


@dataclass
class FleetView:
    """The integrity fleet page: wells worst first, the risk matrix with wells placed, and the watch lists."""

    wells: list[FleetWell] = field(default_factory=list)
    matrix: list[MatrixCell] = field(default_factory=list)
    hot_annuli: list[AnnulusAlert] = field(default_factory=list)
    overdue_tests: list[OverdueTest] = field(default_factory=list)
    missing_readings: list[MissingReadings] = field(default_factory=list)
    by_category: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class IntegrityAlert:
    level: str                            # critical / warning
    kind: str                             # the trigger (maasp_exceed, sap_detected...) or "category"
    message: str
    link: str
    well_id: int | None = None
    annulus_id: int | None = None
    task_id: int | None = None
