"""Create / Update / Read schemas of tasks, the board filter, comments, activity and notifications."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from well_ops.models.tasks import NotificationKind, TaskPriority, TaskStatus, TriggerType
from well_ops.models.users import Role

MAX_TAGS = 20
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9 _./+#-]{0,29}$")
ASSIGNEE_RE = re.compile(r"^(user|team):\d{1,12}$|^role:[a-z_]{1,32}$")
ASSIGNEE_FIELDS = ("assignee_user_id", "assignee_team_id", "assignee_role")
LINK_FIELDS = ("campaign_id", "rig_id", "well_id", "annulus_id", "barrier_element_id")


def normalise_tags(value: Any) -> list[str] | None:
    """Tags lower-cased, trimmed, de-duplicated (first spelling kept), at most 20 of at most 30 characters."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)):
        raise ValueError("give a list of tags")
    tags: list[str] = []
    for raw in value:
        if not isinstance(raw, str):
            raise ValueError("each tag must be text")
        tag = " ".join(raw.strip().lower().split())
        if not tag:
            continue
        if not TAG_RE.match(tag):
            raise ValueError(f"tag {raw!r}: use 1-30 letters, digits, spaces or - _ . / + #")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} tags")
    return tags


def _title(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("give the task a title as text")
    value = " ".join(value.split())
    if not value:
        raise ValueError("give the task a title")
    return value


class TaskCreate(SQLModel):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20000)
    status: TaskStatus = TaskStatus.backlog
    priority: TaskPriority = TaskPriority.normal
    due_date: date | None = None
    assignee_user_id: int | None = None
    assignee_team_id: int | None = None
    assignee_role: Role | None = None
    tags: list[str] = Field(default_factory=list)
    campaign_id: int | None = None
    rig_id: int | None = None
    well_id: int | None = None
    annulus_id: int | None = None
    barrier_element_id: int | None = None
    parent_id: int | None = None

    _t = field_validator("title", mode="before")(_title)
    _tags = field_validator("tags", mode="before")(normalise_tags)


class TaskUpdate(SQLModel):
    """Only the fields sent are changed; ``version`` is the one the user saw (optimistic lock)."""

    version: int = Field(ge=1)
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20000)
    status: TaskStatus | None = None
    priority: TaskPriority | None = None
    due_date: date | None = None
    assignee_user_id: int | None = None
    assignee_team_id: int | None = None
    assignee_role: Role | None = None
    tags: list[str] | None = None
    campaign_id: int | None = None
    rig_id: int | None = None
    well_id: int | None = None
    annulus_id: int | None = None
    barrier_element_id: int | None = None
    parent_id: int | None = None

    _t = field_validator("title", mode="before")(_title)
    _tags = field_validator("tags", mode="before")(normalise_tags)


class BoardFilter(SQLModel):
    """What the board (and the calendar) shows; every field optional."""

    rig_id: int | None = None
    campaign_id: int | None = None
    well_id: int | None = None
    assignee: str | None = Field(default=None, description='"user:ID", "team:ID" or "role:NAME"')
    priority: TaskPriority | None = None
    tag: str | None = None
    due: Literal["overdue", "week", "none"] | None = None
    auto_generated: bool | None = None
    text: str | None = Field(default=None, max_length=200)
    top_level_only: bool = True
    include_cancelled: bool = False
    limit_per_column: int = Field(default=300, ge=1, le=300)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, data: Any) -> Any:
        if isinstance(data, dict):
            keep = {"top_level_only", "include_cancelled"}
            return {k: None if k not in keep and (v == "" or (v == "all" and k != "text")) else v
                    for k, v in data.items()}
        return data

    @field_validator("assignee")
    @classmethod
    def _assignee(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.strip().lower()
        if not ASSIGNEE_RE.match(v):
            raise ValueError('use "user:ID", "team:ID" or "role:NAME"')
        if v.startswith("role:") and v[5:] not in {r.value for r in Role}:
            raise ValueError(f"unknown role {v[5:]!r}")
        return v

    @field_validator("tag")
    @classmethod
    def _tag(cls, v: str | None) -> str | None:
        tags = normalise_tags([v]) if v is not None else None
        return tags[0] if tags else None

    @field_validator("text")
    @classmethod
    def _text(cls, v: str | None) -> str | None:
        return v.strip() or None if v is not None else None


class TaskRef(SQLModel):
    """A task named in another one (parent, blocker, blocked task)."""

    id: int
    title: str
    status: TaskStatus


class TaskCard(SQLModel):
    """Everything one board card shows."""

    id: int
    title: str
    status: TaskStatus
    priority: TaskPriority
    due_date: date | None = None
    overdue: bool = False
    assignee: str = ""  # "user:3" / "team:2" / "role:logistics" ("" when unassigned), as BoardFilter.assignee
    assignee_label: str = ""
    tags: list[str] = Field(default_factory=list)
    checklist_done: int = 0
    checklist_total: int = 0
    subtask_done: int = 0
    subtask_total: int = 0
    subtask_progress_pct: float | None = None  # done subtasks / all subtasks x 100, None without subtasks
    attachment_count: int = 0
    comment_count: int = 0
    auto_generated: bool = False
    trigger_type: TriggerType | None = None
    parent_id: int | None = None
    position: float = 0.0
    version: int = 1
    campaign_name: str = ""
    well_name: str = ""
    rig_name: str = ""


class BoardColumns(dict[str, list[TaskCard]]):
    """The board: status -> cards by position. ``truncated[status]`` counts the cards left out by the column cap."""

    def __init__(self, columns: dict[str, list[TaskCard]], truncated: dict[str, int]) -> None:
        super().__init__(columns)
        self.truncated: dict[str, int] = dict(truncated)


class ChecklistItemRead(SQLModel):
    id: int
    task_id: int
    text: str
    position: float
    done: bool
    done_by_name: str = ""
    done_at: datetime | None = None


class CommentRead(SQLModel):
    id: int
    parent_id: int | None = None
    author_id: int
    author_name: str
    body: str  # empty once deleted
    created_at: datetime
    edited_at: datetime | None = None
    deleted: bool = False
    replies: list[CommentRead] = Field(default_factory=list)


class AttachmentRead(SQLModel):
    id: int
    task_id: int
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    uploaded_by_name: str = ""
    created_at: datetime


class ActivityEntry(SQLModel):
    at: datetime
    who: str
    action: str  # create / update / delete
    entity: str  # task / checklist / comment / attachment / dependency
    summary: str


class TaskDetail(TaskCard):
    """The task dialog: the card plus its text, links, relations, checklist, comments, files and history."""

    description: str = ""
    assignee_user_id: int | None = None
    assignee_team_id: int | None = None
    assignee_role: Role | None = None
    campaign_id: int | None = None
    rig_id: int | None = None
    well_id: int | None = None
    annulus_id: int | None = None
    barrier_element_id: int | None = None
    trigger_key: str | None = None
    created_by_name: str = ""
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    parent: TaskRef | None = None
    subtasks: list[TaskCard] = Field(default_factory=list)
    blockers: list[TaskRef] = Field(default_factory=list)
    blocking: list[TaskRef] = Field(default_factory=list)
    checklist: list[ChecklistItemRead] = Field(default_factory=list)
    comments: list[CommentRead] = Field(default_factory=list)
    attachments: list[AttachmentRead] = Field(default_factory=list)
    activity: list[ActivityEntry] = Field(default_factory=list)


class NotificationRead(SQLModel):
    id: int
    kind: NotificationKind
    task_id: int | None = None
    message: str
    link: str = ""
    created_at: datetime
    read_at: datetime | None = None

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


CommentRead.model_rebuild()
