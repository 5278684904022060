"""The task page ``/tasks/[task_id]``: details, status, subtasks, dependencies, checklist and activity."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

from well_ops.models.schemas_tasks import TaskDetail
from well_ops.services import tasks
from well_ops.services.errors import NotFound, ValidationFailed, WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_dt
from well_ops.state.board import COLUMN_CAP
from well_ops.state.task_form import TaskFormMixin
from well_ops.state.task_views import STATUS_LABELS, CardView, card_view, editor_keys, fmt_date


def task_id_of(path: str) -> str:
    """The id in ``/tasks/12`` (text; the service validates it)."""
    return str(path).rstrip("/").rsplit("/", 1)[-1][:12]


@dataclasses.dataclass
class ChecklistRow:
    id: int = 0
    text: str = ""
    done: bool = False
    who: str = ""
    index: int = 0
    last: bool = False


def header(d: TaskDetail) -> dict[str, str]:
    return {
        "id": str(d.id), "title": d.title, "status": d.status.value, "status_label": STATUS_LABELS[d.status.value],
        "priority": d.priority.value, "due": fmt_date(d.due_date), "overdue": "1" if d.overdue else "",
        "assignee": d.assignee_label or "nobody", "description": d.description, "created_by": d.created_by_name,
        "created_at": fmt_dt(d.created_at), "updated_at": fmt_dt(d.updated_at), "completed_at": fmt_dt(d.completed_at),
        "auto": "1" if d.auto_generated else "", "trigger": card_view(d).trigger, "trigger_key": d.trigger_key or "",
        "campaign": d.campaign_name, "campaign_id": str(d.campaign_id or ""), "well": d.well_name,
        "well_id": str(d.well_id or ""), "rig": d.rig_name, "annulus_id": str(d.annulus_id or ""),
        "barrier_element_id": str(d.barrier_element_id or ""), "version": str(d.version),
        "checklist": f"{d.checklist_done}/{d.checklist_total}" if d.checklist_total else "",
    }


def _refs(refs: list[Any]) -> list[dict[str, str]]:
    return [{"id": str(r.id), "title": r.title, "status": r.status.value} for r in refs]


class TaskDetailState(TaskFormMixin, rx.State):
    found: bool = True
    task: dict[str, str] = {}
    tags: list[str] = []
    parent: dict[str, str] = {}
    subtasks: list[CardView] = []
    blockers: list[dict[str, str]] = []
    blocking: list[dict[str, str]] = []
    checklist: list[ChecklistRow] = []
    activity: list[dict[str, str]] = []
    candidates: list[dict[str, str]] = []  # tasks that could block this one
    editable: bool = False
    item_key: int = 0

    def _id(self) -> str:
        return task_id_of(self.router.url.path)

    async def _after_save(self, task_id: int) -> None:
        await self.load()

    def _show(self, d: TaskDetail, editors: tuple[bool, set[str]]) -> None:
        self.task, self.tags = header(d), list(d.tags)
        self.parent = {"id": str(d.parent.id), "title": d.parent.title} if d.parent else {}
        self.subtasks = [card_view(s, editors) for s in d.subtasks]
        self.blockers, self.blocking = _refs(d.blockers), _refs(d.blocking)
        self.checklist = [ChecklistRow(i.id, i.text, i.done, i.done_by_name, n, n == len(d.checklist) - 1)
                          for n, i in enumerate(d.checklist)]
        self.activity = [{"when": fmt_dt(a.at), "who": a.who, "what": a.summary} for a in d.activity]
        self.editable = card_view(d, editors).editable

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        try:
            d = await call(tasks.get_task, actor, self._id())
        except (NotFound, ValidationFailed):
            self.found, self.task = False, {}
            return
        self.found = True
        self._show(d, editor_keys(actor))
        self.candidates = await self._candidates(actor, {d.id, *(b.id for b in d.blockers)}) if self.editable else []

    async def _candidates(self, actor: Any, linked: set[int]) -> list[dict[str, str]]:
        """Tasks (subtasks included) that could block this one, capped like the board's columns."""
        columns = await call(tasks.board, actor, {"top_level_only": False, "limit_per_column": COLUMN_CAP})
        return [{"id": str(c.id), "name": f"#{c.id} {c.title}"}
                for cards in columns.values() for c in cards if c.id not in linked]

    async def _do(self, fn: Any, *args: Any, done: str = ""):
        """Run a task use-case on this task, reload, and say what happened (or why it was refused)."""
        try:
            await call(fn, await current_actor(self), *args)
        except WellOpsError as exc:
            await self.load()
            return rx.toast.error(exc.message, id="action-error", duration=8000)
        await self.load()
        return rx.toast.success(done) if done else None

    @rx.event
    async def move_to(self, status: str):
        return await self._do(tasks.move_task, self._id(), str(status)[:20], None, None, self.task.get("version"),
                              done=f"Moved to {STATUS_LABELS.get(status, status)}.")

    @rx.event
    async def delete_task(self, task_id: int):
        await call(tasks.delete_task, await current_actor(self), task_id)
        self.form_open = False
        return [rx.redirect("/tasks"), rx.toast.success("Task deleted.")]

    @rx.event
    async def add_subtask(self, form: dict):
        title = str((form if isinstance(form, dict) else {}).get("title", ""))[:300]
        self.item_key += 1
        return await self._do(tasks.create_task, {"title": title, "parent_id": self._id()}, done="Subtask added.")

    @rx.event
    async def add_dependency(self, blocked_by_id: str):
        return await self._do(tasks.add_dependency, self._id(), blocked_by_id, done="Dependency added.")

    @rx.event
    async def remove_dependency(self, blocked_by_id: str):
        return await self._do(tasks.remove_dependency, self._id(), blocked_by_id, done="Dependency removed.")

    @rx.event
    async def add_item(self, form: dict):
        text = str((form if isinstance(form, dict) else {}).get("text", ""))[:600]
        self.item_key += 1
        return await self._do(tasks.add_checklist_item, self._id(), text)

    @rx.event
    async def toggle_item(self, item_id: int):
        return await self._do(tasks.toggle_checklist_item, item_id)

    @rx.event
    async def rename_item(self, item_id: int, text: str):
        current = next((i.text for i in self.checklist if str(i.id) == str(item_id)), None)
        if current is None or str(text).strip() == current:
            return None
        return await self._do(tasks.rename_checklist_item, item_id, str(text)[:600])

    @rx.event
    async def move_item(self, item_id: int, index: int):
        return await self._do(tasks.reorder_checklist_item, item_id, index)

    @rx.event
    async def delete_item(self, item_id: int):
        return await self._do(tasks.delete_checklist_item, item_id)
