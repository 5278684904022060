"""Tasks raised by the integrity engine (and other rules): one open task per trigger, never duplicates."""

from __future__ import annotations

import zlib
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.models.tasks import Task, TriggerType
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.tasks._common import OPEN_STATUSES, _claim
from well_ops.services.tasks.editing import _new_task

_LOCK_BASE = 7_300_000_000  # advisory-lock keys of auto tasks (PostgreSQL), apart from the audit chain's key


def _trigger(trigger_type: Any, trigger_key: Any) -> tuple[TriggerType, str]:
    try:
        kind = TriggerType(trigger_type)
    except ValueError:
        raise ValidationFailed({"trigger_type": f"Unknown trigger {trigger_type!r}."}) from None
    key = trigger_key.strip() if isinstance(trigger_key, str) else ""
    if not key or len(key) > 120:
        raise ValidationFailed({"trigger_key": "Give a key of 1-120 characters, e.g. annulus:12."})
    return kind, key


def _serialise(ctx: Context, kind: TriggerType, key: str) -> None:
    """On PostgreSQL, make concurrent raisers of the same trigger wait for each other (until commit)."""
    if ctx.session.get_bind().dialect.name == "postgresql":
        lock = _LOCK_BASE + zlib.crc32(f"{kind.value}|{key}".encode())
        ctx.session.connection().execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})


def _append(ctx: Context, task: Task, note: str) -> None:
    line = f"{ctx.actor.full_name}: {note.strip()}"[:1000]
    _claim(ctx, task)
    task.description = (task.description.rstrip() + "\n" + line).strip()[-20000:]
    ctx.session.flush()


@use_case("task.write")
def raise_auto_task(ctx: Context, trigger_type: str, trigger_key: str, title: str, description: str = "",
                    priority: str = "high", *, campaign_id: int | None = None, rig_id: int | None = None,
                    well_id: int | None = None, annulus_id: int | None = None,
                    barrier_element_id: int | None = None, assignee_user_id: int | None = None,
                    assignee_team_id: int | None = None, assignee_role: str | None = None,
                    due_date: date | None = None, tags: list[str] | None = None,
                    note: str | None = None) -> tuple[int, bool]:
    """The open task of this trigger, or a new one: ``(task_id, created)``. Callable as SYSTEM.

    When an open task (backlog, in progress, blocked) already exists for ``(trigger_type, trigger_key)`` it is
    returned unchanged, except that ``note`` (if given) is appended as a line of its description.
    """
    kind, key = _trigger(trigger_type, trigger_key)
    _serialise(ctx, kind, key)
    existing = ctx.session.exec(select(Task).where(Task.trigger_type == kind, Task.trigger_key == key,
                                                   col(Task.status).in_(OPEN_STATUSES))
                                .order_by(col(Task.id)).limit(1)).first()
    if existing is not None:
        if note and note.strip():
            _append(ctx, existing, note)
        return existing.id or 0, False
    data = {"title": title, "description": description, "priority": priority, "campaign_id": campaign_id,
            "rig_id": rig_id, "well_id": well_id, "annulus_id": annulus_id,
            "barrier_element_id": barrier_element_id, "assignee_user_id": assignee_user_id,
            "assignee_team_id": assignee_team_id, "assignee_role": assignee_role, "due_date": due_date,
            "tags": tags or []}
    task = _new_task(ctx, data, auto_generated=True, trigger_type=kind, trigger_key=key)
    return task.id or 0, True
