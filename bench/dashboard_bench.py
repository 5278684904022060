"""Dashboard and campaign-detail service timings on the large data set (run bench/dataset.py first).

Prints the median and p95 of the dashboard service call, its SQL statement count, and the same count with a
tenth of the campaigns active, to show the count does not grow with the number of campaigns (no N+1).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dataset import bench_url  # noqa: E402
from well_ops import db  # noqa: E402
from well_ops.services import dashboard  # noqa: E402
from well_ops.services.context import SYSTEM  # noqa: E402


class QueryCounter:
    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._on)

    def _on(self, *_args: object) -> None:
        self.count += 1


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    engine = db.make_engine(os.environ.get("DATABASE_URL", bench_url()))
    db.set_engine(engine)
    counter = QueryCounter(engine)
    with engine.connect() as conn:
        active = conn.execute(sa.text("select count(*) from campaigns where status = 'active'")).scalar()
        wells = conn.execute(sa.text("select count(*) from wells")).scalar()
        reports = conn.execute(sa.text("select count(*) from daily_reports")).scalar()
    print(f"data: {active} active campaigns, {wells} wells, {reports} daily reports")
    dashboard.get_dashboard(SYSTEM)  # warm-up
    counter.count = 0
    board = dashboard.get_dashboard(SYSTEM)
    full_queries = counter.count
    med, p95 = timed(lambda: dashboard.get_dashboard(SYSTEM), 15)
    print(f"dashboard service: median {med:.1f} ms, p95 {p95:.1f} ms (target <= 150 ms median); "
          f"{len(board.cards)} campaign cards, {len(board.rigs)} rigs, {len(board.alerts)} alerts")
    print(f"dashboard SQL statements with {active} active campaigns: {full_queries}")
    with engine.begin() as conn:  # a tenth of the campaigns active, same query count expected
        conn.execute(sa.text("update campaigns set status = 'on_hold' where status = 'active' and id % 10 <> 0"))
    try:
        counter.count = 0
        dashboard.get_dashboard(SYSTEM)
        small = counter.count
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text("update campaigns set status = 'active' where status = 'on_hold'"))
    print(f"dashboard SQL statements with ~{active // 10} active campaigns: {small} "
          f"(ratio {full_queries / max(small, 1):.2f}: 1.00 means no N+1)")
    try:
        from well_ops.services import campaigns
    except ImportError:
        return
    detail = getattr(campaigns, "campaign_detail", None)
    if detail is None:
        return
    with engine.connect() as conn:
        camp_id = conn.execute(sa.text("select id from campaigns where status='active' order by id limit 1")).scalar()
    detail(SYSTEM, camp_id)
    counter.count = 0
    detail(SYSTEM, camp_id)
    q = counter.count
    med, p95 = timed(lambda: detail(SYSTEM, camp_id), 15)
    print(f"campaign detail service: median {med:.1f} ms, p95 {p95:.1f} ms (target <= 100 ms median); "
          f"{q} SQL statements")


if __name__ == "__main__":
    main()
