"""Session cookie, the current user's identity and navigation; login and logout."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import reflex as rx
from reflex.event import EventSpec

from well_ops.auth.permissions import NAV_PAGES, ROLE_PERMISSIONS
from well_ops.config import get_settings
from well_ops.models.users import Role
from well_ops.services import auth as auth_service
from well_ops.services.context import ANONYMOUS, Actor
from well_ops.state.base import call, resolve_actor, safe_next

_settings = get_settings()

NAV_LABELS: dict[str, tuple[str, str]] = {
    "/": ("Dashboard", "layout-dashboard"),
    "/campaigns": ("Campaigns", "flag"),
    "/rigs": ("Rigs", "construction"),
    "/wells": ("Wells", "map-pin"),
    "/milestones": ("Milestones", "calendar-check"),
    "/reports": ("Daily reports", "file-text"),
    "/logistics": ("Logistics", "truck"),
    "/tasks": ("Tasks", "kanban"),
    "/integrity": ("Integrity", "shield-check"),
    "/admin/users": ("Users", "users"),
    "/admin/audit": ("Audit trail", "scroll-text"),
    "/admin/settings": ("Settings", "settings"),
    "/admin/webhooks": ("Webhooks", "webhook"),
    "/admin/risk-matrix": ("Risk matrix", "grid-3x3"),
}


def nav_for(role: Role | None, available: set[str]) -> list[dict[str, str]]:
    """Navigation entries the role may open, among the pages that exist."""
    if role is None:
        return []
    perms = ROLE_PERMISSIONS[role]
    return [
        {"path": path, "label": NAV_LABELS[path][0], "icon": NAV_LABELS[path][1]}
        for path, permission in NAV_PAGES.items()
        if path in available and permission in perms
    ]


# Pages registered in the app; filled by well_ops.well_ops when pages are added.
AVAILABLE_PAGES: set[str] = set()


class AuthState(rx.State):
    """Who is logged in. The token cookie is checked against the database on every event."""

    token: str = rx.Cookie(
        "", name="wellops_session", path="/", max_age=_settings.session_hours * 3600, same_site="strict",
        secure=_settings.secure_cookies or None,
    )
    user_name: str = ""
    user_email: str = ""
    user_role: str = ""
    permissions: list[str] = []
    nav_items: list[dict[str, str]] = []
    login_error: str = ""
    login_busy: bool = False

    def _apply(self, actor: Actor) -> None:
        self.user_name = actor.full_name if actor.user_id else ""
        self.user_email = actor.email if actor.user_id else ""
        self.user_role = actor.role.value if actor.role and actor.user_id else ""
        self.permissions = sorted(ROLE_PERMISSIONS[actor.role]) if actor.role and actor.user_id else []
        self.nav_items = nav_for(actor.role if actor.user_id else None, AVAILABLE_PAGES)

    async def _actor(self) -> Actor:
        return await resolve_actor(self.token)

    async def _check(self) -> Actor:
        """Resolve the token and show who is logged in; a dead token is forgotten."""
        actor = await self._actor()
        self._apply(actor)
        if actor.user_id is None:
            self.token = ""
        return actor

    def _to_login(self) -> EventSpec:
        """The redirect to the login page, back here afterwards."""
        return rx.redirect(f"/login?next={self.router.url.path}")

    @rx.event
    async def redirect_if_logged_in(self):
        """On the login page: a logged-in user goes straight to the dashboard."""
        actor = await self._actor()
        self._apply(actor)
        if actor.user_id is not None:
            return rx.redirect("/")
        return None

    @rx.event
    async def login(self, form_data: dict):
        """Log in with the form's e-mail and password."""
        data = form_data if isinstance(form_data, dict) else {}
        self.login_busy = True
        yield
        result = await call(auth_service.login, ANONYMOUS,
                            str(data.get("email", ""))[:254], str(data.get("password", ""))[:200])
        self.login_busy = False
        if not result.ok:
            self.login_error = result.message
            return
        self.login_error = ""
        self.token = result.token
        self._apply(result.actor)
        yield rx.redirect(safe_next(self.router.url.query_parameters.get("next")))

    @rx.event
    async def logout(self):
        """End the session on the server and forget the cookie."""
        await call(auth_service.logout, ANONYMOUS, self.token)
        self.token = ""
        self._apply(ANONYMOUS)
        return rx.redirect("/login")


# The actor PageState.open_page resolved, for the page loaders it runs in that same event (one lookup per event).
_event_actor: ContextVar[tuple[str, Actor] | None] = ContextVar("event_actor", default=None)


@contextmanager
def event_actor(token: str, actor: Actor) -> Iterator[None]:
    """Inside this block (part of one event) ``current_actor`` returns ``actor`` for ``token`` without a lookup."""
    mark = _event_actor.set((token, actor))
    try:
        yield
    finally:
        _event_actor.reset(mark)


async def current_actor(state: rx.State) -> Actor:
    """The acting user for any page state's handler, re-checked against the database once per event."""
    auth = await state.get_state(AuthState)
    known = _event_actor.get()
    if known is not None and known[0] == auth.token:
        return known[1]
    return await resolve_actor(auth.token)

