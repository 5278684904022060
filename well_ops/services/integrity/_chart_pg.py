"""Chart data of a long series on PostgreSQL: the min/max bucketing and the bleed search done in SQL.

Gives exactly what ``chart_series`` computes in Python from every row (``domain.downsample.minmax_downsample`` with
every exceedance and flagged bleed kept, and ``domain.sap.find_bleeds``), without fetching a year of readings:

1. the first two and last two rows of the range (index lookups) fix the interior and the bucket edges, the same
   edges as ``minmax_downsample`` (t0 + k x span, passed as timestamps to ``width_bucket``);
2. ONE aggregate pass over the range, grouped by (chart bucket, bleed window) (``date_bin`` of
   ``bleed_max_duration_h``): the first minimum and first maximum in (time, id) order
   (``min(ARRAY[pressure, epoch, id])`` / ``max(ARRAY[pressure, -epoch, -id])``), the ids of the readings above
   the lowest limit or flagged as bleeds, and min, max and flags for the bleed search; Python folds the groups
   into chart buckets and into windows;
3. the kept rows by id; and only the readings around a possible bleed (a window whose maximum is above
   ``near_zero_bar`` with a minimum at most (1 - ``bleed_drop_fraction``) of it in it or the next two windows, or
   a flagged reading), run through ``find_bleeds`` piece by piece. An inferred bleed starting at reading i ends
   within ``bleed_max_duration_h`` of it, so it lies in i's window or the next: the pieces hold every bleed whole,
   each piece starts after a reading that cannot start one, and a piece takes the reading before it for the
   pre-bleed pressure of an operator-entered bleed.

Step 2 reads the hour rollup ``annulus_reading_hours`` (migration 0004: per annulus and hour the count, first
lowest, first highest and any flagged bleed, kept by a trigger) where it can: an hour that holds no bucket edge,
and neither the first or last reading nor an end of the range, lies whole in one chart bucket (and in one bleed
window, when ``bleed_max_duration_h`` is a whole number of hours), so its rollup row stands for its readings.
Only the other hours (about one per bucket) are aggregated from the readings, and the ids above the limit or
flagged are read from the hours whose highest reading is above it or that hold a flagged one. A year of one-minute
readings is then ~8,800 rollup rows and ~60,000 readings instead of 525,600; the result is the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from well_ops.bulk import array_literal
from well_ops.domain.sap import BleedEvent, Reading, SapConfig, find_bleeds

_ROW = "measured_at, pressure_bar, temperature_c, is_bleed"


@dataclass
class PgChart:
    total: int
    rows: list[tuple[Any, ...]]        # the kept readings (measured_at, pressure_bar, temperature_c, is_bleed)
    bleeds: list[BleedEvent]


def _utc(at: datetime) -> datetime:
    return at.astimezone(timezone.utc)


def _edges(t0: float, t1: float, buckets: int) -> list[datetime]:
    """Thresholds for ``width_bucket`` reproducing ``minmax_downsample``'s buckets: a time t goes to bucket
    1 + #{k: t > t0 + k x span}; the edge is the last microsecond at or before t0 + k x span, plus 1 us."""
    span = (t1 - t0) / buckets
    out = []
    for k in range(1, buckets):
        edge = t0 + k * span
        moment = datetime.fromtimestamp(edge, timezone.utc)
        if moment.timestamp() > edge:
            moment -= timedelta(microseconds=1)
        out.append(moment + timedelta(microseconds=1))
    return out


def _ends(conn: sa.Connection, aid: int, lo: datetime, hi: datetime) -> tuple[list[Any], list[Any]]:
    where = "annulus_id = :a AND measured_at >= :lo AND measured_at <= :hi"
    head = conn.execute(sa.text(f"SELECT id, measured_at FROM annulus_measurements WHERE {where} "
                                "ORDER BY measured_at, id LIMIT 2"), {"a": aid, "lo": lo, "hi": hi}).all()
    tail = conn.execute(sa.text(f"SELECT id, measured_at FROM annulus_measurements WHERE {where} "
                                "ORDER BY measured_at DESC, id DESC LIMIT 2"), {"a": aid, "lo": lo, "hi": hi}).all()
    return list(head), list(tail)


