"""Who a task can be assigned to: active users then teams, names only, for anyone who may read tasks."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tests.builders import make_actor, make_team, make_user
from well_ops.models.users import Role
from well_ops.services import assignees
from well_ops.services.context import ANONYMOUS
from well_ops.services.errors import NotAuthenticated


def test_active_users_then_teams_by_key_and_name(session: Session) -> None:
    team = make_team(session)
    active = make_user(session, full_name="Aaron Active", team_id=team.id)
    gone = make_user(session, full_name="Gina Gone", is_active=False)
    rows = assignees.assignable(make_actor(session, Role.executive))
    keys = [r.key for r in rows]
    assert f"user:{active.id}" in keys and f"user:{gone.id}" not in keys
    assert f"team:{team.id}" in keys
    assert max(i for i, k in enumerate(keys) if k.startswith("user:")) < keys.index(f"team:{team.id}")
    assert next(r.name for r in rows if r.key == f"user:{active.id}") == "Aaron Active"
    assert not [r for r in rows if "@" in r.name]


def test_anonymous_is_refused(session: Session) -> None:
    with pytest.raises(NotAuthenticated):
        assignees.assignable(ANONYMOUS)
