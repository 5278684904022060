"""Notifications: assignment, mention, status change to the creator, due soon / overdue once, own ones only."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session, col, select

from tests.builders import actor, make_actor, make_task, make_team, make_user
from well_ops.models.tasks import Notification, NotificationKind, TaskStatus
from well_ops.models.users import Role
from well_ops.services import scheduler, tasks
from well_ops.services.context import SYSTEM
from well_ops.services.errors import NotFound, PermissionDenied


def _kinds(session: Session, user_id: int | None) -> list[str]:
    rows = session.exec(select(Notification.kind).where(Notification.user_id == user_id)
                        .order_by(col(Notification.id))).all()
    return [NotificationKind(k).value for k in rows]


def test_assignment_notifies_the_user_or_every_active_member(session: Session) -> None:
    eng = make_actor(session, Role.engineer)
    target = make_user(session)
    tasks.create_task(eng, {"title": "For you", "assignee_user_id": target.id})
    assert _kinds(session, target.id) == ["assignment"]
    team = make_team(session)
    members = [make_user(session, team_id=team.id) for _ in range(2)]
    gone = make_user(session, team_id=team.id, is_active=False)
    task = tasks.create_task(eng, {"title": "For the team"})
    tasks.update_task(eng, task.id, {"version": 1, "assignee_team_id": team.id})
    assert [_kinds(session, m.id) for m in members] == [["assignment"], ["assignment"]]
    assert _kinds(session, gone.id) == [] and _kinds(session, eng.user_id) == []  # not to oneself
    tasks.update_task(eng, task.id, {"version": 2, "title": "renamed"})  # same assignee: no new notification
    assert _kinds(session, members[0].id) == ["assignment"]


def test_role_assignment_reaches_everyone_with_the_role(session: Session) -> None:
    eng = make_actor(session, Role.engineer)
    people = [make_user(session, role=Role.logistics) for _ in range(2)]
    tasks.create_task(eng, {"title": "Trucks", "assignee_role": "logistics"})
    assert all(_kinds(session, p.id) == ["assignment"] for p in people)


def test_mentions_by_email_and_by_name(session: Session) -> None:
    eng = make_actor(session, Role.engineer)
    ann = make_user(session, full_name="Ann Driller", email="ann@test.example")
    bob = make_user(session, full_name="Bob Mud Engineer")
    carl = make_user(session, full_name="Carl Other")
    task = make_task(session)
    comment = tasks.add_comment(eng, task.id, "Hi @ann@test.example and @bob mud engineer, see the log.")
    assert _kinds(session, ann.id) == ["mention"] and _kinds(session, bob.id) == ["mention"]
    assert _kinds(session, carl.id) == []
    tasks.edit_comment(eng, comment.id, "Hi @ann@test.example, @Bob Mud Engineer and @Carl Other.")
    assert _kinds(session, ann.id) == ["mention"] and _kinds(session, carl.id) == ["mention"]  # only the new one


def test_status_change_notifies_the_creator_unless_they_did_it(session: Session) -> None:
    creator = make_user(session, role=Role.engineer)
    mover = make_actor(session, Role.ops_manager)
    task = tasks.create_task(actor(creator), {"title": "Mine"})
    tasks.move_task(actor(creator), task.id, "in_progress")
    assert _kinds(session, creator.id) == []
    tasks.move_task(mover, task.id, "blocked")
    tasks.move_task(mover, task.id, "blocked")  # no change, no notification
    assert _kinds(session, creator.id) == ["status_change"]
    message = session.exec(select(Notification.message).where(Notification.user_id == creator.id)).one()
    assert "to blocked" in message


def test_due_soon_and_overdue_are_sent_once(session: Session) -> None:
    team = make_team(session)
    alice, bob = make_user(session), make_user(session, team_id=team.id)
    now = datetime(2030, 6, 10, 8, 0, tzinfo=timezone.utc)
    today = now.date()
    due_today = make_task(session, due_date=today, assignee_user_id=alice.id)
    late = make_task(session, due_date=today - timedelta(days=1), assignee_team_id=team.id)
    make_task(session, due_date=today + timedelta(days=2), assignee_user_id=alice.id)  # not yet
    make_task(session, due_date=today - timedelta(days=3), assignee_user_id=alice.id, status=TaskStatus.done)
    assert tasks.scan_due_tasks(SYSTEM, now) == 2
    assert tasks.scan_due_tasks(SYSTEM, now + timedelta(hours=1)) == 0
    jobs = scheduler.run_periodic_jobs(SYSTEM, now)
    assert jobs["due_notifications"] == 0 and jobs["webhook_deliveries"] == 0
    assert _kinds(session, alice.id) == ["due_soon"] and _kinds(session, bob.id) == ["overdue"]
    assert tasks.scan_due_tasks(SYSTEM, now + timedelta(days=1)) == 1  # due_today is now overdue: once more
    assert _kinds(session, alice.id) == ["due_soon", "overdue"]
    assert tasks.scan_due_tasks(SYSTEM, now + timedelta(days=2)) == 1  # the third task is now due today
    assert tasks.scan_due_tasks(SYSTEM, now + timedelta(days=2, hours=3)) == 0
    links = session.exec(select(Notification.link).where(Notification.user_id == alice.id)).all()
    assert f"/tasks?task={due_today.id}" in links and late.id
    with pytest.raises(PermissionDenied):
        tasks.scan_due_tasks(make_actor(session, Role.ops_manager), now)


def test_own_notifications_only(session: Session) -> None:
    eng = make_actor(session, Role.engineer)
    me, other = make_user(session), make_user(session)
    tasks.create_task(eng, {"title": "one", "assignee_user_id": me.id})
    tasks.create_task(eng, {"title": "two", "assignee_user_id": me.id})
    tasks.create_task(eng, {"title": "three", "assignee_user_id": other.id})
    mine = tasks.list_notifications(actor(me))
    assert len(mine) == 2 and tasks.unread_count(actor(me)) == 2 and mine[0].message.endswith("to you.")
    theirs = tasks.list_notifications(actor(other))[0]
    with pytest.raises(NotFound):
        tasks.mark_read(actor(me), theirs.id)
    assert tasks.mark_read(actor(me), mine[0].id).read_at is not None
    assert tasks.unread_count(actor(me)) == 1 and len(tasks.list_notifications(actor(me), unread_only=True)) == 1
    assert tasks.bell(actor(me), 1) == (1, tasks.list_notifications(actor(me))[:1])  # the header's count + latest
    assert tasks.mark_all_read(actor(me)) == 1 and tasks.unread_count(actor(me)) == 0
    assert tasks.unread_count(actor(other)) == 1
    exec_ = make_actor(session, Role.executive)
    assert tasks.list_notifications(exec_) == [] and tasks.mark_all_read(exec_) == 0
