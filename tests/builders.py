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
