"""Input and Read schemas of daily drilling reports and their lines (time log, costs, mud, casing, formation tops).

Time-log and mud-check times are clock times "HH:MM" within the report period, which runs 06:00 on the report
date to 06:00 the next day (see ``well_ops.domain.report_period``): "06:00"-"14:30", "22:00"-"02:00",
"18:00"-"06:00" (to the end of the period) and "18:00"-"24:00" (to midnight) are all valid lines.
Blank strings in optional fields count as "not given", so a form can send its text fields as they are.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, ValidationInfo, field_validator
from sqlmodel import Field, SQLModel

from well_ops.domain.iadc import normalize_code
from well_ops.domain.report_period import clock_minutes
from well_ops.models.reports import ActivityClass

MAX_DEPTH_M = 15000.0


class _Form(SQLModel):
    """Shared input rules: blank optional values become None, numbers must be finite, text is trimmed."""

    model_config = ConfigDict(allow_inf_nan=False, str_strip_whitespace=True)  # type: ignore[assignment]

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and not value.strip() and info.field_name is not None:
            spec = cls.model_fields[info.field_name]
            if spec.annotation is not str:
                # not given: the field's default (e.g. incidents 0), or None, which a required field refuses
                return None if spec.is_required() else spec.get_default(call_default_factory=True)
        return value


def _clock(value: str | None) -> str | None:
    if value is None:
        return None
    minutes = clock_minutes(value)
    if minutes is None:
        raise ValueError("use a clock time HH:MM, e.g. 06:00 or 17:30")
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _currency(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise ValueError("use a 3-letter currency code such as USD")
    return value


class TimeLogLineIn(_Form):
    start_time: str = Field(description="HH:MM within the report period (06:00 to 06:00 next day)")
    end_time: str = Field(description="HH:MM; 06:00 closes the period, 24:00 is midnight")
    depth_md_m: float | None = Field(default=None, ge=0, le=MAX_DEPTH_M)
    phase: str = Field(default="", max_length=60)
    activity_code: str = Field(max_length=80)
    activity_class: ActivityClass = ActivityClass.planned
    productive: bool = True
    failed: bool = False
    comment: str = Field(default="", max_length=2000)

    @field_validator("start_time", "end_time")
    @classmethod
    def _times(cls, value: str) -> str:
        return _clock(value) or ""

    @field_validator("activity_code")
    @classmethod
    def _code(cls, value: str) -> str:
        code = normalize_code(value)
        if code is None:
            raise ValueError(f"unknown activity code {value!r} (use an IADC code 1-23, A-E or a listed WITSML code)")
        return code


class CostLineIn(_Form):
    category: str = Field(min_length=1, max_length=60)
    description: str = Field(default="", max_length=500)
    amount: float = Field(ge=0, le=1e9)
    currency: str | None = None  # the well's AFE currency when not given

    _cur = field_validator("currency")(_currency)


class MudCheckIn(_Form):
    check_time: str | None = Field(default=None, description="HH:MM within the report period")
    depth_md_m: float | None = Field(default=None, ge=0, le=MAX_DEPTH_M)
    mud_type: str = Field(default="", max_length=60)
    density_sg: float = Field(gt=0, le=3.0)
    viscosity_s: float | None = Field(default=None, gt=0, le=1000)
    notes: str = Field(default="", max_length=2000)

    _time = field_validator("check_time")(_clock)


class CasingSetIn(_Form):
    size_od_mm: float = Field(gt=0, le=1500)
    shoe_md_m: float = Field(ge=0, le=MAX_DEPTH_M)
    shoe_tvd_m: float | None = Field(default=None, ge=0, le=MAX_DEPTH_M)
    description: str = Field(default="", max_length=500)

    @field_validator("shoe_tvd_m")
    @classmethod
    def _tvd(cls, value: float | None, info: ValidationInfo) -> float | None:
        md = info.data.get("shoe_md_m")
        if value is not None and md is not None and value > md + 1e-6:
            raise ValueError("shoe TVD cannot exceed shoe MD")
        return value


class FormationTopIn(_Form):
    formation_name: str = Field(min_length=1, max_length=120)
    top_md_m: float = Field(ge=0, le=MAX_DEPTH_M)
    top_tvd_m: float | None = Field(default=None, ge=0, le=MAX_DEPTH_M)

    @field_validator("top_tvd_m")
    @classmethod
    def _tvd(cls, value: float | None, info: ValidationInfo) -> float | None:
        md = info.data.get("top_md_m")
        if value is not None and md is not None and value > md + 1e-6:
            raise ValueError("top TVD cannot exceed top MD")
        return value


class DailyReportIn(_Form):
    """A whole report as typed: header plus every child list (saving replaces all children at once).

    ``distance_drilled_m`` and ``report_number`` are not inputs: the service computes them from the previous report.
    """

    well_id: int
    rig_id: int | None = None  # defaults to the well's rig
    report_date: date
    depth_md_m: float = Field(ge=0, le=MAX_DEPTH_M)
    depth_tvd_m: float | None = Field(default=None, ge=0, le=MAX_DEPTH_M)
    sidetrack: bool = False
    mud_type: str = Field(default="", max_length=60)
    mud_density_sg: float | None = Field(default=None, gt=0, le=3.0)
    summary_24h: str = Field(default="", max_length=8000)
    forecast_24h: str = Field(default="", max_length=8000)
    safety_notes: str = Field(default="", max_length=8000)
    incidents: int = Field(default=0, ge=0, le=1000)
    personnel_on_board: int = Field(default=0, ge=0, le=5000)
    time_log: list[TimeLogLineIn] = Field(default_factory=list, max_length=200)
    cost_lines: list[CostLineIn] = Field(default_factory=list, max_length=200)
    mud_checks: list[MudCheckIn] = Field(default_factory=list, max_length=50)
    casing_set: list[CasingSetIn] = Field(default_factory=list, max_length=20)
    formation_tops: list[FormationTopIn] = Field(default_factory=list, max_length=50)

    @field_validator("depth_tvd_m")
    @classmethod
    def _tvd(cls, value: float | None, info: ValidationInfo) -> float | None:
        md = info.data.get("depth_md_m")
        if value is not None and md is not None and value > md + 1e-6:
            raise ValueError("TVD cannot exceed MD")
        return value


class TimeLogLineRead(SQLModel):
    line_no: int
    start_time: str
    end_time: str
    start_at: datetime
    end_at: datetime
    duration_h: float
    depth_md_m: float | None
    phase: str
    activity_code: str
    activity_label: str
    activity_class: ActivityClass
    productive: bool
    failed: bool
    comment: str


class CostLineRead(SQLModel):
    category: str
    description: str
    amount: float
    currency: str


class MudCheckRead(SQLModel):
    check_time: str | None
    depth_md_m: float | None
    mud_type: str
    density_sg: float
    viscosity_s: float | None
    notes: str


class CasingSetRead(SQLModel):
    size_od_mm: float
    shoe_md_m: float
    shoe_tvd_m: float | None
    description: str


class FormationTopRead(SQLModel):
    formation_name: str
    top_md_m: float
    top_tvd_m: float | None


class DailyReportSummary(SQLModel):
    """A report's header with its totals (one row of the reports table)."""

    id: int
    well_id: int
    well_name: str = ""
    rig_id: int | None
    rig_name: str = ""
    report_date: date
    report_number: int
    depth_md_m: float
    depth_tvd_m: float | None
    distance_drilled_m: float
    sidetrack: bool
    mud_type: str
    mud_density_sg: float | None
    summary_24h: str
    forecast_24h: str
    safety_notes: str
    incidents: int
    personnel_on_board: int
    reported_hours: float = 0.0
    drilling_hours: float = 0.0
    npt_hours: float = 0.0
    rop_m_per_h: float | None = None  # on-bottom ROP: distance drilled / drilling hours
    daily_cost: float = 0.0
    currency: str = "USD"


class DailyReportRead(DailyReportSummary):
    """A whole report: header, totals and every child list."""

    time_log: list[TimeLogLineRead] = []
    cost_lines: list[CostLineRead] = []
    mud_checks: list[MudCheckRead] = []
    casing_set: list[CasingSetRead] = []
    formation_tops: list[FormationTopRead] = []


class ReportPage(SQLModel):
    """One page of report summaries, newest first, and how many reports match in all."""

    items: list[DailyReportSummary]
    total: int
    limit: int
    offset: int
