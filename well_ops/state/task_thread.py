"""The task page's conversation: threaded comments (reply, edit / delete one's own) and attachments.

Uploads arrive through Reflex's ``/_upload`` endpoint (size-capped by ``api/limits.py``); the handler reads the
bytes and gives them to ``add_attachment``, which checks type and content and stores the file privately.
Downloads go through the authorised ``GET /api/attachments/{id}``, never through ``/_upload``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

from well_ops.services import tasks
from well_ops.services.errors import NotFound, ValidationFailed, WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_dt, uploaded
from well_ops.state.task_detail import TaskDetailState, task_id_of
from well_ops.state.task_views import CommentView, flatten_comments

MAX_FILES = 5


@dataclasses.dataclass
class AttachmentRow:
    id: int = 0
    filename: str = ""
    size: str = ""
    who: str = ""
    when: str = ""
    url: str = ""


def size_label(size_bytes: int) -> str:
    return f"{size_bytes / 1048576:.1f} MB" if size_bytes >= 1048576 else f"{max(1, round(size_bytes / 1024))} kB"


class TaskThreadState(rx.State):
    comments: list[CommentView] = []
    attachments: list[AttachmentRow] = []
    reply_to: int = 0
    editing: int = 0
    compose_key: int = 0

    def _id(self) -> str:
        return task_id_of(self.router.url.path)

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        self.reply_to = self.editing = 0
        try:
            comments = await call(tasks.list_comments, actor, self._id())
            files = await call(tasks.list_attachments, actor, self._id())
        except (NotFound, ValidationFailed):
            self.comments, self.attachments = [], []
            return
        self.comments = flatten_comments(comments, actor.user_id)
        self.attachments = [AttachmentRow(a.id, a.filename, size_label(a.size_bytes), a.uploaded_by_name,
                                          fmt_dt(a.created_at), f"/api/attachments/{a.id}") for a in files]

    async def _do(self, fn: Any, *args: Any, done: str = ""):
        try:
            await call(fn, await current_actor(self), *args)
        except WellOpsError as exc:
            return rx.toast.error(exc.message, id="action-error", duration=8000)
        self.compose_key += 1
        await self.load()
        return [TaskDetailState.load, *([rx.toast.success(done)] if done else [])]

    @rx.event
    async def add_comment(self, form: dict):
        data = form if isinstance(form, dict) else {}
        parent = data.get("parent_id") or None
        return await self._do(tasks.add_comment, self._id(), str(data.get("body", ""))[:12000], parent,
                              done="Reply posted." if parent else "Comment posted.")

    @rx.event
    def start_reply(self, comment_id: int):
        self.reply_to, self.editing = int(comment_id), 0

    @rx.event
    def start_edit(self, comment_id: int):
        self.editing, self.reply_to = int(comment_id), 0

    @rx.event
    def cancel(self):
        self.reply_to = self.editing = 0

    @rx.event
    async def save_edit(self, form: dict):
        data = form if isinstance(form, dict) else {}
        return await self._do(tasks.edit_comment, self.editing, str(data.get("body", ""))[:12000],
                              done="Comment edited.")

    @rx.event
    async def delete_comment(self, comment_id: int):
        return await self._do(tasks.delete_comment, comment_id, done="Comment deleted.")

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Attach the dropped / chosen files (each checked by the service: size, type, content)."""
        actor, done = await current_actor(self), []
        for file in uploaded(files)[:MAX_FILES]:
            try:
                read = await call(tasks.add_attachment, actor, self._id(), file.filename or "", await file.read())
            except WellOpsError as exc:
                yield rx.toast.error(exc.message, duration=8000)
                continue
            done.append(read.filename)
        await self.load()
        if done:
            yield [TaskDetailState.load, rx.toast.success("Attached " + ", ".join(done) + ".")]

    @rx.event
    async def delete_attachment(self, attachment_id: int):
        return await self._do(tasks.delete_attachment, attachment_id, done="Attachment removed.")
