"""Cross-row checks of task input: assignee, links to campaign/rig/well/annulus/barrier, parent."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from well_ops.models.barriers import BarrierElement
from well_ops.models.drilling import Campaign, Rig, Well
from well_ops.models.integrity import Annulus
from well_ops.models.schemas_tasks import ASSIGNEE_FIELDS
from well_ops.models.tasks import Task
from well_ops.models.users import Team, User
from well_ops.services.context import Context
from well_ops.services.errors import ValidationFailed

_LINKS: dict[str, tuple[type, str]] = {
    "campaign_id": (Campaign, "campaign"), "rig_id": (Rig, "rig"), "well_id": (Well, "well"),
    "annulus_id": (Annulus, "annulus"), "barrier_element_id": (BarrierElement, "barrier element"),
}


def _check_assignee(ctx: Context, values: dict[str, Any]) -> None:
    """At most one assignee; the user must exist and be active, the team must exist."""
    given = [f for f in ASSIGNEE_FIELDS if values.get(f) is not None]
    if len(given) > 1:
        raise ValidationFailed({"assignee": "Assign the task to one user, one team or one role, not several."})
    if values.get("assignee_user_id") is not None:
        user = ctx.session.get(User, values["assignee_user_id"])
        if user is None or not user.is_active:
            raise ValidationFailed({"assignee_user_id": "Unknown or inactive user."})
    if values.get("assignee_team_id") is not None and ctx.session.get(Team, values["assignee_team_id"]) is None:
        raise ValidationFailed({"assignee_team_id": "Unknown team."})


def _check_links(ctx: Context, values: dict[str, Any]) -> None:
    """Every linked record exists; an annulus or barrier element belongs to the linked well (filled in if unset)."""
    rows: dict[str, Any] = {}
    for field, (model, label) in _LINKS.items():
        if values.get(field) is None:
            continue
        rows[field] = ctx.session.get(model, values[field])
        if rows[field] is None:
            raise ValidationFailed({field: f"Unknown {label}."})
    for field in ("annulus_id", "barrier_element_id"):
        if field in rows:
            owner = rows[field].well_id
            if values.get("well_id") is None:
                values["well_id"] = owner
            elif values["well_id"] != owner:
                raise ValidationFailed({field: f"That {_LINKS[field][1]} belongs to another well."})


def _check_parent(ctx: Context, task: Task | None, parent_id: int | None) -> None:
    """Subtasks are one level deep: the parent is a top-level task, and a task with subtasks has no parent."""
    if parent_id is None:
        return
    parent = ctx.session.get(Task, parent_id)
    if parent is None:
        raise ValidationFailed({"parent_id": f"Task {parent_id} does not exist."})
    if parent.parent_id is not None:
        raise ValidationFailed({"parent_id": "Subtasks cannot have subtasks; choose a top-level task."})
    if task is None:
        return
    if parent.id == task.id:
        raise ValidationFailed({"parent_id": "A task cannot be its own parent."})
    has_children = ctx.session.exec(select(Task.id).where(col(Task.parent_id) == task.id).limit(1)).first()
    if has_children is not None:
        raise ValidationFailed({"parent_id": "This task has subtasks, so it cannot become a subtask."})
