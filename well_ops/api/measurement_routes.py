"""Annulus pressure readings over the API: batches from SCADA / data historians, and the (downsampled) series.

``POST /api/annuli/{id}/measurements`` takes up to 10,000 readings per call: all-or-nothing (one bad row and
nothing is stored; every bad row is named in the 422), idempotent on (annulus, measured_at, source) (the same batch
sent twice inserts nothing the second time), checked against MAASP / MAWOP / MOP (an exceedance raises one task
per limit). The body is read as raw JSON and handed to the service as is: a 10,000-item pydantic list model would
cost more than the insert itself; the documented schema below is the one the service enforces.

``GET /api/annuli/{id}/measurements`` returns the readings of a time range downsampled to about ``max_points``
(min and max kept per bucket, every reading above a limit and every bleed kept), with the limit lines.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from well_ops.api.deps import MAX_ID, MAX_JSON_INT, current_actor
from well_ops.api.errors import ITEM, WRITE, query_error
from well_ops.api.resource_routes import describe, example
from well_ops.services.context import Actor
from well_ops.services.integrity import readings, series
from well_ops.services.integrity.views import ChartSeries, IngestResult

# Mounted on the app itself, not under the shared ``/api`` router: its ``check_json_body`` dependency would parse
# the (up to ~1 MB) body a second time. ``_batch`` makes the same refusals (NaN / Infinity and integers beyond
# +/-2^53 here; NUL in text and numbers out of range by the row checks of the service).
router = APIRouter(prefix="/api/annuli", tags=["integrity"])

MAX_BATCH = readings.MAX_BATCH
MAX_BODY_BYTES = 8 * 1024 * 1024  # 10,000 readings are ~2 MB of JSON, even pretty-printed: refused unread above (413)
DEFAULT_SPAN = timedelta(days=7)


class ExceedanceOut(BaseModel):
    """The batch's highest new pressure against one limit, and the task it raised or found open."""

    kind: str = Field(description="maasp, mawop or mop.")
    limit_bar: float
    pressure_bar: float
    measured_at: datetime
    task_id: int
    task_created: bool = Field(description="False when an open task for this limit already existed.")


class IngestOut(BaseModel):
    """What a batch did: rows inserted, duplicates skipped, limits exceeded and the new task ids."""

    inserted: int
    duplicates: int = Field(description="Rows already stored (same annulus, time and source) or repeated.")
    exceedances: list[ExceedanceOut]
    tasks_raised: list[int] = Field(description="Ids of the tasks this batch created.")
    max_pressure_bar: float | None = Field(None, description="The highest pressure among the inserted rows.")
    first_at: datetime | None = None
    last_at: datetime | None = None


def _out(result: IngestResult) -> IngestOut:
    return IngestOut(inserted=result.inserted, duplicates=result.duplicates, tasks_raised=result.tasks_raised,
                     max_pressure_bar=result.max_pressure_bar, first_at=result.first_at, last_at=result.last_at,
                     exceedances=[ExceedanceOut(kind=e.kind, limit_bar=e.limit_bar, pressure_bar=e.pressure_bar,
                                                measured_at=e.measured_at, task_id=e.task_id,
                                                task_created=e.task_created) for e in result.exceedances])


