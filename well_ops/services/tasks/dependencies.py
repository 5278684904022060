"""Task dependencies: "A is blocked by B". No task blocks itself; no cycles."""

from __future__ import annotations

from collections import defaultdict, deque

from sqlmodel import col, select

from well_ops.models.schemas_tasks import TaskRef
from well_ops.models.tasks import Task, TaskDependency
from well_ops.services.context import Context, use_case
from well_ops.services.errors import NotFound, ValidationFailed
from well_ops.services.tasks._common import _ref, _require_edit, _task


def _refs(ctx: Context, ids: list[int]) -> list[TaskRef]:
    if not ids:
        return []
    rows = ctx.session.exec(select(Task).where(col(Task.id).in_(ids)).order_by(col(Task.id)))
    return [TaskRef(id=t.id or 0, title=t.title, status=t.status) for t in rows]


def _blockers(ctx: Context, task_id: int) -> list[TaskRef]:
    ids = ctx.session.exec(select(TaskDependency.blocked_by_id).where(TaskDependency.task_id == task_id)).all()
    return _refs(ctx, list(ids))


def _blocking(ctx: Context, task_id: int) -> list[TaskRef]:
    ids = ctx.session.exec(select(TaskDependency.task_id).where(TaskDependency.blocked_by_id == task_id)).all()
    return _refs(ctx, list(ids))


def _path(ctx: Context, start: int, goal: int) -> list[int] | None:
    """The chain of "blocked by" edges from ``start`` to ``goal`` (breadth-first over all edges), or None."""
    edges: dict[int, list[int]] = defaultdict(list)
    for task_id, blocked_by in ctx.session.exec(select(TaskDependency.task_id, TaskDependency.blocked_by_id)):
        edges[task_id].append(blocked_by)
    came_from: dict[int, int | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            chain = [node]
            while came_from[chain[-1]] is not None:
                chain.append(came_from[chain[-1]])  # type: ignore[arg-type]
            return chain[::-1]
        for nxt in edges.get(node, []):
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None


def _cycle_message(ctx: Context, chain: list[int]) -> str:
    titles = {t.id: t for t in ctx.session.exec(select(Task).where(col(Task.id).in_(set(chain))))}
    return "That would make a cycle: " + " → ".join(_ref(titles[i]) for i in chain) + " (→ = is blocked by)."


@use_case("task.read")  # object-level policy inside: task.write, or task.write_assigned on an assigned task
def add_dependency(ctx: Context, task_id: int, blocked_by_id: int) -> list[TaskRef]:
    """Record that ``task_id`` is blocked by ``blocked_by_id``; returns the task's blockers."""
    task = _task(ctx, task_id)
    _require_edit(ctx, task)
    blocker = _task(ctx, blocked_by_id, field="blocked_by_id")
    if blocker.id == task.id:
        raise ValidationFailed({"blocked_by_id": "A task cannot block itself."})
    if ctx.session.get(TaskDependency, (task.id, blocker.id)) is None:
        chain = _path(ctx, blocker.id or 0, task.id or 0)
        if chain is not None:
            raise ValidationFailed({"blocked_by_id": _cycle_message(ctx, [task.id or 0, *chain])})
        ctx.session.add(TaskDependency(task_id=task.id or 0, blocked_by_id=blocker.id or 0))
        ctx.session.flush()
    return _blockers(ctx, task.id or 0)


@use_case("task.read")  # object-level policy inside
def remove_dependency(ctx: Context, task_id: int, blocked_by_id: int) -> list[TaskRef]:
    """Forget that ``task_id`` is blocked by ``blocked_by_id``; returns the task's remaining blockers."""
    task = _task(ctx, task_id)
    _require_edit(ctx, task)
    dep = ctx.session.get(TaskDependency, (task.id, _task(ctx, blocked_by_id, field="blocked_by_id").id))
    if dep is None:
        raise NotFound(f"Task {task.id} is not blocked by task {blocked_by_id}.")
    ctx.session.delete(dep)
    ctx.session.flush()
    return _blockers(ctx, task.id or 0)
