"""An in-memory sliding-window rate limiter for the login route.

Each key (``ip:<address>``, ``email:<address>``) keeps the times of its attempts within the window; an attempt
beyond ``limit`` per ``window_s`` seconds is refused with the seconds until the oldest one leaves the window.
State lives in the process: with several backend workers each worker counts on its own (the effective limit is
``limit x workers``), and a restart forgets it. The account lockout in ``services.auth`` still applies behind it.

Behind reverse proxies, set ``WELLOPS_TRUSTED_PROXY_HOPS`` to their number (as Reflex's ``trusted_proxy_hops``):
the client IP is then read from ``X-Forwarded-For``, otherwise every client would share the proxy's address.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most ``limit`` hits per key in any ``window_s``-second window."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, *keys: str) -> int | None:
        """Record one attempt under every key; None if allowed, else the seconds to wait (nothing recorded)."""
        now = self._clock()
        with self._lock:
            waits = [self._wait(key, now) for key in keys]
            refused = [w for w in waits if w is not None]
            if refused:
                return max(refused)
            if len(self._hits) > self._max_keys:
                self._sweep(now)
            for key in keys:
                self._hits.setdefault(key, deque()).append(now)
        return None

    def _wait(self, key: str, now: float) -> int | None:
        hits = self._hits.get(key)
        if hits is None:
            return None
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) < self.limit:
            return None
        return max(1, math.ceil(hits[0] + self.window_s - now))

    def _sweep(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window_s]:
            del self._hits[key]

    def reset(self) -> None:
        """Forget every attempt (tests)."""
        with self._lock:
            self._hits.clear()


LOGIN_ATTEMPTS_PER_MINUTE = 10
login_limiter = SlidingWindowLimiter(LOGIN_ATTEMPTS_PER_MINUTE, 60.0)


def client_ip(peer: str | None, forwarded_for: str, hops: int | None = None) -> str:
    """The caller's IP: the peer address, or the ``hops``-th address from the right of ``X-Forwarded-For`` when
    that many trusted proxies sit in front (the header is client-controlled otherwise and then ignored)."""
    if hops is None:
        raw = os.environ.get("WELLOPS_TRUSTED_PROXY_HOPS", "").strip()
        hops = int(raw) if raw.isdigit() else 0
    if hops > 0:
        chain = [ip.strip() for ip in forwarded_for.split(",") if ip.strip()]
        if len(chain) >= hops:
            return chain[-hops][:64]
    return peer or "unknown"
