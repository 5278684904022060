"""Threaded comments with @mentions; only the author edits, the author (or an admin) deletes, softly."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import col, select

from well_ops.models.base import utcnow
from well_ops.models.schemas_tasks import CommentRead
from well_ops.models.tasks import NotificationKind, Task, TaskComment
from well_ops.models.users import User
from well_ops.services.context import Context, use_case
from well_ops.services.errors import NotFound, PermissionDenied, ValidationFailed
from well_ops.services.tasks._common import _id, _ref, _task, _user_names
from well_ops.services.tasks._notify import _notify

MAX_BODY = 10000
_EMAIL_MENTION = re.compile(r"@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def _body(value: Any) -> str:
    body = value.strip() if isinstance(value, str) else ""
    if not body:
        raise ValidationFailed({"body": "Write something first."})
    if len(body) > MAX_BODY:
        raise ValidationFailed({"body": f"At most {MAX_BODY} characters."})
    return body


def _mentioned(ctx: Context, body: str) -> set[int]:
    """Active users named in ``body`` as ``@email`` or ``@First Last`` (case-insensitive)."""
    emails = {m.lower().rstrip(".") for m in _EMAIL_MENTION.findall(body)}
    if "@" not in body:
        return set()
    lowered = body.lower()
    found: set[int] = set()
    for uid, email, name in ctx.session.exec(select(User.id, User.email, User.full_name)
                                             .where(col(User.is_active).is_(True))):
        if uid is None:
            continue
        named = re.search(r"@" + re.escape(name.lower()) + r"(?![\w])", lowered) is not None
        if email.lower() in emails or named:
            found.add(uid)
    return found


def _notify_mentions(ctx: Context, task: Task, body: str, already: set[int] | None = None) -> int:
    users = _mentioned(ctx, body) - (already or set())
    return _notify(ctx, users, NotificationKind.mention, task, f"{ctx.actor.full_name} mentioned you on {_ref(task)}.")


def _read(comment: TaskComment, names: dict[int, str]) -> CommentRead:
    return CommentRead(id=comment.id or 0, parent_id=comment.parent_id, author_id=comment.author_id,
                       author_name=names.get(comment.author_id, ""), body="" if comment.deleted else comment.body,
                       created_at=comment.created_at, edited_at=comment.edited_at, deleted=comment.deleted)


def _comment_tree(ctx: Context, task_id: int) -> list[CommentRead]:
    """The task's comments as a tree (oldest first at every level), from two queries."""
    rows = list(ctx.session.exec(select(TaskComment).where(TaskComment.task_id == task_id)
                                 .order_by(col(TaskComment.created_at), col(TaskComment.id))))
    names = _user_names(ctx, (c.author_id for c in rows))
    reads = {c.id: _read(c, names) for c in rows}
    roots: list[CommentRead] = []
    for c in rows:
        parent = reads.get(c.parent_id) if c.parent_id is not None else None
        (parent.replies if parent is not None else roots).append(reads[c.id])
    return roots


def _own_comment(ctx: Context, comment_id: Any) -> TaskComment:
    comment = ctx.session.get(TaskComment, _id(comment_id, "comment_id"))
    if comment is None:
        raise NotFound(f"Comment {comment_id} does not exist.")
    return comment


@use_case("comment.read")
def list_comments(ctx: Context, task_id: int) -> list[CommentRead]:
    """The task's comment threads."""
    ctx.require("task.read")
    return _comment_tree(ctx, _task(ctx, task_id).id or 0)


@use_case("comment.write")
def add_comment(ctx: Context, task_id: int, body: str, parent_id: int | None = None) -> CommentRead:
    """Comment on a task (a reply when ``parent_id`` is given); mentioned users are notified."""
    ctx.require("task.read")
    if ctx.actor.user_id is None:
        raise PermissionDenied("Only a user can comment.")
    task = _task(ctx, task_id)
    text = _body(body)
    if parent_id not in (None, ""):
        parent = ctx.session.get(TaskComment, _id(parent_id, "parent_id"))
        if parent is None or parent.task_id != task.id or parent.deleted:
            raise ValidationFailed({"parent_id": "Reply to an existing comment of this task."})
    comment = TaskComment(task_id=task.id or 0, author_id=ctx.actor.user_id, body=text,
                          parent_id=None if parent_id in (None, "") else int(parent_id))  # type: ignore[arg-type]
    ctx.session.add(comment)
    ctx.session.flush()
    _notify_mentions(ctx, task, text)
    return _read(comment, {ctx.actor.user_id: ctx.actor.full_name})


@use_case("comment.write")
def edit_comment(ctx: Context, comment_id: int, body: str) -> CommentRead:
    """Change one's own comment; users newly mentioned are notified."""
    comment = _own_comment(ctx, comment_id)
    if comment.author_id != ctx.actor.user_id:
        raise PermissionDenied("Only the author may edit a comment.")
    if comment.deleted:
        raise ValidationFailed({"comment_id": "This comment was deleted."})
    text = _body(body)
    before = _mentioned(ctx, comment.body)
    comment.body, comment.edited_at = text, utcnow()
    ctx.session.flush()
    _notify_mentions(ctx, _task(ctx, comment.task_id), text, already=before)
    return _read(comment, _user_names(ctx, [comment.author_id]))


@use_case("comment.write")
def delete_comment(ctx: Context, comment_id: int) -> CommentRead:
    """Delete one's own comment (an admin may delete any): the text goes, the replies stay."""
    comment = _own_comment(ctx, comment_id)
    if comment.author_id != ctx.actor.user_id and not ctx.can("comment.delete"):
        raise PermissionDenied("Only the author (or an admin) may delete a comment.")
    comment.deleted, comment.body, comment.edited_at = True, "", utcnow()
    ctx.session.flush()
    return _read(comment, _user_names(ctx, [comment.author_id]))
