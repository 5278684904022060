"""Annulus pressure readings: one reading, or a batch (all-or-nothing, idempotent, checked against the limits).

A batch is validated completely before anything is written; every error is listed by row ("row 12:
pressure_bar: ..."). Validation is lean: on PostgreSQL a JSON batch is checked column by column with numpy /
pandas (``_batch_columns``), elsewhere a tight per-row loop (``_quick``) accepts the plainly well-formed rows; as
soon as one row is not plainly well-formed, every row goes through ``_clean``, which builds the messages (and
still accepts e.g. "12.5" or padded times). Duplicates on (annulus_id, measured_at, source) are skipped, so
sending the same batch twice inserts nothing the second time:

- PostgreSQL: the annulus row is locked (``SELECT ... FOR NO KEY UPDATE``, so concurrent batches of one annulus
  run one after the other, while other transactions' foreign-key checks on the annulus, which take KEY SHARE, do
  not wait for it), the keys already stored in the batch's time range are read (index range scan), in-batch and
  stored duplicates are dropped (the first one wins, as with ON CONFLICT DO NOTHING), and the new rows are sent
  with ``COPY`` on the session's own connection (same transaction): columns in COPY's binary format built by
  numpy (``_copy_columns``), or rows in its text format (``_copy``).
- SQLite: INSERT ... ON CONFLICT (annulus_id, measured_at, source) DO NOTHING RETURNING, in chunks.

After the insert, the batch's highest NEW pressure is compared with MAASP, MAWOP and MOP (``_exceed``), one audit
event describes the batch, and the well's snapshot is refreshed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from well_ops.models.base import utcnow
from well_ops.models.integrity import Annulus, AnnulusMeasurement
from well_ops.services.audit_trail import record_event
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity._common import _annulus, _finite, _well
from well_ops.services.integrity._exceed import _check_limits
from well_ops.services.integrity.snapshots import _refresh
from well_ops.services.integrity.views import IngestResult

MAX_BATCH = 10_000
CHUNK = 10_000
MAX_ERRORS = 100                          # errors listed; the rest are counted
EARLIEST = datetime(1950, 1, 1, tzinfo=timezone.utc)
FUTURE_SLACK = timedelta(minutes=5)
PRESSURE_RANGE_BAR = (-1.1, 2000.0)
TEMPERATURE_RANGE_C = (-60.0, 250.0)
_TRUE, _FALSE = {"1", "true", "yes", "y", "bleed", "x"}, {"0", "false", "no", "n", ""}
_TABLE = AnnulusMeasurement.__table__  # type: ignore[attr-defined]

Progress = Callable[[int, int], None]


class _Row(NamedTuple):
    measured_at: datetime
    pressure_bar: float
    temperature_c: float | None
    source: str
    is_bleed: bool


def _time(value: Any, now: datetime) -> tuple[datetime | None, str]:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None, f"use an ISO 8601 time such as 2026-01-05T06:00:00Z (got {value[:40]!r})"
    if not isinstance(value, datetime):
        return None, "a time is required"
    if value.tzinfo is None:
        return None, "the time must carry a time zone (e.g. ...Z or +01:00)"
    if value < EARLIEST:
        return None, "is before 1950"
    if value > now + FUTURE_SLACK:
        return None, "is in the future"
    return value.astimezone(timezone.utc), ""


def _bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def _clean(raw: Any, default_source: str, now: datetime) -> tuple[_Row | None, list[str]]:
    """One validated row, or the list of its problems ("pressure_bar: ...")."""
    if not isinstance(raw, dict):
        return None, ["expected an object with measured_at and pressure_bar"]
    errors = []
    at, problem = _time(raw.get("measured_at"), now)
    if problem:
        errors.append(f"measured_at: {problem}")
    pressure = _finite(raw.get("pressure_bar"))
    lo, hi = PRESSURE_RANGE_BAR
    if pressure is None or not lo <= pressure <= hi:
        errors.append(f"pressure_bar: must be a number from {lo:g} to {hi:g} bar (got {raw.get('pressure_bar')!r})")
    temperature = _finite(raw.get("temperature_c"))
    tlo, thi = TEMPERATURE_RANGE_C
    if raw.get("temperature_c") not in (None, "") and (temperature is None or not tlo <= temperature <= thi):
        errors.append(f"temperature_c: must be a number from {tlo:g} to {thi:g} degC "
                      f"(got {raw.get('temperature_c')!r})")
    source = raw.get("source") or default_source
    if not isinstance(source, str) or not source.strip() or len(source.strip()) > 40 or "\x00" in source:
        errors.append("source: give 1-40 characters (no NUL)")
    bleed = _bool(raw.get("is_bleed"))
    if bleed is None:
        errors.append(f"is_bleed: must be true or false (got {raw.get('is_bleed')!r})")
    if errors or at is None or pressure is None:
        return None, errors
    return _Row(at, pressure, temperature, str(source).strip(), bool(bleed)), []


def _collect(items: Iterable[tuple[str, Any]], default_source: str, now: datetime) -> list[_Row]:
    """Validate every (label, raw row); all-or-nothing: ValidationFailed listing the problems by label."""
    rows: list[_Row] = []
    errors: dict[str, str] = {}
    extra = 0
    for label, raw in items:
        row, problems = _clean(raw, default_source, now)
        if row is not None:
            rows.append(row)
        elif len(errors) < MAX_ERRORS:
            errors[label] = "; ".join(problems)
        else:
            extra += 1
    if extra:
        errors["more"] = f"{extra} more row(s) with errors not listed"
    if errors:
        raise ValidationFailed(errors)
    return rows


def _quick(raw: Any, default_source: str, lo: datetime, hi: datetime) -> _Row | None:
    """The row when it is plainly well-formed (the common case, no message built), else None (``_clean`` decides)."""
    if type(raw) is not dict:
        return None
    at = raw.get("measured_at")
    if type(at) is str:
        try:
            at = datetime.fromisoformat(at)
        except ValueError:
            return None
    elif type(at) is not datetime:
        return None
    if at.tzinfo is None or not lo <= at <= hi:
        return None
    pressure = raw.get("pressure_bar")
    kind = type(pressure)
    if (kind is not float and kind is not int) or not -1.1 <= pressure <= 2000.0:
        return None
    temperature = raw.get("temperature_c")
    kind = type(temperature)
    if temperature is not None and ((kind is not float and kind is not int) or not -60.0 <= temperature <= 250.0):
        return None
    source = raw.get("source") or default_source
    if type(source) is not str or not 0 < len(source) <= 40 or source != source.strip() or "\x00" in source:
        return None
    bleed = raw.get("is_bleed")
    if bleed is not None and type(bleed) is not bool:
        return None
    return _Row(at.astimezone(timezone.utc), float(pressure), None if temperature is None else float(temperature),
                source, bool(bleed))


def _collect_rows(rows: list[Any], default_source: str, now: datetime) -> list[_Row]:
    """``_collect`` of a JSON batch ("row N" labels): the quick check, and on the first row it does not accept
    (which may still be valid, e.g. "12.5" or " 2026-01-05T06:00Z") the full check of every row."""
    lo, hi = EARLIEST, now + FUTURE_SLACK
    clean: list[_Row] = []
    append = clean.append
    for raw in rows:
        row = _quick(raw, default_source, lo, hi)
        if row is None:
            return _collect(((f"row {i}", r) for i, r in enumerate(rows, start=1)), default_source, now)
        append(row)
    return clean


_COPY = ("COPY annulus_measurements (annulus_id, measured_at, pressure_bar, temperature_c, source, is_bleed, "
         "created_at) FROM STDIN")
_STORED = sa.text("SELECT measured_at, source FROM annulus_measurements WHERE annulus_id = :a "
                  "AND measured_at BETWEEN :lo AND :hi")


_NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    """A text value in COPY's text format (backslash, tab and line breaks escaped)."""
    return value.translate(_COPY_ESCAPES) if "\\" in value or "\t" in value or "\n" in value or "\r" in value \
        else value


