"""Annulus pressure readings: one reading, or a batch (all-or-nothing, idempotent, checked against the limits).

A batch is validated completely before anything is written; every error is listed by row ("row 12:
pressure_bar: ..."). Rows are inserted with INSERT ... ON CONFLICT (annulus_id, measured_at, source) DO NOTHING, so
sending the same batch twice inserts nothing the second time. After the insert, the batch's highest NEW pressure
is compared with MAASP, MAWOP and MOP (``_exceed``), one audit event describes the batch, and the well's snapshot
is refreshed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
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


@dataclass(frozen=True)
class _Row:
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
    if not isinstance(source, str) or not source.strip() or len(source.strip()) > 40:
        errors.append("source: give 1-40 characters")
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


def _insert(ctx: Context, a: Annulus, rows: list[_Row], progress: Progress | None) -> list[tuple[datetime, float]]:
    """INSERT ... ON CONFLICT DO NOTHING in chunks (one transaction); returns (time, pressure) of the new rows."""
    dialect = ctx.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (insert(_TABLE).on_conflict_do_nothing(index_elements=["annulus_id", "measured_at", "source"])
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


def _ingest(ctx: Context, a: Annulus, rows: list[_Row], *, what: str, progress: Progress | None = None,
            audit: dict[str, Any] | None = None) -> IngestResult:
    """Insert validated rows, then check limits, audit the batch once and refresh the well's snapshot."""
    well = _well(ctx, a.well_id)
    new = _insert(ctx, a, rows, progress)
    result = IngestResult(inserted=len(new), duplicates=len(rows) - len(new))
    if new:
        peak_at, peak = max(new, key=lambda r: (r[1], r[0]))
        result.max_pressure_bar = peak
        result.first_at, result.last_at = min(r[0] for r in new), max(r[0] for r in new)
        result.exceedances = _check_limits(ctx, a, well, peak_at, peak)
        result.tasks_raised = [e.task_id for e in result.exceedances if e.task_created]
    summary = (f"{what}: {result.inserted} reading(s) into {well.name} annulus {a.name}, "
               f"{result.duplicates} duplicate(s) skipped")
    record_event(ctx.session, "import", "annulus_measurements", a.id, summary=summary, after={
        **(audit or {}), "inserted": result.inserted, "duplicates": result.duplicates,
        "max_pressure_bar": result.max_pressure_bar, "first_at": result.first_at, "last_at": result.last_at,
        "exceeded": [e.kind for e in result.exceedances]})
    if new:
        _refresh(ctx, well, summary)
    return result


def _source(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > 40:
        raise ValidationFailed({"source": "give 1-40 characters"})
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
    clean = _collect(((f"row {i}", r) for i, r in enumerate(rows, start=1)), default, utcnow())
    return _ingest(ctx, a, clean, what=f"batch from {default}", audit={"source": default, "rows": len(rows)})
