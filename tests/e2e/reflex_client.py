"""A minimal client for Reflex's ``/_event`` socket protocol, shared by the e2e tests that call handlers directly.

One ``ReflexClient`` is one browser tab's worth of protocol: a socket.io connection with a client token, the
messages received, and helpers to send events and wait until they have been processed. No browser involved, so a
test can send any payload to any handler by its full name, as a hostile client could.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
import socketio

import well_ops.well_ops  # noqa: F401  (registers every state and page, as in the running app)
from well_ops.services.demo import DEMO_PASSWORD
from well_ops.state.auth import AuthState

NAMESPACE = "/_event"
RESPONSE_TIMEOUT = 15.0
FIELD_SUFFIX = "_rx_state_"  # Reflex suffixes every var name in a delta


def handler(state: type, name: str) -> str:
    """The full event name the frontend sends, e.g. ``reflex___state____state.well_ops___..._users_state.load``."""
    assert callable(getattr(state, name, None)), f"{state.__name__}.{name} does not exist"
    return f"{state.get_full_name()}.{name}"


def var_key(state: type, var: str) -> str:
    """The fully qualified name of a var, as the browser sends client storage (cookies) in a hydrate."""
    return f"{state.get_full_name()}.{var}{FIELD_SUFFIX}"


@dataclass
class ReflexClient:
    """One browser tab's worth of Reflex protocol: a socket, a client token, the messages received."""

    base_url: str
    ws_url: str
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    messages: list[dict[str, Any]] = field(default_factory=list)
    origin: str | None = None  # the Origin header sent on connect (default: base_url, as the browser would)
    response_timeout: float = RESPONSE_TIMEOUT

    def __post_init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self._arrived = asyncio.Event()

        @self.sio.on("event", namespace=NAMESPACE)
        async def _on_event(data: Any) -> None:
            if isinstance(data, str):
                data = json.loads(data)
            self.messages.append(data)
            self._arrived.set()

    async def connect(self, wait_timeout: float = 10) -> None:
        await self.sio.connect(
            f"{self.ws_url}?token={self.token}",
            socketio_path="_event",
            namespaces=[NAMESPACE],
            transports=["websocket"],
            headers={"Origin": self.origin or self.base_url},
            wait_timeout=wait_timeout,
        )

    async def __aenter__(self) -> ReflexClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.sio.disconnect()

    @property
    def connected(self) -> bool:
        return bool(self.sio.connected)

    async def emit(self, name: str, payload: dict[str, Any], pathname: str = "/") -> None:
        await self.sio.emit("event", {"name": name, "payload": payload,
                                      "router_data": {"pathname": pathname, "query": {}}}, namespace=NAMESPACE)

    async def call(self, name: str, payload: dict[str, Any], pathname: str = "/") -> list[dict[str, Any]]:
        """Send one event and return every message it produced (see ``call_many``)."""
        return await self.call_many([(name, payload)], pathname)

    async def call_many(self, events: list[tuple[str, dict[str, Any]]], pathname: str = "/",
                        grace: float = 0.3) -> list[dict[str, Any]]:
        """Send events back to back and return every message they produced.

        One client's events run one at a time, in order, so they are all finished once a marker event sent right
        after them has answered. The marker is Reflex's own ``State.set_is_hydrated`` (independent of the app's
        handlers and of their authorisation) sent with a unique query parameter: the router change it causes comes
        back in the root state's delta. A short grace period then catches an error toast emitted late.
        """
        start = len(self.messages)
        for name, payload in events:
            await self.emit(name, payload, pathname)
        marker = f"e2e-marker-{uuid.uuid4().hex}"
        await self.sio.emit("event", {"name": handler(rx.State, "set_is_hydrated"), "payload": {"value": True},
                                      "router_data": {"pathname": pathname, "query": {"e2e_marker": marker}}},
                            namespace=NAMESPACE)
        root = rx.State.get_full_name()
        await self._wait_for(lambda: any(marker in json.dumps((m.get("delta") or {}).get(root, {}))
                                         for m in self.messages[start:]), f"the reply to {events[-1][0]}")
        await asyncio.sleep(grace)
        return self.messages[start:]

    async def _wait_for(self, predicate: Callable[[], bool], what: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.response_timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"no answer for {what} within {self.response_timeout} s; "
                                     f"got {self.messages[-5:]!r}")
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout=min(remaining, 0.5))
            except TimeoutError:
                pass

    async def login(self, email: str, password: str = DEMO_PASSWORD) -> str:
        """Log in through AuthState.login, as the login form does; returns the session token from the delta."""
        replies = await self.call(handler(AuthState, "login"),
                                  {"form_data": {"email": email, "password": password}}, pathname="/login")
        tokens = [v for m in replies if (v := delta_value(m, AuthState, "token"))]
        roles = [v for m in replies if (v := delta_value(m, AuthState, "user_role"))]
        assert tokens and roles, f"login as {email} failed over the socket: {replies!r}"
        return str(tokens[-1])

    async def hydrate(self, cookie_token: str | None, pathname: str = "/") -> list[dict[str, Any]]:
        """Re-hydrate as a (re)connecting browser tab does: ``hydrate_and_load`` carrying the session cookie."""
        payload: dict[str, Any] = {}
        if cookie_token is not None:
            payload["vars"] = {var_key(AuthState, "token"): cookie_token}
        return await self.call(handler(rx.State, "hydrate_and_load"), payload, pathname=pathname)


def delta_value(message: dict[str, Any], state: type, var: str) -> Any:
    """The value of ``state.var`` in one server message's delta (None when absent)."""
    delta = message.get("delta") or {}
    return (delta.get(state.get_full_name()) or {}).get(var + FIELD_SUFFIX)


def frontend_events(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [ev for m in messages for ev in (m.get("events") or [])]


def toasts(messages: list[dict[str, Any]], kind: str) -> list[str]:
    """The JS of every `rx.toast.<kind>(...)` the server asked the browser to run."""
    calls = [str((ev.get("payload") or {}).get("function", "")) for ev in frontend_events(messages)
             if ev.get("name") == "_call_function"]
    return [js for js in calls if "__toast" in js and f'["{kind}"]' in js]


def redirects(messages: list[dict[str, Any]]) -> list[str]:
    return [str((ev.get("payload") or {}).get("path")) for ev in frontend_events(messages)
            if ev.get("name") == "_redirect"]