def _copy(ctx: Context, a: Annulus, rows: list[_Row], progress: Progress | None) -> list[_Row]:
    """PostgreSQL: lock the annulus, drop the rows already stored or repeated in the batch, COPY the others."""
    connection = ctx.session.connection()
    connection.execute(sa.text("SELECT id FROM annuli WHERE id = :a FOR NO KEY UPDATE"), {"a": a.id})
    lo = min(r.measured_at for r in rows)
    hi = max(r.measured_at for r in rows)
    seen = {(at, source) for at, source in connection.execute(_STORED, {"a": a.id, "lo": lo, "hi": hi})}
    new: list[_Row] = []
    for r in rows:
        key = (r.measured_at, r.source)
        if key not in seen:
            seen.add(key)
            new.append(r)
    if not new:
        return new
    created = utcnow().isoformat()
    head = f"{a.id}\t"
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(_COPY) as copy:  # type: ignore[union-attr]
        for start in range(0, len(new), CHUNK):
            # COPY text format built here: psycopg's write_row costs ~5x more per row in Python
            copy.write("".join([
                f"{head}{r.measured_at.isoformat()}\t{r.pressure_bar!r}\t"
                f"{_NULL if r.temperature_c is None else repr(r.temperature_c)}\t{_copy_text(r.source)}\t"
                f"{'t' if r.is_bleed else 'f'}\t{created}\n" for r in new[start:start + CHUNK]]))
            if progress is not None:
                progress(min(start + CHUNK, len(new)), len(new))
    return new


