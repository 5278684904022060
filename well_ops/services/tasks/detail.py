"""One task in full: the card plus text, links, relations, checklist, comments, files and history."""

from __future__ import annotations

from sqlmodel import col

from well_ops.models.schemas_tasks import TaskDetail, TaskRef
from well_ops.models.tasks import Task
from well_ops.services.context import Context, use_case
from well_ops.services.tasks._cards import _card_of, _cards_where
from well_ops.services.tasks._common import _task, _user_names
from well_ops.services.tasks.activity import _activity
from well_ops.services.tasks.attachments import _attachments
from well_ops.services.tasks.checklist import _checklist
from well_ops.services.tasks.comments import _comment_tree
from well_ops.services.tasks.dependencies import _blockers, _blocking


def _parent(ctx: Context, task: Task) -> TaskRef | None:
    parent = ctx.session.get(Task, task.parent_id) if task.parent_id is not None else None
    return TaskRef(id=parent.id or 0, title=parent.title, status=parent.status) if parent else None


@use_case("task.read")
def get_task(ctx: Context, task_id: int) -> TaskDetail:
    """Everything the task dialog shows."""
    task = _task(ctx, task_id)
    tid = task.id or 0
    card = _card_of(ctx, task)
    return TaskDetail(
        **card.model_dump(), description=task.description, assignee_user_id=task.assignee_user_id,
        assignee_team_id=task.assignee_team_id, assignee_role=task.assignee_role, campaign_id=task.campaign_id,
        rig_id=task.rig_id, well_id=task.well_id, annulus_id=task.annulus_id,
        barrier_element_id=task.barrier_element_id, trigger_key=task.trigger_key,
        created_by_name=_user_names(ctx, [task.created_by_id]).get(task.created_by_id or 0, ""),
        created_at=task.created_at, updated_at=task.updated_at, completed_at=task.completed_at,
        parent=_parent(ctx, task), subtasks=_cards_where(ctx, col(Task.parent_id) == tid),
        blockers=_blockers(ctx, tid), blocking=_blocking(ctx, tid), checklist=_checklist(ctx, tid),
        comments=_comment_tree(ctx, tid), attachments=_attachments(ctx, tid), activity=_activity(ctx, tid))
