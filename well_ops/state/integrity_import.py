"""File import of annulus readings (CSV / .xlsx): upload, preview, column mapping, background import with progress."""

from __future__ import annotations

import asyncio

import reflex as rx

from well_ops.config import get_settings
from well_ops.services import integrity
from well_ops.services.errors import WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, uploaded
from well_ops.state.integrity_format import ingest_lines
from well_ops.state.integrity_well import IntegrityWellState

MAPPING_KEYS = ("time_col", "pressure_col", "temperature_col", "source_col", "bleed_col")
NONE = "(none)"


class IntegrityImportState(rx.State):
    filename: str = ""
    header: list[str] = []
    rows: list[list[str]] = []
    data_rows: int = 0
    mapping: dict[str, str] = {}
    pressure_unit: str = "bar"
    temperature_unit: str = "C"
    running: bool = False
    progress: int = 0
    errors: list[str] = []
    summary: list[str] = []
    _content: bytes = b""

    @rx.event
    async def preview(self, files: list[rx.UploadFile]):
        files = uploaded(files)
        self.errors, self.summary, self.header, self.rows = [], [], [], []
        if not files:
            self.errors = ["Choose a CSV or .xlsx file first."]
            return
        limit = get_settings().upload_max_bytes
        data = await files[0].read(limit + 1)
        if len(data) > limit:
            self.errors = [f"The file is larger than {limit // (1024 * 1024)} MB."]
            return
        name = str(files[0].filename or files[0].name or "upload")
        try:
            p = await call(integrity.preview_file, await current_actor(self), name, data)
        except WellOpsError as exc:
            self.errors = [exc.message]
            return
        self._content, self.filename, self.header, self.rows = data, p.filename, p.header, p.rows[:10]
        self.data_rows = p.data_rows
        self.mapping = {k: p.suggested_mapping.get(k) or NONE for k in MAPPING_KEYS}

    @rx.event
    def set_mapping(self, key: str, value: str):
        if key in MAPPING_KEYS and (value == NONE or value in self.header):
            self.mapping = {**self.mapping, key: value}

    @rx.event
    def set_pressure_unit(self, value: str):
        self.pressure_unit = value if value in ("bar", "psi", "kPa") else "bar"

    @rx.event
    def set_temperature_unit(self, value: str):
        self.temperature_unit = value if value in ("C", "F") else "C"

    async def _set_progress(self, pct: int) -> None:
        async with self:
            self.progress = pct

    @rx.event(background=True)
    async def run_import(self):
        async with self:
            if self.running or not self._content:
                return
            well = await self.get_state(IntegrityWellState)
            annulus_id, actor = well.annulus_id, await current_actor(self)
            self.running, self.progress, self.errors, self.summary = True, 0, [], []
            content, name = self._content, self.filename
            mapping = {k: v for k, v in self.mapping.items() if v != NONE}
            units = (self.pressure_unit, self.temperature_unit)
        loop = asyncio.get_running_loop()

        def progress(done: int, total: int) -> None:  # called from the worker thread after each chunk
            asyncio.run_coroutine_threadsafe(self._set_progress(round(done * 100 / max(total, 1))), loop)

        try:
            result = await call(integrity.import_file, actor, int(annulus_id or 0), name, content, mapping,
                                units[0], units[1], "UTC", progress, "import")
        except WellOpsError as exc:
            lines = [f"{k}: {v}" for k, v in getattr(exc, "errors", {}).items()] or [exc.message]
            async with self:
                self.running, self.errors = False, lines[:100]
            return
        async with self:
            self.running, self.progress = False, 100
            self.summary = [f"{result.inserted} inserted, {result.duplicates} duplicate(s) skipped, "
                            f"{len(result.exceedances)} exceedance(s), {len(result.tasks_raised)} task(s) raised",
                            *ingest_lines(result)]
            well = await self.get_state(IntegrityWellState)
            await well._refresh(actor)
        yield rx.toast.success(f"Imported {result.inserted} reading(s).")
