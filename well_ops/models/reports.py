"""Daily drilling reports (DDR) and their child rows: time log, mud checks, casing set, formation tops, costs."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from well_ops.models.base import UTCDateTime, ck, enum_field, non_negative, text_field, utc_field


class DailyReport(SQLModel, table=True):
    """One report per well and day. Depth only goes backwards between reports when ``sidetrack`` is set
    (a cross-row rule, checked by the report service, not by the database)."""

    __tablename__ = "daily_reports"
    __table_args__ = (
        sa.UniqueConstraint("well_id", "report_date", name="uq_daily_reports_well_id_report_date"),
        ck("report_number >= 1", "ck_daily_reports_report_number_min"),
        ck("mud_density_sg IS NULL OR mud_density_sg > 0", "ck_daily_reports_mud_density_sg_pos"),
        *non_negative(
            "depth_md_m", "depth_tvd_m", "distance_drilled_m", "incidents", "personnel_on_board", "reported_hours",
            "drilling_hours", "npt_hours", "cost_amount", table="daily_reports"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    well_id: int = Field(foreign_key="wells.id", ondelete="CASCADE", index=True)
    rig_id: int | None = Field(default=None, foreign_key="rigs.id", ondelete="SET NULL", index=True)
    report_date: date = Field(index=True)
    report_number: int = 1
    depth_md_m: float = 0.0
    depth_tvd_m: float | None = None
    distance_drilled_m: float = 0.0
    sidetrack: bool = False
    summary_24h: str = text_field()
    forecast_24h: str = text_field()
    mud_type: str = Field(default="", max_length=60)
    mud_density_sg: float | None = None
    safety_notes: str = text_field()
    incidents: int = 0
    personnel_on_board: int = 0
    # Totals of the report's time log and cost lines, written by the report service whenever the report is saved
    # (reports are written a few times a day, dashboards read them constantly).
    reported_hours: float = 0.0
    drilling_hours: float = 0.0
    npt_hours: float = 0.0
    cost_amount: float = 0.0
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class ActivityClass(enum.StrEnum):
    planned = "planned"
    unplanned = "unplanned"
    downtime = "downtime"
    unknown = "unknown"


class TimeLogLine(SQLModel, table=True):
    __tablename__ = "report_time_logs"
    __table_args__ = (
        ck("end_at > start_at", "ck_report_time_logs_end_after_start"),
        *non_negative("line_no", "depth_md_m", table="report_time_logs"),
    )
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="daily_reports.id", ondelete="CASCADE", index=True)
    line_no: int = 0
    start_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    end_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    depth_md_m: float | None = None
    phase: str = Field(default="", max_length=60)
    activity_code: str = Field(default="", max_length=80)  # "2" or "drilling -- new hole"
    activity_class: ActivityClass = enum_field(ActivityClass, ActivityClass.unknown)
    productive: bool = True
    failed: bool = False
    comment: str = text_field()
    created_at: datetime = utc_field()


class MudCheck(SQLModel, table=True):
    __tablename__ = "report_mud_checks"
    __table_args__ = (
        ck("density_sg > 0", "ck_report_mud_checks_density_sg_pos"),
        ck("viscosity_s IS NULL OR viscosity_s > 0", "ck_report_mud_checks_viscosity_s_pos"),
        *non_negative("depth_md_m", table="report_mud_checks"),
    )
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="daily_reports.id", ondelete="CASCADE", index=True)
    checked_at: datetime | None = utc_field(None)
    depth_md_m: float | None = None
    mud_type: str = Field(default="", max_length=60)
    density_sg: float
    viscosity_s: float | None = None  # funnel viscosity, seconds
    notes: str = text_field()
    created_at: datetime = utc_field()


class CasingSet(SQLModel, table=True):
    """A casing string run and set during the report day (as reported; the design lives in casing_strings)."""

    __tablename__ = "report_casing_set"
    __table_args__ = (
        ck("size_od_mm > 0", "ck_report_casing_set_size_od_mm_pos"),
        *non_negative("shoe_md_m", "shoe_tvd_m", table="report_casing_set"),
    )
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="daily_reports.id", ondelete="CASCADE", index=True)
    size_od_mm: float
    shoe_md_m: float
    shoe_tvd_m: float | None = None
    description: str = Field(default="", max_length=500)
    created_at: datetime = utc_field()


class FormationTop(SQLModel, table=True):
    __tablename__ = "report_formation_tops"
    __table_args__ = tuple(non_negative("top_md_m", "top_tvd_m", table="report_formation_tops"))
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="daily_reports.id", ondelete="CASCADE", index=True)
    formation_name: str = Field(max_length=120)
    top_md_m: float
    top_tvd_m: float | None = None
    created_at: datetime = utc_field()


class CostLine(SQLModel, table=True):
    __tablename__ = "report_cost_lines"
    __table_args__ = tuple(non_negative("amount", table="report_cost_lines"))
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="daily_reports.id", ondelete="CASCADE", index=True)
    category: str = Field(max_length=60)
    description: str = Field(default="", max_length=500)
    amount: float
    currency: str = Field(default="USD", max_length=3)
    created_at: datetime = utc_field()
