"""Importing annulus readings from CSV / Excel files: preview for the column mapping, then an all-or-nothing import.

``mapping`` names the file's columns: ``time_col`` and ``pressure_col`` (required), ``temperature_col``,
``source_col``, ``bleed_col`` (optional). Times without a zone are read in ``time_zone`` (IANA name, default UTC);
pressures in ``pressure_unit`` (bar / psi / kPa), temperatures in ``temperature_unit`` (C / F). Errors are listed
by the file's line number ("line 12: pressure_bar: ..."), nothing is written when any line is wrong, and rows
already stored (same annulus, time and source) are skipped, so importing a file twice adds nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from well_ops.domain.units import psi_to_bar
from well_ops.models.base import utcnow
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity._common import _annulus, _finite
from well_ops.services.integrity._files import Frame, _csv_frame, _open_table, _suggest
from well_ops.services.integrity.readings import (
    _FALSE,
    _TRUE,
    EARLIEST,
    FUTURE_SLACK,
    PRESSURE_RANGE_BAR,
    TEMPERATURE_RANGE_C,
    Columns,
    Progress,
    _collect,
    _ingest,
    _source,
)
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


_AWARE = r"\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d(?::?\d\d)?)$"   # a time of day with Z or an offset


def _times(text: Any, tz: ZoneInfo, now: datetime) -> Any:
    """UTC times (datetime64[us]) of ISO text; NaT where the quick reading is unsure (the row check decides)."""
    import numpy as np
    import pandas as pd

    try:  # the usual file: every time with the same zone, or every time without one
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    except ValueError:  # zones mixed: times with and without a zone apart
        parsed = None
    if parsed is not None and isinstance(parsed.dtype, np.dtype):
        out = _local(parsed, tz)
    elif parsed is not None:
        out = parsed.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    else:
        out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[us]")
        aware = text.str.contains(_AWARE, regex=True).to_numpy()
        if aware.any():
            zoned = pd.to_datetime(text[aware], format="ISO8601", utc=True, errors="coerce")
            out[aware] = zoned.dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
        if (~aware).any():
            try:
                naive = pd.to_datetime(text[~aware], format="ISO8601", errors="coerce")
            except ValueError:
                naive = None
            if naive is not None and isinstance(naive.dtype, np.dtype):
                out[~aware] = _local(naive, tz)
    out = np.array(out, dtype="datetime64[us]")
    lo = np.datetime64(EARLIEST.replace(tzinfo=None), "us")
    hi = np.datetime64((now + FUTURE_SLACK).astimezone(timezone.utc).replace(tzinfo=None), "us")
    out[(out < lo) | (out > hi)] = np.datetime64("NaT")
    return out


def _local(naive: Any, tz: ZoneInfo) -> Any:
    """Times without a zone read in ``tz``, as UTC; NaT at a DST change (the row check decides those)."""
    local = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
    return local.dt.tz_localize(None).to_numpy(dtype="datetime64[us]")


def _numbers(cells: Any) -> tuple[Any, Any]:
    """(floats, given): numbers read by pandas as they are, text converted (NaN where not a plain number)."""
    import numpy as np
    import pandas as pd

    if cells.dtype.kind in "fiu":
        values = cells.to_numpy(dtype=float, copy=True)
        return values, ~np.isnan(values)
    return pd.to_numeric(cells, errors="coerce").to_numpy(dtype=float, copy=True), (cells != "").to_numpy()


def _by_value(text: Any, fn: Any) -> Any:
    """``fn`` of each distinct cell (a file has few sources / bleed flags), spread back over the rows."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(text)
    return np.array([fn(u) for u in uniques] or [None], dtype=object)[codes]


def _quick_columns(frame: Frame, idx: dict[str, int], tz: ZoneInfo, p_unit: str, t_unit: str, default: str,
                   now: datetime) -> tuple[Columns, Any]:
    """The rows plainly valid (vectorised checks, no text built) as columns, and the mask of the others (blank
    rows, padded or unusual values, errors: checked row by row)."""
    import numpy as np

    cells = frame.cells
    n = len(cells)

    def col(key: str) -> Any:
        i = idx.get(key)
        return cells[i] if i is not None and i < cells.shape[1] else None

    at = _times(col("time_col"), tz, now)
    ok = ~np.isnat(at)
    pressure = _to_bar(_numbers(col("pressure_col"))[0], p_unit)  # type: ignore[arg-type]
    lo, hi = PRESSURE_RANGE_BAR
    ok &= (pressure >= lo) & (pressure <= hi)
    t_text = col("temperature_col")
    temperature = np.full(n, np.nan)
    if t_text is not None:
        values, given = _numbers(t_text)
        temperature = _to_c(values, t_unit)  # type: ignore[arg-type]
        tlo, thi = TEMPERATURE_RANGE_C
        ok &= ~given | ((temperature >= tlo) & (temperature <= thi))
        temperature = np.where(given, temperature, np.nan)
    s_text = col("source_col")
    if s_text is None:
        source = np.full(n, default, dtype=object)
    else:
        def one_source(cell: str) -> str | None:
            value = cell.strip() or default
            return value if len(value) <= 40 and "\x00" not in value else None
        source = _by_value(s_text, one_source)
        ok &= source != None  # noqa: E711  (elementwise)
    b_text = col("bleed_col")
    if b_text is None:
        bleed = np.zeros(n, dtype=bool)
    else:
        flag = _by_value(b_text, lambda cell: _BLEED.get(cell.strip().lower()))
        ok &= flag != None  # noqa: E711  (elementwise)
        bleed = flag == True  # noqa: E712  (elementwise)
    return Columns(at[ok], pressure[ok], temperature[ok], source[ok], bleed[ok].astype(bool)), ~ok


