"""A mixin for table pages: search, column filters, sort, CSV/Excel export of what is shown, and a form dialog."""

from collections.abc import Callable
from typing import Any

import reflex as rx

from well_ops.domain.tabular import filter_rows, to_csv, to_xlsx
from well_ops.services.errors import WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, clean_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TableMixin(rx.State, mixin=True):
    """Subclasses override ``_table_columns`` ([(key, label)]) and ``_export_name`` and fill ``rows`` in ``load``.

    Their ``save`` / ``delete`` handlers are one call each: ``_save_form`` (create or update from the form dialog,
    a refusal shown in the dialog) and ``_delete_row`` (delete, reload).
    """

    def _table_columns(self) -> list[tuple[str, str]]:
        return []

    def _export_name(self) -> str:
        return "export"

    rows: list[dict[str, str]] = []
    search: str = ""
    filters: dict[str, str] = {}
    sort_key: str = ""
    sort_desc: bool = False
    form_open: bool = False
    form_error: str = ""
    form_values: dict[str, str] = {}
    form_key: int = 0

    @rx.var
    def visible_rows(self) -> list[dict[str, str]]:
        return filter_rows(self.rows, self.search, self.filters, self.sort_key, self.sort_desc)

    @rx.var
    def row_count_label(self) -> str:
        shown, total = len(self.visible_rows), len(self.rows)
        return f"{shown} of {total}" if shown != total else f"{total}"

    @rx.event
    def set_search(self, value: str):
        self.search = str(value)[:200]

    @rx.event
    def set_filter(self, key: str, value: str):
        self.filters = {**self.filters, str(key)[:40]: str(value)[:100]}

    @rx.event
    def sort_by(self, key: str):
        key = str(key)[:40]
        self.sort_desc = (not self.sort_desc) if self.sort_key == key else False
        self.sort_key = key

    @rx.event
    def export_csv(self):
        return rx.download(data=to_csv(self.visible_rows, self._table_columns()), filename=f"{self._export_name()}.csv",
                           mime_type="text/csv")

    @rx.event
    def export_xlsx(self):
        return rx.download(data=to_xlsx(self.visible_rows, self._table_columns(), self._export_name()),
                           filename=f"{self._export_name()}.xlsx", mime_type=XLSX)

    @rx.event
    def open_new(self):
        self.form_values = {}
        self.form_error = ""
        self.form_key += 1
        self.form_open = True

    @rx.event
    def open_edit(self, row_id: str):
        match = next((r for r in self.rows if r.get("id") == str(row_id)), None)
        self.form_values = dict(match) if match else {}
        self.form_error = ""
        self.form_key += 1
        self.form_open = True

    @rx.event
    def set_form_open(self, is_open: bool):
        self.form_open = bool(is_open)

    async def _save_form(self, form: dict, fields: tuple[str, ...], create: Callable[..., Any],
                         update: Callable[..., Any]) -> Any | None:
        """Create (no ``id`` in the form values) or update the record from the dialog's ``form`` through the service;
        blank fields take the service's defaults on create. Returns what the service saved, or None when it refused
        (its message is shown in the dialog, which stays open)."""
        data = clean_form(form, fields)
        editing = self.form_values.get("id", "")
        try:
            actor = await current_actor(self)
            if editing:
                saved = await call(update, actor, int(editing), data)
            else:
                saved = await call(create, actor, {k: v for k, v in data.items() if v is not None})
        except WellOpsError as exc:
            self.form_error = exc.message
            return None
        self.form_open = False
        await self.load()  # type: ignore[attr-defined]  # every table page has its load (on_load)
        return saved

    async def _delete_row(self, delete: Callable[..., Any], row_id: str) -> None:
        """Delete one record through the service (refusals reach the user as an error toast) and reload."""
        await call(delete, await current_actor(self), int(row_id))
        await self.load()  # type: ignore[attr-defined]
