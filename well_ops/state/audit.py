"""Admin page state: the audit trail, filtered by user, entity, action and date."""

import json

import reflex as rx

from well_ops.services import audit as audit_service
from well_ops.services.audit import AuditEntry
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_dt

PAGE_SIZE = 50


def _changes(entry: AuditEntry) -> str:
    before, after = entry.before or {}, entry.after or {}
    if entry.action == "update":
        return "; ".join(f"{k}: {before.get(k)!r} → {after.get(k)!r}" for k in after)[:600]
    if entry.action == "create":
        return json.dumps(after, default=str)[:600]
    if entry.action == "delete":
        return json.dumps(before, default=str)[:600]
    return entry.summary


class AuditState(rx.State):
    rows: list[dict[str, str]] = []
    entities: list[str] = []
    total: int = 0
    page: int = 0
    actor: str = ""
    entity: str = ""
    action: str = ""
    date_from: str = ""
    date_to: str = ""
    chain_status: str = ""

    @rx.var
    def page_label(self) -> str:
        last = max(1, (self.total + PAGE_SIZE - 1) // PAGE_SIZE)
        return f"Page {self.page + 1} of {last} ({self.total} entries)"

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        result = await call(
            audit_service.list_audit, actor, actor=self.actor, entity=self.entity, action=self.action,
            date_from=self.date_from or None, date_to=self.date_to or None, limit=PAGE_SIZE,
            offset=self.page * PAGE_SIZE,
        )
        self.entities = await call(audit_service.list_entities, actor)
        self.total = result.total
        self.rows = [
            {"id": str(r.id), "at": fmt_dt(r.at), "actor": r.actor_email, "action": r.action, "entity": r.entity,
             "entity_id": r.entity_id, "changes": _changes(r)}
            for r in result.rows
        ]

    @rx.event
    async def apply_filters(self, form: dict):
        form = form if isinstance(form, dict) else {}
        self.actor = str(form.get("actor", ""))[:100]
        entity = str(form.get("entity", ""))[:64]
        self.entity = "" if entity == "all" else entity
        action = str(form.get("action", ""))[:32]
        self.action = "" if action == "all" else action
        self.date_from = str(form.get("date_from", ""))[:10]
        self.date_to = str(form.get("date_to", ""))[:10]
        self.page = 0
        await self.load()

    @rx.event
    async def next_page(self):
        if (self.page + 1) * PAGE_SIZE < self.total:
            self.page += 1
            await self.load()

    @rx.event
    async def prev_page(self):
        if self.page > 0:
            self.page -= 1
            await self.load()

    @rx.event
    async def verify_chain(self):
        problems = await call(audit_service.verify, await current_actor(self))
        self.chain_status = "Hash chain intact." if not problems else f"{len(problems)} problem(s): {problems[0]}"
