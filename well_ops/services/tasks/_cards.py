"""Board cards in a fixed number of queries: one for the tasks with their names, one for every count."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Bundle, aliased
from sqlmodel import col, select

from well_ops.models.drilling import Campaign, Rig, Well
from well_ops.models.schemas_tasks import BoardFilter, TaskCard
from well_ops.models.tasks import (
    ChecklistItem,
    Task,
    TaskAttachment,
    TaskComment,
    TaskPriority,
    TaskStatus,
    TriggerType,
)
from well_ops.models.users import Role, Team, User
from well_ops.services.context import Context
from well_ops.services.tasks._common import OPEN_STATUSES, _today
from well_ops.services.tasks._notify import _assignee_key


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` literally (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _assignee_clause(value: str) -> Any:
    kind, _, key = value.partition(":")
    if kind == "user":
        return Task.assignee_user_id == int(key)
    if kind == "team":
        return Task.assignee_team_id == int(key)
    return Task.assignee_role == Role(key)


def _due_clause(due: str, today: date) -> Any:
    if due == "overdue":
        return sa.and_(col(Task.due_date) < today, col(Task.status).in_(OPEN_STATUSES))
    if due == "week":
        return col(Task.due_date).between(today, today + timedelta(days=7))
    return col(Task.due_date).is_(None)


def _filter_clauses(f: BoardFilter, today: date) -> list[Any]:
    """WHERE clauses of a board or calendar filter."""
    clauses: list[Any] = []
    if not f.include_cancelled:
        clauses.append(Task.status != TaskStatus.cancelled)
    if f.top_level_only:
        clauses.append(col(Task.parent_id).is_(None))
    for field in ("rig_id", "campaign_id", "well_id"):
        if (value := getattr(f, field)) is not None:
            clauses.append(getattr(Task, field) == value)
    if f.assignee:
        clauses.append(_assignee_clause(f.assignee))
    if f.priority is not None:
        clauses.append(Task.priority == f.priority)
    if f.tag:
        clauses.append(sa.cast(col(Task.tags), sa.Text).like(f'%"{_like(f.tag)}"%', escape="\\"))
    if f.due:
        clauses.append(_due_clause(f.due, today))
    if f.auto_generated is not None:
        clauses.append(col(Task.auto_generated).is_(f.auto_generated))
    if f.text:
        pattern = f"%{_like(f.text)}%"
        clauses.append(sa.or_(col(Task.title).ilike(pattern, escape="\\"),
                              col(Task.description).ilike(pattern, escape="\\")))
    return clauses


def _joined(query: Any) -> Any:
    """Add the names a card shows (assignee, team, campaign, well, rig) as outer joins."""
    return (query.outerjoin(User, col(User.id) == Task.assignee_user_id)
            .outerjoin(Team, col(Team.id) == Task.assignee_team_id)
            .outerjoin(Campaign, col(Campaign.id) == Task.campaign_id)
            .outerjoin(Well, col(Well.id) == Task.well_id)
            .outerjoin(Rig, col(Rig.id) == Task.rig_id))


_NAMES = (User.full_name, Team.name, Campaign.name, Well.name, Rig.name)
# The task columns a card shows, read as plain values (no ORM objects, no description text): a board of 400 cards
# spent more time building and tracking Task instances than PostgreSQL spent on the query.
_CARD: Bundle[Any] = Bundle("task", *(col(getattr(Task, name)) for name in (
    "id", "title", "status", "priority", "due_date", "assignee_user_id", "assignee_team_id", "assignee_role",
    "tags", "auto_generated", "trigger_type", "parent_id", "position", "version")))


def _capped_rows(ctx: Context, clauses: list[Any], cap: int) -> tuple[list[Any], dict[str, int]]:
    """Tasks matching ``clauses``, at most ``cap`` per status by position, and the count left out per status."""
    number = sa.func.row_number().over(partition_by=col(Task.status),
                                       order_by=(col(Task.position), col(Task.id))).label("rn")
    total = sa.func.count().over(partition_by=col(Task.status)).label("total")
    inner = select(col(Task.id).label("tid"), number, total).where(*clauses).subquery()
    query = _joined(sa.select(_CARD, *_NAMES, inner.c.total).select_from(Task)  # type: ignore[call-overload]
                    .join(inner, inner.c.tid == Task.id))
    rows = list(ctx.session.execute(query.where(inner.c.rn <= cap)
                                    .order_by(col(Task.status), col(Task.position), col(Task.id))))
    truncated: dict[str, int] = {}
    for row in rows:
        truncated[TaskStatus(row[0].status).value] = max(0, int(row[-1]) - cap)
    return [row[:-1] for row in rows], truncated


def _rows(ctx: Context, clauses: list[Any], order: Sequence[Any], limit: int | None = None) -> list[Any]:
    """Tasks matching ``clauses`` with their names, in ``order``."""
    query = _joined(sa.select(_CARD, *_NAMES).select_from(Task))  # type: ignore[call-overload]
    query = query.where(*clauses).order_by(*order)
    return list(ctx.session.execute(query.limit(limit) if limit else query))


def _counts_query(array: bool) -> Any:
    """The UNION of every count, for the task ids in the ``ids`` parameter: on PostgreSQL ``= ANY(:ids)``, one
    array parameter (hundreds of expanded IN parameters cost more to compile and send than the query takes to
    run); elsewhere an expanding IN. Built once per kind and reused."""
    ids = (sa.bindparam("ids", type_=ARRAY(sa.Integer)) if array else sa.bindparam("ids", expanding=True))

    def among(column: Any) -> Any:
        return column == sa.any_(ids) if array else column.in_(ids)

    done_item = sa.case((col(ChecklistItem.done).is_(True), 1), else_=0)
    sub = aliased(Task)
    parts = [
        select(sa.literal("checklist").label("kind"), col(ChecklistItem.task_id).label("tid"),
               sa.func.count().label("n"), sa.func.sum(done_item).label("done"))
        .where(among(col(ChecklistItem.task_id))).group_by(col(ChecklistItem.task_id)),
        select(sa.literal("subtasks"), col(sub.parent_id), sa.func.count(),
               sa.func.sum(sa.case((col(sub.status) == TaskStatus.done, 1), else_=0)))
        .where(among(col(sub.parent_id))).group_by(col(sub.parent_id)),
        select(sa.literal("attachments"), col(TaskAttachment.task_id), sa.func.count(), sa.literal(0))
        .where(among(col(TaskAttachment.task_id))).group_by(col(TaskAttachment.task_id)),
        select(sa.literal("comments"), col(TaskComment.task_id), sa.func.count(), sa.literal(0))
        .where(among(col(TaskComment.task_id)), col(TaskComment.deleted).is_(False))
        .group_by(col(TaskComment.task_id)),
    ]
    return sa.union_all(*parts)


_COUNTS: dict[bool, Any] = {}


def _counts(ctx: Context, ids: list[int]) -> dict[tuple[str, int], tuple[int, int]]:
    """``(kind, task_id) -> (total, done)`` for checklists, subtasks, attachments and comments: one UNION query."""
    if not ids:
        return {}
    connection = ctx.session.connection()
    array = connection.dialect.name == "postgresql"
    if array not in _COUNTS:
        _COUNTS[array] = _counts_query(array)
    result = connection.execute(_COUNTS[array], {"ids": ids})
    return {(kind, int(tid)): (int(n or 0), int(done or 0)) for kind, tid, n, done in result}


def _assignee_label(task: Task, user_name: str | None, team_name: str | None) -> str:
    if task.assignee_user_id is not None:
        return user_name or f"user {task.assignee_user_id}"
    if task.assignee_team_id is not None:
        return team_name or f"team {task.assignee_team_id}"
    if task.assignee_role is not None:
        return Role(task.assignee_role).value.replace("_", " ").title() + " (role)"
    return ""


def _card(row: Any, counts: dict[tuple[str, int], tuple[int, int]], today: date) -> TaskCard:
    """The card of one (task, names...) row; the task is a ``_CARD`` bundle or a Task (``list_tasks``).

    Built without re-validation (``model_construct``): every value comes from a typed database row, and
    validating 400 cards took about half of a board's server time."""
    task, user_name, team_name, campaign, well, rig = row
    tid = task.id
    checklist, subtasks = counts.get(("checklist", tid), (0, 0)), counts.get(("subtasks", tid), (0, 0))
    overdue = task.due_date is not None and task.due_date < today and task.status in OPEN_STATUSES
    return TaskCard.model_construct(
        id=tid, title=task.title, status=TaskStatus(task.status), priority=TaskPriority(task.priority),
        due_date=task.due_date,
        overdue=overdue, assignee=_assignee_key(task), assignee_label=_assignee_label(task, user_name, team_name),
        tags=list(task.tags or []), checklist_total=checklist[0], checklist_done=checklist[1],
        subtask_total=subtasks[0], subtask_done=subtasks[1],
        subtask_progress_pct=round(100.0 * subtasks[1] / subtasks[0], 1) if subtasks[0] else None,
        attachment_count=counts.get(("attachments", tid), (0, 0))[0],
        comment_count=counts.get(("comments", tid), (0, 0))[0], auto_generated=task.auto_generated,
        trigger_type=TriggerType(task.trigger_type) if task.trigger_type is not None else None,
        parent_id=task.parent_id, position=float(task.position), version=task.version,
        campaign_name=campaign or "", well_name=well or "", rig_name=rig or "")


def _cards(ctx: Context, rows: list[Any]) -> list[TaskCard]:
    """Cards of the given (task, names...) rows, with every count from one query."""
    counts = _counts(ctx, [row[0].id for row in rows])
    today = _today()
    return [_card(row, counts, today) for row in rows]


def _cards_where(ctx: Context, *clauses: Any) -> list[TaskCard]:
    """Cards of the tasks matching ``clauses``, by position (two queries)."""
    return _cards(ctx, _rows(ctx, list(clauses), (col(Task.position), col(Task.id))))


def _card_of(ctx: Context, task: Task) -> TaskCard:
    """The card of one task (after a change)."""
    ctx.session.flush()
    return _cards_where(ctx, col(Task.id) == task.id)[0]
