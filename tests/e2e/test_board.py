"""Task management in Chromium, as an operations manager does it with the mouse and keyboard.

A card dragged from Backlog to In Progress (native HTML5 drag events) stays there after a reload; a checklist item
added and ticked moves the progress; a reply to the demo comment appears under it; a text file uploaded to a task
downloads through the authorised ``/api/attachments/{id}`` route with the same bytes (and anonymously gets 401);
the calendar shows an overdue demo task in red on its due date.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone
from typing import Any

import pytest
from e2e_helpers import login
from playwright.sync_api import expect
from sqlalchemy.orm import Session
from sqlmodel import col, select

from well_ops.models.tasks import Task, TaskComment, TaskStatus
from well_ops.services.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

OPS = "ops@wellops.example"
DRAGGED = "Approve AFE supplement for contingency sidetrack"  # a demo task in Backlog
MUD_LOGGING = "Mobilize Mud Logging Unit"  # the demo task with a checklist and a comment


def task_row(db_engine: Any, title: str) -> Task:
    with Session(db_engine) as session:
        task = session.execute(select(Task).where(Task.title == title)).scalars().one()
        session.expunge(task)
        return task


def progress(page: Any) -> tuple[int, int]:
    """The checklist badge "done/total"."""
    text = page.locator("#checklist-progress").inner_text()
    done, total = re.fullmatch(r"\s*(\d+)/(\d+)\s*", text).groups()  # type: ignore[union-attr]
    return int(done), int(total)


@pytest.fixture()
def ops(page: Any, app_server: Any) -> Any:
    login(page, app_server.base_url, OPS, DEMO_PASSWORD)
    return page


def open_task(page: Any, base: str, task: Task) -> None:
    page.goto(f"{base}/tasks/{task.id}")
    expect(page.locator("#task-title")).to_have_text(task.title)


def test_drag_a_card_from_backlog_to_in_progress(ops: Any, app_server: Any, db_engine: Any) -> None:
    page, base = ops, app_server.base_url
    task = task_row(db_engine, DRAGGED)
    assert task.status == TaskStatus.backlog
    page.goto(f"{base}/tasks")
    card = page.locator(f"#task-card-{task.id}")
    expect(card).to_have_attribute("data-status", "backlog")
    expect(page.locator("#column-backlog").locator(f"#task-card-{task.id}")).to_have_count(1)

    # Mouse down on the card, move, release over the In Progress column's header (part of the column's drop area,
    # not a card: the card goes to the end). Points inside the viewport: no scrolling in the middle of the drag.
    card.locator("[draggable=true]").drag_to(page.locator("#column-in_progress"), source_position={"x": 40, "y": 12},
                                             target_position={"x": 120, "y": 14})

    expect(page.locator("#column-in_progress").locator(f"#task-card-{task.id}")).to_have_count(1)
    expect(page.locator("#column-backlog").locator(f"#task-card-{task.id}")).to_have_count(0)
    page.reload()
    expect(page.locator("#column-in_progress").locator(f"#task-card-{task.id}")).to_have_count(1)
    assert task_row(db_engine, DRAGGED).status == TaskStatus.in_progress


def test_filters_live_in_the_url(ops: Any, app_server: Any) -> None:
    page, base = ops, app_server.base_url
    page.goto(f"{base}/tasks")
    expect(page.locator(".task-card").first).to_be_visible()
    page.locator("#filter-q").fill("riser")
    page.wait_for_url(re.compile(r"/tasks/?\?q=riser$"))
    expect(page.locator(".task-card")).to_have_count(1)
    page.reload()  # the shared link shows the same board
    expect(page.locator("#filter-q")).to_have_value("riser")
    expect(page.locator(".task-card")).to_have_count(1)
    expect(page.locator(".task-card")).to_contain_text("Weather window for riser pull")


def test_add_and_tick_a_checklist_item(ops: Any, app_server: Any, db_engine: Any) -> None:
    page = ops
    open_task(page, app_server.base_url, task_row(db_engine, MUD_LOGGING))
    expect(page.locator(".checklist-item").first).to_be_visible()
    done, total = progress(page)
    text = f"E2E check {uuid.uuid4().hex[:6]}"

    page.locator("#checklist-new").fill(text)
    page.locator("#checklist-add").click()
    expect(page.locator("#checklist-progress")).to_have_text(f"{done}/{total + 1}")
    item = page.locator(".checklist-item", has=page.locator(f'input[value="{text}"]'))
    expect(item).to_have_count(1)
    item.locator(".checklist-tick").click()

    expect(page.locator("#checklist-progress")).to_have_text(f"{done + 1}/{total + 1}")
    expect(item.locator(".checklist-tick")).to_have_attribute("aria-checked", "true")
    page.reload()
    expect(page.locator("#checklist-progress")).to_have_text(f"{done + 1}/{total + 1}")


def test_reply_to_the_demo_comment(ops: Any, app_server: Any, db_engine: Any) -> None:
    page = ops
    task = task_row(db_engine, MUD_LOGGING)
    open_task(page, app_server.base_url, task)
    first = page.locator(".comment[data-depth='0']").first
    expect(first).to_contain_text("please confirm the boat slot")
    reply = f"Boat slot confirmed for Thursday ({uuid.uuid4().hex[:6]})"

    first.locator(".comment-reply").click()
    page.locator("#reply-body").fill(reply)
    page.locator("#reply-submit").click()

    posted = page.locator(".comment", has_text=reply)
    expect(posted).to_have_attribute("data-depth", "1")
    with Session(db_engine) as session:
        row = session.execute(select(TaskComment).where(TaskComment.body == reply)).scalars().one()
        parent = session.get(TaskComment, row.parent_id)
        assert parent is not None and parent.parent_id is None and parent.task_id == task.id


def test_upload_an_attachment_and_download_it_through_the_authorised_route(ops: Any, app_server: Any,
                                                                           db_engine: Any) -> None:
    page, base = ops, app_server.base_url
    open_task(page, base, task_row(db_engine, MUD_LOGGING))
    name = f"boat-slot-{uuid.uuid4().hex[:6]}.txt"
    content = f"Supply boat slot: Thursday 06:00\n{name}\n".encode()

    page.locator("#attachment-upload input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": content}])
    link = page.locator(".attachment-link", has_text=name)
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    assert re.fullmatch(r"/api/attachments/\d+", href), href

    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == name
    assert open(download.value.path(), "rb").read() == content  # noqa: PTH123
    response = page.request.get(f"{base}{href}")  # the browser's cookie
    assert response.status == 200 and response.body() == content
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"].startswith("attachment;")

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}{href}", timeout=10)  # noqa: S310 (the test server)
    assert refused.value.code == 401


def test_calendar_shows_an_overdue_task_in_red(ops: Any, app_server: Any, db_engine: Any) -> None:
    page = ops
    with Session(db_engine) as session:
        overdue = session.execute(select(Task).where(col(Task.status).in_(["backlog", "in_progress", "blocked"]),
                                                     col(Task.due_date).is_not(None))
                                  .order_by(col(Task.due_date))).scalars().first()
    assert overdue is not None and overdue.due_date is not None
    assert overdue.due_date < datetime.now(timezone.utc).date(), "the demo has overdue tasks"
    day = overdue.due_date.isoformat()
    page.goto(f"{app_server.base_url}/tasks/calendar?date={day}")

    chip = page.locator(f"#cal-day-{day} #cal-task-{overdue.id}")
    expect(chip).to_contain_text(overdue.title)
    expect(chip).to_have_attribute("data-overdue", "true")
    background = chip.evaluate("e => getComputedStyle(e).backgroundColor")
    red, green, blue = (int(v) for v in re.findall(r"\d+", background)[:3])
    assert red > 180 and green < 120 and blue < 120, (red, green, blue)
    normal = page.locator(".calendar-task[data-overdue='false']")
    if normal.count():
        assert normal.first.evaluate("e => getComputedStyle(e).backgroundColor") != background
