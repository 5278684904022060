"""The landing page's figures: counts that every role may read."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, func, select

from well_ops.models.base import utcnow
from well_ops.models.drilling import Campaign, CampaignStatus, Rig, Well
from well_ops.models.tasks import Notification, Task, TaskStatus
from well_ops.services.context import Context, use_case


@dataclass(frozen=True)
class Overview:
    active_campaigns: int
    rigs: int
    wells: int
    open_tasks: int
    overdue_tasks: int
    unread_notifications: int
    rigs_by_status: dict[str, int] = field(default_factory=dict)


@use_case("dashboard.read")
def overview(ctx: Context) -> Overview:
    """Headline counts for the dashboard."""
    s = ctx.session
    open_states = (TaskStatus.backlog, TaskStatus.in_progress, TaskStatus.blocked)
    by_status = {str(status.value if hasattr(status, "value") else status): int(n) for status, n in
                 s.exec(select(Rig.status, func.count()).group_by(Rig.status))}
    return Overview(
        active_campaigns=s.exec(select(func.count()).select_from(Campaign)
                                .where(Campaign.status == CampaignStatus.active)).one(),
        rigs=s.exec(select(func.count()).select_from(Rig)).one(),
        wells=s.exec(select(func.count()).select_from(Well)).one(),
        open_tasks=s.exec(select(func.count()).select_from(Task).where(col(Task.status).in_(open_states))).one(),
        overdue_tasks=s.exec(select(func.count()).select_from(Task).where(
            col(Task.status).in_(open_states), col(Task.due_date) < utcnow().date())).one(),
        unread_notifications=s.exec(select(func.count()).select_from(Notification).where(
            Notification.user_id == ctx.actor.user_id, col(Notification.read_at).is_(None))).one(),
        rigs_by_status=by_status,
    )