# one row per reading (of the range, or of the partial hours) or per whole rollup hour; then ONE aggregate with two
# grouping sets: per chart bucket (count, first lowest / highest, the kept ids and the hours to read them from) and
# per bleed window (lowest, highest, any flagged bleed)
_RAW = """SELECT CASE WHEN m.id IN (:first, :last) THEN NULL
                  ELSE width_bucket(m.measured_at, CAST(:edges AS timestamptz[])) END AS cb,
             date_bin(:w, m.measured_at, :origin) AS wb, 1 AS n,
             ARRAY[m.pressure_bar, date_part('epoch', m.measured_at), m.id::float8] AS lowest,
             ARRAY[m.pressure_bar, -date_part('epoch', m.measured_at), -m.id::float8] AS highest,
             m.pressure_bar AS p_min, m.pressure_bar AS p_max, m.is_bleed AS flagged,
             CASE WHEN m.pressure_bar > :limit OR m.is_bleed THEN m.id END AS kept_id,
             NULL::timestamptz AS kept_hour"""
_RANGE = """FROM annulus_measurements m WHERE m.annulus_id = :a AND m.measured_at >= :lo AND m.measured_at <= :hi"""
_PARTIAL_HOURS = """FROM unnest(CAST(:cells AS timestamptz[])) AS c(h)
      JOIN LATERAL (SELECT * FROM annulus_measurements x WHERE x.annulus_id = :a
                    AND x.measured_at >= greatest(c.h, :lo) AND x.measured_at < c.h + interval '1 hour'
                    AND x.measured_at <= :hi OFFSET 0) m ON true"""
_WHOLE_HOURS = """SELECT width_bucket(hour, CAST(:edges AS timestamptz[])), date_bin(:w, hour, :origin), n,
             ARRAY[lo_p, lo_t, lo_id], ARRAY[hi_p, hi_t, hi_id], lo_p, hi_p, flagged, NULL::bigint,
             CASE WHEN hi_p > :limit OR flagged THEN hour END
      FROM annulus_reading_hours h
      WHERE annulus_id = :a AND hour > :lo_cell AND hour < :hi_cell
        AND NOT EXISTS (SELECT 1 FROM unnest(CAST(:cells AS timestamptz[])) AS c(x) WHERE c.x = h.hour)"""
_GROUPED = """
SELECT GROUPING(cb) = 1 AS by_window, cb, wb, sum(n) AS n,
       CASE WHEN GROUPING(cb) = 0 THEN min(lowest) END AS lowest,
       CASE WHEN GROUPING(cb) = 0 THEN max(highest) END AS highest,
       min(p_min) AS p_min, max(p_max) AS p_max, bool_or(flagged) AS flagged,
       CASE WHEN GROUPING(cb) = 0 THEN array_agg(kept_id) FILTER (WHERE kept_id IS NOT NULL) END AS kept,
       CASE WHEN GROUPING(cb) = 0 THEN array_agg(kept_hour) FILTER (WHERE kept_hour IS NOT NULL) END AS kept_hours
FROM ({parts}) p
GROUP BY GROUPING SETS ((cb), (wb))
"""
_AGGREGATE = _GROUPED.format(parts=f"{_RAW}\n      {_RANGE}")
_AGGREGATE_HOURS = _GROUPED.format(parts=f"{_RAW}\n      {_PARTIAL_HOURS}\n      UNION ALL\n      {_WHOLE_HOURS}")
# the chart rows: the kept ids, and the readings above the limit or flagged in the whole hours that hold some
_KEPT = f"""
SELECT {_ROW}, id FROM annulus_measurements WHERE id = ANY(CAST(:ids AS bigint[]))
UNION
SELECT m.{_ROW.replace(", ", ", m.")}, m.id FROM unnest(CAST(:hours AS timestamptz[])) AS c(h)
JOIN LATERAL (SELECT * FROM annulus_measurements x WHERE x.annulus_id = :a AND x.measured_at >= c.h
              AND x.measured_at < c.h + interval '1 hour' AND (x.pressure_bar > :limit OR x.is_bleed)
              OFFSET 0) m ON true
ORDER BY 1, 5
"""
HOUR = timedelta(hours=1)


