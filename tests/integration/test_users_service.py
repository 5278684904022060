"""User administration: the admin may, every other role is refused and nothing changes."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from tests.builders import actor, make_actor, make_user
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.audit import AuditLog
from well_ops.models.users import Role, User
from well_ops.services import users
from well_ops.services.context import ANONYMOUS
from well_ops.services.errors import Conflict, NotAuthenticated, PermissionDenied, ValidationFailed

NEW = {"email": "New.Hand@Test.example", "full_name": "New Hand", "password": "long enough pw", "role": "engineer"}
ROLES_WITHOUT_USER_WRITE = [r for r in Role if "user.write" not in ROLE_PERMISSIONS[r]]


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_admin_creates_a_user(session: Session) -> None:
    admin = make_actor(session, Role.admin)
    created = users.create_user(admin, NEW)
    assert created.email == "new.hand@test.example" and created.role == Role.engineer
    row = session.exec(select(User).where(User.email == "new.hand@test.example")).one()
    assert row.password_hash.startswith("$2") and "long enough pw" not in row.password_hash


@pytest.mark.parametrize("role", ROLES_WITHOUT_USER_WRITE)
def test_other_roles_cannot_manage_users(session: Session, role: Role) -> None:
    who = make_actor(session, role)
    victim = make_user(session, role=Role.executive)
    users_before, audit_before = _count(session, User), _count(session, AuditLog)
    for call in (lambda: users.create_user(who, NEW),
                 lambda: users.update_user(who, victim.id, {"role": "admin"}),
                 lambda: users.update_user(who, victim.id, {"is_active": False}),
                 lambda: users.reset_password(who, victim.id, "another long password")):
        with pytest.raises(PermissionDenied):
            call()
    session.refresh(victim)
    assert victim.role == Role.executive and victim.is_active
    assert (_count(session, User), _count(session, AuditLog)) == (users_before, audit_before)


def test_anonymous_is_asked_to_log_in(session: Session) -> None:
    with pytest.raises(NotAuthenticated):
        users.list_users(ANONYMOUS)


def test_validation_names_the_field(session: Session) -> None:
    admin = make_actor(session, Role.admin)
    with pytest.raises(ValidationFailed) as err:
        users.create_user(admin, {**NEW, "password": "short"})
    assert "password" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        users.create_user(admin, {**NEW, "email": "not-an-email"})
    assert "email" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        users.create_user(admin, {**NEW, "role": "driller"})
    assert "role" in err.value.errors


def test_duplicate_email_is_a_conflict(session: Session) -> None:
    admin = make_actor(session, Role.admin)
    users.create_user(admin, NEW)
    with pytest.raises(Conflict):
        users.create_user(admin, {**NEW, "email": "new.hand@test.example"})


def test_change_role_deactivate_and_reset(session: Session) -> None:
    admin = make_actor(session, Role.admin)
    target = make_user(session)
    assert users.update_user(admin, target.id, {"role": "ops_manager"}).role == Role.ops_manager
    assert users.update_user(admin, target.id, {"is_active": False}).is_active is False
    old_hash = target.password_hash
    users.reset_password(admin, target.id, "brand new password")
    session.refresh(target)
    assert target.password_hash != old_hash


def test_admin_cannot_lock_themselves_out(session: Session) -> None:
    me_user = make_user(session, role=Role.admin)
    with pytest.raises(ValidationFailed):
        users.update_user(actor(me_user), me_user.id, {"is_active": False})
    with pytest.raises(ValidationFailed):
        users.update_user(actor(me_user), me_user.id, {"role": "engineer"})
