"""Plain display rows of tasks (cards, columns, comments...) built from the task services' Read schemas.

Only formatting: every figure (progress, overdue, counts) comes from the service.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.schemas_tasks import CommentRead, TaskCard
from well_ops.services.context import Actor

STATUS_LABELS: dict[str, str] = {"backlog": "Backlog", "in_progress": "In progress", "blocked": "Blocked",
                                 "done": "Done", "cancelled": "Cancelled"}
BOARD_STATUSES = ("backlog", "in_progress", "blocked", "done")
TRIGGER_LABELS: dict[str, str] = {
    "maasp_exceed": "MAASP exceeded", "mop_exceed": "MOP exceeded", "mawop_exceed": "MAWOP exceeded",
    "sap_detected": "SAP detected", "failed_test": "Failed test", "test_overdue": "Test overdue",
    "missing_readings": "Missing readings", "delivery_late": "Late delivery",
}
MAX_COMMENT_DEPTH = 6  # deeper replies are shown at this indentation


def fmt_date(value: date | None) -> str:
    return value.isoformat() if value else ""


@dataclasses.dataclass
class CardView:
    """One board card (or calendar chip), as text ready to show."""

    id: int = 0
    title: str = ""
    status: str = ""
    priority: str = ""
    due: str = ""
    overdue: bool = False
    assignee: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    checklist: str = ""  # "3/5", empty without a checklist
    checklist_complete: bool = False
    subtasks: str = ""  # "1/2", empty without subtasks
    attachments: int = 0
    comments: int = 0
    auto: bool = False
    trigger: str = ""
    context: str = ""  # campaign · well · rig
    version: int = 1
    editable: bool = False
    first: bool = False  # first / last card of its column (for "move up" / "move down")
    last: bool = False


@dataclasses.dataclass
class BoardColumn:
    status: str = ""
    label: str = ""
    cards: list[CardView] = dataclasses.field(default_factory=list)
    count: int = 0
    hidden: int = 0  # cards left out by the column cap


def editor_keys(actor: Actor) -> tuple[bool, set[str]]:
    """(may edit any task, the assignee keys whose tasks the actor may edit): hides controls, decides nothing."""
    perms = ROLE_PERMISSIONS[actor.role] if actor.role and actor.user_id else frozenset()
    if "task.write" in perms:
        return True, set()
    if "task.write_assigned" not in perms:
        return False, set()
    keys = {f"user:{actor.user_id}", f"role:{actor.role.value if actor.role else ''}"}
    return False, keys | ({f"team:{actor.team_id}"} if actor.team_id is not None else set())


def card_view(card: TaskCard, editors: tuple[bool, set[str]] = (False, set())) -> CardView:
    any_task, keys = editors
    return CardView(
        id=card.id, title=card.title, status=card.status.value, priority=card.priority.value,
        due=fmt_date(card.due_date), overdue=card.overdue, assignee=card.assignee_label, tags=list(card.tags),
        checklist=f"{card.checklist_done}/{card.checklist_total}" if card.checklist_total else "",
        checklist_complete=card.checklist_total > 0 and card.checklist_done == card.checklist_total,
        subtasks=f"{card.subtask_done}/{card.subtask_total}" if card.subtask_total else "",
        attachments=card.attachment_count, comments=card.comment_count, auto=card.auto_generated,
        trigger=TRIGGER_LABELS.get(card.trigger_type.value, card.trigger_type.value) if card.trigger_type else "",
        context=" · ".join(n for n in (card.campaign_name, card.well_name, card.rig_name) if n),
        version=card.version, editable=any_task or card.assignee in keys,
    )


def board_columns(columns: dict[str, list[TaskCard]], truncated: dict[str, int],
                  editors: tuple[bool, set[str]]) -> list[BoardColumn]:
    out = []
    for status, cards in columns.items():
        views = [card_view(c, editors) for c in cards]
        if views:
            views[0].first, views[-1].last = True, True
        out.append(BoardColumn(status=status, label=STATUS_LABELS.get(status, status), cards=views,
                               count=len(views), hidden=truncated.get(status, 0)))
    return out


@dataclasses.dataclass
class CommentView:
    """A comment of a thread, flattened: ``depth`` 0 for a top-level comment."""

    id: int = 0
    parent_id: int = 0
    author: str = ""
    body: str = ""
    when: str = ""
    edited: bool = False
    deleted: bool = False
    own: bool = False
    depth: int = 0


def flatten_comments(roots: list[CommentRead], user_id: int | None) -> list[CommentView]:
    """The comment tree in reading order (each reply under its parent), with its depth."""
    out: list[CommentView] = []
    stack = [(c, 0) for c in reversed(roots)]
    while stack:
        c, depth = stack.pop()
        out.append(CommentView(id=c.id, parent_id=c.parent_id or 0, author=c.author_name, body=c.body,
                               when=c.created_at.strftime("%Y-%m-%d %H:%M"), edited=c.edited_at is not None,
                               deleted=c.deleted, own=user_id is not None and c.author_id == user_id,
                               depth=min(depth, MAX_COMMENT_DEPTH)))
        stack.extend((r, depth + 1) for r in reversed(c.replies))
    return out
