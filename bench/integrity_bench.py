"""Integrity read / recompute benchmarks (issue #5) on PostgreSQL. Prints measured figures.

    .venv/bin/python bench/integrity_bench.py            # build the data set (a few minutes), then measure
    .venv/bin/python bench/integrity_bench.py --reuse    # measure on the data set already built

Data set, in its own database (WELLOPS_INTEGRITY_BENCH_DB, default ``bench_d_integrity``), built with
``INSERT ... SELECT generate_series(...)`` (rows written that way bypass the ORM audit trail on purpose):
5,000 producer wells like the docs/integrity.md worked example (conductor, surface, intermediate and production
casing, tubing, packer, tubing hanger, wellhead section), 4 annuli each (A-D = 20,000 annuli, a manual critical
point on every B annulus), and >= 10,000,000 readings: the first annulus has one reading a minute for a year
(525,600, with pressure spikes above MOP and monthly bleed-downs), every other annulus one reading a day for
476 days (a manual gauge round).

Measures (median / p95 after a warm-up):
1. ``integrity.chart_series`` of the one-minute annulus over one year, 2,000 points (the integrity page's call);
2. recomputing MAASP / MAWOP and the snapshots of the whole fleet (``integrity.recompute_fleet``): from an empty
   cache (every result and snapshot written; each run rolled back) and again when nothing changed;
3. ``integrity.latest_readings`` of all 20,000 annuli.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from well_ops import db  # noqa: E402
from well_ops.services import integrity  # noqa: E402
from well_ops.services.context import SYSTEM, Context  # noqa: E402

ADMIN_URL = os.environ.get("WELLOPS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = os.environ.get("WELLOPS_INTEGRITY_BENCH_DB", "bench_d_integrity")
WELLS = 5000
DAILY = 476           # readings of every annulus but the first (one a day)
MINUTES = 525_600     # readings of annulus 1 (one a minute for a year)


def bench_url() -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + DB_NAME


def _migrate() -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.set_main_option("sqlalchemy.url", "postgresql+psycopg://" + bench_url().split("://", 1)[1])
    cfg.attributes["configure_logger"] = False
    os.environ["DATABASE_URL"] = "postgresql+psycopg://" + bench_url().split("://", 1)[1]
    command.upgrade(cfg, "head")


_ARCHITECTURE = [
    # wells: the worked example, with per-well variation of depths and ratings
    f"""INSERT INTO wells (id, name, field, country, well_type, status, measured_depth_m, tvd_m, afe_amount, currency,
        spud_date, production_start_date, reservoir_pressure_bar, reservoir_tvd_m, reservoir_gradient_bar_per_m,
        h2s_present, is_manned, water_depth_m, fluid_type, created_at, updated_at)
    SELECT w, 'Bench Well ' || lpad(w::text, 5, '0'), 'Field ' || (w % 40), 'Norway', 'producer', 'producing',
        3650 + (w % 50), 3120 + (w % 50), 0, 'USD', date '2019-03-02', date '2019-07-01', 330 + (w % 20), 3050,
        0.108, w % 17 = 0, w % 3 = 0, CASE WHEN w % 2 = 0 THEN 350 ELSE 0 END, 'oil', now(), now()
    FROM generate_series(1, {WELLS}) w""",
    # casings: id 4(w-1)+1 conductor, +2 surface, +3 intermediate, +4 production
    f"""INSERT INTO casing_strings (id, well_id, name, kind, od_mm, id_mm, grade, top_md_m, bottom_md_m, top_tvd_m,
        bottom_tvd_m, burst_rating_bar, collapse_rating_bar, shoe_frac_gradient_bar_per_m, top_of_cement_md_m,
        top_of_cement_tvd_m, created_at, updated_at)
    SELECT 4 * (w - 1) + k, w, c.name, c.kind, c.od, c.idm, '', 0, c.md, 0, c.tvd + (w % 30), c.burst + (w % 25),
        c.collapse + (w % 15), c.frac, c.toc, c.toc, now(), now()
    FROM generate_series(1, {WELLS}) w CROSS JOIN (VALUES
        (1, '30in conductor', 'conductor', 762.0, 711.0, 450.0, 450.0, 90.0, 40.0, NULL::float8, NULL::float8),
        (2, '13-3/8in surface', 'surface', 339.7, 315.3, 1500.0, 1480.0, 370.0, 180.0, 0.165, 400.0),
        (3, '10-3/4in intermediate', 'intermediate', 273.0, 250.0, 2600.0, 2450.0, 520.0, 300.0, 0.175, 1300.0),
        (4, '9-5/8in production', 'production', 244.5, 220.5, 3600.0, 3080.0, 650.0, 430.0, 0.185, 2300.0)
    ) AS c(k, name, kind, od, idm, md, tvd, burst, collapse, frac, toc)""",
    f"""INSERT INTO tubing_strings (id, well_id, name, od_mm, id_mm, grade, weight_kg_per_m, top_md_m, bottom_md_m,
        bottom_tvd_m, burst_rating_bar, collapse_rating_bar, created_at, updated_at)
    SELECT w, w, '5-1/2in tubing', 139.7, 121.4, '', 29.8, 0, 3400, 2950, 620, 590, now(), now()
    FROM generate_series(1, {WELLS}) w""",
    f"""INSERT INTO completion_elements (well_id, kind, name, depth_md_m, depth_tvd_m, pressure_rating_bar, notes,
        created_at, updated_at)
    SELECT w, e.kind, e.name, e.md, e.tvd, e.rating, '', now(), now()
    FROM generate_series(1, {WELLS}) w CROSS JOIN (VALUES
        ('packer', 'Production packer', 3350.0, 2910.0, 345.0),
        ('wellhead_section', 'Tubing head spool', 0.0, 0.0, 345.0),
        ('tubing_hanger', 'Tubing hanger', 0.0, 0.0, 690.0)) AS e(kind, name, md, tvd, rating)""",
    # annuli: id 4(w-1)+k; A tubing/production, B production/intermediate, C intermediate/surface, D surface/cond.
    f"""INSERT INTO annuli (id, well_id, name, inner_casing_id, inner_tubing_id, outer_casing_id, fluid_type,
        fluid_gradient_bar_per_m, backup_fluid_gradient_bar_per_m, inside_fluid_gradient_bar_per_m, safety_factor,
        burst_design_factor, collapse_design_factor, mop_bar, is_fixed_platform, created_at, updated_at)
    SELECT 4 * (w - 1) + k, w, a.name,
        CASE WHEN k = 1 THEN NULL ELSE 4 * (w - 1) + 6 - k END, CASE WHEN k = 1 THEN w END, 4 * (w - 1) + 5 - k,
        a.fluid, a.grad, 0.1, 0.02, 0.9, 1.1, 1.0, a.mop, true, now(), now()
    FROM generate_series(1, {WELLS}) w CROSS JOIN (VALUES
        (1, 'A', 'inhibited brine', 0.1177, 60.0), (2, 'B', 'degraded mud', 0.118, 40.0),
        (3, 'C', 'degraded mud', 0.12, 30.0), (4, 'D', 'seawater', 0.1025, 20.0)) AS a(k, name, fluid, grad, mop)""",
    f"""INSERT INTO annulus_critical_points (annulus_id, name, kind, tvd_m, pressure_limit_bar, source, notes,
        created_at, updated_at)
    SELECT 4 * (w - 1) + 2, 'Intermediate casing shoe', 'manual', 2450, 244, 'manual', '', now(), now()
    FROM generate_series(1, {WELLS}) w""",
]

_READINGS = [
    # annulus 1: a reading a minute for a year; spikes above MOP (60 bar) every ~7 days, a bleed-down each month
    # (the pressure falls to about 2 bar in 30 minutes, then rebuilds over a day); the 6th bleed is operator-entered
    f"""INSERT INTO annulus_measurements (annulus_id, measured_at, pressure_bar, temperature_c, source, is_bleed,
        created_at)
    SELECT 1, :t0 + make_interval(mins => i),
        CASE WHEN i % 10007 = 5000 THEN 61 + (i % 13)
             WHEN i % 43200 BETWEEN 100 AND 129 THEN 25 - (i % 43200 - 100) * 0.78
             WHEN i % 43200 BETWEEN 130 AND 1570 THEN 2 + (i % 43200 - 130) * 0.016
             ELSE 25 + 4 * sin(i / 1440.0 * 2 * pi()) + random() END,
        40 + 3 * sin(i / 1440.0 * 2 * pi()), 'scada', i / 43200 = 6 AND i % 43200 BETWEEN 100 AND 129, now()
    FROM generate_series(0, {MINUTES - 1}) i""",
    # every other annulus: one reading a day for DAILY days
    f"""INSERT INTO annulus_measurements (annulus_id, measured_at, pressure_bar, temperature_c, source, is_bleed,
        created_at)
    SELECT a, :d0 + make_interval(days => d), 5 + (a % 23) + 2 * random(), 30 + (a % 7), 'manual', false, now()
    FROM generate_series(2, {4 * WELLS}) a CROSS JOIN generate_series(0, {DAILY - 1}) d""",
]


def build() -> None:
    """(Re)create the database, migrate it and fill it; prints the time taken."""
    t = time.perf_counter()
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    _migrate()
    now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    t0 = now - timedelta(minutes=MINUTES - 1)
    d0 = now.replace(hour=6, minute=0) - timedelta(days=DAILY - 1)
    with psycopg.connect(bench_url()) as conn:
        for sql in _ARCHITECTURE:
            conn.execute(sql)
        for table in ("wells", "casing_strings", "tubing_strings", "annuli"):
            conn.execute(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
        conn.execute("ALTER TABLE annulus_measurements DROP CONSTRAINT "
                     "uq_annulus_measurements_annulus_id_measured_at_source")
        conn.commit()
        print(f"architecture: {time.perf_counter() - t:.1f} s", flush=True)
        for sql in _READINGS:
            conn.execute(sql.replace("%", "%%").replace(":t0", "%(t0)s::timestamptz")
                         .replace(":d0", "%(d0)s::timestamptz"), {"t0": t0, "d0": d0})
            conn.commit()
            print(f"readings: {time.perf_counter() - t:.1f} s", flush=True)
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute("ALTER TABLE annulus_measurements ADD CONSTRAINT "
                     "uq_annulus_measurements_annulus_id_measured_at_source UNIQUE (annulus_id, measured_at, source)")
        conn.commit()
    with psycopg.connect(bench_url(), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"data set built in {time.perf_counter() - t:.1f} s", flush=True)


class QueryCounter:
    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._on)

    def _on(self, *_args: object) -> None:
        self.count += 1


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, list[float]]:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], ordered


def _vacuum() -> None:
    """VACUUM the tables the rolled-back runs filled with dead rows (each 2a run writes ~40 MB of JSON), so that a
    measure does not pay for the previous one's garbage."""
    with psycopg.connect(bench_url(), autocommit=True) as conn:
        for table in ("maasp_results", "integrity_snapshots", "annulus_sap_states", "annuli"):
            conn.execute(f"VACUUM ANALYZE {table}")


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def _rolled_back(fn: Callable[[Context], Any]) -> Callable[[], Any]:
    """Run ``fn`` in a transaction that is rolled back (so a run that writes everything can be repeated)."""
    def run() -> Any:
        session = db.new_session()
        session.info["actor"] = SYSTEM
        try:
            return fn(Context(session=session, actor=SYSTEM))
        finally:
            session.rollback()
            session.close()
    return run


