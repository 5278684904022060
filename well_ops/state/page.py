"""A protected page's whole on_load in one event: the login check, the header's bell, then the page's own loaders.

One event instead of one per handler: each event reloads the state (from Redis with several workers), saves it again
and sends its own delta; and the session token is looked up once for all of them (bench/README.md, load test).
"""

from __future__ import annotations

import inspect
from typing import Any

import reflex as rx
from reflex.event import EventHandler, EventSpec

from well_ops.state.auth import AuthState, event_actor
from well_ops.state.errors import backend_exception_handler
from well_ops.state.notifications import NotificationsState

# route -> the page states' load handlers, registered by well_ops.well_ops
PAGE_LOADERS: dict[str, list[EventHandler]] = {}


def register(route: str, loaders: list[EventHandler]) -> EventSpec:
    """Remember ``route``'s loaders; returns the page's on_load event."""
    for loader in loaders:
        if not inspect.iscoroutinefunction(loader.fn):
            raise TypeError(f"{loader.fn.__qualname__}: a page loader must be a plain async handler")
    PAGE_LOADERS[route] = list(loaders)
    return PageState.open_page(route)


async def _run(state: rx.State, loader: EventHandler) -> list[Any]:
    """One page loader inside the current event; a failure becomes the app's message, as in an event of its own."""
    try:
        result = await loader.fn(await state.get_state(loader.state))  # type: ignore[arg-type]
    except Exception as exc:
        result = backend_exception_handler(exc)
    return [] if result is None else list(result) if isinstance(result, list) else [result]


class PageState(rx.State):
    @rx.event
    async def open_page(self, route: str):
        """Check the login (anonymous visitors go to the login page), fill the bell, run the page's loaders."""
        auth = await self.get_state(AuthState)
        actor = await auth._check()
        await (await self.get_state(NotificationsState))._fill(actor)
        if actor.user_id is None:
            return auth._to_login()
        events: list[Any] = []
        with event_actor(auth.token, actor):
            for loader in PAGE_LOADERS.get(str(route), []):
                events.extend(await _run(self, loader))
        return events or None