_NUMBER = {float, int}


def _batch_columns(rows: list[Any], default_source: str, now: datetime) -> Columns | None:
    """A JSON batch checked column by column (numpy / pandas, no object per row), when every row is plainly
    well-formed: JSON types as documented, times with one zone; else None (``_collect_rows`` decides, naming
    the errors)."""
    import numpy as np
    import pandas as pd

    try:
        times = [r["measured_at"] for r in rows]
        pressures = [r["pressure_bar"] for r in rows]
        temperatures = [r.get("temperature_c") for r in rows]
        sources = [r.get("source") or default_source for r in rows]
        bleeds = [r.get("is_bleed") for r in rows]
    except (KeyError, TypeError, AttributeError):
        return None
    if {type(t) for t in times} != {str} or not {type(p) for p in pressures} <= _NUMBER \
            or not {type(t) for t in temperatures} <= {float, int, type(None)} \
            or not {type(b) for b in bleeds} <= {bool, type(None)} or {type(s) for s in sources} != {str}:
        return None
    try:
        parsed = pd.to_datetime(pd.Series(times, dtype=object), format="ISO8601", errors="coerce")
    except (ValueError, OverflowError):
        return None  # zones mixed (or unparsable): the row check
    if isinstance(parsed.dtype, np.dtype):
        return None  # no zone: refused by the row check
    at = parsed.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    lo = np.datetime64(EARLIEST.replace(tzinfo=None), "us")
    hi = np.datetime64((now + FUTURE_SLACK).astimezone(timezone.utc).replace(tzinfo=None), "us")
    try:
        pressure = np.array(pressures, dtype=float)
        temperature = np.array([np.nan if t is None else t for t in temperatures], dtype=float)
    except (OverflowError, ValueError):   # an integer beyond the float range: the row check
        return None
    given = np.array([t is not None for t in temperatures], dtype=bool)
    (plo, phi), (tlo, thi) = PRESSURE_RANGE_BAR, TEMPERATURE_RANGE_C
    ok = ~np.isnat(at) & (at >= lo) & (at <= hi) & (pressure >= plo) & (pressure <= phi)
    ok &= ~given | ((temperature >= tlo) & (temperature <= thi))
    codes, uniques = pd.factorize(np.array(sources, dtype=object))
    named = list(uniques)
    if not ok.all() or any(not 0 < len(u) <= 40 or u != u.strip() or "\x00" in u for u in named):
        return None
    return Columns(at, pressure, temperature, np.array(named, dtype=object)[codes],
                   np.array([b is True for b in bleeds], dtype=bool))


def _insert(ctx: Context, a: Annulus, rows: list[_Row], progress: Progress | None) -> list[tuple[datetime, float]]:
    """Store the rows not yet stored (one transaction); returns (time, pressure) of the new rows."""
    dialect = ctx.session.get_bind().dialect.name
    if dialect == "postgresql":
        return [(r.measured_at, r.pressure_bar) for r in _copy(ctx, a, rows, progress)]
    stmt = (sqlite_insert(_TABLE).on_conflict_do_nothing(index_elements=["annulus_id", "measured_at", "source"])
            .returning(_TABLE.c.measured_at, _TABLE.c.pressure_bar))
    created = utcnow()
    new: list[tuple[datetime, float]] = []
    connection = ctx.session.connection()
    for start in range(0, len(rows), CHUNK):
        chunk = [{"annulus_id": a.id, "measured_at": r.measured_at, "pressure_bar": r.pressure_bar,
                  "temperature_c": r.temperature_c, "source": r.source, "is_bleed": r.is_bleed,
                  "created_at": created} for r in rows[start:start + CHUNK]]
        new.extend((at, p) for at, p in connection.execute(stmt, chunk))
        if progress is not None:
            progress(min(start + CHUNK, len(rows)), len(rows))
    return new


