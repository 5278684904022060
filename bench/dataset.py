"""Generate a large, realistic data set on PostgreSQL for the benchmarks (bulk COPY; bypasses the ORM audit).

    python bench/dataset.py [--rigs 50 --campaigns 200 --wells 2000 --reports 100000 --tasks 20000 --focus-tasks 0]

Creates (or re-creates) the database named by WELLOPS_BENCH_DB (default wellops_bench) on the local PostgreSQL,
migrates it, and fills it. Prints the row counts and the time taken.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN_URL = os.environ.get("WELLOPS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = os.environ.get("WELLOPS_BENCH_DB", "wellops_bench")


def bench_url() -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + DB_NAME


def recreate_database() -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.set_main_option("sqlalchemy.url", bench_url())
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")
    return bench_url()


def _copy(conn: psycopg.Connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    with conn.cursor() as cur:
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(buf.getvalue())


def _task_campaign(i: int, n_campaigns: int, focus: int) -> int:
    """Campaign of the i-th task: the first ``focus`` tasks go to campaign 1, the rest round-robin (never 1 then)."""
    if i <= focus:
        return 1
    return (i % n_campaigns) + 1 if focus == 0 or n_campaigns == 1 else (i % (n_campaigns - 1)) + 2


def generate(n_rigs: int, n_campaigns: int, n_wells: int, n_reports: int, n_tasks: int, seed: int = 7,
             focus_tasks: int = 0) -> dict:
    """Fill the database; ``focus_tasks`` > 0 puts exactly that many tasks in campaign 1 (the board bench)."""
    rnd = random.Random(seed)
    now = datetime.now(timezone.utc)
    today = now.date()
    ts = now.isoformat()
    url = bench_url().replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        statuses = ["drilling", "tripping", "casing_cementing", "moving", "waiting", "maintenance", "standby", "idle"]
        types = ["land", "jack_up", "semi_submersible", "drillship", "platform"]
        _copy(conn, "rigs", ["id", "name", "rig_type", "contractor", "status", "latitude", "longitude",
                             "day_rate_amount", "currency", "notes", "created_at", "updated_at"],
              [(i, f"Rig {i:03d}", types[i % 5], f"Contractor {i % 7}", statuses[i % 8],
                round(rnd.uniform(-40, 65), 4), round(rnd.uniform(-120, 60), 4), rnd.randint(20, 450) * 1000,
                "USD", "", ts, ts) for i in range(1, n_rigs + 1)])
        camps = []
        for i in range(1, n_campaigns + 1):
            start = today - timedelta(days=rnd.randint(-60, 400))
            status = "active" if i % 4 == 0 else ("completed" if start < today - timedelta(days=200) else "planned")
            camps.append((i, f"C-{i:04d}", f"Campaign {i}", f"Field {i % 40}", "Somewhere", (i % n_rigs) + 1,
                          start, start + timedelta(days=180), start if start <= today else None, None,
                          "Objectives", status, rnd.randint(10, 200) * 1e6, "USD", ts, ts))
        _copy(conn, "campaigns", ["id", "code", "name", "field", "location", "rig_id", "planned_start",
                                  "planned_end", "actual_start", "actual_end", "objectives", "status", "afe_amount",
                                  "currency", "created_at", "updated_at"], camps)
        wells, plan = [], []
        for i in range(1, n_wells + 1):
            camp = camps[(i - 1) % n_campaigns]
            spud = camp[6] + timedelta(days=rnd.randint(0, 60))
            target = rnd.randint(2500, 6000)
            days = rnd.randint(25, 80)
            wells.append((i, f"W-{i:05d}", camp[3], "Norway", "development", "drilling", camp[0], camp[5],
                          round(rnd.uniform(-40, 65), 4), round(rnd.uniform(-120, 60), 4),
                          spud if spud <= today else None, float(target), float(days), camp[12] / 10, "USD",
                          False, False, "oil", 0.0, 0.0, ts, ts))
            plan += [(i, 0.0, 0.0, ts), (i, days * 0.4, target * 0.5, ts), (i, days * 0.5, target * 0.5, ts),
                     (i, float(days), float(target), ts)]
        _copy(conn, "wells", ["id", "name", "field", "country", "well_type", "status", "campaign_id", "rig_id",
                              "latitude", "longitude", "spud_date", "target_depth_md_m", "planned_days",
                              "afe_amount", "currency", "h2s_present", "is_manned", "fluid_type", "measured_depth_m",
                              "tvd_m", "created_at", "updated_at"], wells)
        _copy(conn, "well_plan_points", ["well_id", "day", "depth_md_m", "created_at"], plan)
        reports, lines, costs = [], [], []
        per_well = max(1, n_reports // n_wells)
        rid = 0
        for w in wells:
            spud = w[10] or (today - timedelta(days=per_well))
            depth = 0.0
            for d in range(per_well):
                rid += 1
                drilled = rnd.uniform(0, 180)
                depth += drilled
                day = spud + timedelta(days=d)
                reports.append((rid, w[0], w[7], day, d + 1, round(depth, 1), round(depth * 0.95, 1),
                                round(drilled, 1), False, "Drilled ahead", "Drill ahead", "OBM", 1.3, "", 0, 80,
                                24.0, 18.0, 2.0, 340000.0, ts, ts))
                t0 = datetime(day.year, day.month, day.day, 6, tzinfo=timezone.utc)
                for n, (h0, h1, code, cls, prod) in enumerate(((0, 12, "2", "planned", True),
                                                               (12, 16, "6", "planned", True),
                                                               (16, 18, "8", "downtime", False),
                                                               (18, 24, "2", "planned", True)), start=1):
                    lines.append((rid, n, (t0 + timedelta(hours=h0)).isoformat(),
                                  (t0 + timedelta(hours=h1)).isoformat(), round(depth, 1), "drilling", code, cls,
                                  prod, False, "", ts))
                costs.append((rid, "rig", "Rig day rate", 250000.0, "USD", "", ts))
                costs.append((rid, "services", "Services", 90000.0, "USD", "", ts))
        _copy(conn, "daily_reports", ["id", "well_id", "rig_id", "report_date", "report_number", "depth_md_m",
                                      "depth_tvd_m", "distance_drilled_m", "sidetrack", "summary_24h",
                                      "forecast_24h", "mud_type", "mud_density_sg", "safety_notes", "incidents",
                                      "personnel_on_board", "reported_hours", "drilling_hours", "npt_hours",
                                      "cost_amount", "created_at", "updated_at"], reports)
        conn.execute("UPDATE wells w SET measured_depth_m = r.depth_md_m, tvd_m = r.depth_tvd_m FROM daily_reports r "
                     "WHERE r.well_id = w.id AND r.report_date = (SELECT max(report_date) FROM daily_reports x "
                     "WHERE x.well_id = w.id)")
        _copy(conn, "report_time_logs", ["report_id", "line_no", "start_at", "end_at", "depth_md_m", "phase",
                                         "activity_code", "activity_class", "productive", "failed", "comment",
                                         "created_at"], lines)
        _copy(conn, "report_cost_lines", ["report_id", "category", "description", "amount", "currency",
                                          "created_at"], [(c[0], c[1], c[2], c[3], c[4], c[6]) for c in costs])
        task_statuses = ["backlog", "in_progress", "blocked", "done"]
        _copy(conn, "tasks", ["title", "description", "status", "priority", "due_date", "position", "campaign_id",
                              "well_id", "tags", "auto_generated", "version", "created_at", "updated_at"],
              [(f"Task {i}", "", task_statuses[i % 4], "normal", today + timedelta(days=rnd.randint(-20, 40)),
                float(i), _task_campaign(i, n_campaigns, focus_tasks), (i % n_wells) + 1, "[]", False, 1, ts, ts)
               for i in range(1, n_tasks + 1)])
        for table in ("rigs", "campaigns", "wells", "daily_reports"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
        conn.execute("ANALYZE")
    return {"rigs": n_rigs, "campaigns": n_campaigns, "wells": n_wells, "daily_reports": len(reports),
            "time_log_lines": len(lines), "cost_lines": len(costs), "tasks": n_tasks}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rigs", type=int, default=50)
    ap.add_argument("--campaigns", type=int, default=200)
    ap.add_argument("--wells", type=int, default=2000)
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--tasks", type=int, default=20_000)
    ap.add_argument("--focus-tasks", type=int, default=0, help="put exactly this many tasks in campaign 1")
    a = ap.parse_args()
    t0 = time.perf_counter()
    recreate_database()
    counts = generate(a.rigs, a.campaigns, a.wells, a.reports, a.tasks, focus_tasks=a.focus_tasks)
    print(f"generated in {time.perf_counter() - t0:.1f} s: {counts}")
    print(f"DATABASE_URL={bench_url()}")


if __name__ == "__main__":
    main()
