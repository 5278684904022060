"""The kanban board: filters mirrored in the URL, drag-and-drop and menu moves, the task dialog."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import reflex as rx
from reflex.event import EventSpec

from well_ops.services import tasks
from well_ops.services.context import Actor
from well_ops.services.errors import Conflict, ValidationFailed, WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call
from well_ops.state.task_form import TaskFormMixin, fetch_options
from well_ops.state.task_views import BOARD_STATUSES, BoardColumn, board_columns, editor_keys

# URL query parameter -> BoardFilter field
FILTERS: dict[str, str] = {"rig": "rig_id", "campaign": "campaign_id", "well": "well_id", "assignee": "assignee",
                           "priority": "priority", "tag": "tag", "due": "due", "auto": "auto_generated",
                           "q": "text", "cancelled": "include_cancelled"}
OPTIONS_TTL_S = 60.0  # the filter lists are refetched on a page load at most this often
COLUMN_CAP = 100  # cards per column sent to the browser; the column says how many more match


def board_filter(filters: dict[str, str]) -> dict[str, Any]:
    """The service's BoardFilter input from the URL-style filters (the service validates the values)."""
    data: dict[str, Any] = {FILTERS[k]: v for k, v in filters.items() if k in FILTERS and v not in ("", "all")}
    data["include_cancelled"] = filters.get("cancelled") == "1"
    data["limit_per_column"] = COLUMN_CAP
    return data


def replace_url(path: str, params: dict[str, str]) -> EventSpec:
    """Show ``params`` in the address bar without a navigation (no reload, state kept)."""
    query = urlencode({k: v for k, v in params.items() if v not in ("", "all")})
    url = json.dumps(path + (f"?{query}" if query else ""))
    return rx.call_script(f"window.history.replaceState(window.history.state, '', {url})")


class BoardState(TaskFormMixin, rx.State):
    columns: list[BoardColumn] = []
    filters: dict[str, str] = {}
    error: str = ""
    dragging: int = 0
    _options_at: float = 0.0  # time.time() of the last option lists (wall clock: a state moves between workers)
    _options_for: int | None = None  # the user they were fetched for

    @rx.var
    def filter_count(self) -> int:
        return len([v for v in self.filters.values() if v not in ("", "all")])

    async def _after_save(self, task_id: int) -> None:
        await self._reload()

    async def _reload(self, actor: Actor | None = None) -> None:
        actor = actor or await current_actor(self)
        try:
            result = await call(tasks.board, actor, board_filter(self.filters))
            self.error = ""
        except ValidationFailed as exc:  # a hand-edited URL: say which filter, show the unfiltered board
            self.error = f"Filter ignored: {exc.message}"
            result = await call(tasks.board, actor, board_filter({"cancelled": self.filters.get("cancelled", "")}))
        self.columns = board_columns(result, result.truncated, editor_keys(actor))

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        if str(params.get("task", "")).isdigit():  # notification links: /tasks?task=12
            return rx.redirect(f"/tasks/{params['task']}")
        self.filters = {k: str(params.get(k, ""))[:200] for k in FILTERS if params.get(k)}
        self.form_open = False
        actor = await current_actor(self)
        await self._reload(actor)
        if self._options_fresh(actor):  # no second event (state load, save, delta) for nothing
            return None
        return BoardState.load_options  # the cards first; the filter lists (2,000 wells...) in a second delta

    def _options_fresh(self, actor: Actor) -> bool:
        return self._options_for == actor.user_id and time.time() - self._options_at < OPTIONS_TTL_S

    @rx.event
    async def load_options(self):
        """The filter and form lists (2,000 wells on a large fleet), as a second event after ``load`` so the cards go
        out first; refetched at most once a minute. A plain event, not a background one: with the Redis state
        manager a background task's lock hand-offs stalled the next page's events (bench/README.md, load test)."""
        actor = await current_actor(self)
        if self._options_fresh(actor):
            return
        for name, value in (await fetch_options(actor)).items():
            setattr(self, name, value)
        self._options_at, self._options_for = time.time(), actor.user_id

    @rx.event
    async def set_filter(self, key: str, value: str):
        if key not in FILTERS:
            return None
        self.filters = {**self.filters, key: str(value)[:200]}
        await self._reload()
        return replace_url("/tasks", self.filters)

    @rx.event
    async def set_cancelled(self, show: bool):
        return await self.set_filter("cancelled", "1" if show is True else "")

    @rx.event
    async def clear_filters(self):
        self.filters = {}
        await self._reload()
        return replace_url("/tasks", {})

    def _card(self, task_id: Any) -> tuple[str, list[Any], int]:
        """(column status, its cards, index) of a loaded card; ValueError when it is not on the board."""
        for column in self.columns:
            for i, card in enumerate(column.cards):
                if str(card.id) == str(task_id):
                    return column.status, column.cards, i
        raise ValueError(f"task {task_id} is not on the board")

    async def _move(self, task_id: Any, status: str, before_id: Any = None, after_id: Any = None):
        _, cards, i = self._card(task_id)
        actor = await current_actor(self)
        try:
            await call(tasks.move_task, actor, int(task_id), status, before_id, after_id, cards[i].version)
        except (Conflict, ValidationFailed) as exc:  # a refused move snaps back: show why
            await self._reload(actor)
            return rx.toast.error(exc.message, id="move-error", duration=8000)
        await self._reload(actor)
        return None

    @rx.event
    def drag_start(self, task_id: int):
        self.dragging = int(task_id) if str(task_id).isdigit() else 0

    @rx.event
    def drag_end(self):
        self.dragging = 0

    @rx.event
    async def drop(self, status: str, before_id: int = 0):
        """A card dropped on a column (``before_id`` 0: at its end) or on a card (inserted before it)."""
        moving, self.dragging = self.dragging, 0
        if not moving or str(moving) == str(before_id):
            return None
        if not before_id:  # the end of the column as the user sees it: after its last shown card, so a card
            shown = next((c for c in self.columns if c.status == status), None)  # dropped on a capped column stays
            if shown is not None and shown.hidden and shown.cards:                # in view above the hidden ones
                last = shown.cards[-1].id
                if str(last) != str(moving):
                    return await self._move(moving, status, after_id=last)
        return await self._move(moving, status, before_id or None)

    @rx.event
    async def move_to(self, task_id: int, status: str):
        if status not in (*BOARD_STATUSES, "cancelled"):
            return None
        return await self._move(task_id, status)

    @rx.event
    async def move_up(self, task_id: int):
        status, cards, i = self._card(task_id)
        return await self._move(task_id, status, before_id=cards[i - 1].id) if i > 0 else None

    @rx.event
    async def move_down(self, task_id: int):
        status, cards, i = self._card(task_id)
        return await self._move(task_id, status, after_id=cards[i + 1].id) if i + 1 < len(cards) else None

    @rx.event
    async def delete_task(self, task_id: int):
        try:
            await call(tasks.delete_task, await current_actor(self), int(task_id))
        except WellOpsError as exc:
            self.form_error = exc.message
            return None
        self.form_open = False
        await self._reload()
        return rx.toast.success("Task deleted.")
