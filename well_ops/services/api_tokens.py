"""Machine tokens for SCADA / ERP clients: issued by an administrator for a user, listed, revoked.

A machine token is a ``login_sessions`` row of kind ``machine``: only its SHA-256 is stored, the plain token is
returned once, at issue. It outlives password changes (a machine has no password to change) but not revocation,
expiry or the user's deactivation (see ``services.auth.actor_for_token``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from well_ops.auth.tokens import new_token, token_hash
from well_ops.models.base import utcnow
from well_ops.models.users import LoginSession, SessionKind, User
from well_ops.services.context import Context, use_case
from well_ops.services.errors import Conflict, NotFound, ValidationFailed

MAX_DAYS = 3650
LABEL_MAX = 120
MAX_ID = 2**31 - 1  # ids are 32-bit INTEGER columns


@dataclass(frozen=True)
class ApiTokenRead:
    """A machine token as listed (never the token itself)."""

    id: int
    user_id: int
    user_email: str
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None
    active: bool


@dataclass(frozen=True)
class IssuedApiToken:
    """A newly issued machine token: ``token`` is shown this once and never stored in clear."""

    id: int
    user_id: int
    label: str
    expires_at: datetime
    token: str


def _read(row: LoginSession, email: str) -> ApiTokenRead:
    assert row.id is not None
    now = utcnow()
    return ApiTokenRead(row.id, row.user_id, email, row.label, row.created_at, row.expires_at, row.revoked_at,
                        row.last_seen_at, row.revoked_at is None and row.expires_at > now)


def _days(days: Any) -> int:
    if isinstance(days, bool) or not isinstance(days, int | str) or not str(days).strip().isdigit():
        raise ValidationFailed({"days": f"must be a whole number of days from 1 to {MAX_DAYS}"})
    value = int(days)
    if not 1 <= value <= MAX_DAYS:
        raise ValidationFailed({"days": f"must be a whole number of days from 1 to {MAX_DAYS}"})
    return value


def _label(label: Any) -> str:
    text = str(label if label is not None else "").strip()
    if not text or len(text) > LABEL_MAX:
        raise ValidationFailed({"label": f"give a label of 1-{LABEL_MAX} characters (e.g. the client's name)"})
    return text


def _key(value: Any) -> int | None:
    """A row id, or None when ``value`` cannot be one (not a number, or out of the INTEGER range)."""
    if isinstance(value, bool):
        return None
    try:
        key = int(value)
    except (TypeError, ValueError):
        return None
    return key if 0 < key <= MAX_ID else None


def _user(ctx: Context, user_id: Any) -> User:
    key = _key(user_id)
    user = ctx.session.get(User, key) if key is not None else None
    if user is None:
        raise ValidationFailed({"user_id": "Unknown user."})
    if not user.is_active:
        raise ValidationFailed({"user_id": "The user is deactivated."})
    return user


@use_case("api_token.write")
def issue_api_token(ctx: Context, user_id: int, label: str, days: int = 365) -> IssuedApiToken:
    """Issue a machine token acting as ``user_id`` for ``days`` days; the plain token is returned once."""
    user = _user(ctx, user_id)
    text, valid_days = _label(label), _days(days)
    token = new_token()
    row = LoginSession(user_id=user.id or 0, token_hash=token_hash(token), kind=SessionKind.machine, label=text,
                       expires_at=utcnow() + timedelta(days=valid_days))
    ctx.session.add(row)
    ctx.session.flush()
    assert row.id is not None
    return IssuedApiToken(row.id, row.user_id, row.label, row.expires_at, token)


@use_case("api_token.read")
def list_api_tokens(ctx: Context) -> list[ApiTokenRead]:
    """Every machine token, newest first, with its user's e-mail."""
    rows = ctx.session.exec(select(LoginSession, User.email).join(User, col(User.id) == LoginSession.user_id)
                            .where(LoginSession.kind == SessionKind.machine)
                            .order_by(col(LoginSession.created_at).desc(), col(LoginSession.id).desc()))
    return [_read(row, email) for row, email in rows]


@use_case("api_token.write")
def revoke_api_token(ctx: Context, token_id: int) -> ApiTokenRead:
    """Revoke a machine token at once (its next request is refused)."""
    key = _key(token_id)
    row = ctx.session.get(LoginSession, key) if key is not None else None
    if row is None or row.kind != SessionKind.machine:
        raise NotFound(f"API token {token_id!r} does not exist.")
    if row.revoked_at is not None:
        raise Conflict(f"API token {row.id} is already revoked.")
    row.revoked_at = utcnow()
    ctx.session.add(row)
    ctx.session.flush()
    user = ctx.session.get(User, row.user_id)
    return _read(row, user.email if user else "")
