"""The task list (REST ``GET /api/tasks``): every task matching the board's filters, counted, sorted and paged in
SQL (no per-column cap, unlike the board). Three queries whatever the page size: the count, the page (its ids
sorted and cut on ``tasks`` alone, then the names joined for those rows only) and the card counts of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, func, select

from well_ops.models.schemas_tasks import BoardFilter, TaskCard
from well_ops.models.tasks import Task, TaskStatus
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.tasks._cards import _NAMES, _cards, _filter_clauses, _joined
from well_ops.services.tasks._common import _today
from well_ops.services.validation import parse

SORTABLE = ("id", "title", "status", "due_date", "position", "version")
MAX_LIMIT = 500
_STATUS_ORDER = {s.value: i for i, s in enumerate(TaskStatus)}  # backlog, in_progress, blocked, done, cancelled


@dataclass
class TaskPage:
    """One page of tasks and how many match in all."""

    items: list[TaskCard] = field(default_factory=list)
    total: int = 0


def _status_rank() -> Any:
    return sa.case(_STATUS_ORDER, value=col(Task.status), else_=len(_STATUS_ORDER))


def _order(sort: str | None) -> list[Any]:
    """ORDER BY of ``sort`` (``field`` / ``-field``, empty values last), then the board's order (column, position)."""
    board = [_status_rank(), col(Task.position), col(Task.id)]
    if not sort:
        return board
    name, descending = sort.removeprefix("-"), sort.startswith("-")
    if name not in SORTABLE:
        raise ValidationFailed({"sort": f"cannot sort by {name!r}; use one of: {', '.join(SORTABLE)}"})
    column = {"title": sa.func.lower(col(Task.title)), "status": _status_rank()}.get(name, getattr(Task, name))
    return [col(getattr(Task, name)).is_(None), column.desc() if descending else column.asc(), *board]


def _page(limit: Any, offset: Any) -> tuple[int, int]:
    ok_limit = isinstance(limit, int) and not isinstance(limit, bool) and 1 <= limit <= MAX_LIMIT
    ok_offset = isinstance(offset, int) and not isinstance(offset, bool) and offset >= 0
    if not ok_limit:
        raise ValidationFailed({"limit": f"give a whole number from 1 to {MAX_LIMIT}"})
    if not ok_offset:
        raise ValidationFailed({"offset": "give a whole number from 0"})
    return limit, offset


@use_case("task.read")
def list_tasks(ctx: Context, filters: BoardFilter | dict[str, Any] | None = None, *, status: Any = None,
               sort: str | None = None, limit: int = 50, offset: int = 0) -> TaskPage:
    """Tasks matching the board's filters (and ``status``), sorted by a whitelisted field, one page of them."""
    f = parse(BoardFilter, {} if filters is None else filters)
    clauses = _filter_clauses(f, _today())
    if status not in (None, ""):
        if str(status) not in _STATUS_ORDER:
            raise ValidationFailed({"status": f"choose one of: {', '.join(_STATUS_ORDER)}"})
        clauses.append(col(Task.status) == TaskStatus(str(status)))
    size, skip = _page(limit, offset)
    order = _order(sort)
    total = int(ctx.session.exec(select(func.count()).select_from(Task).where(*clauses)).one())
    page = select(col(Task.id).label("tid")).where(*clauses).order_by(*order).offset(skip).limit(size).subquery()
    query = _joined(select(Task, *_NAMES)).join(page, page.c.tid == Task.id)  # type: ignore[call-overload]
    rows = list(ctx.session.exec(query.order_by(*order)))  # the names joined for this page's rows only
    return TaskPage(_cards(ctx, rows), total)
