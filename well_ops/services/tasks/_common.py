"""Helpers shared by the task use-cases: loading, the edit policy, the optimistic lock, names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.models.audit import AuditLog
from well_ops.models.base import utcnow
from well_ops.models.tasks import Task, TaskStatus
from well_ops.models.users import User
from well_ops.services.context import Context
from well_ops.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

OPEN_STATUSES = (TaskStatus.backlog, TaskStatus.in_progress, TaskStatus.blocked)
POSITION_GAP = 1024.0  # spacing of positions after a renumbering and at the end of a column
MIN_POSITION_GAP = 1e-6  # below this the column is renumbered before inserting between two cards
STATUS_LABELS = {s: s.value.replace("_", " ") for s in TaskStatus}


def _id(value: Any, field: str) -> int:
    """An integer id from client input, or ValidationFailed naming the field."""
    if isinstance(value, bool):
        raise ValidationFailed({field: "must be a number"})
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed({field: "must be a number"}) from None


def _opt_id(value: Any, field: str) -> int | None:
    return None if value in (None, "") else _id(value, field)


def _now(now: Any = None) -> datetime:
    if now is None:
        return utcnow()
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise ValidationFailed({"now": "must be a timezone-aware datetime"})
    return now


def _today() -> date:
    return utcnow().date()


def _ref(task: Task) -> str:
    """``#12 "Run casing"`` as used in messages."""
    return f'#{task.id} "{task.title}"'


def _task(ctx: Context, task_id: Any, field: str | None = None) -> Task:
    """The task row; NotFound (or ValidationFailed on ``field`` when it is a reference in the input)."""
    key = _id(task_id, field or "task_id")
    task = ctx.session.get(Task, key)
    if task is None:
        if field:
            raise ValidationFailed({field: f"Task {key} does not exist."})
        raise NotFound(f"Task {key} does not exist.")
    return task


def _assigned_to_actor(ctx: Context, task: Task) -> bool:
    """True when the task is assigned to the actor, the actor's team or the actor's role."""
    actor = ctx.actor
    if actor.user_id is None:
        return False
    user = ctx.session.get(User, actor.user_id)
    team_id = user.team_id if user is not None else actor.team_id
    return (task.assignee_user_id == actor.user_id
            or (team_id is not None and task.assignee_team_id == team_id)
            or (actor.role is not None and task.assignee_role == actor.role))


def _may_edit(ctx: Context, task: Task) -> bool:
    """The object-level policy: ``task.write`` edits any task, ``task.write_assigned`` only assigned ones."""
    if ctx.can("task.write"):
        return True
    return ctx.can("task.write_assigned") and _assigned_to_actor(ctx, task)


def _require_edit(ctx: Context, task: Task) -> None:
    if _may_edit(ctx, task):
        return
    role = ctx.actor.role.value if ctx.actor.role else "none"
    if ctx.can("task.write_assigned"):
        raise PermissionDenied(f"Your role ({role}) may change only tasks assigned to you, your team or your role.")
    raise PermissionDenied(f"Your role ({role}) may not change tasks (task.write).")


def _names_by_email(ctx: Context, emails: Iterable[str]) -> dict[str, str]:
    """Full names of the users with these e-mails (one query); "System" for the system actor."""
    wanted = {e for e in emails if e}
    names = {"system": "System"}
    if wanted - {"system"}:
        rows = ctx.session.exec(select(User.email, User.full_name).where(col(User.email).in_(wanted)))
        names.update({email: name for email, name in rows})
    return names


def _user_names(ctx: Context, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {i: n for i, n in ctx.session.exec(select(User.id, User.full_name).where(col(User.id).in_(wanted))) if i}


def _conflict(ctx: Context, task: Task) -> Conflict:
    """The message shown when someone else changed the task since the user loaded it."""
    last = ctx.session.exec(select(AuditLog.actor_email, AuditLog.at)
                            .where(AuditLog.entity == "tasks", AuditLog.entity_id == str(task.id))
                            .order_by(col(AuditLog.id).desc()).limit(1)).first()
    who, at = (last[0], last[1]) if last else ("system", task.updated_at)
    name = _names_by_email(ctx, [who]).get(who, who)
    return Conflict(f"{_ref(task)} was changed by {name} at {at:%H:%M} UTC; reload to see the latest values.")


def _claim(ctx: Context, task: Task, seen_version: Any = None) -> None:
    """The optimistic lock: bump the version if it is still the one the user saw, else Conflict.

    Call before changing any attribute. ``UPDATE ... WHERE version = :seen`` makes the check atomic: of two
    concurrent edits from the same version, the second finds no row (PostgreSQL waits for the first to commit).
    ``seen_version=None`` (drag-and-drop without a version) bumps whatever the version is now.
    """
    current = task.version
    expected = current if seen_version is None else _id(seen_version, "version")
    if expected != current:
        raise _conflict(ctx, task)
    stmt = (sa.update(Task).where(col(Task.id) == task.id, col(Task.version) == expected)
            .values(version=expected + 1))
    if ctx.session.connection().execute(stmt).rowcount != 1:
        raise _conflict(ctx, task)
    task.version = expected + 1
    task.updated_at = utcnow()


def _end_position(ctx: Context, status: TaskStatus) -> float:
    """A position after the last card of the column."""
    top = ctx.session.exec(select(sa.func.max(Task.position)).where(Task.status == status)).one()
    return (float(top) if top is not None else 0.0) + POSITION_GAP
