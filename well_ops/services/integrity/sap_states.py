"""SAP verdicts kept per annulus (``annulus_sap_states``), so that a fleet recompute runs the SAP check only for
the annuli whose verdict may have changed.

A verdict (``domain.sap.detect_sap``) is a function of the readings in the window [now - look-back, now] and of
its inputs: the SAP configuration and look-back, the well's production start, the annulus's MAWOP and whether its
limits are set (``_inputs_key``). A stored verdict evaluated at time T is therefore still the verdict at ``now`` when
all of these hold (``_valid``):

- the same inputs key;
- the same number of readings (``annulus_latest_readings.readings_count``, counted by the database trigger): no
  reading was added, whatever its time;
- no reading is later than T (so none entered the window at its end as time moved on);
- the first reading of T's window is still inside [now - look-back, now] (so none left it at its start).

Anything else (a new reading, a reading leaving the window, a configuration or limit change, no stored verdict) runs
the check again and stores the new verdict.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from well_ops.models.integrity import Annulus, AnnulusLatestReading, AnnulusSapState
from well_ops.models.schemas_barriers import IntegrityConfig
from well_ops.services.context import Context

_STATE = AnnulusSapState.__table__  # type: ignore[attr-defined]
_LATEST = AnnulusLatestReading.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Brief:
    """What a snapshot takes from a verdict (``snapshots._combine``)."""
    status: str
    detected: bool


@dataclass(frozen=True)
class Stored:
    key: str
    readings_seen: int
    evaluated_at: datetime
    window_first_at: datetime | None
    verdict: Brief


def _config_text(cfg: IntegrityConfig) -> str:
    """The part of the configuration a verdict depends on (computed once per recompute)."""
    return json.dumps([cfg.sap_lookback_days, cfg.sap.model_dump(mode="json")], sort_keys=True)


def _inputs_key(config: str, production_start: datetime | None, a: Annulus) -> str:
    return _key(config, production_start.isoformat() if production_start else None, a.mawop_bar,
                a.maasp_bar is not None and a.mop_bar is not None)


@functools.lru_cache(maxsize=4096)
def _key(config: str, production_start: str | None, mawop_bar: float | None, has_limits: bool) -> str:
    """sha1 of the inputs (wells share most of them: cached)."""
    return hashlib.sha1(json.dumps([config, production_start, mawop_bar, has_limits]).encode()).hexdigest()


def _stored(ctx: Context, annulus_ids: list[int] | None = None) -> dict[int, Stored]:
    t = _STATE.c
    query = sa.select(t.annulus_id, t.inputs_key, t.readings_seen, t.evaluated_at, t.window_first_at, t.status,
                      t.detected)
    if annulus_ids is not None:
        query = query.where(t.annulus_id.in_(annulus_ids))
    rows = ctx.session.connection().execute(query).all()
    return {r[0]: Stored(r[1], int(r[2]), r[3], r[4], Brief(r[5], bool(r[6]))) for r in rows}


def _counts(ctx: Context, annulus_ids: list[int] | None = None) -> dict[int, tuple[int, datetime]]:
    """Per annulus: (readings so far, latest reading time)."""
    t = _LATEST.c
    query = sa.select(t.annulus_id, t.readings_count, t.measured_at)
    if annulus_ids is not None:
        query = query.where(t.annulus_id.in_(annulus_ids))
    rows = ctx.session.connection().execute(query).all()
    return {r[0]: (int(r[1]), r[2]) for r in rows}


def _row(a: Annulus, key: str, counted: tuple[int, datetime] | None, now: datetime, first_at: datetime | None,
         status: str, detected: bool) -> dict[str, Any]:
    """The stored form of a verdict (``counted``: read before the window, see the module docstring)."""
    return {"annulus_id": a.id, "inputs_key": key, "readings_seen": counted[0] if counted else 0,
            "evaluated_at": now, "window_first_at": first_at, "status": status, "detected": detected}


def _valid(stored: Stored | None, key: str, counted: tuple[int, datetime] | None, now: datetime,
           lookback: timedelta) -> bool:
    if stored is None or stored.key != key:
        return False
    seen, latest_at = counted if counted is not None else (0, None)
    if seen != stored.readings_seen or (latest_at is not None and latest_at > stored.evaluated_at):
        return False
    return stored.window_first_at is None or stored.window_first_at >= now - lookback


def _store(ctx: Context, rows: list[dict[str, Any]]) -> None:
    """Upsert the new verdicts (one statement per 5,000)."""
    if not rows:
        return
    dialect = ctx.session.get_bind().dialect.name
    insert: Any = pg_insert if dialect == "postgresql" else sqlite_insert
    for start in range(0, len(rows), 5000):
        statement = insert(_STATE).values(rows[start:start + 5000])
        statement = statement.on_conflict_do_update(index_elements=["annulus_id"], set_={
            c: statement.excluded[c] for c in ("inputs_key", "readings_seen", "evaluated_at", "window_first_at",
                                               "status", "detected")})
        ctx.session.execute(statement)