@dataclass
class Columns:
    """Validated readings as columns (a file import, validated with pandas): UTC times (numpy datetime64[us], no
    zone), pressures (bar), temperatures (degC, NaN for none), sources, bleed flags; in file order."""

    at: Any
    pressure: Any
    temperature: Any
    source: Any
    bleed: Any

    def __len__(self) -> int:
        return len(self.at)

    def rows(self) -> list[_Row]:
        times = self.at.astype("datetime64[us]").tolist()
        return [_Row(t.replace(tzinfo=timezone.utc), p, None if c != c else c, s, b) for t, p, c, s, b in
                zip(times, self.pressure.tolist(), self.temperature.tolist(), self.source.tolist(),
                    self.bleed.tolist(), strict=True)]


def _utc(value: Any) -> datetime:
    return value.astype("datetime64[us]").tolist().replace(tzinfo=timezone.utc)  # type: ignore[no-any-return]


_PG_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
_PG_EPOCH_MICROS = (_PG_EPOCH - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)
_BINARY_HEAD = b"PGCOPY\n\xff\r\n\0" + b"\0" * 8


def _binary_parts(annulus_id: int, micros: Any, pressure: Any, temperature: Any, sources: Any, bleed: Any,
                  created: int) -> Any:
    """The rows in PostgreSQL's binary COPY format, built by numpy without a per-row loop: one packed record
    array per (source, temperature given or not), whose rows all have the same layout. (Row order does not
    matter to COPY; duplicates are already gone.) Yields record arrays."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(sources)
    missing = np.isnan(temperature)
    for k, name in enumerate(uniques):
        text = str(name).encode()
        for given in (True, False):
            rows = (codes == k) & (missing != given)
            n = int(rows.sum())
            if not n:
                continue
            layout = [("fields", ">i2"), ("l_id", ">i4"), ("id", ">i4"), ("l_at", ">i4"), ("at", ">i8"),
                      ("l_p", ">i4"), ("p", ">f8"), ("l_t", ">i4")]
            layout += [("t", ">f8")] if given else []
            layout += [("l_s", ">i4"), ("s", f"S{len(text)}"), ("l_b", ">i4"), ("b", "u1"), ("l_c", ">i4"),
                       ("c", ">i8")]
            part = np.zeros(n, dtype=np.dtype(layout))
            part["fields"], part["l_id"], part["id"], part["l_at"], part["at"] = 7, 4, annulus_id, 8, micros[rows]
            part["l_p"], part["p"], part["l_t"] = 8, pressure[rows], 8 if given else -1
            if given:
                part["t"] = temperature[rows]
            part["l_s"], part["s"], part["l_b"], part["b"] = len(text), text, 1, bleed[rows]
            part["l_c"], part["c"] = 8, created
            yield part


def _copy_columns(ctx: Context, a: Annulus, cols: Columns, progress: Progress | None) -> tuple[int, Any]:
    """``_copy`` of columns: duplicates found with pandas, the rows sent in COPY's binary format built from whole
    columns (``_binary_parts``: no per-row Python at all). Returns the
    number of new rows and (peak time, peak, first, last) of the new rows (None when none is new)."""
    import numpy as np
    import pandas as pd

    connection = ctx.session.connection()
    connection.execute(sa.text("SELECT id FROM annuli WHERE id = :a FOR NO KEY UPDATE"), {"a": a.id})
    micros = cols.at.astype("datetime64[us]").astype(np.int64)
    keys = pd.DataFrame({"t": micros, "s": cols.source})
    new = ~keys.duplicated(keep="first").to_numpy()
    stored = list(connection.execute(_STORED, {"a": a.id, "lo": _utc(cols.at.min()), "hi": _utc(cols.at.max())}))
    if stored:
        epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
        known = pd.MultiIndex.from_tuples([((at - epoch) // timedelta(microseconds=1), s) for at, s in stored])
        new &= ~pd.MultiIndex.from_frame(keys).isin(known)
    count = int(new.sum())
    if not count:
        return 0, None
    at, pressure = cols.at[new], cols.pressure[new]
    micros, temperature, sources, bleed = micros[new], cols.temperature[new], cols.source[new], cols.bleed[new]
    created = (utcnow() - _PG_EPOCH) // timedelta(microseconds=1)
    driver = connection.connection.driver_connection
    done = 0
    with driver.cursor() as cursor, cursor.copy(_COPY + " (FORMAT BINARY)") as copy:  # type: ignore[union-attr]
        copy.write(_BINARY_HEAD)
        for part in _binary_parts(a.id or 0, micros - _PG_EPOCH_MICROS, pressure, temperature, sources, bleed,
                                  created):
            for start in range(0, len(part), CHUNK):
                piece = part[start:start + CHUNK]
                copy.write(piece.tobytes())
                done += len(piece)
                if progress is not None:
                    progress(done, count)
        copy.write(b"\xff\xff")
    top = pressure.max()
    return count, (_utc(at[pressure == top].max()), float(top), _utc(at.min()), _utc(at.max()))


def _peak(new: list[tuple[datetime, float]]) -> Any:
    if not new:
        return None
    peak_at, peak = max(new, key=lambda r: (r[1], r[0]))
    return peak_at, peak, min(r[0] for r in new), max(r[0] for r in new)


def _ingest(ctx: Context, a: Annulus, rows: list[_Row] | Columns, *, what: str, progress: Progress | None = None,
            audit: dict[str, Any] | None = None) -> IngestResult:
    """Insert validated rows, then check limits, audit the batch once and refresh the well's snapshot."""
    well = _well(ctx, a.well_id)
    if isinstance(rows, Columns) and ctx.session.get_bind().dialect.name == "postgresql":
        count, peak = _copy_columns(ctx, a, rows, progress)
    else:
        new = _insert(ctx, a, rows.rows() if isinstance(rows, Columns) else rows, progress)
        count, peak = len(new), _peak(new)
    result = IngestResult(inserted=count, duplicates=len(rows) - count)
    if peak is not None:
        peak_at, result.max_pressure_bar, result.first_at, result.last_at = peak
        result.exceedances = _check_limits(ctx, a, well, peak_at, peak[1])
        result.tasks_raised = [e.task_id for e in result.exceedances if e.task_created]
    summary = (f"{what}: {result.inserted} reading(s) into {well.name} annulus {a.name}, "
               f"{result.duplicates} duplicate(s) skipped")
    record_event(ctx.session, "import", "annulus_measurements", a.id, summary=summary, after={
        **(audit or {}), "inserted": result.inserted, "duplicates": result.duplicates,
        "max_pressure_bar": result.max_pressure_bar, "first_at": result.first_at, "last_at": result.last_at,
        "exceeded": [e.kind for e in result.exceedances]})
    if count:
        _refresh(ctx, well, summary)
    return result


