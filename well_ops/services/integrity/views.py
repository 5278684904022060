"""Plain results of the architecture, MAASP, readings, chart and SAP use-cases (dataclasses: safe to keep in
Reflex state, no ORM rows). Barrier, snapshot and fleet results are in ``views_fleet``.

Times are timezone-aware UTC datetimes except in ``ChartSeries``, whose times are ISO 8601 strings for charting.
Pressures in bar (gauge); ``*_psi`` fields are the same values in psi for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from well_ops.models.schemas_annuli import AnnulusRead, CriticalPointRead
from well_ops.models.schemas_integrity import (
    CasingStringRead,
    CementIntervalRead,
    CompletionElementRead,
    ReservoirRead,
    TubingStringRead,
)

# --- architecture ----------------------------------------------------------------------------------------------------


@dataclass
class WellArchitecture:
    """Everything that describes a well's construction, SI, strings ordered outside-in (largest OD first)."""

    well_id: int
    well_name: str
    measured_depth_m: float | None
    reservoir: ReservoirRead
    casings: list[CasingStringRead] = field(default_factory=list)
    cement: list[CementIntervalRead] = field(default_factory=list)
    tubing: list[TubingStringRead] = field(default_factory=list)
    completion: list[CompletionElementRead] = field(default_factory=list)
    annuli: list[AnnulusRead] = field(default_factory=list)
    critical_points: list[CriticalPointRead] = field(default_factory=list)


# --- MAASP -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointRow:
    """One critical point of the MAASP table: MAASP_i with the formula, numbers substituted."""

    name: str
    kind: str
    tvd_m: float
    allowable_bar: float
    allowable_psi: float
    formula: str
    limiting: bool


@dataclass(frozen=True)
class InputChange:
    key: str        # dotted path in ``inputs``, e.g. "spec.fluid_gradient_bar_per_m"
    before: Any
    after: Any


@dataclass
class MaaspView:
    """A MAASP / MAWOP result: stored (``saved``) or a what-if, with the per-point table and what changed.

    ``error`` explains why nothing could be computed (no critical point, missing depth...): then the values are
    None. ``previous_maasp_bar``/``delta_bar``/``changed_inputs`` compare with the previous stored result (for a
    what-if: with the latest stored result).
    """

    annulus_id: int
    well_id: int
    annulus_name: str
    maasp_bar: float | None = None
    maasp_psi: float | None = None
    mawop_bar: float | None = None
    mawop_psi: float | None = None
    mawop_limiting: str = ""
    limiting_point: str = ""
    points: list[PointRow] = field(default_factory=list)
    inputs: dict[str, Any] = field(default_factory=dict)
    method_version: str = ""
    computed_at: datetime | None = None
    reason: str = ""
    changed_by_id: int | None = None
    changed_by_name: str = ""
    result_id: int | None = None
    saved: bool = False
    previous_maasp_bar: float | None = None
    delta_bar: float | None = None
    changed_inputs: list[InputChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""


@dataclass(frozen=True)
class DrillingMaaspView:
    """Drilling-phase MAASP (shoe only) = (G_frac - G_mud) x D_shoe; ``error`` says what is missing."""

    well_id: int
    shoe_casing_id: int | None = None
    shoe_name: str = ""
    shoe_tvd_m: float | None = None
    frac_gradient_bar_per_m: float | None = None
    mud_density_sg: float | None = None
    mud_gradient_bar_per_m: float | None = None
    report_date: date | None = None
    maasp_bar: float | None = None
    maasp_psi: float | None = None
    formula: str = ""
    error: str = ""


# --- readings --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exceedance:
    """The batch's highest pressure against one limit (``kind``: maasp / mawop / mop) and the task it raised."""

    kind: str
    limit_bar: float
    pressure_bar: float
    measured_at: datetime
    task_id: int
    task_created: bool


@dataclass
class IngestResult:
    """Outcome of one batch or file: rows inserted, duplicates skipped, limits exceeded, new task ids."""

    inserted: int
    duplicates: int
    exceedances: list[Exceedance] = field(default_factory=list)
    tasks_raised: list[int] = field(default_factory=list)
    max_pressure_bar: float | None = None
    first_at: datetime | None = None
    last_at: datetime | None = None


@dataclass
class FilePreview:
    """The start of an uploaded file for the column-mapping dialog; ``suggested_mapping`` guesses the columns."""

    filename: str
    file_format: str                      # "csv" or "xlsx"
    header: list[str]
    rows: list[list[str]]                 # first 20 data rows, as text
    data_rows: int                        # data rows in the file (header excluded)
    suggested_mapping: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChartPoint:
    time: str
    pressure_bar: float
    label: str = ""


@dataclass(frozen=True)
class Episode:
    """A bleed-down (operator-entered or inferred) found by the SAP rules; ``label`` describes it."""

    start: str
    end: str
    pre_bar: float
    post_bar: float
    inferred: bool
    label: str = ""


@dataclass
class ChartSeries:
    """A downsampled pressure series with its limit lines and annotations (every exceedance point is kept)."""

    annulus_id: int
    start: str
    end: str
    times: list[str] = field(default_factory=list)
    pressures_bar: list[float] = field(default_factory=list)
    temperatures_c: list[float | None] = field(default_factory=list)
    maasp_bar: float | None = None
    mawop_bar: float | None = None
    mop_bar: float | None = None
    lop_bar: float | None = None
    exceedances: list[ChartPoint] = field(default_factory=list)
    bleeds: list[ChartPoint] = field(default_factory=list)
    sap_episodes: list[Episode] = field(default_factory=list)
    total_points: int = 0


@dataclass(slots=True)  # not frozen: built 20,000 at a time (a frozen __init__ costs 3x)
class LatestReading:
    annulus_id: int
    measured_at: datetime
    pressure_bar: float
    temperature_c: float | None
    source: str


@dataclass
class SapView:
    """The SAP verdict of one annulus over the configured recent window, with its evidence and data quality."""

    annulus_id: int
    well_id: int
    annulus_name: str
    status: str                           # none / warning / sap / thermal / insufficient_data (/ pending)
    detected: bool
    action_required: bool
    rebuild_fraction: float | None
    could_not_bleed_to_zero: bool
    window_start: datetime
    window_end: datetime
    reading_count: int
    evidence: list[str] = field(default_factory=list)
    data_quality: list[str] = field(default_factory=list)
    bleeds: list[Episode] = field(default_factory=list)
    task_id: int | None = None
    task_created: bool = False
