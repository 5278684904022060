"""Recompute the MAASP / MAWOP of every annulus and the integrity snapshot of every well, set-based.

Same results as ``recompute_well`` well by well (a ``MaaspResult`` where the value or an input changed, the cached
``annuli.maasp_bar`` / ``mawop_bar``, a snapshot where the state changed, ``snapshot.category_changed`` events), but
in a fixed number of queries whatever the number of wells: the architecture (five queries), the latest result of
each annulus, envelopes and elements, the latest reading of each annulus, the SAP window readings, the latest
snapshot of each well; the computation runs in Python with the pure domain functions, and the writes are bulk
statements. The bulk rows are audited by one ``recompute`` audit event (the results and snapshots carry the reason
and the acting user themselves); envelope status changes go through the ORM and are audited row by row.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.bulk import array_literal, without_gc_pauses
from well_ops.domain.barriers import envelope_status
from well_ops.domain.sap import Reading, detect_sap, no_bleed_possible, status_without_bleeds
from well_ops.models.barriers import BarrierElement, BarrierEnvelope, BarrierStatus, IntegritySnapshot
from well_ops.models.base import UTCDateTime, utcnow
from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus, AnnulusMeasurement, AnnulusSapState, MaaspResult
from well_ops.models.schemas_barriers import IntegrityConfig
from well_ops.models.tasks import Webhook
from well_ops.services.audit_trail import record_event
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity import sap_states
from well_ops.services.integrity._common import _now, _production_start
from well_ops.services.integrity._maasp_build import WellRows, _load_many
from well_ops.services.integrity.config import _config, _mawop_percents, _sap_config
from well_ops.services.integrity.maasp import LastResult, _result_row, _same, _stored_values
from well_ops.services.integrity.series import _latest
from well_ops.services.integrity.snapshots import (
    _category_event,
    _changed,
    _combine,
    _matrix,
    _snapshot_values,
    _state,
)
from well_ops.services.integrity.views_fleet import FleetRecompute, SnapshotView

M = AnnulusMeasurement


def _wells(ctx: Context, well_ids: list[int] | None) -> list[Well]:
    query = select(Well).order_by(col(Well.id))
    if well_ids is not None:
        query = query.where(col(Well.id).in_(well_ids))
    return list(ctx.session.exec(query))


def _last_results(ctx: Context, annulus_ids: list[int] | None) -> dict[int, LastResult]:
    """The latest stored result of each annulus (inputs, values, method version), in one query."""
    last: Any = select(sa.func.max(MaaspResult.id).label("rid")).group_by(col(MaaspResult.annulus_id))
    if annulus_ids is not None:
        last = last.where(col(MaaspResult.annulus_id).in_(annulus_ids))
    sub = last.subquery()
    rows = ctx.session.exec(select(MaaspResult.annulus_id, MaaspResult.inputs, MaaspResult.maasp_bar,
                                   MaaspResult.mawop_bar, MaaspResult.limiting_point, MaaspResult.method_version)
                            .join(sub, col(MaaspResult.id) == sub.c.rid))
    return {aid: LastResult(dict(inputs), value, mawop, limiting, method)
            for aid, inputs, value, mawop, limiting, method in rows}


RESULT_COLUMNS = ["annulus_id", "maasp_bar", "mawop_bar", "limiting_point", "method_version", "points", "inputs",
                  "changed_by_id", "reason", "phase", "computed_at", "created_at"]


def _maasp(ctx: Context, rows: dict[int, WellRows], annulus_ids: list[int] | None, reason: str,
           cfg: IntegrityConfig) -> tuple[int, int]:
    """Compute every annulus, store the changed results and cached limits in bulk; (results, annuli) written."""
    percents, last = _mawop_percents(cfg), _last_results(ctx, annulus_ids)
    limits: list[dict[str, Any]] = []
    now, stored = utcnow(), 0
    with _rows_into(ctx, MaaspResult, RESULT_COLUMNS) as put:     # rows stored while the next are computed
        for well_rows in rows.values():
            for a in well_rows.annuli:
                before = last.get(a.id or 0)
                value, mawop, limiting, points, inputs = _stored_values(well_rows, a, percents, before)
                if (a.maasp_bar, a.mawop_bar) != (value, mawop):
                    limits.append({"id": a.id, "maasp_bar": value, "mawop_bar": mawop})
                    a.maasp_bar, a.mawop_bar = value, mawop     # a plain row (``_load_many``): no ORM update
                if value is not None and not _same(before, inputs, value):
                    put({**_result_row(a.id or 0, value, mawop, limiting, points, inputs, reason,
                                       ctx.actor.user_id), "phase": "production", "computed_at": now,
                         "created_at": now})
                    stored += 1
    if limits and _is_pg(ctx):          # one statement instead of 20,000
        ctx.session.execute(sa.text(
            "UPDATE annuli SET maasp_bar = v.maasp, mawop_bar = v.mawop FROM unnest(CAST(:ids AS integer[]), "
            "CAST(:maasp AS float8[]), CAST(:mawop AS float8[])) AS v(id, maasp, mawop) WHERE annuli.id = v.id"),
            {"ids": array_literal([r["id"] for r in limits]),
             "maasp": array_literal([r["maasp_bar"] for r in limits]),
             "mawop": array_literal([r["mawop_bar"] for r in limits])})
    elif limits:
        ctx.session.execute(sa.update(Annulus), limits)
    return stored, len(limits)


def _is_pg(ctx: Context) -> bool:
    return ctx.session.get_bind().dialect.name == "postgresql"


def _json_array(values: list[Any]) -> str:
    """A PostgreSQL array literal of JSON documents (``{"...","..."}``; NULL for None), escaped with str.replace."""
    items = ("NULL" if v is None else '"' + json.dumps(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
             for v in values)
    return "{" + ",".join(items) + "}"


def _insert(ctx: Context, model: Any, rows: list[dict[str, Any]], returning: str = "") -> list[Any]:
    """Insert many rows: on PostgreSQL one ``INSERT ... SELECT FROM unnest(arrays)`` statement (JSON as text);
    elsewhere an executemany. ``returning``: a column to return, e.g. "id, well_id"."""
    table = model.__table__
    keys = list(rows[0])
    if not _is_pg(ctx):
        statement: Any = sa.insert(model)
        if returning:
            statement = statement.returning(*(table.c[k.strip()] for k in returning.split(",")),
                                            sort_by_parameter_order=True)
            return list(ctx.session.execute(statement, rows).all())
        ctx.session.execute(statement, rows)
        return []
    if not returning:
        _copy(ctx, table, keys, rows)
        return []
    dialect = ctx.session.get_bind().dialect
    casts, params = [], {}
    for n, key in enumerate(keys):
        column = table.c[key]
        processor = column.type.bind_processor(dialect)
        values = [processor(r[key]) if processor else r[key] for r in rows]
        kind = column.type.compile(dialect=dialect)
        if isinstance(column.type, sa.JSON):     # one array literal built here: the driver would escape each
            values, kind = _json_array([r[key] for r in rows]), "JSON"   # quote through a regex callback
        else:                                    # and would dump every element in Python (psycopg ListDumper)
            values = array_literal(values)
        params[f"p{n}"] = values
        casts.append(f"CAST(:p{n} AS {kind}[])")
    sql = (f"INSERT INTO {table.name} ({', '.join(keys)}) SELECT * FROM unnest({', '.join(casts)})"
           + (f" RETURNING {returning}" if returning else ""))
    result = ctx.session.execute(sa.text(sql), params)
    return list(result.all()) if returning else []


_COPY_TYPES = ((sa.BigInteger, "int8"), (sa.Integer, "int4"), (sa.Float, "float8"), (sa.Boolean, "bool"),
               (sa.DateTime, "timestamptz"))


def _copy_type(column: Any) -> str:
    """The PostgreSQL type a binary COPY sends for ``column``: strings, enums (their value) and JSON (its text,
    which ``json_recv`` takes as it is) go as text."""
    kind = getattr(column.type, "impl", column.type)     # a TypeDecorator (UTCDateTime) -> its DateTime
    return next((name for base, name in _COPY_TYPES if isinstance(kind, base)), "text")


def _converter(ctx: Context, table: Any, keys: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A row dict -> the tuple a binary COPY sends: bind processors applied, JSON documents dumped as text."""
    dialect = ctx.session.get_bind().dialect
    steps = []
    for key in keys:
        column = table.c[key]
        if isinstance(column.type, sa.JSON):
            steps.append((key, _dump_json))
        else:
            steps.append((key, column.type.bind_processor(dialect)))
    return lambda row: tuple(step(row[key]) if step else row[key] for key, step in steps)