def _source(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > 40 or "\x00" in value:
        raise ValidationFailed({"source": "give 1-40 characters (no NUL)"})
    return value.strip()


@use_case("reading.write")
def add_reading(ctx: Context, annulus_id: int, measured_at: datetime | str, pressure_bar: float,
                temperature_c: float | None = None, source: str = "manual", is_bleed: bool = False) -> IngestResult:
    """Record one reading (checked against the limits like a batch); a second reading at the same time from the
    same source is refused."""
    a = _annulus(ctx, annulus_id)
    raw = {"measured_at": measured_at, "pressure_bar": pressure_bar, "temperature_c": temperature_c,
           "is_bleed": is_bleed}
    row, problems = _clean(raw, _source(source), utcnow())
    if row is None:
        raise ValidationFailed({p.split(":", 1)[0]: p.split(":", 1)[1].strip() for p in problems})
    result = _ingest(ctx, a, [row], what="reading added")
    if not result.inserted:
        raise ValidationFailed({"measured_at": f"a reading from {row.source!r} at this time already exists"})
    return result


@use_case("reading.write")
def ingest_batch(ctx: Context, annulus_id: int, rows: list[dict[str, Any]], source: str = "batch") -> IngestResult:
    """Insert up to 10,000 readings (``measured_at`` aware time or ISO text, ``pressure_bar``, optional
    ``temperature_c``, ``is_bleed``, ``source``): all-or-nothing, duplicates skipped, limits checked."""
    a = _annulus(ctx, annulus_id)
    default = _source(source)
    if not isinstance(rows, list) or not rows:
        raise ValidationFailed({"rows": "give a non-empty list of readings"})
    if len(rows) > MAX_BATCH:
        raise ValidationFailed({"rows": f"at most {MAX_BATCH} readings per batch (got {len(rows)})"})
    now = utcnow()
    clean: list[_Row] | Columns | None = None
    if ctx.session.get_bind().dialect.name == "postgresql":
        clean = _batch_columns(rows, default, now)
    if clean is None:
        clean = _collect_rows(rows, default, now)
    return _ingest(ctx, a, clean, what=f"batch from {default}", audit={"source": default, "rows": len(rows)})
