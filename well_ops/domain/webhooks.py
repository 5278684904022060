"""Outgoing webhooks, the pure part: event names, the HMAC signature and the retry schedule.

Signature: ``X-WellOps-Signature: sha256=<hex>`` where ``<hex>`` is HMAC-SHA256 (RFC 2104, FIPS 180-4) keyed with the
webhook's secret (UTF-8) over the bytes ``"{timestamp}.{body}"`` (``timestamp`` = the ``X-WellOps-Timestamp``
header, Unix seconds; ``body`` = the raw request body). Receivers check it with ``verify_signature``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta

EVENTS: tuple[str, ...] = (
    "task.created", "task.updated", "task.status_changed", "integrity.alert_raised", "maasp.exceeded",
    "sap.detected", "snapshot.category_changed", "campaign.milestone_reached",
)

# Wait after the 1st, 2nd, ... failed attempt; after the last one fails the delivery is given up ("failed").
RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
SIGNATURE_PREFIX = "sha256="


def _bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def sign(secret: str, timestamp: int | str, body: str | bytes) -> str:
    """``sha256=<hex HMAC-SHA256 of "{timestamp}.{body}" keyed with secret>``."""
    message = _bytes(str(timestamp)) + b"." + _bytes(body)
    return SIGNATURE_PREFIX + hmac.new(_bytes(secret), message, hashlib.sha256).hexdigest()


def verify_signature(secret: str, timestamp: int | str, body: str | bytes, signature: str, *,
                     max_age_s: float | None = None, now: float | None = None) -> bool:
    """True when ``signature`` is the one ``sign`` gives (constant-time comparison).

    With ``max_age_s`` (300 is a good value), a timestamp further than that from ``now`` (default: the clock)
    is refused too, so a captured request cannot be replayed later.
    """
    if not isinstance(signature, str) or not signature.startswith(SIGNATURE_PREFIX):
        return False
    if max_age_s is not None:
        try:
            sent = int(str(timestamp))
        except ValueError:
            return False
        if abs((time.time() if now is None else now) - sent) > max_age_s:
            return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature.strip())


def retry_delay(attempts: int) -> timedelta | None:
    """The wait before the next attempt after ``attempts`` failed ones; None once the delivery is given up."""
    if attempts < 1 or attempts > len(RETRY_DELAYS):
        return None
    return RETRY_DELAYS[attempts - 1]


def mask_secret(secret: str) -> str:
    """``••••••••cdef``: enough to tell two secrets apart, never enough to use one."""
    return "••••••••" + secret[-4:] if len(secret) >= 16 else "••••••••"
