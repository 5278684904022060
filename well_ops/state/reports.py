"""Daily reports page state: a paginated table of reports and a report editor.

The editor holds the report as plain strings (a header dict and one list of dicts per child list); the service
parses and validates them and names the field or the line when it refuses.
"""

from datetime import datetime, timezone
from typing import Any

import reflex as rx

from well_ops.models.schemas_reports import DailyReportIn, DailyReportRead, DailyReportSummary
from well_ops.services import reports as reports_service
from well_ops.services import wells as wells_service
from well_ops.services.errors import ValidationFailed, WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_num
from well_ops.state.table import TableMixin

PAGE_SIZE = 200
HEADER = ("well_id", "rig_id", "report_date", "depth_md_m", "depth_tvd_m", "sidetrack", "mud_type", "mud_density_sg",
          "summary_24h", "forecast_24h", "safety_notes", "incidents", "personnel_on_board")
LINES: dict[str, tuple[str, ...]] = {
    "time_log": ("start_time", "end_time", "activity_code", "activity_class", "productive", "failed", "depth_md_m",
                 "phase", "comment"),
    "cost_lines": ("category", "description", "amount", "currency"),
    "mud_checks": ("check_time", "depth_md_m", "mud_type", "density_sg", "viscosity_s", "notes"),
    "casing_set": ("size_od_mm", "shoe_md_m", "shoe_tvd_m", "description"),
    "formation_tops": ("formation_name", "top_md_m", "top_tvd_m"),
}
# How the service names a line of each list in its messages ("time log line 2").
LINE_LABELS = {"time_log": "time log line", "cost_lines": "cost line", "mud_checks": "mud check",
               "casing_set": "casing", "formation_tops": "formation top"}
BLANK_TIME_LINE = {"activity_code": "2", "activity_class": "planned", "productive": "true", "failed": "false"}

COLUMNS = [("report_date", "Date"), ("well_name", "Well"), ("report_number", "No."), ("depth_md_m", "MD (m)"),
           ("distance_drilled_m", "Drilled (m)"), ("rop_m_per_h", "On-bottom ROP (m/h)"),
           ("npt_hours", "NPT (h)"), ("reported_hours", "Reported (h)"), ("daily_cost", "Daily cost"),
           ("currency", "Currency")]