def _dump_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


@contextlib.contextmanager
def _copy_into(ctx: Context, table: Any, keys: list[str]) -> Iterator[Callable[[dict[str, Any]], None]]:
    """PostgreSQL: a binary ``COPY table (keys) FROM STDIN`` open in the session's transaction; yields ``put(row)``.
    Rows are sent while the caller computes the next ones, so the database stores them meanwhile (no SQL text to
    build or parse; JSON documents dumped once and sent as they are). The connection runs nothing else until the
    block ends; an exception aborts the COPY (and so the transaction)."""
    convert = _converter(ctx, table, keys)
    raw: Any = ctx.session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({', '.join(keys)}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([_copy_type(table.c[key]) for key in keys])
        yield lambda row: copy.write_row(convert(row))


def _copy(ctx: Context, table: Any, keys: list[str], rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: insert ``rows`` with one binary COPY (``_copy_into``)."""
    with _copy_into(ctx, table, keys) as put:
        for row in rows:
            put(row)


@contextlib.contextmanager
def _rows_into(ctx: Context, model: Any, keys: list[str]) -> Iterator[Callable[[dict[str, Any]], None]]:
    """``put(row)`` for rows computed in a loop: streamed by COPY on PostgreSQL, else collected and inserted at the
    end (``_insert``)."""
    if _is_pg(ctx):
        with _copy_into(ctx, model.__table__, keys) as put:
            yield put
        return
    rows: list[dict[str, Any]] = []
    yield rows.append
    if rows:
        _insert(ctx, model, rows)


def _envelopes(ctx: Context, well_ids: list[int] | None) -> dict[int, dict[str, str]]:
    """Per well: envelope kind -> status from its elements (stored back where it differs), in two queries."""
    envelopes: Any = select(BarrierEnvelope)
    elements: Any = select(BarrierElement.envelope_id, BarrierElement.status)
    if well_ids is not None:
        envelopes = envelopes.where(col(BarrierEnvelope.well_id).in_(well_ids))
        elements = elements.where(col(BarrierElement.well_id).in_(well_ids))
    by_envelope: dict[int, list[str]] = {}
    for envelope_id, status in ctx.session.exec(elements):
        by_envelope.setdefault(envelope_id, []).append(str(status))
    out: dict[int, dict[str, str]] = {}
    for env in ctx.session.exec(envelopes):
        status = envelope_status(by_envelope.get(env.id or 0, []))
        out.setdefault(env.well_id, {})[str(env.kind)] = status
        if env.status != status:
            env.status = BarrierStatus(status)
            env.updated_at = utcnow()
    return out


def _windows(ctx: Context, well_ids: list[int] | None, cfg: IntegrityConfig,
             now: datetime, annulus_ids: list[int] | None = None) -> dict[int, list[Reading]]:
    """The SAP window readings (last ``sap_lookback_days`` up to ``now``) of every annulus (of ``well_ids``, of
    ``annulus_ids``), in one query of plain rows (no ORM type processing for 600,000 readings)."""
    start = now - timedelta(days=cfg.sap_lookback_days)
    if _is_pg(ctx):
        return _windows_pg(ctx, well_ids, annulus_ids, start, now)
    sql = ("SELECT m.annulus_id, m.measured_at, m.pressure_bar, m.temperature_c, m.is_bleed "
           "FROM annulus_measurements m JOIN annuli a ON a.id = m.annulus_id "
           "WHERE m.measured_at >= :start AND m.measured_at <= :now")
    params: dict[str, Any] = {"start": start, "now": now}
    binds = [sa.bindparam("start", type_=UTCDateTime), sa.bindparam("now", type_=UTCDateTime)]
    if well_ids is not None:
        sql += " AND a.well_id IN :wells"
        params["wells"] = well_ids
        binds.append(sa.bindparam("wells", expanding=True))
    if annulus_ids is not None:
        sql += " AND m.annulus_id IN :annuli"
        params["annuli"] = annulus_ids
        binds.append(sa.bindparam("annuli", expanding=True))
    query = sa.text(sql + " ORDER BY m.annulus_id, m.measured_at, m.id").bindparams(*binds).columns(
        sa.column("annulus_id"), sa.column("measured_at", sa.DateTime()), sa.column("pressure_bar"),
        sa.column("temperature_c"), sa.column("is_bleed"))
    return _group(ctx.session.connection().execute(query, params).all())


def _windows_pg(ctx: Context, well_ids: list[int] | None, annulus_ids: list[int] | None, start: datetime,
                now: datetime) -> dict[int, list[Reading]]:
    """PostgreSQL: the annuli as an array (the planner then reads the readings index by annulus and time, not
    the whole table), the rows in binary (no text parsing of 600,000 timestamps); the session is in UTC
    (``db.make_engine``), so the times arrive as aware UTC datetimes."""
    if annulus_ids is not None:
        annuli, params = "%(annuli)s", {"annuli": annulus_ids}
    elif well_ids is not None:
        annuli, params = "ARRAY(SELECT id FROM annuli WHERE well_id = ANY(%(wells)s))", {"wells": well_ids}
    else:
        annuli, params = "ARRAY(SELECT id FROM annuli)", {}
    sql = ("SELECT m.annulus_id, m.measured_at, m.pressure_bar, m.temperature_c, m.is_bleed "
           f"FROM annulus_measurements m WHERE m.annulus_id = ANY({annuli}) "
           "AND m.measured_at >= %(start)s AND m.measured_at <= %(now)s ORDER BY m.annulus_id, m.measured_at, m.id")
    raw: Any = ctx.session.connection().connection.driver_connection
    with raw.cursor(binary=True) as cursor:
        cursor.execute(sql, {**params, "start": start, "now": now})
        return _group(cursor.fetchall())


def _group(rows: Sequence[Any]) -> dict[int, list[Reading]]:
    """(annulus_id, measured_at, pressure_bar, temperature_c, is_bleed) rows, ordered by annulus -> readings."""
    out: dict[int, list[Reading]] = {}
    utc = timezone.utc
    for aid, at, pressure, temperature, is_bleed in rows:
        readings = out.get(aid)
        if readings is None:
            readings = out[aid] = []
        readings.append(Reading(at if at.tzinfo is utc else _utc(at), pressure, temperature, bool(is_bleed)))
    return out


Summary = tuple[int, datetime | None, bool, float, float]


def _summaries(connection: sa.Connection, well_ids: list[int] | None, cfg: IntegrityConfig, now: datetime,
               annulus_ids: list[int] | None = None) -> dict[int, Summary]:
    """Per annulus, over its SAP window: (readings, first time, any operator-flagged bleed, lowest and highest
    pressure), aggregated in the database: enough to tell the windows that cannot hold a bleed-down
    (``domain.sap.no_bleed_possible``) without reading their readings."""
    m = AnnulusMeasurement.__table__.c  # type: ignore[attr-defined]
    flagged = sa.func.max(sa.case((m.is_bleed, 1), else_=0))
    query = (sa.select(m.annulus_id, sa.func.count(), sa.func.min(m.measured_at), flagged,
                       sa.func.min(m.pressure_bar), sa.func.max(m.pressure_bar))
             .where(m.measured_at >= now - timedelta(days=cfg.sap_lookback_days), m.measured_at <= now)
             .group_by(m.annulus_id))
    if annulus_ids is not None:
        query = query.where(m.annulus_id.in_(annulus_ids))
    elif well_ids is not None:
        query = query.where(m.annulus_id.in_(sa.select(Annulus.id).where(col(Annulus.well_id).in_(well_ids))))
    elif connection.dialect.name == "postgresql":   # the annuli as an array: the planner reads the index by
        query = query.where(m.annulus_id == sa.func.any(       # annulus and time, not the whole table
            sa.func.array(sa.select(Annulus.id).scalar_subquery())))
    return {aid: (int(n), _utc(first) if first is not None else None, bool(flag), lo, hi)
            for aid, n, first, flag, lo, hi in connection.execute(query)}


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)


def _previous(ctx: Context, well_ids: list[int] | None) -> dict[int, IntegritySnapshot]:
    last: Any = select(sa.func.max(IntegritySnapshot.id).label("sid")).group_by(col(IntegritySnapshot.well_id))
    if well_ids is not None:
        last = last.where(col(IntegritySnapshot.well_id).in_(well_ids))
    sub = last.subquery()
    return {s.well_id: s for s in ctx.session.exec(select(IntegritySnapshot)
                                                   .join(sub, col(IntegritySnapshot.id) == sub.c.sid))}


BULK_VERDICTS = 100  # more new verdicts than this (PostgreSQL): DELETE + COPY instead of an upsert
IN_LIST_MAX = 2000   # more stale annuli than this: read every window and keep theirs (no huge IN list)


def _sap_verdicts(ctx: Context, rows: dict[int, WellRows], well_ids: list[int] | None, cfg: IntegrityConfig,
                  now: datetime) -> dict[int, Any]:
    """The SAP verdict of every annulus: the stored one where still valid (``sap_states``), else ``detect_sap``
    over its window, stored. Counts are read before the windows, so a reading arriving in between makes the
    stored verdict look stale (checked again next time), never fresh."""
    stored, counts = sap_states._stored(ctx), sap_states._counts(ctx)
    lookback, sap_cfg, config = timedelta(days=cfg.sap_lookback_days), _sap_config(cfg), sap_states._config_text(cfg)
    out: dict[int, Any] = {}
    stale: list[tuple[Annulus, datetime | None, str]] = []
    for well_rows in rows.values():
        start = _production_start(well_rows.well)
        for a in well_rows.annuli:
            key = sap_states._inputs_key(config, start, a)
            found = stored.get(a.id or 0)
            if found is not None and sap_states._valid(found, key, counts.get(a.id or 0), now, lookback):
                out[a.id or 0] = found.verdict
            else:
                stale.append((a, start, key))
    if not stale:
        return out
    ids = [a.id or 0 for a, _s, _k in stale]
    summaries = _summaries(ctx.session.connection(), well_ids, cfg, now, ids if len(ids) <= IN_LIST_MAX else None)
    fresh, judge = [], []
    for a, start, key in stale:      # a window that cannot hold a bleed-down: its status follows from its count
        n, first_at, flagged, lowest, highest = summaries.get(a.id or 0, (0, None, False, None, None))
        if n == 0 or no_bleed_possible(flagged, lowest, highest, sap_cfg):
            status = status_without_bleeds(n, sap_cfg)
            out[a.id or 0] = sap_states.Brief(status, False)
            fresh.append(sap_states._row(a, key, counts.get(a.id or 0), now, first_at, status, False))
        else:
            judge.append((a, start, key))
    judged = [a.id or 0 for a, _s, _k in judge]
    windows = _windows(ctx, well_ids, cfg, now, judged if len(judged) <= IN_LIST_MAX else None) if judge else {}
    for a, start, key in judge:
        readings = windows.get(a.id or 0, [])
        verdict = detect_sap(readings, sap_cfg, production_start=start, mawop_bar=a.mawop_bar,
                             has_limits=a.maasp_bar is not None and a.mop_bar is not None, explain=False)
        out[a.id or 0] = verdict
        fresh.append(sap_states._row(a, key, counts.get(a.id or 0), now, readings[0].at if readings else None,
                                     verdict.status, verdict.detected))
    if _is_pg(ctx) and len(fresh) > BULK_VERDICTS:   # a fleet of verdicts: one DELETE + one COPY
        ctx.session.execute(sa.text("DELETE FROM annulus_sap_states WHERE annulus_id = ANY(CAST(:ids AS integer[]))"),
                            {"ids": array_literal([r["annulus_id"] for r in fresh])})
        _insert(ctx, AnnulusSapState, fresh)
    else:
        sap_states._store(ctx, fresh)
    return out


def _snapshots(ctx: Context, rows: dict[int, WellRows], well_ids: list[int] | None, cfg: IntegrityConfig,
               reason: str, now: datetime) -> int:
    """Refresh every well's snapshot (``snapshots._refresh`` for many wells); returns how many were stored."""
    envelopes = _envelopes(ctx, well_ids)
    annulus_ids = None if well_ids is None else [a.id for r in rows.values() for a in r.annuli if a.id]
    latest, verdicts = _latest(ctx, annulus_ids), _sap_verdicts(ctx, rows, well_ids, cfg, now)
    matrix, previous = _matrix(ctx, seed=True), _previous(ctx, well_ids)
    changed: list[tuple[Well, SnapshotView]] = []
    for wid, well_rows in rows.items():
        well = well_rows.well
        states = [(a, latest.get(a.id or 0), verdicts[a.id or 0]) for a in well_rows.annuli]
        env = {"primary": "unknown", "secondary": "unknown", **envelopes.get(wid, {})}
        view = _state(well, env, *_combine(states), matrix, reason, now)
        if _changed(view, previous.get(wid)):
            changed.append((well, view))
    if not changed:
        return 0
    created = utcnow()
    values = [_snapshot_values(view, created) for _well, view in changed]
    ids = {well_id: sid for sid, well_id in _insert(ctx, IntegritySnapshot, values, "id, well_id")}
    hooked = any("snapshot.category_changed" in (h.events or [])
                 for h in ctx.session.exec(select(Webhook).where(col(Webhook.is_active).is_(True))))
    for well, view in changed:
        view.id, view.stored = ids[well.id or 0], True
        if hooked:
            _category_event(ctx, well, view, previous.get(well.id or 0))
    return len(changed)


@use_case("integrity.write")
@without_gc_pauses
def recompute_fleet(ctx: Context, well_ids: list[int] | None = None, reason: str = "fleet recompute",
                    now: datetime | None = None) -> FleetRecompute:
    """Recompute the MAASP / MAWOP of every annulus and refresh the snapshot of every well (or of ``well_ids``)."""
    if well_ids is not None and (not isinstance(well_ids, list)
                                 or not all(isinstance(i, int) and not isinstance(i, bool) for i in well_ids)):
        raise ValidationFailed({"well_ids": "give a list of well ids"})
    text, when = (str(reason or "").strip() or "fleet recompute")[:500], _now(now)
    cfg = _config(ctx)
    ids = None if well_ids is None else sorted(set(well_ids))
    rows = _load_many(ctx, _wells(ctx, ids), every_well=ids is None)
    annulus_ids = None if ids is None else [a.id for r in rows.values() for a in r.annuli if a.id]
    results, limits = _maasp(ctx, rows, annulus_ids, text, cfg)
    snapshots = _snapshots(ctx, rows, ids, cfg, text, when)
    out = FleetRecompute(len(rows), sum(len(r.annuli) for r in rows.values()), results, limits, snapshots)
    record_event(ctx.session, "recompute", "wells", "",
                 summary=f"MAASP / snapshots recomputed ({text}): {out.wells} wells, {out.annuli} annuli, "
                         f"{results} results, {limits} annulus limits, {snapshots} snapshots stored",
                 after={"reason": text, "well_ids": ids or "all", "wells": out.wells, "annuli": out.annuli,
                        "results_stored": results, "annuli_changed": limits, "snapshots_stored": snapshots})
    ctx.session.flush()
    return out