_BLEED = {**{t: True for t in _TRUE}, **{f: False for f in _FALSE}}


def _cells(frame: Frame, i: int) -> list[Any]:
    """Row ``i`` as the csv module gives it (an empty number cell is "", not NaN)."""
    cells = [c.item() if hasattr(c, "item") else c for c in frame.cells.iloc[i].tolist()]   # numpy -> Python
    return ["" if isinstance(c, float) and c != c else c for c in cells]


def _frame_rows(frame: Frame, idx: dict[str, int], tz: ZoneInfo, p_unit: str, t_unit: str, default: str,
                now: datetime) -> Columns:
    """All rows of a CSV read by pandas: vectorised checks, and ``_row`` / ``_clean`` for the rows they do not
    accept (which may still be valid, e.g. a decimal comma; else their errors are listed by line). Blank rows
    are skipped."""
    import numpy as np

    cols, other = _quick_columns(frame, idx, tz, p_unit, t_unit, default, now)
    if not other.any():
        return cols
    where = [i for i in np.flatnonzero(other).tolist() if any(str(c).strip() for c in _cells(frame, i))]
    items = ((f"line {frame.lines[i]}", _row(_cells(frame, i), idx, tz, p_unit, t_unit)) for i in where)
    extra = _collect(items, default, now)      # ValidationFailed, listing the lines, when any row is wrong
    more = Columns(np.array([r.measured_at.astimezone(timezone.utc).replace(tzinfo=None) for r in extra],
                            dtype="datetime64[us]"),
                   np.array([r.pressure_bar for r in extra], dtype=float),
                   np.array([np.nan if r.temperature_c is None else r.temperature_c for r in extra], dtype=float),
                   np.array([r.source for r in extra], dtype=object), np.array([r.is_bleed for r in extra], dtype=bool))
    order = np.argsort(np.concatenate([frame.lines[~other], frame.lines[where]]), kind="stable")
    return Columns(*(np.concatenate([getattr(cols, f), getattr(more, f)])[order]
                     for f in ("at", "pressure", "temperature", "source", "bleed")))


@use_case("reading.write")
def import_file(ctx: Context, annulus_id: int, filename: str, content: bytes, mapping: dict[str, str],
                pressure_unit: str = "bar", temperature_unit: str = "C", time_zone: str = "UTC",
                progress: Progress | None = None, source: str = "import") -> IngestResult:
    """Import a CSV / .xlsx file of readings into an annulus: all-or-nothing, line-numbered errors, duplicates
    skipped, inserted in chunks of 10,000 in one transaction with ``progress(done, total)`` after each chunk.

    A CSV file is read by pandas and checked column by column (only the rows those checks do not accept go
    through the row-by-row check, which names the errors); an .xlsx file, or a CSV whose line numbers pandas
    cannot keep (a quoted value spanning lines), is read row by row."""
    a = _annulus(ctx, annulus_id)
    tz = _options(pressure_unit, temperature_unit, time_zone)
    default = _source(source)
    now = utcnow()
    frame = _csv_frame(filename, content, lambda header: [i for key, i in _indexes(header, mapping).items()
                                                            if key in ("pressure_col", "temperature_col")])
    rows: list[Any] | Columns
    if frame is not None:
        rows = _frame_rows(frame, _indexes(frame.header, mapping), tz, pressure_unit, temperature_unit, default,
                           now)
    else:
        table = _open_table(filename, content)
        idx = _indexes(table.header, mapping)
        items = ((f"line {line}", _row(cells, idx, tz, pressure_unit, temperature_unit))
                 for line, cells in table.rows)
        rows = _collect(items, default, now)
    if not len(rows):
        raise ValidationFailed({"file": "no readings found below the header"})
    audit = {"filename": str(filename)[:200], "source": default, "rows": len(rows), "pressure_unit": pressure_unit,
             "temperature_unit": temperature_unit, "time_zone": str(time_zone)}
    return _ingest(ctx, a, rows, what=f"file {str(filename)[:120]}", progress=progress, audit=audit)