def _cell(at: datetime) -> datetime:
    """The rollup hour holding ``at`` (date_bin('1 hour', at, 2000-01-01 UTC))."""
    return _ORIGIN + ((at - _ORIGIN) // HOUR) * HOUR


def _partial_cells(lo: datetime, hi: datetime, first: datetime, last: datetime,
                   edges: list[datetime]) -> list[datetime]:
    """The hours that do not lie whole in one chart bucket: those holding an end of the range, the first or the
    last reading (kept apart from the buckets) or a bucket edge (unless the edge is the hour's own start)."""
    cells = {_cell(lo), _cell(hi), _cell(first), _cell(last)}
    cells.update(_cell(e) for e in edges if _cell(e) != e)
    return sorted(cells)


_ORIGIN = datetime(2000, 1, 1, tzinfo=timezone.utc)

Window = tuple[float, float, bool]     # lowest and highest pressure, any flagged bleed reading


def _pieces(windows: dict[int, Window], cfg: SapConfig) -> list[tuple[int, int]]:
    """Runs of consecutive non-empty bleed windows that may hold a bleed (see the module docstring)."""
    keep_fraction = 1.0 - cfg.bleed_drop_fraction
    order = sorted(windows)
    wanted: set[int] = set()
    for k in order:
        p_min, p_max, flagged = windows[k]
        if flagged:
            wanted.add(k)
        if p_max > cfg.near_zero_bar:
            near = [x for x in (k, k + 1, k + 2) if x in windows]
            if min(windows[x][0] for x in near) <= keep_fraction * p_max + 1e-9 * max(1.0, p_max):  # a pre-filter
                wanted.update(near)
    pieces: list[tuple[int, int]] = []
    for n, k in enumerate(order):        # empty windows do not separate pieces: only a non-wanted reading does
        if k not in wanted:
            continue
        if pieces and n and order[n - 1] in wanted:
            pieces[-1] = (pieces[-1][0], k)
        else:
            pieces.append((k, k))
    return pieces


_PIECES = f"""
SELECT p.n, b.* FROM unnest(CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[])) WITH ORDINALITY
  AS p(s, e, n)
JOIN LATERAL (SELECT {_ROW}, m.id FROM annulus_measurements m WHERE m.annulus_id = :a AND m.measured_at >= p.s
              AND m.measured_at < p.e OFFSET 0) b ON true
ORDER BY p.n, b.measured_at, b.id
"""
_PRIORS = f"""
SELECT p.n, b.* FROM unnest(CAST(:starts AS timestamptz[])) WITH ORDINALITY AS p(s, n)
JOIN LATERAL (SELECT {_ROW} FROM annulus_measurements m WHERE m.annulus_id = :a AND m.measured_at < p.s
              AND m.measured_at >= :lo ORDER BY m.measured_at DESC, m.id DESC LIMIT 1 OFFSET 0) b ON true
"""


def _bleeds(conn: sa.Connection, aid: int, lo: datetime, hi: datetime, w: timedelta,
            windows: dict[int, Window], cfg: SapConfig) -> list[BleedEvent]:
    """find_bleeds over each piece, with the reading before it (two queries for all the pieces)."""
    pieces = _pieces(windows, cfg)
    if not pieces:
        return []
    starts = [max(lo, _ORIGIN + first * w) for first, _last in pieces]      # the pieces, clipped to [lo, hi]
    ends = [min(hi + timedelta(microseconds=1), _ORIGIN + (last + 1) * w) for _first, last in pieces]
    params = {"a": aid, "lo": lo, "starts": array_literal(starts), "ends": array_literal(ends)}
    rows: dict[int, list[Any]] = {}
    for n, *row in conn.execute(sa.text(_PIECES), params).all():
        rows.setdefault(n, []).append(row[:4])
    for n, *row in conn.execute(sa.text(_PRIORS), params).all():   # the reading before a piece cannot start a bleed
        if n in rows:
            rows[n].insert(0, row)
    found: list[BleedEvent] = []
    for n in sorted(rows):
        found += find_bleeds([Reading(_utc(r[0]), r[1], r[2], bool(r[3])) for r in rows[n]], cfg)
    return sorted(found, key=lambda b: b.start)


_SETTINGS = {"jit": "off", "enable_sort": "off", "work_mem": "64MB"}


def _planned(conn: sa.Connection, sql: str, params: dict[str, Any]) -> list[Any]:
    """Run the aggregate with a hash aggregate and no JIT (the planner over-estimates the number of buckets and
    would sort half a million rows; JIT compilation costs more than it saves here), then restore the settings."""
    before = {k: conn.execute(sa.text("SELECT current_setting(:k)"), {"k": k}).scalar_one() for k in _SETTINGS}
    for key, value in _SETTINGS.items():
        conn.execute(sa.text("SELECT set_config(:k, :v, true)"), {"k": key, "v": value})
    try:
        return list(conn.execute(sa.text(sql), params).all())
    finally:
        for key, value in before.items():
            conn.execute(sa.text("SELECT set_config(:k, :v, true)"), {"k": key, "v": value})


def _pg_chart(conn: sa.Connection, aid: int, lo: datetime, hi: datetime, max_points: int, limit: float | None,
             cfg: SapConfig) -> PgChart | None:
    """The chart rows of annulus ``aid`` in [lo, hi] and its bleed-downs; None when the range holds at most
    ``max_points`` readings (the caller then reads them all) or the SAP configuration is out of the usual range."""
    head, tail = _ends(conn, aid, lo, hi)
    w = timedelta(hours=cfg.bleed_max_duration_h)
    if len(head) < 2 or head[0][0] == tail[0][0] or not 0 < cfg.bleed_drop_fraction <= 1 or w <= timedelta(0):
        return None
    buckets = (max_points - 2) // 2
    t0, t1 = head[1][1].timestamp(), tail[1][1].timestamp()
    edges = _edges(t0, t1, buckets)      # array parameters as literals (psycopg dumps a list element by element)
    params = {"a": aid, "lo": lo, "hi": hi, "first": head[0][0], "last": tail[0][0], "w": w, "origin": _ORIGIN,
              "edges": array_literal(edges), "limit": limit if limit is not None else float("inf")}
    if w % HOUR == timedelta(0):         # hours lie whole in bleed windows: use the rollup
        params.update(cells=array_literal(_partial_cells(lo, hi, head[0][1], tail[0][1], edges)),
                      lo_cell=_cell(lo), hi_cell=_cell(hi))
        groups = _planned(conn, _AGGREGATE_HOURS, params)
    else:
        groups = _planned(conn, _AGGREGATE, params)
    total = sum(int(g.n) for g in groups if not g.by_window)
    if total <= max_points:
        return None
    windows: dict[int, Window] = {}
    ids, hours = {int(head[0][0]), int(tail[0][0])}, set()
    for g in groups:
        if g.by_window:
            windows[(_utc(g.wb) - _ORIGIN) // w] = (g.p_min, g.p_max, bool(g.flagged))
            continue
        ids.update(g.kept or ())
        hours.update(g.kept_hours or ())
        if g.cb is not None:
            ids.update((int(g.lowest[2]), int(-g.highest[2])))
    rows = conn.execute(sa.text(_KEPT), {**params, "ids": array_literal(sorted(ids)),
                                         "hours": array_literal(sorted(hours))}).all()
    return PgChart(total, [(_utc(r[0]), r[1], r[2], bool(r[3])) for r in rows],
                   _bleeds(conn, aid, lo, hi, w, windows, cfg))
