"""Read the audit trail (admins only). Nothing here or anywhere else edits or deletes audit rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlmodel import col, func, select

from well_ops.models.audit import AuditLog
from well_ops.services.audit_trail import verify_chain
from well_ops.services.context import Context, use_case


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_email: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    summary: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditEntry]
    total: int


def _day_start(day: date | str | None) -> datetime | None:
    if not day:
        return None
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(d, time.min, tzinfo=timezone.utc)


@use_case("audit.read")
def list_audit(ctx: Context, *, actor: str = "", entity: str = "", action: str = "", entity_id: str = "",
               date_from: date | str | None = None, date_to: date | str | None = None,
               limit: int = 50, offset: int = 0) -> AuditPage:
    """Audit rows, newest first, filtered by actor e-mail, entity, action, row id and date range (inclusive)."""
    query = select(AuditLog)
    if actor:
        query = query.where(col(AuditLog.actor_email).ilike(f"%{str(actor)[:100]}%"))
    if entity:
        query = query.where(AuditLog.entity == str(entity))
    if action:
        query = query.where(AuditLog.action == str(action))
    if entity_id:
        query = query.where(AuditLog.entity_id == str(entity_id))
    start, end = _day_start(date_from), _day_start(date_to)
    if start:
        query = query.where(AuditLog.at >= start)
    if end:
        query = query.where(AuditLog.at < end + timedelta(days=1))
    total = ctx.session.exec(select(func.count()).select_from(query.subquery())).one()
    limit = max(1, min(int(limit), 500))
    rows = ctx.session.exec(query.order_by(col(AuditLog.id).desc()).offset(max(0, int(offset))).limit(limit))
    return AuditPage(
        rows=[AuditEntry(r.id or 0, r.at, r.actor_email, r.action, r.entity, r.entity_id, r.before, r.after,
                         r.summary) for r in rows],
        total=int(total),
    )


@use_case("audit.read")
def list_entities(ctx: Context) -> list[str]:
    """The distinct entity names present in the trail (for the filter)."""
    return sorted(e for e in ctx.session.exec(select(AuditLog.entity).distinct()) if e)


@use_case("audit.read")
def verify(ctx: Context) -> list[str]:
    """Check the hash chain of the whole trail; an empty list means intact."""
    return verify_chain(ctx.session.connection())
