"""Creating notifications, in the same transaction as the change that causes them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import col, select

from well_ops.models.tasks import Notification, NotificationKind, Task
from well_ops.models.users import Role, User
from well_ops.services.context import Context
from well_ops.services.tasks._common import STATUS_LABELS, _ref


def _link(task_id: int | None) -> str:
    return f"/tasks?task={task_id}" if task_id else "/tasks"


def _notify(ctx: Context, user_ids: Iterable[int | None], kind: NotificationKind, task: Task, message: str) -> int:
    """One notification per distinct user, never to the acting user; returns how many were created."""
    me = ctx.actor.user_id
    wanted = sorted({u for u in user_ids if u is not None and u != me})
    for user_id in wanted:
        ctx.session.add(Notification(user_id=user_id, kind=kind, task_id=task.id, message=message[:500],
                                     link=_link(task.id)))
    return len(wanted)


def _assignee_key(task: Task) -> str:
    """``user:3`` / ``team:2`` / ``role:logistics`` or ``""``."""
    if task.assignee_user_id is not None:
        return f"user:{task.assignee_user_id}"
    if task.assignee_team_id is not None:
        return f"team:{task.assignee_team_id}"
    if task.assignee_role is not None:
        return f"role:{Role(task.assignee_role).value}"
    return ""


def _assignee_user_ids(ctx: Context, task: Task) -> list[int]:
    """The people a task is assigned to: the user, or every active member of the team or role."""
    if task.assignee_user_id is not None:
        return [task.assignee_user_id]
    query = select(User.id).where(col(User.is_active).is_(True))
    if task.assignee_team_id is not None:
        query = query.where(User.team_id == task.assignee_team_id)
    elif task.assignee_role is not None:
        query = query.where(User.role == task.assignee_role)
    else:
        return []
    return [i for i in ctx.session.exec(query) if i is not None]


def _notify_assignment(ctx: Context, task: Task) -> int:
    """Tell the new assignee(s) about the task."""
    who = ctx.actor.full_name
    target = "you" if task.assignee_user_id is not None else (
        "your team" if task.assignee_team_id is not None else "your role")
    return _notify(ctx, _assignee_user_ids(ctx, task), NotificationKind.assignment, task,
                   f"{who} assigned {_ref(task)} to {target}.")


def _notify_status(ctx: Context, task: Task) -> int:
    """Tell the task's creator that its status changed (unless they changed it)."""
    if task.created_by_id is None:
        return 0
    return _notify(ctx, [task.created_by_id], NotificationKind.status_change, task,
                   f"{ctx.actor.full_name} moved {_ref(task)} to {STATUS_LABELS[task.status]}.")