def _text(value: Any) -> str:
    """A value as the editor shows it ("" for None, "true"/"false" for booleans, 1250.0 -> "1250")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(getattr(value, "value", value))


def _blank_time_line(start_time: str = "06:00") -> dict[str, str]:
    return {k: "" for k in LINES["time_log"]} | BLANK_TIME_LINE | {"start_time": start_time, "error": ""}


def _today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def report_row(r: DailyReportSummary) -> dict[str, str]:
    return {"id": str(r.id), "report_date": r.report_date.isoformat(), "well_name": r.well_name,
            "report_number": str(r.report_number), "depth_md_m": fmt_num(r.depth_md_m, 1),
            "distance_drilled_m": fmt_num(r.distance_drilled_m, 1), "rop_m_per_h": fmt_num(r.rop_m_per_h, 1),
            "npt_hours": fmt_num(r.npt_hours, 1), "reported_hours": fmt_num(r.reported_hours, 1),
            "daily_cost": fmt_num(r.daily_cost), "currency": r.currency}


def _editor_lists(report: DailyReportIn | DailyReportRead) -> dict[str, list[dict[str, str]]]:
    return {name: [{k: _text(getattr(item, k, None)) for k in keys} | {"error": ""}
                   for item in getattr(report, name)] for name, keys in LINES.items()}


class ReportsState(TableMixin, rx.State):
    wells: list[dict[str, str]] = []
    well_filter: str = ""
    page: int = 0
    total: int = 0
    editor_open: bool = False
    editing_id: str = ""
    editor_rev: int = 0  # bumped when lines are replaced or removed, so the inputs are re-created
    editor_error: str = ""
    field_errors: dict[str, str] = {}
    header: dict[str, str] = {}
    time_log: list[dict[str, str]] = []
    cost_lines: list[dict[str, str]] = []
    mud_checks: list[dict[str, str]] = []
    casing_set: list[dict[str, str]] = []
    formation_tops: list[dict[str, str]] = []

    def _table_columns(self) -> list[tuple[str, str]]:
        return COLUMNS

    def _export_name(self) -> str:
        return "daily_reports"

    @rx.var
    def page_label(self) -> str:
        if not self.total:
            return "no reports"
        first = self.page * PAGE_SIZE + 1
        return f"{first}-{min(first + PAGE_SIZE - 1, self.total)} of {self.total}"

    @rx.var
    def has_next_page(self) -> bool:
        return (self.page + 1) * PAGE_SIZE < self.total

    @rx.event
    async def load(self):
        """On opening the page: ``/reports?well=<id>`` filters on a well, ``&report=<id>`` opens that report."""
        query = self.router.url.query_parameters
        if str(query.get("well", "")).isdigit():
            self.well_filter, self.page = str(query["well"])[:12], 0
        await self._refresh()
        if str(query.get("report", "")).isdigit():
            await self._open(query["report"])

    async def _refresh(self) -> None:
        actor = await current_actor(self)
        result = await call(reports_service.list_reports, actor, self.well_filter or None, PAGE_SIZE,
                            self.page * PAGE_SIZE)
        self.rows = [report_row(r) for r in result.items]
        self.total = result.total
        self.wells = [{"id": str(w.id), "name": w.name} for w in await call(wells_service.list_wells, actor)]

    @rx.event
    async def set_well_filter(self, value: str):
        self.well_filter = "" if value in ("", "all") else str(value)[:12]
        self.page = 0
        await self._refresh()

    @rx.event
    async def turn_page(self, step: int):
        self.page = max(0, self.page + (1 if int(step) > 0 else -1))
        await self._refresh()

    def _fill(self, header: dict[str, str], lists: dict[str, list[dict[str, str]]], editing_id: str = "") -> None:
        self.header = header
        for name in LINES:
            setattr(self, name, lists.get(name, []))
        self.editing_id = editing_id
        self.editor_error = ""
        self.field_errors = {}
        self.editor_rev += 1
        self.editor_open = True

    @rx.event
    def open_new_report(self):
        self._fill({k: "" for k in HEADER} | {"well_id": self.well_filter, "report_date": _today(),
                                              "sidetrack": "false"}, {"time_log": [_blank_time_line()]})

    async def _open(self, report_id: str) -> None:
        report = await call(reports_service.get_report, await current_actor(self), int(report_id))
        self._fill({k: _text(getattr(report, k)) for k in HEADER}, _editor_lists(report), str(report.id))

    @rx.event
    async def open_report(self, row_id: str):
        await self._open(row_id)

    @rx.event
    def set_editor_open(self, is_open: bool):
        self.editor_open = bool(is_open)

    @rx.event
    def set_header(self, field: str, value: Any):
        if field in HEADER:
            self.header = {**self.header, field: _text(value)[:8000]}

    @rx.event
    def set_line(self, list_name: str, index: int, field: str, value: Any):
        lines = list(getattr(self, list_name)) if list_name in LINES else []
        if field in LINES.get(list_name, ()) and 0 <= int(index) < len(lines):
            lines[int(index)] = {**lines[int(index)], field: _text(value)[:4000]}
            setattr(self, list_name, lines)

    @rx.event
    def add_line(self, list_name: str):
        lines = list(getattr(self, list_name)) if list_name in LINES else []
        if list_name not in LINES or len(lines) >= 200:
            return
        new = {k: "" for k in LINES[list_name]} | {"error": ""}
        if list_name == "time_log":  # the new line starts where the last one ended
            new = _blank_time_line(lines[-1].get("end_time", "") if lines else "06:00")
        setattr(self, list_name, [*lines, new])

    @rx.event
    def remove_line(self, list_name: str, index: int):
        lines = list(getattr(self, list_name)) if list_name in LINES else []
        if 0 <= int(index) < len(lines):
            setattr(self, list_name, lines[: int(index)] + lines[int(index) + 1:])
            self.editor_rev += 1

    @rx.event
    async def copy_previous(self):
        try:
            draft = await call(reports_service.copy_previous_day, await current_actor(self),
                               self.header.get("well_id", ""), self.header.get("report_date", ""))
        except WellOpsError as exc:
            self.editor_error = exc.message
            return
        lists = _editor_lists(draft)
        lists["time_log"] = lists["time_log"] or [_blank_time_line()]
        self._fill({k: _text(getattr(draft, k)) for k in HEADER}, lists)
        yield rx.toast.info("Filled from the previous report: check depth, mud and costs, then add today's log.")

    def _payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: v for k, v in self.header.items() if k in HEADER}
        for name, keys in LINES.items():
            data[name] = [{k: line.get(k, "") for k in keys} for line in getattr(self, name)]
        return data

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.field_errors = {k: v for k, v in errors.items() if k in HEADER}
        for name, label in LINE_LABELS.items():
            setattr(self, name, [line | {"error": errors.get(f"{label} {i}", "")}
                                 for i, line in enumerate(getattr(self, name), start=1)])
        self.editor_error = "Not saved: " + "; ".join(
            msg if key == "__all__" else f"{key.replace('_', ' ')}: {msg}" for key, msg in errors.items())

    @rx.event
    async def save_report(self):
        actor = await current_actor(self)
        try:
            if self.editing_id:
                saved = await call(reports_service.update_report, actor, int(self.editing_id), self._payload())
            else:
                saved = await call(reports_service.create_report, actor, self._payload())
        except ValidationFailed as exc:
            self._show_errors(exc.errors)
            return
        self.editor_open = False
        await self._refresh()
        yield rx.toast.success(f"Report no. {saved.report_number} of {saved.well_name} ({saved.report_date}) saved.")

    @rx.event
    async def delete_report(self, row_id: str):
        await call(reports_service.delete_report, await current_actor(self), int(row_id))
        self.editor_open = False
        await self._refresh()
        return rx.toast.success("Report deleted.")
