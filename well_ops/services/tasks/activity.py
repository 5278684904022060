"""A task's history, read from the audit trail: the task row and the rows hanging on it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.models.audit import AuditLog
from well_ops.models.schemas_tasks import ActivityEntry
from well_ops.models.tasks import ChecklistItem
from well_ops.models.users import Team
from well_ops.services.context import Context, use_case
from well_ops.services.tasks._common import _names_by_email, _task, _user_names

CHILDREN = {"checklist_items": "checklist", "task_comments": "comment", "task_attachments": "attachment",
            "task_dependencies": "dependency"}
_QUIET = {"version", "updated_at", "position", "completed_at"}  # bookkeeping columns, not worth a line
_LONG = {"description"}


def _mentions_task(column: Any, key: str, task_id: int) -> Any:
    return col(column)[key].as_integer() == task_id


def _entries(ctx: Context, task_id: int, limit: int) -> list[AuditLog]:
    """The task's own rows, plus every row of a child whose create/delete snapshot names the task (one query)."""
    a = AuditLog
    names_task = sa.or_(
        _mentions_task(a.after, "task_id", task_id), _mentions_task(a.before, "task_id", task_id),
        _mentions_task(a.after, "blocked_by_id", task_id), _mentions_task(a.before, "blocked_by_id", task_id))
    children = select(a.entity, a.entity_id).where(col(a.entity).in_(list(CHILDREN)), names_task)
    child = sa.tuple_(col(a.entity), col(a.entity_id)).in_(children)
    own = sa.and_(col(a.entity) == "tasks", col(a.entity_id) == str(task_id))
    return list(ctx.session.exec(select(a).where(sa.or_(own, child)).order_by(col(a.id).desc()).limit(limit)))


def _fmt(field: str, value: Any, names: dict[str, dict[int, str]]) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field == "assignee_user_id":
        return names["users"].get(value, f"user {value}")
    if field == "assignee_team_id":
        return names["teams"].get(value, f"team {value}")
    if field == "parent_id":
        return f"#{value}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _task_summary(row: AuditLog, names: dict[str, dict[int, str]]) -> str:
    if row.action == "create":
        return f'created the task "{(row.after or {}).get("title", "")}"'
    if row.action == "delete":
        return "deleted the task"
    before, after = row.before or {}, row.after or {}
    parts = [f"{k} changed" if k in _LONG else f"{k}: {_fmt(k, before.get(k), names)} → {_fmt(k, v, names)}"
             for k, v in after.items() if k not in _QUIET]
    if not parts and "position" in after:
        return "reordered"
    return "; ".join(parts)


def _checklist_summary(row: AuditLog, texts: dict[int, str]) -> str:
    snap = row.after if row.action == "create" else row.before
    if row.action in ("create", "delete"):
        verb = "added" if row.action == "create" else "removed"
        return f'{verb} checklist item "{(snap or {}).get("text", "")}"'
    after, text = row.after or {}, texts.get(int(row.entity_id or 0), "")
    if "text" in after:
        return f'renamed checklist item "{(row.before or {}).get("text", "")}" → "{after["text"]}"'
    if "done" in after:
        return f'{"checked" if after["done"] else "unchecked"} "{text}"'
    return "reordered the checklist" if "position" in after else ""


def _child_summary(row: AuditLog, task_id: int, texts: dict[int, str]) -> str:
    snap = (row.after if row.action == "create" else row.before) or {}
    if row.entity == "checklist_items":
        return _checklist_summary(row, texts)
    if row.entity == "task_comments":
        if row.action == "create":
            return "replied to a comment" if snap.get("parent_id") else "commented"
        return "deleted a comment" if (row.after or {}).get("deleted") or row.action == "delete" else "edited a comment"
    if row.entity == "task_attachments":
        return f'{"attached" if row.action == "create" else "removed"} "{snap.get("filename", "")}"'
    blocked_by = snap.get("blocked_by_id") != task_id
    other = snap.get("blocked_by_id") if blocked_by else snap.get("task_id")
    relation = "blocked by" if blocked_by else "blocking"
    return f"{'now' if row.action == 'create' else 'no longer'} {relation} #{other}"


def _lookups(ctx: Context, rows: list[AuditLog]) -> tuple[dict[str, dict[int, str]], dict[int, str]]:
    users: set[int] = set()
    teams: set[int] = set()
    for r in rows:
        for snap in (r.before or {}, r.after or {}):
            if isinstance(snap.get("assignee_user_id"), int):
                users.add(snap["assignee_user_id"])
            if isinstance(snap.get("assignee_team_id"), int):
                teams.add(snap["assignee_team_id"])
    team_names = {i: n for i, n in ctx.session.exec(select(Team.id, Team.name).where(col(Team.id).in_(teams))) if i}
    items = {int(r.entity_id) for r in rows if r.entity == "checklist_items" and r.entity_id.isdigit()}
    texts = {i: t for i, t in ctx.session.exec(select(ChecklistItem.id, ChecklistItem.text)
                                               .where(col(ChecklistItem.id).in_(items))) if i}
    return {"users": _user_names(ctx, users), "teams": team_names}, texts


def _activity(ctx: Context, task_id: int, limit: int = 200) -> list[ActivityEntry]:
    """Newest first, each with who did it and a readable summary (a handful of queries, not one per entry)."""
    rows = _entries(ctx, task_id, limit)
    who = _names_by_email(ctx, (r.actor_email for r in rows))
    names, texts = _lookups(ctx, rows)
    entries: list[ActivityEntry] = []
    for row in rows:
        entity = "task" if row.entity == "tasks" else CHILDREN[row.entity]
        summary = _task_summary(row, names) if entity == "task" else _child_summary(row, task_id, texts)
        if summary:
            entries.append(ActivityEntry(at=row.at, who=who.get(row.actor_email, row.actor_email),
                                         action=row.action, entity=entity, summary=summary))
    return entries


@use_case("task.read")
def task_activity(ctx: Context, task_id: int) -> list[ActivityEntry]:
    """What happened to a task, newest first, from the audit trail."""
    return _activity(ctx, _task(ctx, task_id).id or 0)