def measure(runs: int) -> None:
    engine = db.make_engine("postgresql+psycopg://" + bench_url().split("://", 1)[1])
    db.set_engine(engine)
    counter = QueryCounter(engine)
    with engine.connect() as conn:
        counts = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                  for t in ("wells", "annuli", "casing_strings", "annulus_measurements")}
        minute_rows = conn.execute(sa.text("SELECT count(*) FROM annulus_measurements WHERE annulus_id = 1")).scalar()
        last = conn.execute(sa.text("SELECT max(measured_at) FROM annulus_measurements WHERE annulus_id = 1")).scalar()
    print(f"data: {counts['wells']:,} wells, {counts['annuli']:,} annuli, {counts['casing_strings']:,} casings, "
          f"{counts['annulus_measurements']:,} readings ({minute_rows:,} on annulus 1); {_load()}")

    # 1. chart data: one year of one-minute readings, as the integrity page asks for it (2,000 points)
    end = last + timedelta(minutes=1)
    start = end - timedelta(days=365)
    counter.count = 0
    series = integrity.chart_series(SYSTEM, 1, start, end, 2000)
    statements = counter.count
    med, p95, _ = timed(lambda: integrity.chart_series(SYSTEM, 1, start, end, 2000), runs)
    print(f"1. chart_series, 1 year of 1-minute readings ({series.total_points:,} rows): median {med:.0f} ms, "
          f"p95 {p95:.0f} ms (target <= 300 ms); {len(series.times):,} points sent, {len(series.exceedances)} "
          f"exceedances, {len(series.bleeds)} bleed points, {len(series.sap_episodes)} bleed episodes; "
          f"{statements} SQL statements; {_load()}")

    # 3. latest reading of every annulus
    counter.count = 0
    latest = integrity.latest_readings(SYSTEM)
    statements = counter.count
    med, p95, _ = timed(lambda: integrity.latest_readings(SYSTEM), runs)
    print(f"3. latest_readings of every annulus ({len(latest):,} readings): median {med:.0f} ms, p95 {p95:.0f} ms "
          f"(target <= 100 ms); {statements} SQL statements; {_load()}")

    # 2. fleet recompute: from an empty cache (everything written, rolled back), then with nothing changed
    recompute = getattr(integrity, "recompute_fleet", None)
    if recompute is None:
        print("2. recompute_fleet: not available")
        return
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE annuli SET maasp_bar = NULL, mawop_bar = NULL"))
        conn.execute(sa.text("DELETE FROM maasp_results"))
        conn.execute(sa.text("DELETE FROM integrity_snapshots"))
        conn.execute(sa.text("DELETE FROM annulus_sap_states"))
    counter.count = 0
    result = _rolled_back(lambda ctx: recompute(ctx, reason="benchmark"))()
    statements = counter.count
    heavy = max(2, runs // 3)
    med, p95, _ = timed(_rolled_back(lambda ctx: recompute(ctx, reason="benchmark")), heavy)
    print(f"2a. recompute_fleet from nothing stored ({result.wells:,} wells, {result.annuli:,} annuli, "
          f"{result.results_stored:,} results, {result.snapshots_stored:,} snapshots and every SAP verdict "
          f"written, rolled back): median {med / 1000:.2f} s, p95 {p95 / 1000:.2f} s over {heavy} runs "
          f"(target <= 5 s); {statements} SQL statements; {_load()}")
    recompute(SYSTEM, reason="benchmark")   # everything stored; then drop the results and snapshots only
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM maasp_results"))
        conn.execute(sa.text("DELETE FROM integrity_snapshots"))
    _vacuum()
    med, p95, _ = timed(_rolled_back(lambda ctx: recompute(ctx, reason="benchmark")), heavy)
    print(f"2c. recompute_fleet with no MAASP result or snapshot stored (SAP verdicts and cached limits kept) "
          f"({result.results_stored:,} results and {result.snapshots_stored:,} snapshots written, rolled back): "
          f"median {med / 1000:.2f} s, p95 {p95 / 1000:.2f} s over {heavy} runs (target <= 5 s); {_load()}")
    recompute(SYSTEM, reason="benchmark")   # store again, then measure the steady state
    _vacuum()
    counter.count = 0
    result = recompute(SYSTEM, reason="benchmark")
    statements = counter.count
    med, p95, _ = timed(lambda: recompute(SYSTEM, reason="benchmark"), heavy)
    print(f"2b. recompute_fleet with nothing changed ({result.results_stored} results, {result.snapshots_stored} "
          f"snapshots written): median {med / 1000:.2f} s, p95 {p95 / 1000:.2f} s over {heavy} runs "
          f"(target <= 5 s); {statements} SQL statements; {_load()}")
    sample = list(range(1, 51))
    t0 = time.perf_counter()
    for wid in sample:
        integrity.recompute_well(SYSTEM, wid, "benchmark")
    per_well = (time.perf_counter() - t0) / len(sample)
    print(f"   per-well path for comparison: {per_well * 1000:.0f} ms a well, i.e. about "
          f"{per_well * counts['wells']:.0f} s for the fleet; {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="measure on the data set already built")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per measure (after one warm-up)")
    args = parser.parse_args()
    if not args.reuse:
        build()
    measure(args.runs)


if __name__ == "__main__":
    main()
