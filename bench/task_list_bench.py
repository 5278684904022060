"""``GET /api/tasks`` service timings on the large data set (run bench/dataset.py first).

The list is counted, sorted and paged by the database (``services/tasks/listing.list_tasks``). Prints the median
and p95 of one page of 50 at the start and deep in the list, sorted by position (the default, the board's order) and
by title, its SQL statement count (must not grow with the page or the offset), and the old way for comparison:
the board service (capped at 300 cards per column) then sorted and cut in memory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard_bench import QueryCounter, timed  # noqa: E402
from bench.dataset import bench_url  # noqa: E402
from well_ops import db  # noqa: E402
from well_ops.services import tasks  # noqa: E402
from well_ops.services.context import SYSTEM  # noqa: E402
from well_ops.services.tasks.listing import list_tasks  # noqa: E402

FILTERS = {"top_level_only": False, "include_cancelled": True}


def main() -> None:
    engine = db.make_engine(os.environ.get("DATABASE_URL", bench_url()))
    db.set_engine(engine)
    counter = QueryCounter(engine)
    with engine.connect() as conn:
        total = conn.execute(sa.text("select count(*) from tasks")).scalar() or 0
    print(f"data: {total} tasks")
    list_tasks(SYSTEM, FILTERS)  # warm-up
    for sort, offset in ((None, 0), (None, max(0, total - 60)), ("title", 0), ("-due_date", total // 2)):
        counter.count = 0
        page = list_tasks(SYSTEM, FILTERS, sort=sort, limit=50, offset=offset)
        statements = counter.count
        med, p95 = timed(lambda s=sort, o=offset: list_tasks(SYSTEM, FILTERS, sort=s, limit=50, offset=o), 15)
        print(f"list_tasks sort={sort or 'board order'} offset={offset}: median {med:.1f} ms, p95 {p95:.1f} ms, "
              f"{statements} SQL statements, {len(page.items)} of total {page.total}")

    def old_way() -> int:
        columns = tasks.board(SYSTEM, FILTERS)
        cards = sorted((c for col in columns.values() for c in col), key=lambda c: c.title.casefold())
        return len(cards[:50])

    med, p95 = timed(old_way, 5)
    shown = sum(len(c) for c in tasks.board(SYSTEM, FILTERS).values())
    print(f"before (board, 300 per column, sorted in memory): median {med:.1f} ms, p95 {p95:.1f} ms, "
          f"and it reached only {shown} of {total} tasks")


if __name__ == "__main__":
    main()
