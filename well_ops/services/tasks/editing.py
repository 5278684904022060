"""Create, edit (optimistic lock), re-date and delete tasks."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlmodel import col, or_, select

from well_ops.models.base import utcnow
from well_ops.models.schemas_tasks import ASSIGNEE_FIELDS, TaskCard, TaskCreate, TaskUpdate
from well_ops.models.tasks import (
    ChecklistItem,
    Notification,
    Task,
    TaskAttachment,
    TaskComment,
    TaskDependency,
    TaskStatus,
)
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.tasks._cards import _card_of
from well_ops.services.tasks._common import _claim, _end_position, _require_edit, _task
from well_ops.services.tasks._files import _remove_after_commit
from well_ops.services.tasks._notify import _assignee_key, _notify_assignment
from well_ops.services.tasks._validate import _check_assignee, _check_links, _check_parent
from well_ops.services.tasks.moves import _emit, _set_status, _to_end
from well_ops.services.validation import parse

_REQUIRED = {"title": "Give the task a title.", "status": "Choose a status.", "priority": "Choose a priority."}


def _new_task(ctx: Context, data: Any, **extra: Any) -> Task:
    """Validate and insert a task at the end of its column; notifies the assignee(s)."""
    values = parse(TaskCreate, data).model_dump()
    _check_assignee(ctx, values)
    _check_links(ctx, values)
    _check_parent(ctx, None, values["parent_id"])
    task = Task(**values, **extra, created_by_id=ctx.actor.user_id)
    task.position = _end_position(ctx, task.status)
    if task.status == TaskStatus.done:
        task.completed_at = utcnow()
    ctx.session.add(task)
    ctx.session.flush()
    if _assignee_key(task):
        _notify_assignment(ctx, task)
    _emit(ctx, "task.created", task)
    return task


@use_case("task.write")
def create_task(ctx: Context, data: TaskCreate | dict[str, Any]) -> TaskCard:
    """Create a task (a subtask when ``parent_id`` is given) at the end of its column."""
    return _card_of(ctx, _new_task(ctx, data))


def _changes(ctx: Context, task: Task, data: Any) -> tuple[int, dict[str, Any]]:
    """The validated changes of an update and the version the user saw."""
    changes = parse(TaskUpdate, data).model_dump(exclude_unset=True)
    seen = changes.pop("version")
    for field, message in _REQUIRED.items():
        if field in changes and changes[field] is None:
            raise ValidationFailed({field: message})
    if "tags" in changes and changes["tags"] is None:
        changes["tags"] = []
    if "description" in changes and changes["description"] is None:
        changes["description"] = ""
    if any(f in changes for f in ASSIGNEE_FIELDS):  # a new assignment replaces the old one entirely
        changes = {**{f: None for f in ASSIGNEE_FIELDS}, **changes}
        _check_assignee(ctx, changes)
    _check_links(ctx, changes)
    if "parent_id" in changes:
        _check_parent(ctx, task, changes["parent_id"])
    return seen, changes


@use_case("task.read")  # object-level policy inside: task.write, or task.write_assigned on an assigned task
def update_task(ctx: Context, task_id: int, data: TaskUpdate | dict[str, Any]) -> TaskCard:
    """Edit a task; ``data.version`` must be the version the user loaded, else Conflict (reload)."""
    task = _task(ctx, task_id)
    _require_edit(ctx, task)
    seen, changes = _changes(ctx, task, data)
    _claim(ctx, task, seen)
    old_assignee = _assignee_key(task)
    status = changes.pop("status", None)
    for key, value in changes.items():
        setattr(task, key, value)
    if status is not None and _set_status(ctx, task, TaskStatus(status)):
        _to_end(ctx, task)
    new_assignee = _assignee_key(task)
    if new_assignee and new_assignee != old_assignee:
        ctx.session.flush()
        _notify_assignment(ctx, task)
    _emit(ctx, "task.updated", task, changed=sorted([*changes, *(["status"] if status is not None else [])]))
    return _card_of(ctx, task)


def _due(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValidationFailed({"due_date": "Use a date such as 2026-03-01."}) from None


@use_case("task.read")  # object-level policy inside
def set_due_date(ctx: Context, task_id: int, due_date: date | str | None, version: int | None = None) -> TaskCard:
    """Give a task a new due date (dragged on the calendar); None clears it."""
    task = _task(ctx, task_id)
    _require_edit(ctx, task)
    new_due = _due(due_date)
    _claim(ctx, task, version)
    task.due_date = new_due
    _emit(ctx, "task.updated", task, changed=["due_date"])
    return _card_of(ctx, task)


def _delete_comments(ctx: Context, task_id: int | None) -> None:
    """Remove a task's comments deepest replies first (each level flushed), so every row is audited."""
    comments = list(ctx.session.exec(select(TaskComment).where(TaskComment.task_id == task_id)))
    parents = {c.id: c.parent_id for c in comments}

    def depth(cid: int | None) -> int:
        level = 0
        while parents.get(cid) is not None and level < 1000:
            cid, level = parents[cid], level + 1
        return level

    levels: dict[int, list[TaskComment]] = defaultdict(list)
    for comment in comments:
        levels[depth(comment.id)].append(comment)
    for level in sorted(levels, reverse=True):
        for comment in levels[level]:
            ctx.session.delete(comment)
        ctx.session.flush()


def _delete_tree(ctx: Context, task: Task) -> list[str]:
    """Delete a task, its subtasks and every row hanging on them (audited); returns the stored file names."""
    stored: list[str] = []
    for sub in ctx.session.exec(select(Task).where(col(Task.parent_id) == task.id)).all():
        stored += _delete_tree(ctx, sub)
    _delete_comments(ctx, task.id)
    for model in (ChecklistItem, TaskAttachment, Notification):
        for row in ctx.session.exec(select(model).where(model.task_id == task.id)).all():  # type: ignore[attr-defined]
            if isinstance(row, TaskAttachment):
                stored.append(row.stored_name)
            ctx.session.delete(row)
    deps = select(TaskDependency).where(or_(TaskDependency.task_id == task.id, TaskDependency.blocked_by_id == task.id))
    for dep in ctx.session.exec(deps).all():
        ctx.session.delete(dep)
    ctx.session.flush()
    ctx.session.delete(task)
    ctx.session.flush()
    return stored


@use_case("task.delete")
def delete_task(ctx: Context, task_id: int) -> None:
    """Delete a task with its subtasks, checklist, comments and attachments.

    The attachment files are removed from disk by an after-commit hook, i.e. only once the deletion is
    committed; a rolled-back deletion keeps them.
    """
    _remove_after_commit(ctx.session, _delete_tree(ctx, _task(ctx, task_id)))
