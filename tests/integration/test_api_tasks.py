"""The task endpoints of the REST API on SQLite and PostgreSQL: every endpoint with every role of the permission
table (allowed, or 403), unknown ids (404), invalid bodies naming the field (422), the optimistic lock (409), uploads
too large (413) or of a refused type (422), the edit policy for assigned tasks, list filters, notifications.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.builders import make_campaign, make_checklist_item, make_task, make_user
from tests.integration.api_helpers import bearer, expect
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.tasks import (
    Notification,
    NotificationKind,
    Task,
    TaskAttachment,
    TaskDependency,
    TaskPriority,
)
from well_ops.models.users import Role

UNKNOWN_ID = 2_000_000_000
TEXT_FILE = ("tally.txt", b"Joint 1 12.1 m\nJoint 2 12.0 m\n", "text/plain")


@pytest.fixture(autouse=True)
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "private" / "attachments"
    monkeypatch.setenv("WELLOPS_UPLOAD_DIR", str(folder))
    monkeypatch.setenv("WELLOPS_UPLOAD_MAX_MB", "1")
    return folder


@dataclass(frozen=True)
class World:
    """The rows one call works on: a task, its blocker, another task, a checklist item, my notification."""

    task: int
    blocker: int
    other: int
    item: int
    notification: int


def _world(session: Session, me: int) -> World:
    task, blocker, other = make_task(session), make_task(session), make_task(session)
    item = make_checklist_item(session, task)
    note = Notification(user_id=me, kind=NotificationKind.assignment, task_id=task.id, message="Assigned to you.")
    session.add_all([TaskDependency(task_id=task.id or 0, blocked_by_id=blocker.id or 0), note])
    session.commit()
    return World(task.id or 0, blocker.id or 0, other.id or 0, item.id or 0, note.id or 0)


NOWHERE = World(UNKNOWN_ID, UNKNOWN_ID, UNKNOWN_ID, UNKNOWN_ID, UNKNOWN_ID)


@dataclass(frozen=True)
class Op:
    """One endpoint: how to call it, the permissions it needs, and what a success looks like."""

    name: str
    method: str
    path: Callable[[World], str]
    need: tuple[str, ...]
    ok: int = 200
    body: dict[str, Any] | None = None
    edit: bool = False  # the edit policy applies too: task.write on an unassigned task
    upload: bool = False
    check: Callable[[Any, World], bool] = lambda out, w: True

    def call(self, client: TestClient, world: World, headers: dict[str, str]) -> Any:
        files = {"file": TEXT_FILE} if self.upload else None
        return client.request(self.method, self.path(world), json=self.body, files=files, headers=headers)


def _ids(out: Any) -> list[int]:
    return [row["id"] for row in (out["items"] if isinstance(out, dict) else out)]


OPS = [
    Op("list", "GET", lambda w: "/api/tasks?limit=500", ("task.read",), check=lambda o, w: w.task in _ids(o)),
    Op("get", "GET", lambda w: f"/api/tasks/{w.task}", ("task.read",),
       check=lambda o, w: o["id"] == w.task and [b["id"] for b in o["blockers"]] == [w.blocker]),
    Op("activity", "GET", lambda w: f"/api/tasks/{w.task}/activity", ("task.read",),
       check=lambda o, w: isinstance(o, list)),
    Op("create", "POST", lambda w: "/api/tasks", ("task.write",), 201, {"title": "Rig up wireline"},
       check=lambda o, w: o["title"] == "Rig up wireline" and o["version"] == 1),
    Op("update", "PATCH", lambda w: f"/api/tasks/{w.task}", ("task.read",), body={"version": 1, "title": "Renamed"},
       edit=True, check=lambda o, w: (o["title"], o["version"]) == ("Renamed", 2)),
    Op("delete", "DELETE", lambda w: f"/api/tasks/{w.task}", ("task.delete",), 204),
    Op("move", "POST", lambda w: f"/api/tasks/{w.task}/move", ("task.read",), body={"status": "in_progress"},
       edit=True, check=lambda o, w: o["status"] == "in_progress"),
    Op("comments", "GET", lambda w: f"/api/tasks/{w.task}/comments", ("comment.read", "task.read"),
       check=lambda o, w: o == []),
    Op("comment", "POST", lambda w: f"/api/tasks/{w.task}/comments", ("comment.write", "task.read"), 201,
       {"body": "Chart attached."}, check=lambda o, w: o["body"] == "Chart attached." and o["parent_id"] is None),
    Op("attach", "POST", lambda w: f"/api/tasks/{w.task}/attachments", ("attachment.write", "task.read"), 201,
       upload=True, check=lambda o, w: (o["task_id"], o["filename"], o["content_type"]) == (w.task, "tally.txt",
                                                                                         "text/plain")),
    Op("checklist_add", "POST", lambda w: f"/api/tasks/{w.task}/checklist", ("task.read",), 201,
       {"text": "Sign the chart"}, edit=True,
       check=lambda o, w: (o["task_id"], o["text"]) == (w.task, "Sign the chart")),
    Op("checklist_update", "PATCH", lambda w: f"/api/checklist/{w.item}", ("task.read",), body={"done": True},
       edit=True, check=lambda o, w: o["id"] == w.item and o["done"] is True),
    Op("checklist_delete", "DELETE", lambda w: f"/api/checklist/{w.item}", ("task.read",), 204, edit=True),
    Op("dependency_add", "POST", lambda w: f"/api/tasks/{w.task}/dependencies/{w.other}", ("task.read",),
       edit=True, check=lambda o, w: sorted(_ids(o)) == sorted([w.blocker, w.other])),
    Op("dependency_remove", "DELETE", lambda w: f"/api/tasks/{w.task}/dependencies/{w.blocker}", ("task.read",),
       edit=True, check=lambda o, w: o == []),
    Op("notifications", "GET", lambda w: "/api/notifications", ("notification.read",),
       check=lambda o, w: _ids(o) == [w.notification]),
    Op("notification_read", "POST", lambda w: f"/api/notifications/{w.notification}/read",
       ("notification.write",), check=lambda o, w: o["id"] == w.notification and o["read_at"] is not None),
]


def _me(client: TestClient, auth: dict[str, str]) -> int:
    return int(expect(client.get("/api/auth/me", headers=auth), 200)["id"])


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("op", OPS, ids=lambda o: o.name)
def test_each_role_gets_what_the_permission_table_allows(client: TestClient, session: Session, op: Op,
                                                          role: Role) -> None:
    perms, auth = ROLE_PERMISSIONS[role], bearer(session, role)
    world = _world(session, _me(client, auth))
    allowed = all(p in perms for p in op.need) and (not op.edit or "task.write" in perms)
    out = expect(op.call(client, world, auth), op.ok if allowed else 403)
    if allowed:
        assert op.check(out, world), out
    else:
        assert "may" in out["detail"]
    expect(op.call(client, world, {}), 401)


@pytest.mark.parametrize("op", [o for o in OPS if o.name not in ("list", "create", "notifications")],
                         ids=lambda o: o.name)
def test_unknown_ids_are_404(client: TestClient, session: Session, op: Op) -> None:
    detail = expect(op.call(client, NOWHERE, bearer(session, Role.admin)), 404)["detail"]
    assert "does not exist" in detail or "not blocked" in detail


def test_unknown_blocker_is_422_naming_it_and_ids_beyond_the_integer_range_are_422(client: TestClient,
                                                                                   session: Session) -> None:
    admin, task = bearer(session, Role.admin), make_task(session)
    detail = expect(client.post(f"/api/tasks/{task.id}/dependencies/{UNKNOWN_ID}", headers=admin), 422)["detail"]
    assert detail[0]["loc"] == ["body", "blocked_by_id"]
    expect(client.get(f"/api/tasks/{2**40}", headers=admin), 422)
    expect(client.patch(f"/api/checklist/{2**40}", json={"done": True}, headers=admin), 422)
    expect(client.post(f"/api/tasks/{task.id}/dependencies/0", headers=admin), 422)


INVALID = [
    ("POST", "/api/tasks", {"title": ""}, "title"),
    ("POST", "/api/tasks", {"title": "   "}, "title"),
    ("POST", "/api/tasks", {"title": "X", "priority": "urgent"}, "priority"),
    ("POST", "/api/tasks", {"title": "X", "tags": ["no<html>"]}, "tags"),
    ("POST", "/api/tasks", {"title": "X", "assignee_user_id": 1, "assignee_role": "engineer"}, "assignee"),
    ("POST", "/api/tasks", {"title": "X", "campaign_id": UNKNOWN_ID}, "campaign_id"),
    ("PATCH", "/api/tasks/{task}", {"title": "No version"}, "version"),
    ("PATCH", "/api/tasks/{task}", {"version": 1, "title": None}, "title"),
    ("PATCH", "/api/tasks/{task}", {"version": 1, "parent_id": "{task}"}, "parent_id"),
    ("POST", "/api/tasks/{task}/move", {"status": "flying"}, "status"),
    ("POST", "/api/tasks/{task}/move", {"status": "backlog", "after_id": "{other}"}, "after_id"),
    ("POST", "/api/tasks/{task}/comments", {"body": ""}, "body"),
    ("POST", "/api/tasks/{task}/comments", {"body": "   "}, "body"),
    ("POST", "/api/tasks/{task}/comments", {"body": "Re", "parent_id": UNKNOWN_ID}, "parent_id"),
    ("POST", "/api/tasks/{task}/checklist", {"text": "  "}, "text"),
    ("POST", "/api/tasks/{task}/checklist", {}, "text"),
    ("PATCH", "/api/checklist/{item}", {}, "text"),
    ("PATCH", "/api/checklist/{item}", {"index": -1}, "index"),
    ("PATCH", "/api/checklist/{item}", {"done": "maybe"}, "done"),
    ("POST", "/api/tasks/{task}/dependencies/{task}", None, "blocked_by_id"),
]


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("method", "path", "body", "field"), INVALID, ids=[f"{m} {p} {f}" for m, p, _, f in INVALID])
def test_invalid_bodies_are_422_naming_the_field(client: TestClient, session: Session, method: str, path: str,
                                                 body: dict[str, Any] | None, field: str) -> None:
    task, other = make_task(session), make_task(session, status="in_progress")
    ids = {"task": task.id or 0, "other": other.id or 0, "item": make_checklist_item(session, task).id or 0}
    detail = expect(client.request(method, _fill(path, ids), json=_fill(body, ids),
                                    headers=bearer(session, Role.admin)), 422)["detail"]
    assert field in [d["loc"][1] for d in detail if len(d["loc"]) > 1], detail


def test_stale_versions_are_409(client: TestClient, session: Session) -> None:
    auth = bearer(session, Role.engineer)
    card = expect(client.post("/api/tasks", json={"title": "Cement plug"}, headers=auth), 201)
    path = f"/api/tasks/{card['id']}"
    first = expect(client.patch(path, json={"version": card["version"], "priority": "high"}, headers=auth), 200)
    assert first["version"] == card["version"] + 1 and first["priority"] == "high"
    stale = expect(client.patch(path, json={"version": card["version"], "priority": "low"}, headers=auth), 409)
    assert "reload" in stale["detail"]
    expect(client.post(f"{path}/move", json={"status": "done", "version": card["version"]}, headers=auth), 409)
    assert expect(client.get(path, headers=auth), 200)["priority"] == "high"  # the refused edits changed nothing


def test_logistics_edits_only_tasks_assigned_to_it(client: TestClient, session: Session) -> None:
    auth = bearer(session, Role.logistics)
    mine, theirs = make_task(session, assignee_role=Role.logistics), make_task(session)
    expect(client.patch(f"/api/tasks/{mine.id}", json={"version": 1, "status": "in_progress"}, headers=auth), 200)
    expect(client.post(f"/api/tasks/{mine.id}/checklist", json={"text": "Book the boat"}, headers=auth), 201)
    refused = expect(client.patch(f"/api/tasks/{theirs.id}", json={"version": 1, "title": "X"}, headers=auth), 403)
    assert "assigned" in refused["detail"]
    expect(client.post("/api/tasks", json={"title": "Not allowed"}, headers=auth), 403)


def test_upload_larger_than_the_limit_is_413_and_stores_nothing(client: TestClient, session: Session,
                                                                upload_dir: Path) -> None:
    auth, task = bearer(session, Role.engineer), make_task(session)
    limit = 1024 * 1024  # WELLOPS_UPLOAD_MAX_MB=1 (fixture)
    path = f"/api/tasks/{task.id}/attachments"
    too_big = client.post(path, files={"file": ("big.txt", b"a" * (limit + 1), "text/plain")}, headers=auth)
    assert expect(too_big, 413)["detail"].startswith("The file is larger than the limit")
    assert not upload_dir.exists() or list(upload_dir.iterdir()) == []
    assert session.exec(select(TaskAttachment).where(TaskAttachment.task_id == task.id)).all() == []
    exact = expect(client.post(path, files={"file": ("full.txt", b"a" * limit, "text/plain")}, headers=auth), 201)
    assert exact["size_bytes"] == limit


@pytest.mark.parametrize(("name", "content", "field"), [
    ("setup.exe", b"MZ\x90\x00 binary", "filename"), ("photo.png", b"not a png at all", "content"),
    ("page.txt", b"<html><script>alert(1)</script>", "content"), ("empty.txt", b"", "content"),
    ("tally", b"no extension", "filename")])
def test_refused_file_types_are_422(client: TestClient, session: Session, name: str, content: bytes,
                                    field: str) -> None:
    auth, task = bearer(session, Role.engineer), make_task(session)
    detail = expect(client.post(f"/api/tasks/{task.id}/attachments", files={"file": (name, content, "image/png")},
                                 headers=auth), 422)["detail"]
    assert detail[0]["loc"] == ["body", field]


def test_upload_round_trip_and_missing_file_part(client: TestClient, session: Session) -> None:
    auth, task = bearer(session, Role.ops_manager), make_task(session)
    path = f"/api/tasks/{task.id}/attachments"
    expect(client.post(path, data={"note": "no file"}, headers=auth), 422)
    stored = expect(client.post(path, files={"file": ("../../etc/Tally.csv", b"a,b\n1,2\n", "text/html")},
                                 headers=auth), 201)
    assert (stored["filename"], stored["content_type"]) == ("Tally.csv", "text/csv")
    download = client.get(f"/api/attachments/{stored['id']}", headers=auth)
    assert download.status_code == 200 and download.content == b"a,b\n1,2\n"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert expect(client.get(f"/api/tasks/{task.id}", headers=auth), 200)["attachments"][0]["id"] == stored["id"]


def test_list_filters_sorting_and_paging(client: TestClient, session: Session) -> None:
    auth = bearer(session, Role.executive)
    campaign, user = make_campaign(session), make_user(session)
    casing = make_task(session, title="Run casing", priority=TaskPriority.high, tags=["casing"],
                       campaign_id=campaign.id, assignee_user_id=user.id)
    make_task(session, title="Order barite", status="done", auto_generated=True)
    sub = make_task(session, title="Casing subtask", parent_id=casing.id)

    def ids(query: str) -> list[int]:
        return _ids(expect(client.get(f"/api/tasks?{query}", headers=auth), 200))

    assert ids("priority=high") == [casing.id]
    assert ids(f"campaign_id={campaign.id}") == [casing.id] and ids(f"assignee=user:{user.id}") == [casing.id]
    assert ids("tag=casing") == [casing.id] and set(ids("q=casing")) == {casing.id, sub.id}
    assert [t["title"] for t in expect(client.get("/api/tasks?status=done", headers=auth), 200)["items"]] == [
        "Order barite"]
    assert ids("auto_generated=true") == ids("status=done")
    everything = ids("sort=-id&limit=500")
    assert everything == sorted(everything, reverse=True) and sub.id in everything
    page = expect(client.get("/api/tasks?sort=id&limit=1&offset=1", headers=auth), 200)
    assert (page["total"], _ids(page)) == (len(everything), [sorted(everything)[1]])
    for query, field in (("assignee=role:wizard", "assignee"), ("assignee=someone", "assignee"),
                         ("due=later", "due"), ("sort=description", "sort"), ("status=lost", "status"),
                         ("tag=%3Cb%3E", "tag"), ("rig_id=0", "rig_id")):
        detail = expect(client.get(f"/api/tasks?{query}", headers=auth), 422)["detail"]
        assert detail[0]["loc"] == ["query", field], (query, detail)


def test_comments_replies_and_other_peoples_notifications(client: TestClient, session: Session) -> None:
    auth, task = bearer(session, Role.engineer), make_task(session)
    root = expect(client.post(f"/api/tasks/{task.id}/comments", json={"body": "Who has the chart?"},
                               headers=auth), 201)
    reply = expect(client.post(f"/api/tasks/{task.id}/comments", json={"body": "Me.", "parent_id": root["id"]},
                                headers=auth), 201)
    threads = expect(client.get(f"/api/tasks/{task.id}/comments", headers=auth), 200)
    assert [c["id"] for c in threads] == [root["id"]] and threads[0]["replies"][0]["id"] == reply["id"]
    stranger = make_user(session)
    theirs = Notification(user_id=stranger.id or 0, kind=NotificationKind.system, message="Not yours.")
    session.add(theirs)
    session.commit()
    expect(client.post(f"/api/notifications/{theirs.id}/read", headers=auth), 404)
    assert expect(client.get("/api/notifications?unread_only=true", headers=auth), 200)["total"] == 0


def test_the_list_pages_every_matching_task_beyond_the_boards_cap(client: TestClient, session: Session) -> None:
    """More than the board's 300 cards per column: the list counts and pages them all, sorted by the database."""
    campaign = make_campaign(session)
    session.add_all([Task(title=f"Bulk {i:03d}", position=float(i), campaign_id=campaign.id,
                          due_date=date(2026, 4, 1) + timedelta(days=i % 7) if i % 3 else None)
                     for i in range(320)])
    session.commit()
    auth = bearer(session, Role.engineer)
    query = f"/api/tasks?campaign_id={campaign.id}&status=backlog"
    first = expect(client.get(f"{query}&limit=500", headers=auth), 200)
    assert first["total"] == 320 and len(first["items"]) == 320
    assert [t["title"] for t in first["items"]] == [f"Bulk {i:03d}" for i in range(320)]  # the board's order
    tail = expect(client.get(f"{query}&limit=50&offset=300&sort=-title", headers=auth), 200)
    assert (tail["total"], tail["offset"]) == (320, 300)
    assert [t["title"] for t in tail["items"]] == [f"Bulk {i:03d}" for i in range(19, -1, -1)]
    for direction in ("", "-"):
        dues = [t["due_date"] for t in expect(client.get(f"{query}&limit=500&sort={direction}due_date",
                                                          headers=auth), 200)["items"]]
        dated = [d for d in dues if d is not None]
        assert dues == dated + [None] * (320 - len(dated))  # empty values last, whichever the direction
        assert dated == sorted(dated, reverse=direction == "-")
    assert expect(client.get(f"/api/tasks?campaign_id={campaign.id}&status=done", headers=auth), 200)["total"] == 0
