"""Login, sessions, lockout and password changes against real databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from tests.builders import PASSWORD, actor, make_user
from well_ops.auth.tokens import token_hash
from well_ops.config import get_settings
from well_ops.models.audit import AuditLog
from well_ops.models.base import utcnow
from well_ops.models.users import LoginSession, Role
from well_ops.services import auth, users
from well_ops.services.context import ANONYMOUS
from well_ops.services.errors import ValidationFailed


def _audit_actions(session: Session) -> list[str]:
    return list(session.exec(select(AuditLog.action).order_by(AuditLog.id)))


def test_login_gives_a_random_token_stored_only_as_its_hash(session: Session) -> None:
    user = make_user(session, email="driller@test.example")
    first = auth.login(ANONYMOUS, "Driller@Test.example ", PASSWORD)
    second = auth.login(ANONYMOUS, "driller@test.example", PASSWORD)
    assert first.ok and second.ok and first.token != second.token and len(first.token) >= 40
    stored = session.exec(select(LoginSession.token_hash).where(LoginSession.user_id == user.id)).all()
    assert token_hash(first.token) in stored and first.token not in stored
    assert auth.actor_for_token(ANONYMOUS, first.token).user_id == user.id
    assert first.expires_at is not None
    assert timedelta(hours=get_settings().session_hours - 1) < first.expires_at - utcnow()


def test_wrong_password_is_refused_and_audited(session: Session) -> None:
    user = make_user(session)
    before = len(_audit_actions(session))
    result = auth.login(ANONYMOUS, user.email, "wrong password!")
    assert not result.ok and result.message == auth.GENERIC_FAILURE and result.token == ""
    actions = _audit_actions(session)[before:]
    assert "login_failed" in actions
    session.refresh(user)
    assert user.failed_login_count == 1


def test_unknown_email_gets_the_same_message(session: Session) -> None:
    result = auth.login(ANONYMOUS, "nobody@test.example", "whatever-password")
    assert not result.ok and result.message == auth.GENERIC_FAILURE


def test_lockout_after_repeated_failures_is_audited_and_blocks_the_right_password(session: Session) -> None:
    user = make_user(session)
    for _ in range(get_settings().max_failed_logins):
        assert not auth.login(ANONYMOUS, user.email, "bad-password-x").ok
    assert "lockout" in _audit_actions(session)
    locked = auth.login(ANONYMOUS, user.email, PASSWORD)
    assert not locked.ok and "locked" in locked.message.lower()
    session.refresh(user)
    assert user.locked_until is not None and user.locked_until > utcnow()


def test_logout_revokes_the_token(session: Session) -> None:
    user = make_user(session)
    token = auth.login(ANONYMOUS, user.email, PASSWORD).token
    auth.logout(ANONYMOUS, token)
    assert auth.actor_for_token(ANONYMOUS, token) == ANONYMOUS
    assert _audit_actions(session)[-1] == "logout"


def test_expired_session_is_refused(session: Session) -> None:
    user = make_user(session)
    token = auth.login(ANONYMOUS, user.email, PASSWORD).token
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == token_hash(token))).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert auth.actor_for_token(ANONYMOUS, token) == ANONYMOUS


@pytest.mark.parametrize("bad", ["", "x" * 500, "not-a-token"])
def test_garbage_tokens_are_anonymous(session: Session, bad: str) -> None:
    assert auth.actor_for_token(ANONYMOUS, bad) == ANONYMOUS


def test_deactivated_user_is_refused_at_once(session: Session) -> None:
    admin = make_user(session, role=Role.admin)
    user = make_user(session)
    token = auth.login(ANONYMOUS, user.email, PASSWORD).token
    users.update_user(actor(admin), user.id, {"is_active": False})
    assert auth.actor_for_token(ANONYMOUS, token) == ANONYMOUS
    assert not auth.login(ANONYMOUS, user.email, PASSWORD).ok


def test_password_change_ends_sessions_and_checks_policy(session: Session) -> None:
    user = make_user(session)
    token = auth.login(ANONYMOUS, user.email, PASSWORD).token
    me = auth.actor_for_token(ANONYMOUS, token)
    with pytest.raises(ValidationFailed) as err:
        auth.change_own_password(me, PASSWORD, "short")
    assert "new_password" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        auth.change_own_password(me, "not my password", "a much longer password")
    assert "current_password" in err.value.errors
    auth.change_own_password(me, PASSWORD, "a much longer password")
    assert auth.actor_for_token(ANONYMOUS, token) == ANONYMOUS
    assert auth.login(ANONYMOUS, user.email, "a much longer password").ok


def test_password_hash_never_appears_in_the_audit_trail(session: Session) -> None:
    user = make_user(session)
    rows = session.exec(select(AuditLog).where(AuditLog.entity == "users")).all()
    assert rows, "creating a user must be audited"
    for row in rows:
        for values in (row.before or {}, row.after or {}):
            assert values.get("password_hash") in (None, "***")
    assert session.exec(select(func.count()).select_from(AuditLog)
                        .where(AuditLog.after.is_not(None))).one() >= 1  # type: ignore[union-attr]
    assert user.password_hash.startswith("$2")
