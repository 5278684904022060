"""Helpers shared by the integrity use-cases: loading rows, ids, times, auto-tasks and alert notifications."""

from __future__ import annotations

import enum
import math
from datetime import datetime, timezone
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import SQLModel, col, select

from well_ops.models.base import utcnow
from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus
from well_ops.models.tasks import Notification, NotificationKind
from well_ops.models.users import Role, User
from well_ops.services.context import SYSTEM, Context
from well_ops.services.errors import NotFound, ValidationFailed
from well_ops.services.tasks.auto import raise_auto_task
from well_ops.services.validation import parse
from well_ops.services.webhooks import emit_event

T = TypeVar("T", bound=SQLModel)
M = TypeVar("M", bound=BaseModel)

# Who hears about a limit exceedance at once (besides the auto-task's assignment to the engineers).
ALERT_ROLES = (Role.engineer, Role.ops_manager)


def _id(value: Any, field: str) -> int:
    """An integer id from client input, or ValidationFailed naming the field."""
    if isinstance(value, bool):
        raise ValidationFailed({field: "must be a number"})
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed({field: "must be a number"}) from None


def _get(ctx: Context, model: type[T], row_id: Any, label: str) -> T:
    """The row, or NotFound naming it."""
    try:
        key = int(row_id)
    except (TypeError, ValueError):
        raise NotFound(f"{label} {row_id!r} does not exist.") from None
    row = ctx.session.get(model, key)
    if row is None:
        raise NotFound(f"{label} {key} does not exist.")
    return row


def _ref(ctx: Context, model: type[T], row_id: Any, field: str, label: str) -> T:
    """A referenced row in the input, or ValidationFailed on ``field``."""
    row = ctx.session.get(model, _id(row_id, field))
    if row is None:
        raise ValidationFailed({field: f"Unknown {label}."})
    return row


def _well(ctx: Context, well_id: Any) -> Well:
    return _get(ctx, Well, well_id, "Well")


def _annulus(ctx: Context, annulus_id: Any) -> Annulus:
    return _get(ctx, Annulus, annulus_id, "Annulus")


def _parse(schema: type[M], data: Any) -> M:
    return parse(schema, data)


def _now(now: Any = None) -> datetime:
    """``now`` as a timezone-aware datetime (the current time when None)."""
    if now is None:
        return utcnow()
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise ValidationFailed({"now": "must be a timezone-aware datetime"})
    return now


def _finite(value: Any) -> float | None:
    """A finite float from a number or numeric text, else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # decimal comma
        try:
            value = float(text)
        except ValueError:
            return None
    if not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int beyond the float range (e.g. 10**400 from JSON): not a usable number
        return None
    return number if math.isfinite(number) else None


def _set_fields(row: SQLModel, changes: dict[str, Any]) -> None:
    """Apply validated changes; None on a required column is refused naming the field."""
    columns = row.__table__.c  # type: ignore[attr-defined]
    for key, value in changes.items():
        if value is None and key in columns and not columns[key].nullable:
            current = getattr(row, key)
            if isinstance(current, str) and not isinstance(current, enum.Enum):
                value = ""
            else:
                raise ValidationFailed({key: "This field is required."})
        setattr(row, key, value)
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()  # type: ignore[attr-defined]


def _flush(ctx: Context, label: str) -> None:
    """Flush; a database rule that slipped past the checks becomes a ValidationFailed."""
    try:
        ctx.session.flush()
    except sa.exc.IntegrityError as exc:
        text = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        raise ValidationFailed(f"{label} breaks a database rule: {text[:200]}") from None


def _raise_task(ctx: Context, trigger: str, key: str, title: str, description: str, priority: str, *,
                well_id: int | None, annulus_id: int | None = None, element_id: int | None = None,
                note: str | None = None) -> tuple[int, bool]:
    """Raise (or find) the open auto-task of ``(trigger, key)``, assigned to the engineers' role.

    Auto-tasks are raised by the integrity engine (actor SYSTEM) inside the caller's transaction: the use-case
    that found the condition was already authorised, and the task is the rule's, not the person's who happened to
    load data or open a page. The audit rows still name the acting user (the session's actor).
    """
    engine = Context(session=ctx.session, actor=SYSTEM)
    task_id, created = raise_auto_task(engine, trigger, key, title[:200], description[:20000], priority,
                                       well_id=well_id, annulus_id=annulus_id, barrier_element_id=element_id,
                                       assignee_role=Role.engineer.value, tags=["integrity", trigger.replace("_", "-")],
                                       note=note)
    if created:  # a new episode: tell the subscribed systems (webhooks are queued in this transaction)
        emit_event(ctx, "integrity.alert_raised", {
            "trigger_type": trigger, "object": key, "task_id": task_id, "title": title[:200], "priority": priority,
            "well_id": well_id, "annulus_id": annulus_id, "barrier_element_id": element_id,
            "description": description[:2000]})
    return task_id, created


def _alert(ctx: Context, task_id: int, message: str, link: str) -> int:
    """An ``integrity_alert`` notification to every active engineer and operations manager; returns the count."""
    users = ctx.session.exec(select(User.id).where(col(User.is_active).is_(True),
                                                   col(User.role).in_(ALERT_ROLES))).all()
    for user_id in users:
        if user_id is not None:
            ctx.session.add(Notification(user_id=user_id, kind=NotificationKind.integrity_alert, task_id=task_id,
                                         message=message[:500], link=link[:500]))
    ctx.session.flush()
    return len(users)


def _fmt_time(at: datetime) -> str:
    return at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _production_start(well: Well) -> datetime | None:
    """The well's production start as midnight UTC (SAP rule: bleeds in the first days are thermal)."""
    day = well.production_start_date
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc) if day else None
