"""The task board: columns and positions, moves and renumbering, filters, card numbers, query count, calendar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from tests.builders import make_actor, make_campaign, make_checklist_item, make_task, make_team, make_user
from well_ops.models.base import utcnow
from well_ops.models.tasks import Task, TaskAttachment, TaskComment, TaskStatus
from well_ops.models.users import Role
from well_ops.services import tasks
from well_ops.services.errors import ValidationFailed


@pytest.fixture()
def campaign_id(session: Session) -> int:
    """Every test works inside its own campaign, so the board filter sees only its tasks."""
    return make_campaign(session).id or 0


def _ids(cards: list[Any]) -> list[int]:
    return [c.id for c in cards]


def test_new_cards_go_to_the_end_of_their_column(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    a = tasks.create_task(eng, {"title": "First", "campaign_id": campaign_id})
    b = tasks.create_task(eng, {"title": "Second", "campaign_id": campaign_id})
    c = tasks.create_task(eng, {"title": "Third", "campaign_id": campaign_id, "status": "in_progress"})
    result = tasks.board(eng, {"campaign_id": campaign_id})
    assert list(result) == ["backlog", "in_progress", "blocked", "done"]
    assert _ids(result["backlog"]) == [a.id, b.id] and _ids(result["in_progress"]) == [c.id]
    assert a.position < b.position and a.version == 1
    assert result.truncated == {"backlog": 0, "in_progress": 0, "blocked": 0, "done": 0}
    assert "cancelled" in tasks.board(eng, {"campaign_id": campaign_id, "include_cancelled": True})


def test_move_within_and_across_columns_persists(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    a, b, c = (tasks.create_task(eng, {"title": t, "campaign_id": campaign_id}).id for t in "ABC")
    tasks.move_task(eng, c, "backlog", before_id=a)  # drag C to the top
    assert _ids(tasks.board(eng, {"campaign_id": campaign_id})["backlog"]) == [c, a, b]
    tasks.move_task(eng, c, "backlog", after_id=a, before_id=b)  # between A and B
    assert _ids(tasks.board(eng, {"campaign_id": campaign_id})["backlog"]) == [a, c, b]
    moved = tasks.move_task(eng, a, "in_progress")
    assert moved.status == TaskStatus.in_progress and moved.version == 3 - 1  # created at 1, one move
    tasks.move_task(eng, b, "in_progress", before_id=a)
    board = tasks.board(eng, {"campaign_id": campaign_id})
    assert _ids(board["backlog"]) == [c] and _ids(board["in_progress"]) == [b, a]
    session.expire_all()
    rows = {t.id: t for t in session.exec(select(Task).where(Task.campaign_id == campaign_id))}
    assert rows[b].position < rows[a].position and rows[a].status == TaskStatus.in_progress


def test_after_id_alone_places_the_card_right_below_it(session: Session, campaign_id: int) -> None:
    """What the board sends for a drop at the end of a capped column: below its last shown card, above the rest."""
    eng = make_actor(session, Role.engineer)
    a, b, c = (tasks.create_task(eng, {"title": t, "campaign_id": campaign_id}).id for t in "ABC")
    d = tasks.create_task(eng, {"title": "D", "campaign_id": campaign_id, "status": "in_progress"}).id
    tasks.move_task(eng, d, "backlog", after_id=a)
    assert _ids(tasks.board(eng, {"campaign_id": campaign_id})["backlog"]) == [a, d, b, c]


def test_move_to_done_sets_and_leaving_done_clears_completed_at(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    tid = tasks.create_task(eng, {"title": "Finish", "campaign_id": campaign_id}).id
    tasks.move_task(eng, tid, "done")
    assert session.get(Task, tid).completed_at is not None
    tasks.move_task(eng, tid, "blocked")
    session.expire_all()
    assert session.get(Task, tid).completed_at is None


def test_a_too_small_gap_renumbers_the_column(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    a = make_task(session, campaign_id=campaign_id, position=5.0)
    b = make_task(session, campaign_id=campaign_id, position=5.0 + 1e-9)
    c = make_task(session, campaign_id=campaign_id, position=9.0)
    tasks.move_task(eng, c.id, "backlog", after_id=a.id, before_id=b.id)
    session.expire_all()
    order = session.exec(select(Task.id, Task.position).where(Task.campaign_id == campaign_id)
                         .order_by(col(Task.position))).all()
    assert [i for i, _ in order] == [a.id, c.id, b.id]
    gaps = [p2 - p1 for (_, p1), (_, p2) in zip(order, order[1:], strict=False)]
    assert min(gaps) > 100  # spread out again, not squeezed into 1e-9


def test_move_refuses_a_neighbour_from_another_column(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    a = make_task(session, campaign_id=campaign_id)
    other = make_task(session, campaign_id=campaign_id, status=TaskStatus.done)
    with pytest.raises(ValidationFailed) as err:
        tasks.move_task(eng, a.id, "backlog", before_id=other.id)
    assert "before_id" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        tasks.move_task(eng, a.id, "finished")
    assert "status" in err.value.errors


def test_card_counts_checklist_subtasks_files_and_comments(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    parent = tasks.create_task(eng, {"title": "Parent", "campaign_id": campaign_id})
    for done in (True, True, False):
        item = tasks.add_checklist_item(eng, parent.id, f"step {done}")
        if done:
            tasks.toggle_checklist_item(eng, item.id)
    subs = [tasks.create_task(eng, {"title": f"Sub {i}", "parent_id": parent.id, "campaign_id": campaign_id})
            for i in range(4)]
    tasks.move_task(eng, subs[0].id, "done")
    author = make_user(session)
    session.add(TaskComment(task_id=parent.id, author_id=author.id, body="hello"))
    session.add(TaskComment(task_id=parent.id, author_id=author.id, body="gone", deleted=True))
    session.add(TaskAttachment(task_id=parent.id, filename="a.pdf", stored_name="f" * 32 + ".pdf"))
    session.commit()
    card = next(c for c in tasks.board(eng, {"campaign_id": campaign_id})["backlog"] if c.id == parent.id)
    assert (card.checklist_done, card.checklist_total) == (2, 3)
    assert (card.subtask_done, card.subtask_total, card.subtask_progress_pct) == (1, 4, 25.0)
    assert (card.attachment_count, card.comment_count) == (1, 1)
    top_level = tasks.board(eng, {"campaign_id": campaign_id})
    assert all(c.parent_id is None for col_ in top_level.values() for c in col_)
    everything = tasks.board(eng, {"campaign_id": campaign_id, "top_level_only": False})
    assert sum(len(v) for v in everything.values()) == 5


def test_filters(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    user, team = make_user(session), make_team(session)
    today = utcnow().date()
    late = make_task(session, campaign_id=campaign_id, title="Pump repair", due_date=today - timedelta(days=2),
                     tags=["pump", "rig_move"], assignee_user_id=user.id)
    soon = make_task(session, campaign_id=campaign_id, title="Order bits", description="8-1/2in PDC 100%",
                     due_date=today + timedelta(days=3), assignee_team_id=team.id, priority="critical")
    none = make_task(session, campaign_id=campaign_id, title="Idle", assignee_role=Role.logistics,
                     auto_generated=True, tags=["rigXmove"])

    def ids(**f: Any) -> set[int]:
        return {c.id for v in tasks.board(eng, {"campaign_id": campaign_id, **f}).values() for c in v}

    assert ids(due="overdue") == {late.id} and ids(due="week") == {soon.id} and ids(due="none") == {none.id}
    assert ids(tag="PUMP") == {late.id} and ids(tag="rig_move") == {late.id}  # "_" is not a wildcard
    assert ids(assignee=f"user:{user.id}") == {late.id} and ids(assignee=f"team:{team.id}") == {soon.id}
    assert ids(assignee="role:logistics") == {none.id} and ids(auto_generated=True) == {none.id}
    assert ids(text="pdc 100%") == {soon.id} and ids(text="REPAIR") == {late.id} and ids(priority="critical") == {
        soon.id}
    cards = {c.id: c for v in tasks.board(eng, {"campaign_id": campaign_id}).values() for c in v}
    assert cards[late.id].overdue and not cards[soon.id].overdue
    assert cards[late.id].assignee_label == user.full_name and cards[soon.id].assignee_label == team.name
    assert cards[none.id].assignee_label == "Logistics (role)" and cards[none.id].assignee == "role:logistics"
    with pytest.raises(ValidationFailed) as err:
        tasks.board(eng, {"assignee": "boss:1"})
    assert "assignee" in err.value.errors


def test_columns_are_capped_with_a_truncated_count(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    for _ in range(5):
        make_task(session, campaign_id=campaign_id)
    result = tasks.board(eng, {"campaign_id": campaign_id, "limit_per_column": 3})
    assert len(result["backlog"]) == 3 and result.truncated["backlog"] == 2


@pytest.fixture()
def statements(connection: sa.Connection) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    sa.event.listen(connection, "before_cursor_execute", count)
    yield seen
    sa.event.remove(connection, "before_cursor_execute", count)


def _fill(session: Session, campaign_id: int, n: int) -> None:
    user, team = make_user(session), make_team(session)
    for i in range(n):
        task = make_task(session, campaign_id=campaign_id, status=list(TaskStatus)[i % 4],
                         assignee_user_id=user.id if i % 2 else None, assignee_team_id=None if i % 2 else team.id)
        make_checklist_item(session, task)
        make_task(session, campaign_id=campaign_id, parent_id=task.id)
        session.add(TaskComment(task_id=task.id, author_id=user.id, body="x"))
    session.commit()


def test_board_runs_the_same_number_of_queries_for_2_and_50_tasks(session: Session, statements: list[str]) -> None:
    eng = make_actor(session, Role.engineer)
    small, big = make_campaign(session).id, make_campaign(session).id
    _fill(session, small, 2)
    _fill(session, big, 50)
    statements.clear()
    few = tasks.board(eng, {"campaign_id": small})
    n_small = len(statements)
    statements.clear()
    many = tasks.board(eng, {"campaign_id": big})
    assert sum(map(len, few.values())) == 2 and sum(map(len, many.values())) == 50
    assert len(statements) == n_small
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2


def test_calendar_and_set_due_date(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    today = utcnow().date()
    a = make_task(session, campaign_id=campaign_id, due_date=today)
    make_task(session, campaign_id=campaign_id, due_date=today + timedelta(days=40))
    in_range = tasks.calendar(eng, today - timedelta(days=1), today + timedelta(days=7), {"campaign_id": campaign_id})
    assert _ids(in_range) == [a.id]
    moved = tasks.set_due_date(eng, a.id, (today + timedelta(days=5)).isoformat(), version=1)
    assert moved.due_date == today + timedelta(days=5) and moved.version == 2
    assert tasks.calendar(eng, today + timedelta(days=5), today + timedelta(days=5),
                          {"campaign_id": campaign_id})[0].id == a.id
    with pytest.raises(ValidationFailed) as err:
        tasks.calendar(eng, today, today - timedelta(days=1))
    assert "end" in err.value.errors


def test_get_task_shows_everything_with_history(session: Session, campaign_id: int) -> None:
    eng = make_actor(session, Role.engineer)
    blocker = tasks.create_task(eng, {"title": "Run casing", "campaign_id": campaign_id})
    tid = tasks.create_task(eng, {"title": "Cement", "campaign_id": campaign_id, "tags": ["Cement", "cement"]}).id
    tasks.add_dependency(eng, tid, blocker.id)
    item = tasks.add_checklist_item(eng, tid, "Mix slurry")
    tasks.toggle_checklist_item(eng, item.id)
    first = tasks.add_comment(eng, tid, "Top plug loaded?")
    tasks.add_comment(eng, tid, "Yes", parent_id=first.id)
    tasks.move_task(eng, tid, "in_progress")
    detail = tasks.get_task(eng, tid)
    assert detail.tags == ["cement"] and [b.title for b in detail.blockers] == ["Run casing"]
    assert tasks.get_task(eng, blocker.id).blocking[0].id == tid
    assert detail.checklist[0].done and detail.checklist[0].done_by_name == eng.full_name
    assert detail.comments[0].replies[0].body == "Yes"
    summaries = [a.summary for a in detail.activity]
    assert summaries[0] == "status: backlog → in_progress"  # newest first
    assert 'checked "Mix slurry"' in summaries and "commented" in summaries and "replied to a comment" in summaries
    assert f"now blocked by #{blocker.id}" in summaries and summaries[-1] == 'created the task "Cement"'
    assert {a.who for a in detail.activity} == {eng.full_name}
