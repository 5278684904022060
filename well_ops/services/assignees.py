"""Who a task can be assigned to: active users and teams, as names for the task forms, filters and @mentions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from well_ops.models.users import Team, User
from well_ops.services.context import Context, use_case


@dataclass(frozen=True)
class Assignee:
    """One choice of the assignee select: ``key`` is ``"user:ID"`` or ``"team:ID"`` (as ``BoardFilter.assignee``)."""

    key: str
    name: str


@use_case("task.read")
def assignable(ctx: Context) -> list[Assignee]:
    """Active users (by name), then teams (by name); names only, no e-mails or roles."""
    users = ctx.session.exec(select(User.id, User.full_name).where(col(User.is_active).is_(True))
                             .order_by(col(User.full_name), col(User.id)))
    teams = ctx.session.exec(select(Team.id, Team.name).order_by(col(Team.name), col(Team.id)))
    return ([Assignee(f"user:{uid}", name) for uid, name in users if uid is not None]
            + [Assignee(f"team:{tid}", name) for tid, name in teams if tid is not None])
