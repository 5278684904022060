"""Outgoing webhooks: administrators register receivers, services emit events, a system job delivers them signed.

``emit_event(ctx, event, payload)`` only writes one pending ``webhook_deliveries`` row per active webhook that
subscribed to ``event``, inside the caller's transaction: the user's action never waits for the network, and a
rolled-back action emits nothing. ``deliver_pending`` (``services/webhook_delivery.py``, run as SYSTEM by the
scheduler) posts each due delivery, signed (``domain/webhooks.py``), records the outcome and retries with back-off.
Delivery is at least once: receivers de-duplicate on ``X-WellOps-Delivery``.
"""

from __future__ import annotations

import dataclasses
import math
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import col, func, select

from well_ops.domain.webhooks import EVENTS, MAX_ATTEMPTS, mask_secret, verify_signature
from well_ops.models.base import utcnow
from well_ops.models.tasks import Webhook, WebhookDelivery
from well_ops.services.audit_trail import jsonable
from well_ops.services.context import AUTHENTICATED, Context, use_case
from well_ops.services.errors import NotFound, ValidationFailed
from well_ops.services.webhook_delivery import BATCH, TIMEOUT_S, deliver_pending

__all__ = ["BATCH", "EVENTS", "MAX_ATTEMPTS", "TIMEOUT_S", "deliver_pending", "verify_signature"]  # re-exported

DELIVERY_INTERVAL_SECONDS = 30  # suggested period of a dedicated delivery loop (see services/scheduler.py)
SECRET_MIN, SECRET_MAX, URL_MAX = 16, 200, 2000
DELIVERY_STATUSES = ("pending", "delivered", "failed")


@dataclass(frozen=True)
class WebhookRead:
    """A registered receiver as listed: the secret only masked."""

    id: int
    url: str
    events: list[str]
    is_active: bool
    secret_masked: str
    created_at: datetime
    updated_at: datetime
    pending: int = 0
    failed: int = 0


@dataclass(frozen=True)
class CreatedWebhook:
    """A new receiver: ``secret`` is shown this once (generated when none was given), masked afterwards."""

    id: int
    url: str
    events: list[str]
    is_active: bool
    secret: str
    created_at: datetime


@dataclass(frozen=True)
class DeliveryRead:
    """One entry of the delivery log."""

    id: int
    webhook_id: int
    url: str
    event: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    created_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any]


# ------------------------------------------------------------------------------------------------ validation


