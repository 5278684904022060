"""Files attached to tasks: size and type checked on the server, stored privately under a random name."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlmodel import col, select

from well_ops.config import get_settings
from well_ops.models.schemas_tasks import AttachmentRead
from well_ops.models.tasks import TaskAttachment
from well_ops.services.context import Context, use_case
from well_ops.services.errors import NotFound, ValidationFailed
from well_ops.services.tasks._common import _id, _task, _user_names
from well_ops.services.tasks._files import (
    CONTENT_TYPES,
    _clean_filename,
    _content_problem,
    _extension,
    _on_rollback,
    _path_of,
    _remove_after_commit,
    _remove_quietly,
    _write_new,
)


def _read(row: TaskAttachment, names: dict[int, str]) -> AttachmentRead:
    return AttachmentRead(id=row.id or 0, task_id=row.task_id, filename=row.filename, content_type=row.content_type,
                          size_bytes=row.size_bytes, sha256=row.sha256,
                          uploaded_by_name=names.get(row.uploaded_by_id or 0, ""), created_at=row.created_at)


def _attachments(ctx: Context, task_id: int) -> list[AttachmentRead]:
    """The task's attachments, oldest first (two queries)."""
    rows = list(ctx.session.exec(select(TaskAttachment).where(TaskAttachment.task_id == task_id)
                                 .order_by(col(TaskAttachment.created_at), col(TaskAttachment.id))))
    names = _user_names(ctx, (r.uploaded_by_id for r in rows))
    return [_read(r, names) for r in rows]


def _checked_upload(filename: Any, content: Any) -> tuple[str, str]:
    """The display name and extension of an acceptable upload, or ValidationFailed (nothing written yet)."""
    if not isinstance(content, (bytes, bytearray)):
        raise ValidationFailed({"content": "Expected the file's bytes."})
    limit = get_settings().upload_max_bytes
    if len(content) > limit:
        raise ValidationFailed({"content": f"The file is {len(content) / 1048576:.1f} MB; the limit is "
                                           f"{limit / 1048576:.0f} MB."})
    if not content:
        raise ValidationFailed({"content": "The file is empty."})
    name = _clean_filename(filename)
    ext = _extension(name)
    if not name or ext not in CONTENT_TYPES:
        allowed = ", ".join(sorted(CONTENT_TYPES))
        raise ValidationFailed({"filename": f"Files of this type are not accepted; allowed: {allowed}."})
    problem = _content_problem(ext, bytes(content))
    if problem:
        raise ValidationFailed({"content": f"{name}: {problem}."})
    return name, ext


@use_case("attachment.write")
def add_attachment(ctx: Context, task_id: int, filename: str, content: bytes,
                   content_type: str | None = None) -> AttachmentRead:
    """Attach a file to a task. The browser's ``content_type`` is ignored: the type follows the checked content."""
    ctx.require("task.read")
    name, ext = _checked_upload(filename, content)
    task = _task(ctx, task_id)
    data = bytes(content)
    stored = f"{uuid.uuid4().hex}.{ext}"
    path = _path_of(stored)
    _write_new(path, data)
    _on_rollback(ctx.session, lambda: _remove_quietly(path))
    row = TaskAttachment(task_id=task.id or 0, filename=name, stored_name=stored, content_type=CONTENT_TYPES[ext],
                         size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
                         uploaded_by_id=ctx.actor.user_id)
    ctx.session.add(row)
    ctx.session.flush()
    return _read(row, {ctx.actor.user_id or 0: ctx.actor.full_name})


def _row(ctx: Context, attachment_id: Any) -> TaskAttachment:
    row = ctx.session.get(TaskAttachment, _id(attachment_id, "attachment_id"))
    if row is None:
        raise NotFound(f"Attachment {attachment_id} does not exist.")
    return row


@use_case("attachment.read")
def list_attachments(ctx: Context, task_id: int) -> list[AttachmentRead]:
    """The files attached to a task."""
    ctx.require("task.read")
    return _attachments(ctx, _task(ctx, task_id).id or 0)


@use_case("attachment.read")
def attachment_content(ctx: Context, attachment_id: int) -> tuple[str, str, bytes]:
    """``(filename, content_type, bytes)`` of an attachment, for users who may read its task."""
    ctx.require("task.read")
    row = _row(ctx, attachment_id)
    try:
        data = _path_of(row.stored_name).read_bytes()
    except (OSError, ValueError):
        raise NotFound(f"The file of attachment {row.id} is missing.") from None
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise NotFound(f"The file of attachment {row.id} was altered on disk; ask an administrator.")
    return row.filename, row.content_type, data


@use_case("attachment.delete")
def delete_attachment(ctx: Context, attachment_id: int) -> None:
    """Remove an attachment; its file is deleted from disk once the removal has committed."""
    row = _row(ctx, attachment_id)
    ctx.session.delete(row)
    ctx.session.flush()
    _remove_after_commit(ctx.session, [row.stored_name])
