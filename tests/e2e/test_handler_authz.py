"""Handler-level authorisation: call the user-admin event handlers directly over Reflex's `/_event` socket.

The UI hides the admin page from non-admins, but every public method of a State is callable by any client by its
full name with any payload. These tests speak the socket protocol themselves (no browser) as an anonymous client
and as a logged-in engineer, then read the database directly to prove nothing changed. The same payloads sent by
the administrator do change the rows (positive controls), so a broken payload cannot make the refusals pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from e2e_helpers import run_async
from reflex_client import ReflexClient, handler
from reflex_client import delta_value as _delta_value
from reflex_client import redirects as _redirects
from reflex_client import toasts as _toasts

import well_ops.well_ops  # noqa: F401  (registers every state and page, as in the running app)
from well_ops.state.auth import AuthState
from well_ops.state.users import UsersState

pytestmark = pytest.mark.e2e

ADMIN = "admin@wellops.example"
ENGINEER = "engineer@wellops.example"
EXECUTIVE = "exec@wellops.example"
INTEGRITY = "integrity@wellops.example"  # a second engineer: target of the positive controls
NEW_EMAIL = "intruder@wellops.example"


# The minimal Reflex client lives in reflex_client.py (shared with the hostile-input probe and the supervisor test).


def _refusals(messages: list[dict[str, Any]]) -> list[str]:
    """Every visible sign of a refusal: a redirect to the login page, an error toast, a form's error text."""
    signs = [f"redirect {p}" for p in _redirects(messages) if p.startswith("/login")]
    signs += _toasts(messages, "error")
    for var in ("form_error", "reset_error"):
        signs += [f"{var}: {v}" for m in messages if (v := _delta_value(m, UsersState, var))]
    return signs


# --------------------------------------------------------------------------------------------------------------
# The database, read directly
# --------------------------------------------------------------------------------------------------------------

USER_COLUMNS = ("id", "email", "full_name", "role", "is_active", "password_hash", "team_id", "password_changed_at")


@dataclass(frozen=True)
class Snapshot:
    users: dict[str, tuple[Any, ...]]  # by e-mail
    max_audit_id: int
    revoked_sessions: int

    def user(self, email: str) -> dict[str, Any]:
        return dict(zip(USER_COLUMNS, self.users[email], strict=True))


def snapshot(engine: sa.Engine) -> Snapshot:
    with engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT {', '.join(USER_COLUMNS)} FROM users ORDER BY id")).all()
        max_audit = conn.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM audit_log")).scalar_one()
        revoked = conn.execute(sa.text("SELECT COUNT(*) FROM login_sessions WHERE revoked_at IS NOT NULL")).scalar_one()
    return Snapshot(users={str(r.email): tuple(r) for r in rows}, max_audit_id=int(max_audit),
                    revoked_sessions=int(revoked))


