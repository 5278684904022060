"""A task's checklist: add, tick, rename, reorder, delete items."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, func, select

from well_ops.models.base import utcnow
from well_ops.models.schemas_tasks import ChecklistItemRead
from well_ops.models.tasks import ChecklistItem, Task
from well_ops.services.context import Context, use_case
from well_ops.services.errors import NotFound, ValidationFailed
from well_ops.services.tasks._common import POSITION_GAP, _id, _require_edit, _task, _user_names

MAX_ITEMS = 200


def _text(value: Any) -> str:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text:
        raise ValidationFailed({"text": "Give the checklist item a text."})
    if len(text) > 500:
        raise ValidationFailed({"text": "At most 500 characters."})
    return text


def _read(ctx: Context, item: ChecklistItem, names: dict[int, str] | None = None) -> ChecklistItemRead:
    names = names if names is not None else _user_names(ctx, [item.done_by_id])
    return ChecklistItemRead(id=item.id or 0, task_id=item.task_id, text=item.text, position=item.position,
                             done=item.done, done_by_name=names.get(item.done_by_id or 0, ""), done_at=item.done_at)


def _items(ctx: Context, task_id: int) -> list[ChecklistItem]:
    query = select(ChecklistItem).where(ChecklistItem.task_id == task_id)
    return list(ctx.session.exec(query.order_by(col(ChecklistItem.position), col(ChecklistItem.id))))


def _checklist(ctx: Context, task_id: int) -> list[ChecklistItemRead]:
    """The task's checklist in order, with who ticked each item (two queries)."""
    items = _items(ctx, task_id)
    names = _user_names(ctx, (i.done_by_id for i in items))
    return [_read(ctx, i, names) for i in items]


def _editable_item(ctx: Context, item_id: Any) -> tuple[ChecklistItem, Task]:
    item = ctx.session.get(ChecklistItem, _id(item_id, "item_id"))
    if item is None:
        raise NotFound(f"Checklist item {item_id} does not exist.")
    task = _task(ctx, item.task_id)
    _require_edit(ctx, task)
    return item, task


def _touch(item: ChecklistItem) -> None:
    item.updated_at = utcnow()


@use_case("task.read")  # object-level policy inside: task.write, or task.write_assigned on an assigned task
def add_checklist_item(ctx: Context, task_id: int, text: str) -> ChecklistItemRead:
    """Add an item at the end of the task's checklist."""
    task = _task(ctx, task_id)
    _require_edit(ctx, task)
    clean = _text(text)
    count, top = ctx.session.exec(select(func.count(), func.max(ChecklistItem.position))
                                  .where(ChecklistItem.task_id == task.id)).one()
    if count >= MAX_ITEMS:
        raise ValidationFailed({"text": f"A checklist holds at most {MAX_ITEMS} items."})
    item = ChecklistItem(task_id=task.id or 0, text=clean, position=(top or 0.0) + POSITION_GAP)
    ctx.session.add(item)
    ctx.session.flush()
    return _read(ctx, item)


@use_case("task.read")  # object-level policy inside
def toggle_checklist_item(ctx: Context, item_id: int, done: bool | None = None) -> ChecklistItemRead:
    """Tick or untick an item (``done=None`` flips it); records who ticked it and when."""
    item, _task_row = _editable_item(ctx, item_id)
    if done is not None and not isinstance(done, bool):
        raise ValidationFailed({"done": "must be true or false"})
    item.done = (not item.done) if done is None else done
    item.done_by_id = ctx.actor.user_id if item.done else None
    item.done_at = utcnow() if item.done else None
    _touch(item)
    ctx.session.flush()
    return _read(ctx, item)


@use_case("task.read")  # object-level policy inside
def rename_checklist_item(ctx: Context, item_id: int, text: str) -> ChecklistItemRead:
    """Change an item's text."""
    item, _task_row = _editable_item(ctx, item_id)
    item.text = _text(text)
    _touch(item)
    ctx.session.flush()
    return _read(ctx, item)


@use_case("task.read")  # object-level policy inside
def reorder_checklist_item(ctx: Context, item_id: int, index: int) -> list[ChecklistItemRead]:
    """Move an item to place ``index`` (0 = first; past the end = last); returns the whole checklist."""
    item, task = _editable_item(ctx, item_id)
    where = _id(index, "index")
    others = [i for i in _items(ctx, task.id or 0) if i.id != item.id]
    others.insert(max(0, min(where, len(others))), item)
    for n, row in enumerate(others, start=1):
        if row.position != n * POSITION_GAP:
            row.position = n * POSITION_GAP
            _touch(row)
    ctx.session.flush()
    return _checklist(ctx, task.id or 0)


@use_case("task.read")  # object-level policy inside
def delete_checklist_item(ctx: Context, item_id: int) -> None:
    """Remove an item from the checklist."""
    item, _task_row = _editable_item(ctx, item_id)
    ctx.session.delete(item)
    ctx.session.flush()
