"""Tasks: the board as a paged list, one task in full, edits (optimistic lock), moves, comments, attachments,
activity, checklists, dependencies, and the caller's notifications.

Editing routes need ``task.read`` plus the object-level policy of the task services: ``task.write`` edits any
task, ``task.write_assigned`` (logistics) only tasks assigned to the caller, their team or their role.
Attachments are downloaded from ``GET /api/attachments/{id}`` (``attachments.py``).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, File, HTTPException, Path, Query, Response, UploadFile, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from well_ops.api.deps import MAX_ID, current_actor, item_id
from well_ops.api.errors import ITEM, READ, WRITE, ErrorOut, query_error
from well_ops.api.examples import one
from well_ops.api.listing import Page, PageParams, page_params, paginate, sort_doc
from well_ops.api.resource_routes import describe
from well_ops.config import get_settings
from well_ops.models.schemas_tasks import (
    ActivityEntry,
    AttachmentRead,
    ChecklistItemRead,
    CommentRead,
    NotificationRead,
    TaskCard,
    TaskCreate,
    TaskDetail,
    TaskRef,
    TaskUpdate,
)
from well_ops.models.tasks import TaskPriority, TaskStatus
from well_ops.services import tasks
from well_ops.services.context import Actor
from well_ops.services.errors import ValidationFailed
from well_ops.services.tasks.listing import SORTABLE as TASK_SORT
from well_ops.services.tasks.listing import list_tasks as list_tasks_service

router = APIRouter(prefix="/tasks", tags=["tasks"])
checklist_router = APIRouter(prefix="/checklist", tags=["tasks"])
notifications_router = APIRouter(prefix="/notifications", tags=["notifications"])

NOTIFICATION_SORT = ("id", "created_at", "kind")
EDIT = "Editing also needs `task.write`, or `task.write_assigned` on a task assigned to you, your team or role."
MULTIPART_OVERHEAD = 64 * 1024  # boundary lines and part headers around the file
TASK_CREATE = one("A task on a well", {"title": "Pressure-test the 9-5/8in casing", "priority": "high",
                                        "due_date": "2026-03-12", "well_id": 1, "assignee_role": "engineer",
                                        "tags": ["casing", "test"], "description": "To 345 bar for 15 min."})
TASK_UPDATE = one("Start it, as read at version 3", {"version": 3, "status": "in_progress", "assignee_user_id": 3})
TASK_MOVE = one("Into in progress, below card 12", {"status": "in_progress", "after_id": 12, "version": 4})
COMMENT = one("A reply mentioning someone", {"body": "Done on tour 2, @ops@wellops.example please check.",
                                            "parent_id": None})
CHECKLIST_ADD = one("A step", {"text": "Record the chart and sign it"})
CHECKLIST_PATCH = one("Tick it", {"done": True})
UPLOAD = {**WRITE, 413: {"model": ErrorOut, "description": "The file is larger than the upload limit."}}


def _id_query(description: str) -> Any:
    return Query(None, ge=1, le=MAX_ID, description=description)


def blocked_by_id(blocked_by_id: int = Path(ge=1, le=MAX_ID, description="The blocking task's id.")) -> int:
    return blocked_by_id


# ------------------------------------------------------------------------------------------ tasks themselves


@router.get("", response_model=Page[TaskCard], name="list_tasks", summary="List tasks", responses=READ,
            description=describe(list_tasks_service, "task.read",
                                 "The board's filters as query parameters, every status (cancelled included) and "
                                 "subtasks too; counted and paged by the database (no cap). Default order: the "
                                 "board's (column, then position). " + sort_doc(TASK_SORT)))
def list_tasks(rig_id: int | None = _id_query("Tasks of this rig."),
               campaign_id: int | None = _id_query("Tasks of this campaign."),
               well_id: int | None = _id_query("Tasks of this well."),
               assignee: str | None = Query(None, max_length=45, description='"user:ID", "team:ID" or "role:NAME".'),
               priority: TaskPriority | None = None,
               tag: str | None = Query(None, max_length=30, description="Tasks carrying this tag."),
               due: Literal["overdue", "week", "none"] | None = Query(
                   None, description="`overdue` (open, past due), `week` (due within 7 days) or `none` (no date)."),
               auto_generated: bool | None = Query(None, description="Only tasks raised by rules (or only not)."),
               q: str | None = Query(None, max_length=200, description="Text in the title or description."),
               status: TaskStatus | None = None,
               page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    filters = {"rig_id": rig_id, "campaign_id": campaign_id, "well_id": well_id, "assignee": assignee,
               "priority": priority, "tag": tag, "due": due, "auto_generated": auto_generated, "text": q,
               "top_level_only": False, "include_cancelled": True}
    try:
        found = list_tasks_service(actor, filters, status=status, sort=page.sort, limit=page.limit,
                                   offset=page.offset)
    except ValidationFailed as exc:
        field, message = next(iter(exc.errors.items()))
        raise query_error("q" if field == "text" else field, message) from None
    return {"items": found.items, "total": found.total, "limit": page.limit, "offset": page.offset}


@router.post("", response_model=TaskCard, status_code=status.HTTP_201_CREATED, name="create_task",
             summary="Create a task", responses=WRITE,
             description=describe(tasks.create_task, "task.write", "At most one assignee (user, team or role)."))
def create_task(body: TaskCreate = Body(openapi_examples=TASK_CREATE), actor: Actor = Depends(current_actor)) -> Any:
    return tasks.create_task(actor, body.model_dump(exclude_unset=True))


@router.get("/{item_id}", response_model=TaskDetail, name="get_task", summary="Get a task", responses=ITEM,
            description=describe(tasks.get_task, "task.read",
                                 "With checklist, comments, attachments, relations and history."))
def get_task(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return tasks.get_task(actor, key)


@router.patch("/{item_id}", response_model=TaskCard, name="update_task", summary="Update a task", responses=WRITE,
              description=describe(tasks.update_task, "task.read",
                                   EDIT + " Send `version` as read and only the fields to change; 409 when someone "
                                   "changed the task since (reload it)."))
def update_task(key: int = Depends(item_id), body: TaskUpdate = Body(openapi_examples=TASK_UPDATE),
                actor: Actor = Depends(current_actor)) -> Any:
    return tasks.update_task(actor, key, body.model_dump(exclude_unset=True))


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response, name="delete_task",
               summary="Delete a task", responses=WRITE, description=describe(tasks.delete_task, "task.delete"))
def delete_task(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Response:
    tasks.delete_task(actor, key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


class MoveIn(BaseModel):
    """The target column and the neighbours the card goes between (neither = end of the column)."""

    status: TaskStatus
    after_id: int | None = Field(None, ge=1, le=MAX_ID, description="The card just above.")
    before_id: int | None = Field(None, ge=1, le=MAX_ID, description="The card just below.")
    version: int | None = Field(None, ge=1, description="The version read; 409 when it is stale.")


@router.post("/{item_id}/move", response_model=TaskCard, name="move_task", summary="Move a task",
             responses=WRITE,
             description=describe(tasks.move_task, "task.read", EDIT + " Done needs every blocker done."))
def move_task(key: int = Depends(item_id), body: MoveIn = Body(openapi_examples=TASK_MOVE),
              actor: Actor = Depends(current_actor)) -> Any:
    return tasks.move_task(actor, key, body.status.value, before_id=body.before_id, after_id=body.after_id,
                           version=body.version)


@router.get("/{item_id}/activity", response_model=list[ActivityEntry], name="task_activity",
            summary="A task's history", responses=ITEM, description=describe(tasks.task_activity, "task.read"))
def task_activity(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return tasks.task_activity(actor, key)


# ---------------------------------------------------------------------------------------- comments, files


class CommentIn(BaseModel):
    body: str = Field(min_length=1, max_length=10000, description="Mention people as @email or @Full Name.")
    parent_id: int | None = Field(None, ge=1, le=MAX_ID, description="The comment this one replies to.")


@router.get("/{item_id}/comments", response_model=list[CommentRead], name="list_task_comments",
            summary="A task's comments", responses=ITEM,
            description=describe(tasks.list_comments, "comment.read` and `task.read", "Threads, oldest first."))
def list_comments(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return tasks.list_comments(actor, key)


@router.post("/{item_id}/comments", response_model=CommentRead, status_code=status.HTTP_201_CREATED,
             name="add_task_comment", summary="Comment on a task", responses=WRITE,
             description=describe(tasks.add_comment, "comment.write` and `task.read"))
def add_comment(key: int = Depends(item_id), body: CommentIn = Body(openapi_examples=COMMENT),
                actor: Actor = Depends(current_actor)) -> Any:
    return tasks.add_comment(actor, key, body.body, parent_id=body.parent_id)


def _upload_cap() -> int:
    return get_settings().upload_max_bytes + MULTIPART_OVERHEAD


@router.post("/{item_id}/attachments", response_model=AttachmentRead, status_code=status.HTTP_201_CREATED,
             name="add_task_attachment", summary="Attach a file to a task", responses=UPLOAD,
             max_body_size=_upload_cap(),
             description=describe(tasks.add_attachment, "attachment.write` and `task.read",
                                  "A `multipart/form-data` body with one `file` part. Allowed: pdf, png, jpg, gif, "
                                  "txt, csv, las, xml, json, xlsx, docx; the content must match the extension "
                                  "(else 422). Larger than `WELLOPS_UPLOAD_MAX_MB` (25 MB by default): 413."))
async def add_attachment(key: int = Depends(item_id), file: UploadFile = File(description="The file."),
                         actor: Actor = Depends(current_actor)) -> Any:
    limit = get_settings().upload_max_bytes
    content = await file.read(limit + 1)  # never more than the limit + 1 byte into memory
    if len(content) > limit:
        raise HTTPException(413,
                            f"The file is larger than the limit of {limit / 1048576:.0f} MB.")
    return await run_in_threadpool(tasks.add_attachment, actor, key, file.filename or "", content)


# ------------------------------------------------------------------------------------ checklist, dependencies


class ChecklistIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)


class ChecklistPatch(BaseModel):
    """Any of: a new text, ticked or not, a new place (0 = first). Applied in this order."""

    text: str | None = Field(None, min_length=1, max_length=500)
    done: bool | None = None
    index: int | None = Field(None, ge=0, le=10_000)


@router.post("/{item_id}/checklist", response_model=ChecklistItemRead, status_code=status.HTTP_201_CREATED,
             name="add_checklist_item", summary="Add a checklist item", responses=WRITE,
             description=describe(tasks.add_checklist_item, "task.read", EDIT))
def add_checklist_item(key: int = Depends(item_id), body: ChecklistIn = Body(openapi_examples=CHECKLIST_ADD),
                       actor: Actor = Depends(current_actor)) -> Any:
    return tasks.add_checklist_item(actor, key, body.text)


@checklist_router.patch("/{item_id}", response_model=ChecklistItemRead, name="update_checklist_item",
                        summary="Rename, tick or reorder a checklist item", responses=WRITE,
                        description=describe(tasks.toggle_checklist_item, "task.read",
                                             EDIT + " Send `text`, `done` and/or `index`."))
def update_checklist_item(key: int = Depends(item_id),
                          body: ChecklistPatch = Body(openapi_examples=CHECKLIST_PATCH),
                          actor: Actor = Depends(current_actor)) -> Any:
    sent = body.model_dump(exclude_unset=True)
    if not {k for k, v in sent.items() if v is not None}:
        raise ValidationFailed({"text": "Send text, done or index."})
    item = None
    if body.text is not None:
        item = tasks.rename_checklist_item(actor, key, body.text)
    if body.done is not None:
        item = tasks.toggle_checklist_item(actor, key, body.done)
    if body.index is not None:
        item = next(i for i in tasks.reorder_checklist_item(actor, key, body.index) if i.id == key)
    return item


@checklist_router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
                         name="delete_checklist_item", summary="Delete a checklist item", responses=WRITE,
                         description=describe(tasks.delete_checklist_item, "task.read", EDIT))
def delete_checklist_item(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Response:
    tasks.delete_checklist_item(actor, key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{item_id}/dependencies/{blocked_by_id}", response_model=list[TaskRef], name="add_task_dependency",
             summary="Mark a task blocked by another", responses=WRITE,
             description=describe(tasks.add_dependency, "task.read",
                                  EDIT + " No cycles; returns the task's blockers."))
def add_dependency(key: int = Depends(item_id), blocker: int = Depends(blocked_by_id),
                   actor: Actor = Depends(current_actor)) -> Any:
    return tasks.add_dependency(actor, key, blocker)


@router.delete("/{item_id}/dependencies/{blocked_by_id}", response_model=list[TaskRef],
               name="remove_task_dependency", summary="Remove a dependency", responses=WRITE,
               description=describe(tasks.remove_dependency, "task.read",
                                    EDIT + " Returns the task's remaining blockers."))
def remove_dependency(key: int = Depends(item_id), blocker: int = Depends(blocked_by_id),
                      actor: Actor = Depends(current_actor)) -> Any:
    return tasks.remove_dependency(actor, key, blocker)


# ------------------------------------------------------------------------------------------- notifications


@notifications_router.get("", response_model=Page[NotificationRead], name="list_notifications",
                          summary="My notifications", responses=READ,
                          description=describe(tasks.list_notifications, "notification.read",
                                               "The 500 newest, newest first. " + sort_doc(NOTIFICATION_SORT)))
def list_notifications(unread_only: bool = Query(False, description="Only unread ones."),
                       page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    return paginate(tasks.list_notifications(actor, unread_only=unread_only, limit=500), page, NOTIFICATION_SORT)


@notifications_router.post("/{item_id}/read", response_model=NotificationRead, name="mark_notification_read",
                           summary="Mark a notification read", responses=WRITE,
                           description=describe(tasks.mark_read, "notification.write", "Only your own."))
def mark_read(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return tasks.mark_read(actor, key)
