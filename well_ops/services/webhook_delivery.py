"""Sending queued webhook deliveries: claim (one short transaction), post (no transaction open), record (another).

No database transaction stays open while a receiver answers (up to ``TIMEOUT_S`` each): a long transaction would
hold PostgreSQL row locks and, on SQLite, fail at its first write once any other write has committed meanwhile.
Claiming pushes each delivery's ``next_attempt_at`` ``LEASE`` into the future, so a second dispatcher (another
worker) skips it, and a dispatcher that dies mid-send leaves it to be retried after the lease: delivery is at least
once, and receivers de-duplicate on ``X-WellOps-Delivery``. See ``services/webhooks.py`` for the rest.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlmodel import col, select

from well_ops.domain.webhooks import retry_delay, sign
from well_ops.models.base import utcnow
from well_ops.models.tasks import Webhook, WebhookDelivery
from well_ops.services.audit_trail import jsonable
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed

log = logging.getLogger(__name__)

TIMEOUT_S = 5.0
BATCH = 20  # deliveries per run: one run waits at most BATCH x TIMEOUT_S seconds for receivers
LEASE = timedelta(minutes=10)  # a claimed delivery is not claimed again before this, unless recorded
HttpPost = Callable[[str, bytes, dict[str, str], float], int]  # (url, body, headers, timeout) -> status code


@dataclass(frozen=True)
class Outgoing:
    """One claimed delivery, ready to post: plain data, no database row."""

    id: int
    url: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Outcome:
    """How one post went: the receiver's status code (None when there was no answer) and the error, if any."""

    id: int
    status_code: int | None
    error: str


def _at(now: datetime | None) -> datetime:
    at = now or utcnow()
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise ValidationFailed({"now": "must be a timezone-aware datetime"})
    return at


def _outgoing(delivery: WebhookDelivery, hook: Webhook, at: datetime) -> Outgoing:
    """The signed body and headers of one attempt."""
    stored = delivery.payload or {}
    envelope = {"id": delivery.id, "event": delivery.event, "occurred_at": jsonable(delivery.created_at),
                "actor": stored.get("actor", ""), "data": stored.get("data", {})}
    body = json.dumps(envelope, separators=(",", ":"), sort_keys=True)
    timestamp = str(int(at.timestamp()))
    headers = {"Content-Type": "application/json", "User-Agent": "WellOps-Webhooks/1",
               "X-WellOps-Event": delivery.event, "X-WellOps-Delivery": str(delivery.id),
               "X-WellOps-Timestamp": timestamp, "X-WellOps-Signature": sign(hook.secret, timestamp, body)}
    return Outgoing(delivery.id or 0, hook.url, body.encode("utf-8"), headers)


@use_case("webhook.write")
def claim_due_deliveries(ctx: Context, now: datetime | None = None, limit: int = BATCH) -> list[Outgoing]:
    """Take the due pending deliveries of active webhooks (oldest due first) and lease them for sending."""
    at = _at(now)
    query = (select(WebhookDelivery, Webhook).join(Webhook, col(Webhook.id) == WebhookDelivery.webhook_id)
             .where(WebhookDelivery.status == "pending", col(WebhookDelivery.next_attempt_at) <= at,
                    col(Webhook.is_active).is_(True))
             .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id)).limit(max(1, min(limit, 500)))
             .with_for_update(skip_locked=True, of=WebhookDelivery))  # PostgreSQL: two workers never share a row
    claimed = []
    for delivery, hook in ctx.session.exec(query):
        claimed.append(_outgoing(delivery, hook, at))
        delivery.next_attempt_at = at + LEASE
        ctx.session.add(delivery)
    ctx.session.flush()
    return claimed


def _apply(delivery: WebhookDelivery, outcome: Outcome, at: datetime) -> None:
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error[:1000]
    if not outcome.error:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", at, None
        return
    delay = retry_delay(delivery.attempts)
    delivery.status = "pending" if delay is not None else "failed"
    delivery.next_attempt_at = at + delay if delay is not None else None


@use_case("webhook.write")
def record_delivery_outcomes(ctx: Context, outcomes: list[Outcome], now: datetime | None = None) -> int:
    """Store how each attempt went: delivered, or the next attempt after the back-off, or failed for good."""
    at = _at(now)
    recorded = 0
    for outcome in outcomes:
        delivery = ctx.session.get(WebhookDelivery, outcome.id)
        if delivery is None or delivery.status != "pending":  # its webhook was deleted meanwhile
            continue
        _apply(delivery, outcome, at)
        ctx.session.add(delivery)
        recorded += 1
    ctx.session.flush()
    return recorded


def _http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST with ``httpx``; redirects are not followed (a 3xx counts as a failure)."""
    return httpx.post(url, content=body, headers=headers, timeout=timeout, follow_redirects=False).status_code


def _send(item: Outgoing, post: HttpPost) -> Outcome:
    """Post one delivery; any failure of the receiver or the network becomes the outcome, never an exception."""
    try:
        code = int(post(item.url, item.body, item.headers, TIMEOUT_S))
    except Exception as exc:
        return Outcome(item.id, None, f"{type(exc).__name__}: {exc}")
    return Outcome(item.id, code, "" if 200 <= code < 300 else f"HTTP {code}")


@use_case("webhook.write")  # a system job: run it as SYSTEM (services/scheduler.py), first in its transaction
def deliver_pending(ctx: Context, now: datetime | None = None, http_post: HttpPost | None = None) -> int:
    """Post every due delivery (at most ``BATCH`` per run) and record each outcome; returns how many were tried.

    Claiming and recording run in their own short transactions (as ``ctx.actor``), the posts in none; a database
    failure is logged, never raised (the leased deliveries are retried after ``LEASE``).
    """
    at = _at(now)
    try:
        claimed = claim_due_deliveries(ctx.actor, at)
    except Exception:
        log.exception("could not claim webhook deliveries")
        return 0
    outcomes = [_send(item, http_post or _http_post) for item in claimed]
    try:
        record_delivery_outcomes(ctx.actor, outcomes, at)
    except Exception:
        log.exception("could not record %d webhook delivery outcomes", len(outcomes))
    return len(claimed)
