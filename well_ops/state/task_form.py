"""The create / edit task dialog, shared by the board and the task page (a state mixin).

The form sends the ``version`` the user loaded with every update; a Conflict shows the message and reloads the
latest values into the form.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from well_ops.models.schemas_tasks import TaskDetail
from well_ops.models.users import Role
from well_ops.services import assignees as assignees_service
from well_ops.services import campaigns as campaigns_service
from well_ops.services import rigs as rigs_service
from well_ops.services import tasks
from well_ops.services import wells as wells_service
from well_ops.services.context import Actor
from well_ops.services.errors import Conflict, WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, clean_form
from well_ops.state.task_views import fmt_date

FORM_FIELDS = ("version", "title", "description", "status", "priority", "due_date", "tags", "campaign_id", "rig_id",
               "well_id", "annulus_id", "barrier_element_id", "parent_id")
PARENT_CAP = 100  # parent choices per column, like the board's cap
ROLE_NAMES = {"admin": "Administrators", "ops_manager": "Operations managers", "engineer": "Engineers",
              "logistics": "Logistics", "executive": "Executives"}


def assignee_fields(value: Any) -> dict[str, Any]:
    """The three assignee columns from the select's ``"user:3"`` / ``"team:2"`` / ``"role:logistics"``."""
    kind, _, key = str(value or "").partition(":")
    return {"assignee_user_id": key if kind == "user" else None, "assignee_team_id": key if kind == "team" else None,
            "assignee_role": key if kind == "role" else None}


def task_data(form: Any) -> dict[str, Any]:
    """The submitted form as service input (blanks become None; the service validates everything)."""
    data = clean_form(form, FORM_FIELDS)
    data.update(assignee_fields((form if isinstance(form, dict) else {}).get("assignee")))
    return data


def form_values(d: TaskDetail) -> dict[str, str]:
    return {"id": str(d.id), "version": str(d.version), "title": d.title, "description": d.description,
            "status": d.status.value, "priority": d.priority.value, "due_date": fmt_date(d.due_date),
            "assignee": d.assignee or "none", "tags": ", ".join(d.tags),
            **{k: str(getattr(d, k) or "") for k in ("campaign_id", "rig_id", "well_id", "annulus_id",
                                                     "barrier_element_id", "parent_id")}}


def _options(rows: list[Any], label: str = "name") -> list[dict[str, str]]:
    return [{"id": str(r.id), "name": str(getattr(r, label))} for r in rows]


async def fetch_options(actor: Actor) -> dict[str, list[dict[str, str]]]:
    """The mixin's option lists by var name: rigs, campaigns, wells and people (no state touched: a background
    event can fetch them without holding the state lock)."""
    people = [{"id": a.key, "name": a.name} for a in await call(assignees_service.assignable, actor)]
    roles = [{"id": f"role:{r.value}", "name": f"{ROLE_NAMES.get(r.value, r.value)} (role)"} for r in Role]
    return {"rig_options": _options(await call(rigs_service.list_rigs, actor)),
            "campaign_options": _options(await call(campaigns_service.list_campaigns, actor)),
            "well_options": _options(await call(wells_service.list_wells, actor)),
            "assignee_options": people + roles}


class TaskFormMixin(rx.State, mixin=True):
    """Subclasses implement ``_after_save`` (reload what the page shows)."""

    form_open: bool = False
    form_error: str = ""
    form_values: dict[str, str] = {}
    form_key: int = 0
    rig_options: list[dict[str, str]] = []
    campaign_options: list[dict[str, str]] = []
    well_options: list[dict[str, str]] = []
    assignee_options: list[dict[str, str]] = []
    parent_options: list[dict[str, str]] = []

    async def _after_save(self, task_id: int) -> None:
        return None

    async def _load_options(self, actor: Actor) -> None:
        """Rigs, campaigns, wells and people for the filters and the form."""
        for name, value in (await fetch_options(actor)).items():
            setattr(self, name, value)

    async def _open_form(self, values: dict[str, str]) -> None:
        actor = await current_actor(self)
        if not self.assignee_options:
            await self._load_options(actor)
        columns = await call(tasks.board, actor, {"top_level_only": True, "limit_per_column": PARENT_CAP})
        own = values.get("id", "")
        self.parent_options = [{"id": str(c.id), "name": f"#{c.id} {c.title}"}
                               for cards in columns.values() for c in cards if str(c.id) != own]
        self.form_values, self.form_error = values, ""
        self.form_key += 1
        self.form_open = True

    @rx.event
    async def open_new(self, parent_id: str = ""):
        await self._open_form({"parent_id": str(parent_id)[:12]} if parent_id else {})

    @rx.event
    async def open_edit(self, task_id: int):
        await self._open_form(form_values(await call(tasks.get_task, await current_actor(self), task_id)))

    @rx.event
    def set_form_open(self, is_open: bool):
        self.form_open = bool(is_open)

    @rx.event
    async def save_task(self, form: dict):
        data, editing = task_data(form), self.form_values.get("id", "")
        actor = await current_actor(self)
        try:
            if editing:
                card = await call(tasks.update_task, actor, int(editing), data)
            else:
                card = await call(tasks.create_task, actor, {k: v for k, v in data.items()
                                                             if v is not None and k != "version"})
        except Conflict as exc:  # someone else saved first: show who, and load what they saved
            self.form_values = form_values(await call(tasks.get_task, actor, int(editing)))
            self.form_key += 1
            self.form_error = exc.message
            return None
        except WellOpsError as exc:
            self.form_error = exc.message
            return None
        self.form_open = False
        await self._after_save(card.id)
        return rx.toast.success(f'Task "{card.title}" saved.')
