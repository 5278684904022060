"""The kanban board and the calendar: filtered cards in a fixed number of queries, capped per column."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col

from well_ops.models.schemas_tasks import BoardColumns, BoardFilter, TaskCard
from well_ops.models.tasks import Task, TaskStatus
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.tasks._cards import _capped_rows, _cards, _filter_clauses, _rows
from well_ops.services.tasks._common import _today
from well_ops.services.validation import parse

COLUMNS = (TaskStatus.backlog, TaskStatus.in_progress, TaskStatus.blocked, TaskStatus.done)
CALENDAR_MAX_DAYS = 400
CALENDAR_MAX_CARDS = 1000


def _filters(filters: Any) -> BoardFilter:
    return parse(BoardFilter, {} if filters is None else filters)


@use_case("task.read")
def board(ctx: Context, filters: BoardFilter | dict[str, Any] | None = None) -> BoardColumns:
    """Columns backlog, in_progress, blocked, done (+ cancelled on request) of cards by position.

    Two queries whatever the number of cards: the tasks with their names (at most ``limit_per_column`` per
    column, window-numbered in SQL) and every count (checklist, subtasks, attachments, comments) in one UNION.
    ``result.truncated[status]`` says how many cards each column left out.
    """
    f = _filters(filters)
    rows, truncated = _capped_rows(ctx, _filter_clauses(f, _today()), f.limit_per_column)
    statuses = [*COLUMNS, TaskStatus.cancelled] if f.include_cancelled else list(COLUMNS)
    columns: dict[str, list[TaskCard]] = {s.value: [] for s in statuses}
    for card in _cards(ctx, rows):
        columns[card.status.value].append(card)
    return BoardColumns(columns, {s.value: truncated.get(s.value, 0) for s in statuses})


def _day(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValidationFailed({field: "Use a date such as 2026-03-01."}) from None


@use_case("task.read")
def calendar(ctx: Context, start: date | str, end: date | str,
             filters: BoardFilter | dict[str, Any] | None = None) -> list[TaskCard]:
    """Cards of the tasks due between ``start`` and ``end`` (inclusive), by due date (at most 1000)."""
    first, last = _day(start, "start"), _day(end, "end")
    if last < first:
        raise ValidationFailed({"end": "The end is before the start."})
    if (last - first).days > CALENDAR_MAX_DAYS:
        raise ValidationFailed({"end": f"Show at most {CALENDAR_MAX_DAYS} days at a time."})
    clauses = [*_filter_clauses(_filters(filters), _today()), col(Task.due_date).between(first, last)]
    order = (col(Task.due_date), col(Task.position), col(Task.id))
    return _cards(ctx, _rows(ctx, clauses, order, limit=CALENDAR_MAX_CARDS))
