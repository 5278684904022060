"""Moving cards: status changes (with the blocker rule) and fractional positions inside a column."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.models.base import utcnow
from well_ops.models.schemas_tasks import TaskCard
from well_ops.models.tasks import Task, TaskDependency, TaskStatus
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.tasks._cards import _card_of
from well_ops.services.tasks._common import (
    MIN_POSITION_GAP,
    POSITION_GAP,
    STATUS_LABELS,
    _claim,
    _end_position,
    _opt_id,
    _ref,
    _require_edit,
    _task,
)
from well_ops.services.tasks._notify import _assignee_key, _notify_status
from well_ops.services.webhooks import emit_event


def _status(value: Any) -> TaskStatus:
    try:
        return TaskStatus(value)
    except ValueError:
        raise ValidationFailed({"status": f"Unknown status {value!r}."}) from None


def _open_blockers(ctx: Context, task: Task) -> list[Task]:
    query = (select(Task).join(TaskDependency, col(TaskDependency.blocked_by_id) == Task.id)
             .where(TaskDependency.task_id == task.id, Task.status != TaskStatus.done).order_by(col(Task.id)))
    with ctx.session.no_autoflush:  # the pending version bump flushes with the move: one UPDATE, one audit row
        return list(ctx.session.exec(query))


def _set_status(ctx: Context, task: Task, status: TaskStatus) -> bool:
    """Change the status by the rules (done needs every blocker done); True when it changed."""
    if status == task.status:
        return False
    if status == TaskStatus.done:
        blockers = _open_blockers(ctx, task)
        if blockers:
            names = ", ".join(f"{_ref(b)} ({STATUS_LABELS[b.status]})" for b in blockers)
            message = f"{_ref(task)} cannot be done yet. Blocked by {names}."
            raise ValidationFailed({"status": message}, message=message)
    previous = task.status
    task.status = status
    task.completed_at = utcnow() if status == TaskStatus.done else None
    _notify_status(ctx, task)
    _emit(ctx, "task.status_changed", task, from_status=previous, to_status=status)
    return True


def _emit(ctx: Context, event: str, task: Task, **extra: Any) -> None:
    """Queue a webhook event about ``task`` (services/webhooks.py): its main fields plus ``extra``."""
    fields = {"id": task.id, "title": task.title, "status": task.status, "priority": task.priority,
              "due_date": task.due_date, "assignee": _assignee_key(task), "parent_id": task.parent_id,
              "campaign_id": task.campaign_id, "rig_id": task.rig_id, "well_id": task.well_id,
              "auto_generated": task.auto_generated, "version": task.version}
    emit_event(ctx, event, {"task": fields, **extra})


def _column(ctx: Context, status: TaskStatus, moving_id: int | None) -> list[Task]:
    query = select(Task).where(Task.status == status, col(Task.id) != (moving_id or 0))
    return list(ctx.session.exec(query.order_by(col(Task.position), col(Task.id))))


def _index(column: list[Task], task_id: int | None, field: str) -> int | None:
    if task_id is None:
        return None
    for i, row in enumerate(column):
        if row.id == task_id:
            return i
    raise ValidationFailed({field: f"Task {task_id} is not in that column."})


def _bounds(column: list[Task], after: int | None, before: int | None) -> tuple[float | None, float | None]:
    """Positions of the neighbours the card goes between (None at an end of the column)."""
    if after is not None:  # placed just below ``after`` (a ``before`` that disagrees lost a race: after wins)
        return column[after].position, column[after + 1].position if after + 1 < len(column) else None
    if before is not None:
        return column[before - 1].position if before > 0 else None, column[before].position
    return (column[-1].position if column else None), None


def _between(low: float | None, high: float | None) -> float | None:
    """A position strictly between the neighbours, or None when the gap is too small."""
    if low is None and high is None:
        return POSITION_GAP
    if low is None:
        return high - POSITION_GAP  # type: ignore[operator]
    if high is None:
        return low + POSITION_GAP
    return (low + high) / 2 if high - low > MIN_POSITION_GAP else None


def _renumber(column: list[Task]) -> None:
    """Spread the column's positions out again (1024, 2048, ...), keeping the order. Versions are not bumped."""
    for i, row in enumerate(column, start=1):
        row.position = i * POSITION_GAP


