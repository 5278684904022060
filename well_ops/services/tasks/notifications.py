"""A user's notifications, and the scheduler job that warns about tasks due soon or overdue."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlmodel import col, func, select

from well_ops.models.base import utcnow
from well_ops.models.schemas_tasks import NotificationRead
from well_ops.models.tasks import Notification, NotificationKind, Task
from well_ops.models.users import Role, User
from well_ops.services.context import Context, use_case
from well_ops.services.errors import NotFound, ValidationFailed
from well_ops.services.tasks._common import OPEN_STATUSES, _id, _now, _ref
from well_ops.services.tasks._notify import _notify

DUE_KINDS = (NotificationKind.due_soon, NotificationKind.overdue)


def _read(row: Notification) -> NotificationRead:
    return NotificationRead.model_validate(row, from_attributes=True)


def _mine(ctx: Context) -> Any:
    return Notification.user_id == (ctx.actor.user_id if ctx.actor.user_id is not None else -1)


@use_case("notification.read")
def list_notifications(ctx: Context, unread_only: bool = False, limit: int = 50) -> list[NotificationRead]:
    """The acting user's notifications, newest first."""
    if not isinstance(unread_only, bool):
        raise ValidationFailed({"unread_only": "must be true or false"})
    size = _id(limit, "limit")
    if not 1 <= size <= 500:
        raise ValidationFailed({"limit": "between 1 and 500"})
    query = select(Notification).where(_mine(ctx))
    if unread_only:
        query = query.where(col(Notification.read_at).is_(None))
    rows = ctx.session.exec(query.order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
                            .limit(size))
    return [_read(r) for r in rows]


@use_case("notification.read")
def unread_count(ctx: Context) -> int:
    """How many of the acting user's notifications are unread (for the bell badge)."""
    query = select(func.count()).select_from(Notification).where(_mine(ctx), col(Notification.read_at).is_(None))
    return int(ctx.session.exec(query).one())


@use_case("notification.read")
def bell(ctx: Context, limit: int = 50) -> tuple[int, list[NotificationRead]]:
    """The header bell in one transaction: the unread count and the latest ``limit`` notifications."""
    return unread_count(ctx), list_notifications(ctx, False, limit)


@use_case("notification.write")
def mark_read(ctx: Context, notification_id: int) -> NotificationRead:
    """Mark one of one's own notifications read (another user's is NotFound)."""
    row = ctx.session.get(Notification, _id(notification_id, "notification_id"))
    if row is None or row.user_id != ctx.actor.user_id:
        raise NotFound(f"Notification {notification_id} does not exist.")
    if row.read_at is None:
        row.read_at = utcnow()
        ctx.session.flush()
    return _read(row)


@use_case("notification.write")
def mark_all_read(ctx: Context) -> int:
    """Mark all of one's notifications read; returns how many changed."""
    rows = ctx.session.exec(select(Notification).where(_mine(ctx), col(Notification.read_at).is_(None))).all()
    now = utcnow()
    for row in rows:
        row.read_at = now
    ctx.session.flush()
    return len(rows)


def _recipients(ctx: Context) -> tuple[dict[int, list[int]], dict[Role, list[int]]]:
    """Active users by team and by role (one query)."""
    by_team: dict[int, list[int]] = defaultdict(list)
    by_role: dict[Role, list[int]] = defaultdict(list)
    for uid, team_id, role in ctx.session.exec(select(User.id, User.team_id, User.role)
                                               .where(col(User.is_active).is_(True))):
        if uid is None:
            continue
        if team_id is not None:
            by_team[team_id].append(uid)
        by_role[Role(role)].append(uid)
    return by_team, by_role


def _assignees(task: Task, by_team: dict[int, list[int]], by_role: dict[Role, list[int]]) -> list[int]:
    if task.assignee_user_id is not None:
        return [task.assignee_user_id]
    if task.assignee_team_id is not None:
        return by_team.get(task.assignee_team_id, [])
    return by_role.get(Role(task.assignee_role), []) if task.assignee_role is not None else []


def _due_kind(task: Task, now: datetime) -> NotificationKind | None:
    """Overdue once the due date has passed (UTC); due soon when it ends within 24 h, i.e. it is due today."""
    today = now.date()
    if task.due_date is None or task.due_date > today:
        return None
    return NotificationKind.overdue if task.due_date < today else NotificationKind.due_soon


@use_case("settings.write")  # a system job: run it as SYSTEM (services/scheduler.py)
def scan_due_tasks(ctx: Context, now: datetime | None = None) -> int:
    """Notify assignees of open tasks due within 24 h or overdue, once per task, assignee and kind."""
    at = _now(now)
    tasks = list(ctx.session.exec(select(Task).where(col(Task.status).in_(OPEN_STATUSES),
                                                     col(Task.due_date).is_not(None),
                                                     col(Task.due_date) <= at.date())))
    if not tasks:
        return 0
    sent = set(ctx.session.exec(select(Notification.task_id, Notification.user_id, Notification.kind).where(
        col(Notification.task_id).in_([t.id for t in tasks]), col(Notification.kind).in_(DUE_KINDS))))
    by_team, by_role = _recipients(ctx)
    created = 0
    for task in tasks:
        kind = _due_kind(task, at)
        if kind is None:
            continue
        users = [u for u in _assignees(task, by_team, by_role) if (task.id, u, kind) not in sent]
        text = (f"{_ref(task)} is overdue (due {task.due_date:%Y-%m-%d})." if kind == NotificationKind.overdue
                else f"{_ref(task)} is due today ({task.due_date:%Y-%m-%d}).")
        created += _notify(ctx, users, kind, task, text)
    ctx.session.flush()
    return created
