"""Task management: the kanban board, calendar, checklists, comments, attachments, notifications, auto-tasks.

Every public function wears ``@use_case`` (see ``services/context.py``) and takes an ``Actor`` (own transaction)
or a ``Context`` (joins the caller's). Editing use-cases are guarded with ``task.read`` and then apply the
object-level policy ``_require_edit``: ``task.write`` may change any task, ``task.write_assigned`` (logistics)
only tasks assigned to the user, the user's team or the user's role; executives read only.

Import the use-cases from here: ``from well_ops.services import tasks; tasks.board(actor, {...})``.
"""

from __future__ import annotations

from well_ops.services.tasks.activity import task_activity
from well_ops.services.tasks.attachments import (
    add_attachment,
    attachment_content,
    delete_attachment,
    list_attachments,
)
from well_ops.services.tasks.auto import raise_auto_task
from well_ops.services.tasks.board import board, calendar
from well_ops.services.tasks.checklist import (
    add_checklist_item,
    delete_checklist_item,
    rename_checklist_item,
    reorder_checklist_item,
    toggle_checklist_item,
)
from well_ops.services.tasks.comments import add_comment, delete_comment, edit_comment, list_comments
from well_ops.services.tasks.dependencies import add_dependency, remove_dependency
from well_ops.services.tasks.detail import get_task
from well_ops.services.tasks.editing import create_task, delete_task, set_due_date, update_task
from well_ops.services.tasks.moves import move_task
from well_ops.services.tasks.notifications import (
    bell,
    list_notifications,
    mark_all_read,
    mark_read,
    scan_due_tasks,
    unread_count,
)

__all__ = [
    "add_attachment", "add_checklist_item", "add_comment", "add_dependency", "attachment_content", "bell", "board",
    "calendar", "create_task", "delete_attachment", "delete_checklist_item", "delete_comment", "delete_task",
    "edit_comment", "get_task", "list_attachments", "list_comments", "list_notifications", "mark_all_read",
    "mark_read", "move_task", "raise_auto_task", "remove_dependency", "rename_checklist_item",
    "reorder_checklist_item", "scan_due_tasks", "set_due_date", "task_activity", "toggle_checklist_item",
    "unread_count", "update_task",
]