def user_audit_rows_since(engine: sa.Engine, audit_id: int) -> list[tuple[Any, ...]]:
    """Audit rows recording a created/updated/deleted user after ``audit_id``."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(
            "SELECT id, actor_email, action, entity, entity_id, summary FROM audit_log "
            "WHERE id > :id AND entity = 'users' AND action IN ('create', 'update', 'delete') ORDER BY id"),
            {"id": audit_id})]


def assert_unchanged(engine: sa.Engine, before: Snapshot, what: str) -> None:
    after = snapshot(engine)
    assert len(after.users) == len(before.users), f"{what}: the number of users changed"
    assert set(after.users) == set(before.users), f"{what}: users added or removed: " \
                                                  f"{set(after.users) ^ set(before.users)}"
    for email, row in before.users.items():
        assert after.users[email] == row, f"{what}: user {email} changed: {row} -> {after.users[email]}"
    assert after.revoked_sessions == before.revoked_sessions, f"{what}: login sessions were revoked"
    rows = user_audit_rows_since(engine, before.max_audit_id)
    assert rows == [], f"{what}: audit rows recording a user change were written: {rows}"


# --------------------------------------------------------------------------------------------------------------
# The attacks: the same payloads for the attackers and for the positive controls
# --------------------------------------------------------------------------------------------------------------


def _team_other_than(engine: sa.Engine, email: str) -> int:
    with engine.connect() as conn:
        current = conn.execute(sa.text("SELECT team_id FROM users WHERE email = :e"), {"e": email}).scalar_one()
        teams = [int(t) for t in conn.execute(sa.text("SELECT id FROM teams ORDER BY id")).scalars()]
    return next(t for t in teams if t != current)


async def do_create_user(client: ReflexClient, snap: Snapshot, engine: sa.Engine, email: str,
                         role: str = "admin") -> list[dict[str, Any]]:
    return await client.call(handler(UsersState, "create_user"), {"form": {
        "email": email, "full_name": "Intruder", "password": "intruder-password-1", "role": role, "team_id": ""}})


async def do_change_role(client: ReflexClient, snap: Snapshot, engine: sa.Engine, email: str,
                         role: str = "admin") -> list[dict[str, Any]]:
    return await client.call(handler(UsersState, "change_role"),
                             {"user_id": str(snap.user(email)["id"]), "role": role})


async def do_change_team(client: ReflexClient, snap: Snapshot, engine: sa.Engine, email: str,
                         role: str = "") -> list[dict[str, Any]]:
    return await client.call(handler(UsersState, "change_team"),
                             {"user_id": str(snap.user(email)["id"]), "team_id": str(_team_other_than(engine, email))})


async def do_set_active(client: ReflexClient, snap: Snapshot, engine: sa.Engine, email: str,
                        role: str = "") -> list[dict[str, Any]]:
    return await client.call(handler(UsersState, "set_active"), {"user_id": str(snap.user(email)["id"]),
                                                                 "active": False})


async def do_reset_password(client: ReflexClient, snap: Snapshot, engine: sa.Engine, email: str,
                            role: str = "") -> list[dict[str, Any]]:
    # The dialog's flow: open_reset remembers the target in the state, reset_password acts on it (sent back to
    # back, as a user clicking "Reset password" then "Reset" would).
    return await client.call_many([
        (handler(UsersState, "open_reset"), {"user_id": str(snap.user(email)["id"])}),
        (handler(UsersState, "reset_password"), {"form": {"password": "hijacked-password-1"}}),
    ])


# attack name -> (action, target user of the attack: the admin or the executive)
ATTACKS: dict[str, tuple[Callable[..., Any], str]] = {
    "create_user": (do_create_user, NEW_EMAIL),
    "change_role": (do_change_role, EXECUTIVE),  # promote the executive to admin
    "change_team": (do_change_team, ADMIN),
    "set_active": (do_set_active, ADMIN),  # deactivate the admin
    "reset_password": (do_reset_password, ADMIN),  # take over the admin account
}


# --------------------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------------------


def test_handler_names_match_the_frontend(app_server: Any) -> None:
    """The names used here are the ones Reflex puts in the browser's frames."""
    assert handler(UsersState, "create_user").endswith(".well_ops___state___users____users_state.create_user")
    assert handler(UsersState, "create_user").startswith("reflex___state____state.")
    assert handler(AuthState, "login") == "reflex___state____state.well_ops___state___auth____auth_state.login"


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_anonymous_client_cannot_administer_users(app_server: Any, db_engine: sa.Engine, attack: str) -> None:
    action, target = ATTACKS[attack]
    before = snapshot(db_engine)

    async def scenario() -> list[dict[str, Any]]:
        async with ReflexClient(app_server.base_url, app_server.ws_url) as client:
            return await action(client, before, db_engine, target)

    replies = run_async(scenario())
    assert_unchanged(db_engine, before, f"anonymous {attack}")
    assert not _toasts(replies, "success"), f"anonymous {attack} reported success: {replies!r}"
    refusals = _refusals(replies)
    assert any(r.startswith("redirect /login") or "log in" in r.lower() for r in refusals), \
        f"anonymous {attack} was not refused as unauthenticated: {refusals!r} in {replies!r}"


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_engineer_cannot_administer_users(app_server: Any, db_engine: sa.Engine, attack: str) -> None:
    action, target = ATTACKS[attack]

    async def scenario() -> tuple[Snapshot, list[dict[str, Any]]]:
        async with ReflexClient(app_server.base_url, app_server.ws_url) as client:
            await client.login(ENGINEER)  # writes last_login_at and audit rows: snapshot afterwards
            before = snapshot(db_engine)
            return before, await action(client, before, db_engine, target)

    before, replies = run_async(scenario())
    assert_unchanged(db_engine, before, f"engineer {attack}")
    assert not _toasts(replies, "success"), f"engineer {attack} reported success: {replies!r}"
    refusals = _refusals(replies)
    assert any("may not" in r for r in refusals), f"engineer {attack} was not refused for lack of permission: " \
                                                  f"{refusals!r} in {replies!r}"


