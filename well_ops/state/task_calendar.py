"""The task calendar ``/tasks/calendar``: month or week view of due dates; drag a task to another day."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date, datetime, timezone
from typing import Any

import reflex as rx

from well_ops.domain.calendar_grid import step, view_days
from well_ops.services import tasks
from well_ops.services.errors import Conflict, ValidationFailed
from well_ops.state.auth import current_actor
from well_ops.state.base import call
from well_ops.state.board import replace_url
from well_ops.state.task_views import CardView, card_view, editor_keys

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def utc_today() -> date:
    return datetime.now(timezone.utc).date()


@dataclasses.dataclass
class DayView:
    day: str = ""  # ISO date
    label: str = ""  # day of month ("1 Mar" on the first)
    in_month: bool = True
    today: bool = False
    tasks: list[CardView] = dataclasses.field(default_factory=list)


def parse_day(value: Any, default: date) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return default


def title_of(view: str, anchor: date, days: list[date]) -> str:
    if view == "week":
        return f"Week of {days[0]:%d %b %Y} – {days[-1]:%d %b %Y}"
    return f"{anchor:%B %Y}"


class CalendarState(rx.State):
    view: str = "month"
    anchor: str = ""
    title: str = ""
    days: list[DayView] = []
    dragging: int = 0

    def _anchor(self) -> date:
        return parse_day(self.anchor, utc_today())

    async def _reload(self) -> None:
        actor = await current_actor(self)
        anchor = self._anchor()
        days = view_days(self.view, anchor)
        cards = await call(tasks.calendar, actor, days[0], days[-1])
        editors, by_day = editor_keys(actor), defaultdict(list)
        for card in cards:
            by_day[card.due_date].append(card_view(card, editors))
        today = utc_today()
        self.days = [DayView(d.isoformat(), f"{d.day}" if d.day > 1 else f"{d:%-d %b}",
                             self.view == "week" or d.month == anchor.month, d == today, by_day.get(d, []))
                     for d in days]
        self.title = title_of(self.view, anchor, days)

    def _url(self) -> Any:
        return replace_url("/tasks/calendar", {"view": self.view, "date": self.anchor})

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.view = "week" if params.get("view") == "week" else "month"
        self.anchor = parse_day(params.get("date", ""), utc_today()).isoformat()
        await self._reload()

    @rx.event
    async def set_view(self, view: str | list[str]):
        self.view = "week" if view == "week" else "month"
        await self._reload()
        return self._url()

    @rx.event
    async def shift(self, steps: int):
        self.anchor = step(self.view, self._anchor(), max(-24, min(24, int(steps)))).isoformat()
        await self._reload()
        return self._url()

    @rx.event
    async def go_today(self):
        self.anchor = utc_today().isoformat()
        await self._reload()
        return self._url()

    @rx.event
    def drag_start(self, task_id: int):
        self.dragging = int(task_id) if str(task_id).isdigit() else 0

    @rx.event
    async def drop(self, day: str):
        moving, self.dragging = self.dragging, 0
        card = next((c for d in self.days for c in d.tasks if c.id == moving), None)
        if card is None or any(d.day == day and card in d.tasks for d in self.days):
            return None
        try:
            await call(tasks.set_due_date, await current_actor(self), moving, str(day)[:10], card.version)
        except (Conflict, ValidationFailed) as exc:
            await self._reload()
            return rx.toast.error(exc.message, id="move-error", duration=8000)
        await self._reload()
        return rx.toast.success(f'"{card.title}" is now due {day}.')