def _url(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(text) if text and len(text) <= URL_MAX else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationFailed({"url": f"Give an http:// or https:// address of at most {URL_MAX} characters."})
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        raise ValidationFailed({"url": "The address must not contain spaces or control characters."})
    if parts.username or parts.password:
        raise ValidationFailed({"url": "Leave credentials out of the address: receivers check the signature."})
    try:
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        raise ValidationFailed({"url": "The port is not a number from 0 to 65535."}) from None
    return text


def _secret(value: Any) -> str:
    if value is None or value == "":
        return secrets.token_urlsafe(32)
    if not isinstance(value, str) or not SECRET_MIN <= len(value) <= SECRET_MAX or not value.isprintable():
        raise ValidationFailed({"secret": f"Use {SECRET_MIN}-{SECRET_MAX} printable characters."})
    return value


def _events(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or not value:
        raise ValidationFailed({"events": "Choose at least one event."})
    unknown = [str(e)[:64] for e in value if e not in EVENTS]
    if unknown:
        raise ValidationFailed({"events": f"Unknown event {unknown[0]!r}; use: {', '.join(EVENTS)}."})
    return [e for e in EVENTS if e in value]


def _data(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationFailed("expected an object with named fields")
    return data


def _hook(ctx: Context, webhook_id: Any) -> Webhook:
    key = webhook_id if isinstance(webhook_id, int) and not isinstance(webhook_id, bool) else None
    row = ctx.session.get(Webhook, key) if key is not None and 0 < key < 2**31 else None
    if row is None:
        raise NotFound(f"Webhook {webhook_id!r} does not exist.")
    return row


def _counts(ctx: Context, webhook_id: int | None = None) -> dict[tuple[int, str], int]:
    """``(webhook_id, status) -> number of deliveries`` (of one webhook, or of all)."""
    query = select(WebhookDelivery.webhook_id, WebhookDelivery.status, func.count())
    if webhook_id is not None:
        query = query.where(WebhookDelivery.webhook_id == webhook_id)
    grouped = query.group_by(col(WebhookDelivery.webhook_id), col(WebhookDelivery.status))
    return {(hid, status): int(n) for hid, status, n in ctx.session.exec(grouped)}


def _flag(values: dict[str, Any], default: bool) -> bool:
    flag = values.get("is_active", default)
    if not isinstance(flag, bool):
        raise ValidationFailed({"is_active": "must be true or false"})
    return flag


def _read(row: Webhook, counts: dict[tuple[int, str], int]) -> WebhookRead:
    hid = row.id or 0
    return WebhookRead(hid, row.url, list(row.events or []), row.is_active, mask_secret(row.secret),
                       row.created_at, row.updated_at, counts.get((hid, "pending"), 0), counts.get((hid, "failed"), 0))


# --------------------------------------------------------------------------------------------------- admin


@use_case("webhook.write")
def create_webhook(ctx: Context, data: dict[str, Any]) -> CreatedWebhook:
    """Register a receiver: ``url`` (http/https), ``events`` it wants, ``secret`` (16+ characters; generated if
    omitted)."""
    values = _data(data)
    url, events, secret = _url(values.get("url")), _events(values.get("events")), _secret(values.get("secret"))
    row = Webhook(url=url, events=events, secret=secret, is_active=_flag(values, True),
                  created_by_id=ctx.actor.user_id)
    ctx.session.add(row)
    ctx.session.flush()
    return CreatedWebhook(row.id or 0, row.url, list(row.events), row.is_active, secret, row.created_at)


@use_case("webhook.read")
def list_webhooks(ctx: Context) -> list[WebhookRead]:
    """Every receiver, newest first, with its pending and failed delivery counts."""
    rows = ctx.session.exec(select(Webhook).order_by(col(Webhook.id).desc())).all()
    counts = _counts(ctx)
    return [_read(r, counts) for r in rows]


@use_case("webhook.write")
def update_webhook(ctx: Context, webhook_id: int, data: dict[str, Any]) -> WebhookRead:
    """Change a receiver's ``url``, ``events``, ``secret`` or ``is_active`` (deactivated: nothing is sent)."""
    row, values = _hook(ctx, webhook_id), _data(data)
    if "url" in values:
        row.url = _url(values["url"])
    if "events" in values:
        row.events = _events(values["events"])
    if "secret" in values:
        row.secret = _secret(values["secret"])
    if "is_active" in values:
        row.is_active = _flag(values, row.is_active)
    row.updated_at = utcnow()
    ctx.session.add(row)
    ctx.session.flush()
    return _read(row, _counts(ctx, row.id))


@use_case("webhook.delete")
def delete_webhook(ctx: Context, webhook_id: int) -> None:
    """Remove a receiver and its delivery log."""
    row = _hook(ctx, webhook_id)
    ctx.session.connection().execute(sa.delete(WebhookDelivery).where(col(WebhookDelivery.webhook_id) == row.id))
    ctx.session.delete(row)
    ctx.session.flush()


@use_case("webhook.read")
def list_deliveries(ctx: Context, webhook_id: int | None = None, status: str | None = None,
                    limit: int = 200) -> list[DeliveryRead]:
    """The delivery log, newest first (of one receiver when ``webhook_id`` is given)."""
    if status is not None and status not in DELIVERY_STATUSES:
        raise ValidationFailed({"status": f"Use one of: {', '.join(DELIVERY_STATUSES)}."})
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise ValidationFailed({"limit": "between 1 and 1000"})
    query = select(WebhookDelivery, Webhook.url).join(Webhook, col(Webhook.id) == WebhookDelivery.webhook_id)
    if webhook_id is not None:
        query = query.where(WebhookDelivery.webhook_id == _hook(ctx, webhook_id).id)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    rows = ctx.session.exec(query.order_by(col(WebhookDelivery.id).desc()).limit(limit))
    return [DeliveryRead(d.id or 0, d.webhook_id, url, d.event, d.status, d.attempts, d.next_attempt_at,
                         d.last_status_code, d.last_error, d.created_at, d.delivered_at, dict(d.payload or {}))
            for d, url in rows]


# ---------------------------------------------------------------------------------------------------- emit


def _plain(value: Any) -> Any:
    """A JSON-safe copy of an event payload: models and dataclasses as dicts, enums and dates as text, NaN and
    infinities as null, anything else unknown as its text (a payload never makes the user's action fail)."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    value = jsonable(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


@use_case(AUTHENTICATED)  # called by other use-cases inside their transaction, as whoever acts
def emit_event(ctx: Context, event: str, payload: dict[str, Any]) -> int:
    """Queue ``event`` for every active webhook subscribed to it; returns how many deliveries were queued."""
    if event not in EVENTS:
        raise ValidationFailed({"event": f"Unknown event {event!r}."})
    with ctx.session.no_autoflush:  # the caller's pending changes flush when it decides, not here
        hooks = [h for h in ctx.session.exec(select(Webhook).where(col(Webhook.is_active).is_(True)))
                 if event in (h.events or [])]
    if not hooks:
        return 0
    stored = {"actor": ctx.actor.email, "data": _plain(payload)}
    now = utcnow()
    for hook in hooks:
        ctx.session.add(WebhookDelivery(webhook_id=hook.id or 0, event=event, payload=stored, status="pending",
                                        next_attempt_at=now, created_at=now))
    return len(hooks)
