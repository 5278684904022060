"""Users, teams, login sessions (UI and API tokens)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel import Field, SQLModel

from well_ops.models.base import UTCDateTime, ck, enum_field, utc_field


class Role(enum.StrEnum):
    admin = "admin"
    ops_manager = "ops_manager"
    engineer = "engineer"
    logistics = "logistics"
    executive = "executive"


class Team(SQLModel, table=True):
    __tablename__ = "teams"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    description: str = Field(default="", max_length=500)
    created_at: datetime = utc_field()


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (ck("failed_login_count >= 0", "ck_users_failed_nonneg"),)
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    full_name: str = Field(max_length=200)
    password_hash: str = Field(max_length=100)
    role: Role = enum_field(Role)
    is_active: bool = Field(default=True)
    team_id: int | None = Field(default=None, foreign_key="teams.id", ondelete="SET NULL")
    unit_system: str = Field(default="si", max_length=8)
    failed_login_count: int = Field(default=0)
    locked_until: datetime | None = utc_field(None)
    password_changed_at: datetime = utc_field()
    last_login_at: datetime | None = utc_field(None)
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class SessionKind(enum.StrEnum):
    ui = "ui"
    api = "api"
    machine = "machine"


class LoginSession(SQLModel, table=True):
    """A login (browser or API) or an admin-issued machine token; only the SHA-256 of the token is stored."""

    __tablename__ = "login_sessions"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    kind: SessionKind = enum_field(SessionKind, SessionKind.ui)
    label: str = Field(default="", max_length=120)
    created_at: datetime = utc_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: datetime | None = utc_field(None)
    last_seen_at: datetime | None = utc_field(None)


class UserRead(SQLModel):
    """What the app shows of a user (never the password hash)."""

    id: int
    email: str
    full_name: str
    role: Role
    is_active: bool
    team_id: int | None = None
    team_name: str = ""
    unit_system: str = "si"
    last_login_at: datetime | None = None
    locked_until: datetime | None = None


class UserCreate(SQLModel):
    email: str = Field(min_length=3, max_length=254)
    full_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=200)
    role: Role
    team_id: int | None = None


class UserUpdate(SQLModel):
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    team_id: int | None = None
    is_active: bool | None = None
    unit_system: str | None = None


class TeamRead(SQLModel):
    id: int
    name: str
    description: str = ""
