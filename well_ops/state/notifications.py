"""The notifications bell in the header: unread count and the latest notifications, refreshed on page loads."""

from __future__ import annotations

import dataclasses

import reflex as rx

from well_ops.models.schemas_tasks import NotificationRead
from well_ops.services import tasks
from well_ops.services.context import Actor
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_dt

SHOWN = 20


@dataclasses.dataclass
class NotificationView:
    id: int = 0
    kind: str = ""
    message: str = ""
    when: str = ""
    read: bool = False
    link: str = ""


def notification_view(n: NotificationRead) -> NotificationView:
    link = f"/tasks/{n.task_id}" if n.task_id else (n.link if n.link.startswith("/") else "")
    return NotificationView(n.id, n.kind.value.replace("_", " "), n.message, fmt_dt(n.created_at), n.is_read, link)


class NotificationsState(rx.State):
    unread: int = 0
    items: list[NotificationView] = []

    async def _fill(self, actor: Actor) -> None:
        """Load the bell for ``actor`` (on every page open, in PageState.open_page)."""
        if actor.user_id is None:  # the page's login check redirects
            self.unread, self.items = 0, []
            return
        unread, latest = await call(tasks.bell, actor, SHOWN)
        self.unread, self.items = unread, [notification_view(n) for n in latest]

    @rx.event
    async def mark_read(self, notification_id: int):
        actor = await current_actor(self)
        await call(tasks.mark_read, actor, notification_id)
        await self._fill(actor)

    @rx.event
    async def open_notification(self, notification_id: int, link: str):
        """Mark it read and go to its task."""
        await self.mark_read(notification_id)
        return rx.redirect(link) if str(link).startswith("/") and not str(link).startswith("//") else None

    @rx.event
    async def mark_all_read(self):
        actor = await current_actor(self)
        count = await call(tasks.mark_all_read, actor)
        await self._fill(actor)
        return rx.toast.success(f"{count} notification(s) marked read.")
