"""Task rules: who may do what, the blocker rule, cycles, the optimistic lock, validation, auto-tasks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session, func, select

from tests.builders import actor, make_actor, make_checklist_item, make_task, make_team, make_user
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.audit import AuditLog
from well_ops.models.tasks import ChecklistItem, Task, TaskDependency, TaskStatus
from well_ops.models.users import Role
from well_ops.services import tasks
from well_ops.services.context import SYSTEM
from well_ops.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

ROLES = list(Role)


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _exists(session: Session, task_id: int | None) -> bool:
    return session.exec(select(Task.id).where(Task.id == task_id)).first() is not None


@pytest.mark.parametrize("role", ROLES)
def test_create_needs_task_write(session: Session, role: Role) -> None:
    who = make_actor(session, role)
    before = _count(session, Task)
    if "task.write" in ROLE_PERMISSIONS[role]:
        assert tasks.create_task(who, {"title": "Allowed"}).title == "Allowed"
        assert _count(session, Task) == before + 1
    else:
        with pytest.raises(PermissionDenied):
            tasks.create_task(who, {"title": "Refused"})
        assert _count(session, Task) == before


def _edits(task: Task, item: ChecklistItem) -> list[Callable[[Any], Any]]:
    return [
        lambda who: tasks.update_task(who, task.id, {"version": task.version, "title": "Renamed"}),
        lambda who: tasks.move_task(who, task.id, "in_progress"),
        lambda who: tasks.set_due_date(who, task.id, "2030-01-01"),
        lambda who: tasks.toggle_checklist_item(who, item.id),
        lambda who: tasks.add_checklist_item(who, task.id, "more"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_editing_an_unassigned_task(session: Session, role: Role) -> None:
    who = make_actor(session, role)
    task = make_task(session)
    item = make_checklist_item(session, task)
    audit_before = _count(session, AuditLog)
    for edit in _edits(task, item):
        session.refresh(task)
        if "task.write" in ROLE_PERMISSIONS[role]:
            edit(who)
        else:  # executive (read only) and logistics (only assigned tasks)
            with pytest.raises(PermissionDenied):
                edit(who)
    if "task.write" not in ROLE_PERMISSIONS[role]:
        session.refresh(task)
        assert task.title.startswith("Test Task") and task.status == TaskStatus.backlog
        assert _count(session, AuditLog) == audit_before


@pytest.mark.parametrize("how", ["user", "team", "role"])
def test_logistics_edits_tasks_assigned_to_them_their_team_or_role(session: Session, how: str) -> None:
    team = make_team(session)
    me = make_user(session, role=Role.logistics, team_id=team.id)
    assigned = {"user": {"assignee_user_id": me.id}, "team": {"assignee_team_id": team.id},
                "role": {"assignee_role": Role.logistics}}[how]
    task = make_task(session, **assigned)
    item = make_checklist_item(session, task)
    for edit in _edits(task, item):
        session.refresh(task)
        edit(actor(me))
    session.refresh(task)
    assert task.title == "Renamed" and task.status == TaskStatus.in_progress
    other = make_task(session, assignee_role=Role.engineer)
    with pytest.raises(PermissionDenied, match="assigned to you"):
        tasks.move_task(actor(me), other.id, "done")


@pytest.mark.parametrize("role", ROLES)
def test_delete_needs_task_delete(session: Session, role: Role) -> None:
    who = make_actor(session, role)
    task = make_task(session)
    if "task.delete" in ROLE_PERMISSIONS[role]:
        assert role in (Role.ops_manager, Role.admin)
        tasks.delete_task(who, task.id)
        assert not _exists(session, task.id)
    else:
        with pytest.raises(PermissionDenied):
            tasks.delete_task(who, task.id)
        assert _exists(session, task.id)


def test_delete_removes_subtasks_and_children_with_audit(session: Session) -> None:
    ops = make_actor(session, Role.ops_manager)
    parent = tasks.create_task(ops, {"title": "Parent"})
    sub = tasks.create_task(ops, {"title": "Sub", "parent_id": parent.id})
    tasks.add_checklist_item(ops, sub.id, "step")
    first = tasks.add_comment(ops, parent.id, "root")
    tasks.add_comment(ops, parent.id, "reply", parent_id=first.id)
    other = tasks.create_task(ops, {"title": "Other"})
    tasks.add_dependency(ops, other.id, parent.id)
    tasks.delete_task(ops, parent.id)
    assert not _exists(session, sub.id) and _exists(session, other.id)
    deleted = session.exec(select(AuditLog.entity).where(AuditLog.action == "delete")).all()
    assert {"tasks", "checklist_items", "task_comments", "task_dependencies"} <= set(deleted)


def test_done_is_refused_while_a_blocker_is_open(session: Session) -> None:
    eng = make_actor(session, Role.engineer)
    casing = tasks.create_task(eng, {"title": "Run casing", "status": "in_progress"})
    cement = tasks.create_task(eng, {"title": "Cement"})
    tasks.add_dependency(eng, cement.id, casing.id)
    with pytest.raises(ValidationFailed) as err:
        tasks.move_task(eng, cement.id, "done")
    assert f'Blocked by #{casing.id} "Run casing" (in progress)' in err.value.message
    with pytest.raises(ValidationFailed):
        tasks.update_task(eng, cement.id, {"version": 1, "status": "done"})
    session.expire_all()
    assert session.get(Task, cement.id).status == TaskStatus.backlog and session.get(Task, cement.id).version == 1
    assert tasks.move_task(eng, cement.id, "blocked").status == TaskStatus.blocked  # blocked: any time
    tasks.move_task(eng, casing.id, "done")
    assert tasks.move_task(eng, cement.id, "done").status == TaskStatus.done


def test_dependencies_refuse_self_and_cycles(session: Session) -> None:
    eng = make_actor(session, Role.engineer)
    a, b, c = (tasks.create_task(eng, {"title": t}).id for t in ("A", "B", "C"))
    with pytest.raises(ValidationFailed, match="cannot block itself"):
        tasks.add_dependency(eng, a, a)
    tasks.add_dependency(eng, a, b)
    with pytest.raises(ValidationFailed, match="cycle") as err:
        tasks.add_dependency(eng, b, a)  # 2-cycle
    assert f'#{b} "B" → #{a} "A" → #{b} "B"' in err.value.message
    tasks.add_dependency(eng, b, c)
    with pytest.raises(ValidationFailed, match="cycle") as err:
        tasks.add_dependency(eng, c, a)  # 3-cycle: C -> A -> B -> C
    assert f'#{c} "C" → #{a} "A" → #{b} "B" → #{c} "C"' in err.value.message
    assert _count(session, TaskDependency) == 2
    assert [r.id for r in tasks.add_dependency(eng, a, b)] == [b]  # repeating is harmless
    assert tasks.remove_dependency(eng, a, b) == []
    with pytest.raises(NotFound):
        tasks.remove_dependency(eng, a, b)


def test_second_edit_from_the_same_version_is_a_conflict(session: Session) -> None:
    first, second = make_user(session, full_name="Fiona First"), make_user(session)
    task = tasks.create_task(actor(first), {"title": "Shared", "priority": "low"})
    assert tasks.update_task(actor(first), task.id, {"version": 1, "priority": "high"}).version == 2
    with pytest.raises(Conflict) as err:
        tasks.update_task(actor(second), task.id, {"version": 1, "priority": "critical", "title": "Mine"})
    assert "changed by Fiona First at" in err.value.message and "reload" in err.value.message
    session.expire_all()
    row = session.get(Task, task.id)
    assert (row.priority, row.title, row.version) == ("high", "Shared", 2)
    with pytest.raises(Conflict):
        tasks.move_task(actor(second), task.id, "done", version=1)
    assert tasks.update_task(actor(second), task.id, {"version": 2, "title": "Mine"}).version == 3


def test_validation_names_the_field(session: Session) -> None:
    eng = make_actor(session, Role.engineer)
    cases = [({"title": "  "}, "title"), ({"title": "x" * 201}, "title"), ({"title": "t", "priority": "asap"},
             "priority"), ({"title": "t", "tags": [f"t{i}" for i in range(21)]}, "tags"),
             ({"title": "t", "tags": ["<b>"]}, "tags"), ({"title": "t", "well_id": 999999}, "well_id"),
             ({"title": "t", "assignee_user_id": 999999}, "assignee_user_id"),
             ({"title": "t", "assignee_user_id": 1, "assignee_role": "engineer"}, "assignee"),
             ({"title": "t", "parent_id": 999999}, "parent_id")]
    for data, field in cases:
        with pytest.raises(ValidationFailed) as err:
            tasks.create_task(eng, data)
        assert field in err.value.errors, (data, err.value.errors)
    task = tasks.create_task(eng, {"title": "t"})
    with pytest.raises(ValidationFailed) as err:
        tasks.update_task(eng, task.id, {"title": "no version"})
    assert "version" in err.value.errors
    sub = tasks.create_task(eng, {"title": "sub", "parent_id": task.id})
    with pytest.raises(ValidationFailed, match="Subtasks cannot have subtasks"):
        tasks.create_task(eng, {"title": "subsub", "parent_id": sub.id})
    with pytest.raises(NotFound):
        tasks.get_task(eng, 999999)


def test_reassigning_replaces_the_previous_assignee(session: Session) -> None:
    eng = make_actor(session, Role.engineer)
    team = make_team(session)
    task = tasks.create_task(eng, {"title": "t", "assignee_role": "logistics"})
    card = tasks.update_task(eng, task.id, {"version": 1, "assignee_team_id": team.id})
    assert card.assignee == f"team:{team.id}" and card.assignee_label == team.name
    session.expire_all()
    assert session.get(Task, task.id).assignee_role is None


def test_checklist_rename_reorder_delete(session: Session) -> None:
    eng = make_actor(session, Role.engineer)
    tid = tasks.create_task(eng, {"title": "t"}).id
    a, b, c = (tasks.add_checklist_item(eng, tid, t) for t in ("a", "b", "c"))
    assert tasks.rename_checklist_item(eng, a.id, "  first   step ").text == "first step"
    assert [i.id for i in tasks.reorder_checklist_item(eng, c.id, 0)] == [c.id, a.id, b.id]
    assert [i.id for i in tasks.reorder_checklist_item(eng, c.id, 99)] == [a.id, b.id, c.id]
    tasks.delete_checklist_item(eng, b.id)
    assert [i.text for i in tasks.get_task(eng, tid).checklist] == ["first step", "c"]
    with pytest.raises(ValidationFailed):
        tasks.add_checklist_item(eng, tid, " ")


def test_raise_auto_task_keeps_one_open_task_per_trigger(session: Session) -> None:
    first_id, created = tasks.raise_auto_task(SYSTEM, "maasp_exceed", "annulus:7", "MAASP exceeded on A",
                                              "Pressure 120 bar > MAASP 100 bar", assignee_role="engineer")
    assert created
    again_id, created_again = tasks.raise_auto_task(SYSTEM, "maasp_exceed", "annulus:7", "MAASP exceeded on A",
                                                    note="Pressure 125 bar")
    assert (again_id, created_again) == (first_id, False)
    session.expire_all()
    row = session.get(Task, first_id)
    assert row.auto_generated and row.trigger_key == "annulus:7" and row.description.endswith("Pressure 125 bar")
    assert session.exec(select(func.count()).select_from(Task).where(Task.trigger_key == "annulus:7")).one() == 1
    other, new = tasks.raise_auto_task(SYSTEM, "sap_detected", "annulus:7", "SAP on A")
    assert new and other != first_id
    eng = make_actor(session, Role.engineer)
    tasks.move_task(eng, first_id, "done")
    reopened, created_after_done = tasks.raise_auto_task(SYSTEM, "maasp_exceed", "annulus:7", "MAASP exceeded")
    assert created_after_done and reopened != first_id
    with pytest.raises(ValidationFailed) as err:
        tasks.raise_auto_task(SYSTEM, "volcano", "x", "t")
    assert "trigger_type" in err.value.errors
    with pytest.raises(PermissionDenied):
        tasks.raise_auto_task(make_actor(session, Role.logistics), "maasp_exceed", "annulus:8", "t")