def test_engineer_cannot_read_the_user_list(app_server: Any, db_engine: sa.Engine) -> None:
    """UsersState.load (the page's on_load) sends no user rows to an engineer."""

    async def scenario() -> list[dict[str, Any]]:
        async with ReflexClient(app_server.base_url, app_server.ws_url) as client:
            await client.login(ENGINEER)
            return await client.call(handler(UsersState, "load"), {}, pathname="/admin/users")

    replies = run_async(scenario())
    text = json.dumps(replies)
    for email in (ADMIN, EXECUTIVE, INTEGRITY):
        assert email not in text, f"{email} was sent to an engineer: {replies!r}"
    assert _refusals(replies), f"loading the user list as an engineer was not refused: {replies!r}"


# Positive controls: the administrator sends the very same payloads, against harmless targets, and the rows change.
# Every change is undone afterwards so the browser tests see the demo users as seeded.


def test_admin_change_role_changes_the_row(app_server: Any, db_engine: sa.Engine) -> None:
    async def scenario() -> tuple[Snapshot, Snapshot, Snapshot]:
        async with ReflexClient(app_server.base_url, app_server.ws_url) as client:
            await client.login(ADMIN)
            before = snapshot(db_engine)
            replies = await do_change_role(client, before, db_engine, EXECUTIVE, role="ops_manager")
            assert _toasts(replies, "success"), f"admin change_role did not report success: {replies!r}"
            changed = snapshot(db_engine)
            await do_change_role(client, before, db_engine, EXECUTIVE, role="executive")
            return before, changed, snapshot(db_engine)

    before, changed, restored = run_async(scenario())
    assert before.user(EXECUTIVE)["role"] == "executive"
    assert changed.user(EXECUTIVE)["role"] == "ops_manager", "the admin's change_role did not change the row"
    audit = user_audit_rows_since(db_engine, before.max_audit_id)
    assert any(r[1] == ADMIN and r[2] == "update" and r[4] == str(before.user(EXECUTIVE)["id"]) for r in audit), audit
    assert restored.user(EXECUTIVE)["role"] == "executive"


def test_admin_can_use_the_other_handlers(app_server: Any, db_engine: sa.Engine) -> None:
    """create_user, change_team, set_active and reset_password with the attack payloads work for the admin."""
    created = "e2e-created@wellops.example"

    async def scenario() -> dict[str, Snapshot]:
        snaps: dict[str, Snapshot] = {}
        async with ReflexClient(app_server.base_url, app_server.ws_url) as client:
            await client.login(ADMIN)
            snaps["before"] = before = snapshot(db_engine)
            replies = await do_create_user(client, before, db_engine, created, role="engineer")
            assert _toasts(replies, "success"), f"admin create_user failed: {replies!r}"
            snaps["created"] = snapshot(db_engine)
            replies = await do_change_team(client, before, db_engine, INTEGRITY)
            assert _toasts(replies, "success"), f"admin change_team failed: {replies!r}"
            snaps["team"] = snapshot(db_engine)
            replies = await do_set_active(client, before, db_engine, INTEGRITY)
            assert _toasts(replies, "success"), f"admin set_active failed: {replies!r}"
            snaps["inactive"] = snapshot(db_engine)
            await client.call(handler(UsersState, "set_active"),
                              {"user_id": str(before.user(INTEGRITY)["id"]), "active": True})
            await client.call(handler(UsersState, "change_team"),
                              {"user_id": str(before.user(INTEGRITY)["id"]),
                               "team_id": str(before.user(INTEGRITY)["team_id"])})
            replies = await do_reset_password(client, before, db_engine, INTEGRITY)
            assert _toasts(replies, "success"), f"admin reset_password failed: {replies!r}"
            snaps["reset"] = snapshot(db_engine)
        return snaps

    snaps = run_async(scenario())
    before = snaps["before"]
    assert created not in before.users and created in snaps["created"].users
    assert snaps["created"].user(created)["role"] == "engineer"
    assert snaps["team"].user(INTEGRITY)["team_id"] != before.user(INTEGRITY)["team_id"]
    assert not snaps["inactive"].user(INTEGRITY)["is_active"]
    assert snaps["reset"].user(INTEGRITY)["is_active"]
    assert snaps["reset"].user(INTEGRITY)["team_id"] == before.user(INTEGRITY)["team_id"]
    assert snaps["reset"].user(INTEGRITY)["password_hash"] != before.user(INTEGRITY)["password_hash"]
    actions = {(r[2], r[4]) for r in user_audit_rows_since(db_engine, before.max_audit_id)}
    assert ("create", str(snaps["created"].user(created)["id"])) in actions
    assert ("update", str(before.user(INTEGRITY)["id"])) in actions
