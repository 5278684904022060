"""User administration: list, create, change role or team, deactivate, reset password; teams."""

from __future__ import annotations

from sqlmodel import col, func, select

from well_ops.auth.passwords import hash_password, password_problem
from well_ops.models.base import utcnow
from well_ops.models.users import LoginSession, Role, Team, TeamRead, User, UserCreate, UserRead, UserUpdate
from well_ops.services.context import Context, use_case
from well_ops.services.errors import Conflict, NotFound, ValidationFailed
from well_ops.services.validation import parse


def _read(user: User, teams: dict[int, str]) -> UserRead:
    assert user.id is not None
    return UserRead(
        id=user.id, email=user.email, full_name=user.full_name, role=user.role, is_active=user.is_active,
        team_id=user.team_id, team_name=teams.get(user.team_id or 0, ""), unit_system=user.unit_system,
        last_login_at=user.last_login_at, locked_until=user.locked_until,
    )


def _teams(ctx: Context) -> dict[int, str]:
    return {t.id: t.name for t in ctx.session.exec(select(Team)) if t.id is not None}


def _get(ctx: Context, user_id: int) -> User:
    user = ctx.session.get(User, int(user_id))
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    return user


def _check_email(email: str) -> str:
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email:
        raise ValidationFailed({"email": "Enter a valid e-mail address."})
    return email


@use_case("user.read")
def list_users(ctx: Context, search: str = "", role: str = "", active_only: bool = False) -> list[UserRead]:
    """All users, optionally filtered by text, role and active flag."""
    query = select(User).order_by(User.full_name)
    if search:
        pattern = f"%{str(search).lower()[:100]}%"
        query = query.where(col(User.email).ilike(pattern) | col(User.full_name).ilike(pattern))
    if role:
        query = query.where(User.role == Role(role))
    if active_only:
        query = query.where(col(User.is_active).is_(True))
    teams = _teams(ctx)
    return [_read(u, teams) for u in ctx.session.exec(query)]


@use_case("user.read")
def get_user(ctx: Context, user_id: int) -> UserRead:
    """One user."""
    return _read(_get(ctx, user_id), _teams(ctx))


@use_case("user.write")
def create_user(ctx: Context, data: UserCreate | dict) -> UserRead:
    """Create a user with a policy-checked password."""
    payload = parse(UserCreate, data)
    email = _check_email(payload.email)
    problem = password_problem(payload.password)
    if problem:
        raise ValidationFailed({"password": problem})
    if ctx.session.exec(select(func.count()).select_from(User).where(User.email == email)).one():
        raise Conflict(f"A user with e-mail {email} already exists.")
    if payload.team_id is not None and ctx.session.get(Team, payload.team_id) is None:
        raise ValidationFailed({"team_id": "Unknown team."})
    user = User(email=email, full_name=payload.full_name.strip(), role=payload.role, team_id=payload.team_id,
                password_hash=hash_password(payload.password))
    ctx.session.add(user)
    ctx.session.flush()
    return _read(user, _teams(ctx))


@use_case("user.write")
def update_user(ctx: Context, user_id: int, data: UserUpdate | dict) -> UserRead:
    """Change name, role, team, unit system or active flag; deactivation ends the user's sessions at once."""
    payload = parse(UserUpdate, data)
    user = _get(ctx, user_id)
    changes = payload.model_dump(exclude_unset=True)
    for field in ("full_name", "role", "is_active", "unit_system"):  # NOT NULL columns: null is no value
        if field in changes and changes[field] is None:
            raise ValidationFailed({field: "must not be empty"})
    if user.id == ctx.actor.user_id and (changes.get("is_active") is False or
                                         changes.get("role", Role.admin) != Role.admin):
        raise ValidationFailed({"role": "You cannot demote or deactivate yourself."})
    if "team_id" in changes and changes["team_id"] is not None and ctx.session.get(Team, changes["team_id"]) is None:
        raise ValidationFailed({"team_id": "Unknown team."})
    if "unit_system" in changes and changes["unit_system"] not in ("si", "oilfield"):
        raise ValidationFailed({"unit_system": "Choose si or oilfield."})
    for key, value in changes.items():
        setattr(user, key, value)
    user.updated_at = utcnow()
    if changes.get("is_active") is False:
        _revoke_sessions(ctx, user)
    ctx.session.add(user)
    ctx.session.flush()
    return _read(user, _teams(ctx))


@use_case("user.write")
def reset_password(ctx: Context, user_id: int, new_password: str) -> None:
    """Set a new password for a user (and unlock them); their sessions end."""
    user = _get(ctx, user_id)
    problem = password_problem(str(new_password))
    if problem:
        raise ValidationFailed({"password": problem})
    user.password_hash = hash_password(str(new_password))
    user.password_changed_at = utcnow()
    user.locked_until = None
    user.failed_login_count = 0
    _revoke_sessions(ctx, user)
    ctx.session.add(user)


def _revoke_sessions(ctx: Context, user: User) -> None:
    now = utcnow()
    live = select(LoginSession).where(LoginSession.user_id == user.id, col(LoginSession.revoked_at).is_(None))
    for sess in ctx.session.exec(live):
        sess.revoked_at = now
        ctx.session.add(sess)


@use_case("team.read")
def list_teams(ctx: Context) -> list[TeamRead]:
    """All teams."""
    return [TeamRead(id=t.id or 0, name=t.name, description=t.description)
            for t in ctx.session.exec(select(Team).order_by(Team.name))]


@use_case("team.write")
def create_team(ctx: Context, name: str, description: str = "") -> TeamRead:
    """Create a team."""
    name = str(name).strip()
    if not name or len(name) > 120:
        raise ValidationFailed({"name": "A team needs a name of 1-120 characters."})
    if ctx.session.exec(select(Team).where(Team.name == name)).first():
        raise Conflict(f"Team {name} already exists.")
    team = Team(name=name, description=str(description)[:500])
    ctx.session.add(team)
    ctx.session.flush()
    return TeamRead(id=team.id or 0, name=team.name, description=team.description)
