"""Tasks (kanban), dependencies, checklists, comments, attachments, notifications and outgoing webhooks."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from well_ops.models.base import ck, enum_field, json_field, non_negative, text_field, utc_field
from well_ops.models.users import Role


class TaskStatus(enum.StrEnum):
    backlog = "backlog"
    in_progress = "in_progress"
    blocked = "blocked"
    done = "done"
    cancelled = "cancelled"


class TaskPriority(enum.StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    critical = "critical"


class TriggerType(enum.StrEnum):
    maasp_exceed = "maasp_exceed"
    mop_exceed = "mop_exceed"
    mawop_exceed = "mawop_exceed"
    sap_detected = "sap_detected"
    failed_test = "failed_test"
    test_overdue = "test_overdue"
    missing_readings = "missing_readings"
    delivery_late = "delivery_late"


class Task(SQLModel, table=True):
    __tablename__ = "tasks"
    __table_args__ = (
        sa.Index("ix_tasks_status_position", "status", "position"),
        sa.Index("ix_tasks_trigger_type_trigger_key", "trigger_type", "trigger_key"),
        ck("version >= 1", "ck_tasks_version_min"),
    )
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    description: str = text_field()
    status: TaskStatus = enum_field(TaskStatus, TaskStatus.backlog)
    priority: TaskPriority = enum_field(TaskPriority, TaskPriority.normal)
    due_date: date | None = Field(default=None, index=True)
    position: float = 0.0  # ordering inside a kanban column
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id", ondelete="SET NULL", index=True)
    rig_id: int | None = Field(default=None, foreign_key="rigs.id", ondelete="SET NULL")
    well_id: int | None = Field(default=None, foreign_key="wells.id", ondelete="SET NULL", index=True)
    annulus_id: int | None = Field(default=None, foreign_key="annuli.id", ondelete="SET NULL")
    barrier_element_id: int | None = Field(default=None, foreign_key="barrier_elements.id", ondelete="SET NULL")
    assignee_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL", index=True)
    assignee_team_id: int | None = Field(default=None, foreign_key="teams.id", ondelete="SET NULL")
    assignee_role: Role | None = enum_field(Role, None)
    tags: list[str] = json_field(list)
    parent_id: int | None = Field(default=None, foreign_key="tasks.id", ondelete="CASCADE", index=True)
    auto_generated: bool = False
    trigger_type: TriggerType | None = enum_field(TriggerType, None)
    trigger_key: str | None = Field(default=None, max_length=120)  # e.g. "annulus:12": one open task per trigger
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    version: int = 1  # optimistic lock: UPDATE ... WHERE version = :seen, then version + 1
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()
    completed_at: datetime | None = utc_field(None)


class TaskDependency(SQLModel, table=True):
    """``task_id`` cannot start before ``blocked_by_id`` is done."""

    __tablename__ = "task_dependencies"
    __table_args__ = (ck("task_id <> blocked_by_id", "ck_task_dependencies_not_self"),)
    task_id: int = Field(foreign_key="tasks.id", primary_key=True, ondelete="CASCADE")
    blocked_by_id: int = Field(foreign_key="tasks.id", primary_key=True, ondelete="CASCADE", index=True)
    created_at: datetime = utc_field()


class ChecklistItem(SQLModel, table=True):
    __tablename__ = "checklist_items"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="tasks.id", ondelete="CASCADE", index=True)
    text: str = Field(max_length=500)
    position: float = 0.0
    done: bool = False
    done_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    done_at: datetime | None = utc_field(None)
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class TaskComment(SQLModel, table=True):
    """A comment (or a reply to one). Deleting sets ``deleted`` and keeps the row for the thread and the audit."""

    __tablename__ = "task_comments"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="tasks.id", ondelete="CASCADE", index=True)
    parent_id: int | None = Field(default=None, foreign_key="task_comments.id", ondelete="CASCADE", index=True)
    author_id: int = Field(foreign_key="users.id", ondelete="RESTRICT", index=True)
    body: str = text_field()
    created_at: datetime = utc_field()
    edited_at: datetime | None = utc_field(None)
    deleted: bool = False


class TaskAttachment(SQLModel, table=True):
    """A file attached to a task; stored on disk under ``stored_name`` (random), never under the user's name."""

    __tablename__ = "task_attachments"
    __table_args__ = tuple(non_negative("size_bytes", table="task_attachments"))
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="tasks.id", ondelete="CASCADE", index=True)
    filename: str = Field(max_length=255)  # original name, for display only
    stored_name: str = Field(max_length=80, unique=True)
    content_type: str = Field(default="application/octet-stream", max_length=120)
    size_bytes: int = Field(default=0, sa_type=sa.BigInteger)
    sha256: str = Field(default="", max_length=64)
    uploaded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = utc_field()


class NotificationKind(enum.StrEnum):
    assignment = "assignment"
    mention = "mention"
    due_soon = "due_soon"
    overdue = "overdue"
    status_change = "status_change"
    integrity_alert = "integrity_alert"
    system = "system"


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    kind: NotificationKind = enum_field(NotificationKind, NotificationKind.system)
    task_id: int | None = Field(default=None, foreign_key="tasks.id", ondelete="CASCADE", index=True)
    message: str = Field(max_length=500)
    link: str = Field(default="", max_length=500)
    created_at: datetime = utc_field()
    read_at: datetime | None = utc_field(None)


class Webhook(SQLModel, table=True):
    __tablename__ = "webhooks"
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    secret: str = Field(max_length=200)  # HMAC key for the signature header
    events: list[str] = json_field(list)
    is_active: bool = True
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        ck("status IN ('pending', 'delivered', 'failed')", "ck_webhook_deliveries_status_allowed"),
        sa.Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
        *non_negative("attempts", table="webhook_deliveries"),
    )
    __audit__ = False  # the delivery log is its own record

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhooks.id", ondelete="CASCADE", index=True)
    event: str = Field(max_length=64)
    payload: dict[str, Any] = json_field(dict)
    status: str = Field(default="pending", max_length=16)  # "pending" / "delivered" / "failed"
    attempts: int = 0
    next_attempt_at: datetime | None = utc_field(None)
    last_status_code: int | None = None
    last_error: str = text_field()
    created_at: datetime = utc_field()
    delivered_at: datetime | None = utc_field(None)
