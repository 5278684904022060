"""Builders for test rows: `make_user(session, role=...)` and friends, with overridable defaults."""

from __future__ import annotations

import itertools
from typing import Any

from sqlmodel import Session

from well_ops.auth.passwords import hash_password
from well_ops.models.users import Role, User
from well_ops.services.context import Actor

_seq = itertools.count(1)
PASSWORD = "correct horse battery"


def make_user(session: Session, **overrides: Any) -> User:
    n = next(_seq)
    values: dict[str, Any] = {
        "email": f"user{n}@test.example", "full_name": f"Test User {n}", "role": Role.engineer,
        "password_hash": hash_password(PASSWORD),
    }
    values.update(overrides)
    user = User(**values)
    session.add(user)
    session.commit()
    return user


def actor(user: User) -> Actor:
    assert user.id is not None
    return Actor(user.id, user.email, user.full_name, user.role, user.team_id)


def make_actor(session: Session, role: Role | str) -> Actor:
    return actor(make_user(session, role=Role(role)))


from well_ops.models.drilling import Campaign, Rig, RigStatus, RigType, Well  # noqa: E402  (appended builders)


def make_rig(session: Session, **overrides: Any) -> Rig:
    n = next(_seq)
    values: dict[str, Any] = {"name": f"Test Rig {n}", "rig_type": RigType.land, "status": RigStatus.idle}
    values.update(overrides)
    rig = Rig(**values)
    session.add(rig)
    session.commit()
    return rig


def make_campaign(session: Session, **overrides: Any) -> Campaign:
    n = next(_seq)
    values: dict[str, Any] = {"code": f"TC-{n:04d}", "name": f"Test Campaign {n}"}
    values.update(overrides)
    campaign = Campaign(**values)
    session.add(campaign)
    session.commit()
    return campaign


def make_well(session: Session, **overrides: Any) -> Well:
    n = next(_seq)
    values: dict[str, Any] = {"name": f"Test Well {n}"}
    values.update(overrides)
    well = Well(**values)
    session.add(well)
    session.commit()
    return well


from well_ops.models.tasks import ChecklistItem, Task  # noqa: E402  (appended builders: tasks)
from well_ops.models.users import Team  # noqa: E402


def make_team(session: Session, **overrides: Any) -> Team:
    n = next(_seq)
    values: dict[str, Any] = {"name": f"Test Team {n}"}
    values.update(overrides)
    team = Team(**values)
    session.add(team)
    session.commit()
    return team


def make_task(session: Session, **overrides: Any) -> Task:
    """A backlog task at the end of nothing in particular (position n x 1024 unless given)."""
    n = next(_seq)
    values: dict[str, Any] = {"title": f"Test Task {n}", "position": n * 1024.0}
    values.update(overrides)
    task = Task(**values)
    session.add(task)
    session.commit()
    return task


def make_checklist_item(session: Session, task: Task, **overrides: Any) -> ChecklistItem:
    n = next(_seq)
    values: dict[str, Any] = {"task_id": task.id, "text": f"Step {n}", "position": n * 1024.0}
    values.update(overrides)
    item = ChecklistItem(**values)
    session.add(item)
    session.commit()
    return item
