"""Barriers page state: envelopes with their elements, element form, barrier test form, test history per element."""

from __future__ import annotations

from datetime import datetime, timezone

import reflex as rx

from well_ops.models.schemas_barriers import BarrierElementRead
from well_ops.services import integrity
from well_ops.services.errors import WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, clean_form, fmt_dt, fmt_num
from well_ops.state.table import TableMixin

ELEMENT_FIELDS = ("envelope", "kind", "name", "status", "annulus_id", "test_interval_days")
TEST_FIELDS = ("test_type", "performed_at", "direction", "differential_bar", "duration_min", "acceptance_criterion",
               "fluid", "acceptance_leak_rate_scf_per_min", "leak_rate_scf_per_min", "delta_p_over_z_bar",
               "volume_m3", "temperature_c", "result", "notes")
NUMBERS = ("differential_bar", "duration_min", "acceptance_leak_rate_scf_per_min", "leak_rate_scf_per_min",
           "delta_p_over_z_bar", "volume_m3", "temperature_c")


def _element_row(e: BarrierElementRead, envelope: str) -> dict[str, str]:
    return {"id": str(e.id), "envelope": envelope, "kind": str(e.kind), "name": e.name, "status": str(e.status),
            "annulus_id": str(e.annulus_id or ""), "annulus_name": e.annulus_name,
            "test_interval_days": str(e.test_interval_days or ""), "last_tested_at": fmt_dt(e.last_tested_at),
            "next_test_due": str(e.next_test_due or ""), "overdue": "yes" if e.overdue else ""}


def _test_payload(form: dict) -> dict[str, object]:
    data = {k: v for k, v in clean_form(form, TEST_FIELDS).items() if v is not None}
    for key in NUMBERS:
        if isinstance(data.get(key), str):
            try:
                data[key] = float(str(data[key]))
            except ValueError:
                pass
    when = data.get("performed_at")
    if isinstance(when, str) and len(when) == 16:  # datetime-local input, read as UTC
        data["performed_at"] = when + ":00Z"
    return data


class BarriersState(TableMixin, rx.State):
    """``rows`` holds every element of both envelopes; ``test_open`` the test dialog of ``test_element``."""

    well_id: int = 0
    category: str = ""
    gar: str = ""
    envelopes: list[dict[str, str]] = []
    annulus_options: list[dict[str, str]] = []
    test_open: bool = False
    test_error: str = ""
    test_element: dict[str, str] = {}
    test_key: int = 0
    test_now: str = ""
    history: list[dict[str, str]] = []
    history_name: str = ""
    load_error: str = ""

    def _table_columns(self) -> list[tuple[str, str]]:
        return [("envelope", "Envelope"), ("name", "Element"), ("kind", "Kind"), ("status", "Status"),
                ("next_test_due", "Next test due")]

    def _export_name(self) -> str:
        return "barrier_elements"

    async def _reload(self) -> None:
        actor = await current_actor(self)
        overview = await call(integrity.barrier_overview, actor, self.well_id)
        self.category, self.gar = overview.category_117, overview.status
        self.envelopes = [{"kind": v.kind, "status": v.status} for v in overview.envelopes]
        self.rows = [_element_row(e, v.kind) for v in overview.envelopes for e in v.elements]
        annuli = await call(integrity.list_annuli, actor, self.well_id)
        self.annulus_options = [{"id": str(a.id), "name": f"Annulus {a.name}"} for a in annuli]

    @rx.event
    async def load(self):
        parts = str(self.router.url.path).strip("/").split("/")  # integrity/wells/<id>/barriers
        self.well_id = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        self.load_error, self.history, self.history_name = "", [], ""
        try:
            await self._reload()
        except WellOpsError as exc:
            self.load_error = exc.message

    @rx.event
    async def save(self, form: dict):
        data = clean_form(form, ELEMENT_FIELDS)
        editing = self.form_values.get("id", "")
        try:
            actor = await current_actor(self)
            if editing:
                await call(integrity.update_element, actor, int(editing), data)
            else:
                await call(integrity.create_element, actor, {**{k: v for k, v in data.items() if v is not None},
                                                             "well_id": self.well_id})
            await self._reload()
        except WellOpsError as exc:
            self.form_error = exc.message
            return
        self.form_open = False
        yield rx.toast.success(f"Barrier element {data.get('name') or ''} saved.")

    @rx.event
    def open_test(self, row_id: str):
        self.test_element = next((r for r in self.rows if r.get("id") == str(row_id)), {})
        self.test_now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M")
        self.test_error, self.test_key, self.test_open = "", self.test_key + 1, bool(self.test_element)

    @rx.event
    def set_test_open(self, is_open: bool):
        self.test_open = bool(is_open)

    @rx.event
    async def record(self, form: dict):
        if not self.test_element.get("id"):
            return
        try:
            outcome = await call(integrity.record_test, await current_actor(self), int(self.test_element["id"]),
                                 _test_payload(form))
            await self._reload()
        except WellOpsError as exc:
            self.test_error = exc.message
            return
        self.test_open = False
        await self.show_history(str(outcome.element.id))
        rate = outcome.computed_leak_rate_scf_per_min
        said = f"Test recorded: {outcome.test.result}" + ("" if rate is None else f", leak rate {rate:.2f} scf/min")
        yield (rx.toast.success(said) if str(outcome.test.result) == "pass"
               else rx.toast.error(f"{said}; {outcome.element.name} is now failed."))

    @rx.event
    async def show_history(self, row_id: str):
        tests = await call(integrity.list_tests, await current_actor(self), int(row_id))
        self.history_name = next((r["name"] for r in self.rows if r.get("id") == str(row_id)), "")
        self.history = [{"performed_at": fmt_dt(t.performed_at), "test_type": str(t.test_type),
                         "direction": t.direction, "differential_bar": fmt_num(t.differential_bar, 1),
                         "duration_min": fmt_num(t.duration_min, 0), "leak_rate": fmt_num(t.leak_rate_scf_per_min, 2),
                         "criterion": t.acceptance_criterion, "result": str(t.result)} for t in tests]