def _neighbour(ctx: Context, status: TaskStatus, moving_id: int | None, task_id: Any, field: str) -> Task | None:
    """A card the moving card is dropped next to; it must be in the target column."""
    key = _opt_id(task_id, field)
    if key is None:
        return None
    row = ctx.session.get(Task, key)
    if row is None or row.status != status or row.id == moving_id:
        raise ValidationFailed({field: f"Task {key} is not in that column."})
    return row


def _adjacent(ctx: Context, status: TaskStatus, moving_id: int | None, of: Task | None, below: bool) -> Task | None:
    """The card just below (or above) ``of`` in the column by (position, id); the column's last card for None."""
    query = select(Task).where(Task.status == status, col(Task.id) != (moving_id or 0))
    if of is not None:
        key = (col(Task.position), col(Task.id))
        seen = (of.position, of.id)
        query = query.where(sa.tuple_(*key) > seen if below else sa.tuple_(*key) < seen)
    descending = of is None or not below
    order = (col(Task.position).desc(), col(Task.id).desc()) if descending else (col(Task.position), col(Task.id))
    return ctx.session.exec(query.order_by(*order).limit(1)).first()


def _neighbour_bounds(ctx: Context, task: Task, status: TaskStatus, before_id: Any,
                      after_id: Any) -> tuple[float | None, float | None]:
    """``_bounds`` from the (at most two) neighbouring rows instead of the whole column."""
    after = _neighbour(ctx, status, task.id, after_id, "after_id")
    before = _neighbour(ctx, status, task.id, before_id, "before_id")
    if after is not None:
        below = _adjacent(ctx, status, task.id, after, below=True)
        return after.position, below.position if below is not None else None
    if before is not None:
        above = _adjacent(ctx, status, task.id, before, below=False)
        return above.position if above is not None else None, before.position
    last = _adjacent(ctx, status, task.id, None, below=True)
    return (last.position if last is not None else None), None


def _place(ctx: Context, task: Task, status: TaskStatus, before_id: Any, after_id: Any) -> float:
    """The new position of ``task`` in the ``status`` column between the given neighbours.

    Reads only the neighbours (two or three indexed rows, whatever the column's size); only when their gap is
    exhausted does it load the whole column to renumber it.
    """
    position = _between(*_neighbour_bounds(ctx, task, status, before_id, after_id))
    if position is None:
        column = _column(ctx, status, task.id)
        after = _index(column, _opt_id(after_id, "after_id"), "after_id")
        before = _index(column, _opt_id(before_id, "before_id"), "before_id")
        _renumber(column)
        position = _between(*_bounds(column, after, before))
    return float(position)  # type: ignore[arg-type]


@use_case("task.read")  # object-level policy inside: task.write, or task.write_assigned on an assigned task
def move_task(ctx: Context, task_id: int, status: str, before_id: int | None = None, after_id: int | None = None,
              version: int | None = None) -> TaskCard:
    """Drop a card into a column: ``after_id`` is the card above it, ``before_id`` the card below (either, both
    or neither = end of column); also the keyboard/menu "move to" action."""
    task = _task(ctx, task_id)
    _require_edit(ctx, task)
    target = _status(status)
    _claim(ctx, task, version)
    _set_status(ctx, task, target)
    with ctx.session.no_autoflush:
        task.position = _place(ctx, task, target, before_id, after_id)
    return _card_of(ctx, task)


def _to_end(ctx: Context, task: Task) -> None:
    """Put a task whose status just changed at the end of its new column."""
    with ctx.session.no_autoflush:
        task.position = _end_position(ctx, task.status)
