"""Dashboard page state."""

import reflex as rx

from well_ops.services import overview as overview_service
from well_ops.state.auth import current_actor
from well_ops.state.base import call


class DashboardState(rx.State):
    active_campaigns: int = 0
    rigs: int = 0
    wells: int = 0
    open_tasks: int = 0
    overdue_tasks: int = 0
    unread_notifications: int = 0
    rigs_by_status: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        data = await call(overview_service.overview, await current_actor(self))
        self.active_campaigns = data.active_campaigns
        self.rigs = data.rigs
        self.wells = data.wells
        self.open_tasks = data.open_tasks
        self.overdue_tasks = data.overdue_tasks
        self.unread_notifications = data.unread_notifications
        self.rigs_by_status = [{"status": k.replace("_", " "), "count": str(v)}
                               for k, v in sorted(data.rigs_by_status.items())]
