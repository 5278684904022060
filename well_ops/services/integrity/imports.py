"""Importing annulus readings from CSV / Excel files: preview for the column mapping, then an all-or-nothing import.

``mapping`` names the file's columns: ``time_col`` and ``pressure_col`` (required), ``temperature_col``,
``source_col``, ``bleed_col`` (optional). Times without a zone are read in ``time_zone`` (IANA name, default UTC);
pressures in ``pressure_unit`` (bar / psi / kPa), temperatures in ``temperature_unit`` (C / F). Errors are listed
by the file's line number ("line 12: pressure_bar: ..."), nothing is written when any line is wrong, and rows
already stored (same annulus, time and source) are skipped, so importing a file twice adds nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from well_ops.domain.units import psi_to_bar
from well_ops.models.base import utcnow
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity._common import _annulus, _finite
from well_ops.services.integrity._files import _open_table, _suggest
from well_ops.services.integrity.readings import Progress, _collect, _ingest, _source
from well_ops.services.integrity.views import FilePreview, IngestResult

PREVIEW_ROWS = 20
MAPPING_KEYS = ("time_col", "pressure_col", "temperature_col", "source_col", "bleed_col")
_BAR_PER_KPA = 0.01                      # not (yet) in domain/units.py


def _to_bar(value: float, unit: str) -> float:
    return psi_to_bar(value) if unit == "psi" else value * _BAR_PER_KPA if unit == "kPa" else value


def _to_c(value: float, unit: str) -> float:
    return (value - 32.0) / 1.8 if unit == "F" else value  # degF -> degC (not yet in domain/units.py)


@use_case("reading.write")
def preview_file(ctx: Context, filename: str, content: bytes) -> FilePreview:
    """The header, the first 20 data rows (as text), the number of data rows and a guessed column mapping."""
    table = _open_table(filename, content)
    first = [[("" if c is None else str(c)) for c in cells] for _line, cells in islice(table.rows, PREVIEW_ROWS)]
    total = len(first) + sum(1 for _ in table.rows)
    return FilePreview(str(filename), table.file_format, table.header, first, total, _suggest(table.header))


def _indexes(header: list[str], mapping: Any) -> dict[str, int]:
    if not isinstance(mapping, dict):
        raise ValidationFailed({"mapping": "give the columns: time_col, pressure_col (temperature_col, source_col, "
                                           "bleed_col optional)"})
    lower = {h.strip().lower(): i for i, h in enumerate(header)}
    found: dict[str, int] = {}
    for key in MAPPING_KEYS:
        name = mapping.get(key)
        if name in (None, "") and key in ("time_col", "pressure_col"):
            raise ValidationFailed({f"mapping.{key}": "choose a column"})
        if name in (None, ""):
            continue
        if str(name).strip().lower() not in lower:
            raise ValidationFailed({f"mapping.{key}": f"no column {name!r} in the file (columns: "
                                                      f"{', '.join(header)[:300]})"})
        found[key] = lower[str(name).strip().lower()]
    unknown = set(mapping) - set(MAPPING_KEYS)
    if unknown:
        raise ValidationFailed({"mapping": f"unknown key(s): {', '.join(sorted(map(str, unknown)))}"})
    return found


def _localize(value: Any, tz: ZoneInfo) -> Any:
    """A time with its zone: naive datetimes / ISO text are read in ``tz``; anything unreadable is returned as is."""
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


def _row(cells: list[Any], idx: dict[str, int], tz: ZoneInfo, p_unit: str, t_unit: str) -> dict[str, Any]:
    def cell(key: str) -> Any:
        i = idx.get(key)
        return cells[i] if i is not None and i < len(cells) else None
    pressure, temperature = cell("pressure_col"), cell("temperature_col")
    p, t = _finite(pressure), _finite(temperature)
    return {"measured_at": _localize(cell("time_col"), tz),
            "pressure_bar": _to_bar(p, p_unit) if p is not None else pressure,
            "temperature_c": _to_c(t, t_unit) if t is not None else temperature,
            "source": str(cell("source_col") or "").strip() or None, "is_bleed": cell("bleed_col")}


def _options(pressure_unit: Any, temperature_unit: Any, time_zone: Any) -> ZoneInfo:
    if pressure_unit not in ("bar", "psi", "kPa"):
        raise ValidationFailed({"pressure_unit": "choose bar, psi or kPa"})
    if temperature_unit not in ("C", "F"):
        raise ValidationFailed({"temperature_unit": "choose C or F"})
    try:
        return ZoneInfo(str(time_zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed({"time_zone": f"unknown time zone {time_zone!r} (e.g. UTC, Europe/Oslo)"}) from None


@use_case("reading.write")
def import_file(ctx: Context, annulus_id: int, filename: str, content: bytes, mapping: dict[str, str],
                pressure_unit: str = "bar", temperature_unit: str = "C", time_zone: str = "UTC",
                progress: Progress | None = None, source: str = "import") -> IngestResult:
    """Import a CSV / .xlsx file of readings into an annulus: all-or-nothing, line-numbered errors, duplicates
    skipped, inserted in chunks of 10,000 in one transaction with ``progress(done, total)`` after each chunk."""
    a = _annulus(ctx, annulus_id)
    tz = _options(pressure_unit, temperature_unit, time_zone)
    default = _source(source)
    table = _open_table(filename, content)
    idx = _indexes(table.header, mapping)
    items = ((f"line {line}", _row(cells, idx, tz, pressure_unit, temperature_unit)) for line, cells in table.rows)
    rows = _collect(items, default, utcnow())
    if not rows:
        raise ValidationFailed({"file": "no readings found below the header"})
    audit = {"filename": str(filename)[:200], "source": default, "rows": len(rows), "pressure_unit": pressure_unit,
             "temperature_unit": temperature_unit, "time_zone": str(time_zone)}
    return _ingest(ctx, a, rows, what=f"file {str(filename)[:120]}", progress=progress, audit=audit)
