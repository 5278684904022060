"""Log in and out, resolve a session token to the acting user, change one's own password."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import select

from well_ops.auth.passwords import hash_password, password_problem, verify_password
from well_ops.auth.tokens import new_token, token_hash
from well_ops.config import get_settings
from well_ops.models.base import utcnow
from well_ops.models.users import LoginSession, SessionKind, User
from well_ops.services.audit_trail import record_event
from well_ops.services.context import ANONYMOUS, AUTHENTICATED, PUBLIC, Actor, Context, use_case
from well_ops.services.errors import ValidationFailed

GENERIC_FAILURE = "Invalid e-mail or password."


@dataclass(frozen=True)
class LoginResult:
    """Outcome of a login attempt: a token on success, a message otherwise (failures are audited)."""

    ok: bool
    token: str = ""
    message: str = ""
    actor: Actor = ANONYMOUS
    expires_at: datetime | None = None


def _actor_of(user: User) -> Actor:
    """The Actor for a user row."""
    assert user.id is not None
    return Actor(user.id, user.email, user.full_name, user.role, user.team_id)


@use_case(PUBLIC)
def login(ctx: Context, email: str, password: str, kind: SessionKind = SessionKind.ui) -> LoginResult:
    """Check the password, count failures, lock the account after too many, and open a session."""
    settings = get_settings()
    email = str(email or "").strip().lower()[:254]
    password = str(password or "")[:200]
    user = ctx.session.exec(select(User).where(User.email == email)).first()
    now = utcnow()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        verify_password(password, None)
        record_event(ctx.session, "login_failed", "users", user.id, summary=f"{email}: account locked")
        return LoginResult(False, message=f"Account locked until {user.locked_until:%H:%M} UTC after repeated "
                                          "failed logins. Ask an administrator or try later.")
    if user is None or not verify_password(password, user.password_hash) or not user.is_active:
        if user is not None and user.is_active:
            _count_failure(ctx, user, settings.max_failed_logins, settings.lockout_minutes)
        record_event(ctx.session, "login_failed", "users", user.id if user else "", summary=email)
        return LoginResult(False, message=GENERIC_FAILURE)
    ctx.session.info["actor"] = _actor_of(user)  # the audit rows of a login name the user who logged in
    token = new_token()
    expires = now + timedelta(hours=settings.session_hours)
    ctx.session.add(LoginSession(user_id=user.id, token_hash=token_hash(token), kind=kind, expires_at=expires))
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    ctx.session.add(user)
    ctx.session.flush()
    record_event(ctx.session, "login", "users", user.id, summary=f"{email} ({kind.value})")
    return LoginResult(True, token=token, actor=_actor_of(user), expires_at=expires)


def _count_failure(ctx: Context, user: User, max_failures: int, lockout_minutes: int) -> None:
    user.failed_login_count += 1
    if user.failed_login_count >= max_failures:
        user.locked_until = utcnow() + timedelta(minutes=lockout_minutes)
        user.failed_login_count = 0
        record_event(ctx.session, "lockout", "users", user.id,
                     summary=f"{user.email} locked for {lockout_minutes} min after {max_failures} failed logins")
    ctx.session.add(user)
    ctx.session.flush()


@use_case(PUBLIC)
def actor_for_token(ctx: Context, token: str) -> Actor:
    """The user behind a live session token, or ANONYMOUS (expired, revoked, deactivated, password changed)."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return ANONYMOUS
    row = ctx.session.exec(
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)  # type: ignore[arg-type]
        .where(LoginSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        return ANONYMOUS
    sess, user = row
    now = utcnow()
    if sess.revoked_at is not None or sess.expires_at <= now or not user.is_active:
        return ANONYMOUS
    if sess.kind != SessionKind.machine and sess.created_at < user.password_changed_at:
        return ANONYMOUS
    return _actor_of(user)


@use_case(PUBLIC)
def logout(ctx: Context, token: str) -> None:
    """Revoke the session behind ``token`` (no-op for an unknown token)."""
    if not token or not isinstance(token, str):
        return
    sess = ctx.session.exec(select(LoginSession).where(LoginSession.token_hash == token_hash(token))).first()
    if sess is None or sess.revoked_at is not None:
        return
    user = ctx.session.get(User, sess.user_id)
    if user is not None:
        ctx.session.info["actor"] = _actor_of(user)
    sess.revoked_at = utcnow()
    ctx.session.add(sess)
    ctx.session.flush()
    record_event(ctx.session, "logout", "users", sess.user_id)


@use_case(AUTHENTICATED)
def change_own_password(ctx: Context, current_password: str, new_password: str) -> None:
    """Change one's own password; every other session of the user ends."""
    user = ctx.session.get(User, ctx.actor.user_id)
    if user is None or not verify_password(str(current_password), user.password_hash):
        raise ValidationFailed({"current_password": "Current password is wrong."})
    problem = password_problem(str(new_password))
    if problem:
        raise ValidationFailed({"new_password": problem})
    user.password_hash = hash_password(str(new_password))
    user.password_changed_at = utcnow()
    ctx.session.add(user)