_READING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["measured_at", "pressure_bar"],
    "properties": {
        "measured_at": {"type": "string", "format": "date-time",
                        "description": "ISO 8601 with a zone (…Z or +01:00), from 1950 to now."},
        "pressure_bar": {"type": "number", "minimum": readings.PRESSURE_RANGE_BAR[0],
                         "maximum": readings.PRESSURE_RANGE_BAR[1], "description": "Gauge pressure, bar."},
        "temperature_c": {"anyOf": [{"type": "number", "minimum": readings.TEMPERATURE_RANGE_C[0],
                                     "maximum": readings.TEMPERATURE_RANGE_C[1]}, {"type": "null"}]},
        "source": {"type": "string", "minLength": 1, "maxLength": 40,
                   "description": "The gauge / system; default: the batch's source."},
        "is_bleed": {"type": "boolean", "default": False, "description": "The operator bled the annulus here."},
    },
}
_BATCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["readings"],
    "properties": {
        "readings": {"type": "array", "minItems": 1, "maxItems": MAX_BATCH, "items": _READING_SCHEMA},
        "source": {"type": "string", "minLength": 1, "maxLength": 40, "default": "api",
                   "description": "Source of the readings that name none (part of the duplicate key)."},
    },
}
_BATCH_EXAMPLE = example("Two SCADA readings, the second one after a bleed-down", {
    "source": "scada",
    "readings": [
        {"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 31.5, "temperature_c": 42.0},
        {"measured_at": "2026-01-05T06:10:00Z", "pressure_bar": 12.0, "temperature_c": 41.5, "is_bleed": True},
    ]})
_BATCH_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": _BATCH_SCHEMA, "examples": {"default": _BATCH_EXAMPLE}}}}}


def _body_error(message: str, *loc: str | int) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", *loc), "msg": message, "type": "value_error"}])


class _NotFinite(Exception):
    pass


def _refuse(text: str) -> float:
    raise _NotFinite(f"numbers must be finite (got {text})")


def _int(text: str) -> int:
    if len(text) > 17 or abs(int(text)) > MAX_JSON_INT:
        raise _NotFinite(f"integers must lie within +/-2^53 (got {text[:20]}...)")
    return int(text)


def _batch(body: bytes) -> tuple[Any, Any]:
    """(readings, source) of the raw JSON body; the service checks each row."""
    try:
        data = json.loads(body, parse_constant=_refuse, parse_int=_int)
    except _NotFinite as exc:
        raise _body_error(str(exc)) from None
    except (ValueError, RecursionError):
        raise _body_error("send a JSON object {\"readings\": [...], \"source\": ...}") from None
    if not isinstance(data, dict):
        raise _body_error("send a JSON object {\"readings\": [...], \"source\": ...}")
    unknown = sorted(set(data) - {"readings", "source"})
    if unknown:
        raise _body_error(f"unknown field(s): {', '.join(unknown)[:200]}", unknown[0])
    rows = data.get("readings")
    if not isinstance(rows, list) or not rows:
        raise _body_error("give a non-empty list of readings", "readings")
    if len(rows) > MAX_BATCH:
        raise _body_error(f"at most {MAX_BATCH} readings per batch (got {len(rows)})", "readings")
    return rows, data.get("source", "api")


@router.post("/{annulus_id}/measurements", response_model=IngestOut, name="ingest_measurements",
             summary="Ingest a batch of readings", responses=WRITE, openapi_extra=_BATCH_BODY,
             max_body_size=MAX_BODY_BYTES,
             description=describe(readings.ingest_batch, "reading.write",
                                  f"At most {MAX_BATCH:,} readings; all-or-nothing (a 422 names each bad row: "
                                  "`loc` is `[\"body\", \"row N\"]`); idempotent on (annulus, measured_at, source): "
                                  "a batch sent again inserts nothing. The batch's highest new pressure is checked "
                                  "against MAASP, MAWOP and MOP, each exceeded limit raising one task."))
async def ingest_measurements(request: Request, annulus_id: int = Path(ge=1, le=MAX_ID, description="The annulus."),
                              actor: Actor = Depends(current_actor)) -> IngestOut:
    rows, source = _batch(await request.body())
    result = await run_in_threadpool(readings.ingest_batch, actor, annulus_id, rows, source)
    return _out(result)


def _utc(value: datetime | None, field: str) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise query_error(field, "give a time zone (e.g. 2026-01-05T06:00:00Z)")
    try:
        return value.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise query_error(field, "is out of range") from None


@router.get("/{annulus_id}/measurements", response_model=ChartSeries, name="list_measurements",
            summary="Readings of a time range (downsampled)", responses=ITEM,
            description=describe(series.chart_series, "reading.read",
                                 "`from` / `to`: ISO 8601 times with a zone (default: the 7 days up to now). "
                                 "`times`, `pressures_bar` and `temperatures_c` are parallel lists; "
                                 "`total_points` is the number of stored readings in the range."))
def list_measurements(annulus_id: int = Path(ge=1, le=MAX_ID, description="The annulus."),
                      start: datetime | None = Query(None, alias="from", description="Start of the range."),
                      end: datetime | None = Query(None, alias="to", description="End of the range (default now)."),
                      max_points: int = Query(2000, ge=10, le=20000, description="About this many points at most."),
                      actor: Actor = Depends(current_actor)) -> ChartSeries:
    hi = _utc(end, "to") or datetime.now(timezone.utc)
    lo = _utc(start, "from")
    if lo is None:
        try:
            lo = hi - DEFAULT_SPAN
        except OverflowError:
            raise query_error("to", "is out of range") from None
    if hi <= lo:
        raise query_error("to", "must be after from")
    return series.chart_series(actor, annulus_id, lo, hi, max_points)
