"""Admin page state: outgoing webhooks (register, deactivate, delete) and their delivery log."""

import reflex as rx

from well_ops.domain.webhooks import EVENTS
from well_ops.services import webhooks as webhooks_service
from well_ops.services.errors import WellOpsError
from well_ops.services.webhooks import DeliveryRead, WebhookRead
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_dt
from well_ops.state.table import TableMixin

EVENT_FIELD = "event__"  # form checkbox names: event__task.created, ...
LOG_SIZE = 300


def webhook_row(w: WebhookRead) -> dict[str, str]:
    return {"id": str(w.id), "url": w.url, "events": ", ".join(w.events), "active": "yes" if w.is_active else "no",
            "status": "active" if w.is_active else "inactive", "secret": w.secret_masked, "pending": str(w.pending),
            "failed": str(w.failed), "created": fmt_dt(w.created_at)}


def delivery_row(d: DeliveryRead) -> dict[str, str]:
    return {"id": str(d.id), "webhook_id": str(d.webhook_id), "url": d.url, "event": d.event, "status": d.status,
            "attempts": str(d.attempts), "last_status_code": str(d.last_status_code or ""),
            "last_error": d.last_error[:200], "next_attempt": fmt_dt(d.next_attempt_at),
            "created": fmt_dt(d.created_at), "delivered": fmt_dt(d.delivered_at)}


COLUMNS = [("created", "Queued (UTC)"), ("event", "Event"), ("url", "Receiver"), ("status", "Status"),
           ("attempts", "Attempts"), ("last_status_code", "Last code"), ("last_error", "Last error"),
           ("next_attempt", "Next attempt (UTC)"), ("delivered", "Delivered (UTC)")]


class WebhooksState(TableMixin, rx.State):
    """``rows`` is the delivery log (searchable, exportable); ``webhooks`` the receivers."""

    webhooks: list[dict[str, str]] = []
    events: list[str] = list(EVENTS)
    new_secret: str = ""

    def _table_columns(self) -> list[tuple[str, str]]:
        return COLUMNS

    def _export_name(self) -> str:
        return "webhook-deliveries"

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        self.webhooks = [webhook_row(w) for w in await call(webhooks_service.list_webhooks, actor)]
        self.rows = [delivery_row(d) for d in await call(webhooks_service.list_deliveries, actor, limit=LOG_SIZE)]

    @rx.event
    async def create(self, form: dict):
        data = form if isinstance(form, dict) else {}
        body = {"url": str(data.get("url", ""))[:2100], "secret": str(data.get("secret", "")).strip()[:300] or None,
                "events": [e for e in EVENTS if data.get(EVENT_FIELD + e) not in (None, "", False)]}
        try:
            created = await call(webhooks_service.create_webhook, await current_actor(self), body)
        except WellOpsError as exc:
            self.form_error = exc.message
            return
        self.form_open = False
        self.new_secret = "" if body["secret"] else created.secret
        await self.load()
        yield rx.toast.success(f"Webhook {created.url} registered.")

    @rx.event
    def dismiss_secret(self):
        self.new_secret = ""

    @rx.event
    async def set_active(self, webhook_id: str, active: bool):
        await call(webhooks_service.update_webhook, await current_actor(self), int(webhook_id),
                   {"is_active": bool(active)})
        await self.load()
        return rx.toast.success("Webhook activated." if active else "Webhook deactivated: nothing more is sent.")

    @rx.event
    async def delete(self, webhook_id: str):
        await call(webhooks_service.delete_webhook, await current_actor(self), int(webhook_id))
        await self.load()
        return rx.toast.success("Webhook deleted with its delivery log.")
