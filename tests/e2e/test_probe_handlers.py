"""Hostile-input probe: call EVERY public event handler of every app state with forged payloads, over the socket.

Reflex lets any client call any handler by name with any JSON, so this test does exactly that, as an anonymous
client (the full set of malformed payloads per handler) and as each of the five demo roles (one rotating malformed
payload per handler, after a real login). Before and after, the whole database is read directly: nothing may
change except the self-service the probe cannot avoid (login sessions, ``users.last_login_at`` and
``failed_login_count``, the acting user's own ``notifications.read_at``), and the audit trail may only gain
login/logout rows and updates of those columns. The server must keep answering ``/ping`` after every batch, and
its log may show no traceback of an exception other than the handled ones (WellOps errors, ValueError, TypeError,
KeyError).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from e2e_helpers import run_async
from probe_payloads import PATHS, RUN_LAST, Target, payload, targets, variant_count
from reflex_client import ReflexClient

pytestmark = pytest.mark.e2e

ROLES = {"admin": "admin@wellops.example", "ops_manager": "ops@wellops.example",
         "engineer": "engineer@wellops.example", "logistics": "logistics@wellops.example",
         "executive": "exec@wellops.example"}
SELF_SERVICE_COLUMNS = {"users": {"last_login_at", "failed_login_count"}, "notifications": {"read_at"}}
IGNORED_TABLES = {"login_sessions"}  # every login writes one; logout revokes it
SESSION_AUDIT_ACTIONS = {"login", "login_failed", "logout", "lockout"}
HANDLED_EXCEPTIONS = {"WellOpsError", "NotAuthenticated", "PermissionDenied", "NotFound", "Conflict",
                      "ValidationFailed", "ValueError", "TypeError", "KeyError"}

# --------------------------------------------------------------------------------------------------------------
# The database, read directly
# --------------------------------------------------------------------------------------------------------------

Rows = dict[str, dict[tuple[Any, ...], dict[str, Any]]]


def read_tables(engine: sa.Engine) -> Rows:
    """Every row of every table, keyed by primary key (values as strings, so types compare equal)."""
    meta = sa.MetaData()
    meta.reflect(engine)
    out: Rows = {}
    with engine.connect() as conn:
        for table in sorted(meta.tables.values(), key=lambda t: t.name):
            key_cols = [c.name for c in table.primary_key.columns] or [c.name for c in table.columns]
            rows = conn.execute(sa.select(table)).mappings()
            out[table.name] = {tuple(str(r[k]) for k in key_cols): {k: str(v) for k, v in r.items()} for r in rows}
    return out


def unexpected_changes(before: Rows, after: Rows) -> list[str]:
    """Every difference except the allowed self-service columns, the login sessions and new audit rows."""
    problems: list[str] = []
    for table in sorted(set(before) | set(after)):
        if table in IGNORED_TABLES:
            continue
        old, new = before.get(table, {}), after.get(table, {})
        if table == "audit_log":
            problems += [f"audit_log row {k} removed or altered" for k in old if new.get(k) != old[k]]
            continue
        allowed = SELF_SERVICE_COLUMNS.get(table, set())
        problems += [f"{table}: row {k} created: {new[k]}"[:400] for k in new.keys() - old.keys()]
        problems += [f"{table}: row {k} deleted" for k in old.keys() - new.keys()]
        for key in old.keys() & new.keys():
            changed = {c for c in old[key] if old[key][c] != new[key].get(c)} - allowed
            problems += [f"{table}: row {key} column {c}: {old[key][c][:80]!r} -> {new[key][c][:80]!r}"
                         for c in sorted(changed)]
    return problems


def new_audit_rows(engine: sa.Engine, after_id: int) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text(
            "SELECT id, actor_email, action, entity, entity_id, after FROM audit_log WHERE id > :id ORDER BY id"),
            {"id": after_id}).mappings()]


def disallowed_audit_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    bad = []
    for row in rows:
        if row["action"] in SESSION_AUDIT_ACTIONS or row["entity"] in IGNORED_TABLES:
            continue
        changed = set(_json(row["after"]) or {})
        if row["action"] == "update" and changed and changed <= SELF_SERVICE_COLUMNS.get(row["entity"], set()):
            continue
        bad.append(row)
    return bad


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def read_at_changes(before: Rows, after: Rows) -> set[str]:
    """User ids whose notifications' read_at changed."""
    old, new = before.get("notifications", {}), after.get("notifications", {})
    return {new[k]["user_id"] for k in old.keys() & new.keys() if old[k]["read_at"] != new[k]["read_at"]}


def user_ids(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {str(r.email): int(r.id) for r in conn.execute(sa.text("SELECT id, email FROM users"))}


def foreign_ids(engine: sa.Engine, email: str) -> dict[str, Any]:
    """Existing ids that belong to someone other than ``email``: another user, another user's notification."""
    ids = user_ids(engine)
    me = ids.get(email)
    other_user = next(uid for e, uid in sorted(ids.items()) if uid != me)
    with engine.connect() as conn:
        note = conn.execute(sa.text("SELECT id FROM notifications WHERE user_id <> :me ORDER BY id LIMIT 1"),
                            {"me": me or -1}).scalar()
    return {"user_id": other_user, "notification_id": note if note is not None else -1}


# --------------------------------------------------------------------------------------------------------------
# The server: alive, and what it logged
# --------------------------------------------------------------------------------------------------------------


def ping(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=10) as resp:  # noqa: S310
            return resp.status == 200 and b"pong" in resp.read(100)
    except OSError:
        return False


def unhandled_tracebacks(log_text: str) -> list[str]:
    """The exception line of every traceback whose type (or any in its chain) is not a handled one."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", log_text)
    found = []
    for block in text.split("Traceback (most recent call last):")[1:]:
        for line in block.splitlines()[1:]:
            match = re.match(r"^([A-Za-z_][\w.]*)(?::|$)", line)
            if match and not line.startswith(("During handling", "The above exception")):
                name = match.group(1).rsplit(".", 1)[-1]
                if name not in HANDLED_EXCEPTIONS:
                    found.append(line[:300])
                break
    return found


# --------------------------------------------------------------------------------------------------------------
# The probe
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Batch:
    sent: int = 0
    failures: list[str] = field(default_factory=list)


Event = tuple[str, dict[str, Any]]
CHUNK = 16  # events per round trip: each event is its own socket message, so only the round trips add up
PARALLEL = 3  # anonymous clients probing at the same time


async def _send(client: ReflexClient, events: list[Event], path: str, label: str, batch: Batch) -> None:
    try:
        await client.call_many(events, pathname=path, grace=0)
        batch.sent += len(events)
    except Exception as exc:  # noqa: BLE001 (record and carry on: the assertion lists every broken batch)
        names = sorted({name.rsplit(".", 1)[-1] for name, _ in events})
        batch.failures.append(f"{label} {names}: {type(exc).__name__}: {exc}"[:400])


def _by_state(all_targets: list[Target]) -> dict[str, list[Target]]:
    """Handlers grouped by state, in order; the session-ending ones in a group of their own, last."""
    groups: dict[str, list[Target]] = {}
    for target in all_targets:
        last = (target.state.__name__, target.name) in RUN_LAST
        groups.setdefault(target.state.__name__ + (" (last)" if last else ""), []).append(target)
    return groups


async def probe_anonymous(app_server: Any, engine: sa.Engine, all_targets: list[Target]) -> Batch:
    """Every handler, every forged payload, from a fresh anonymous client per state."""
    batch, others, gate = Batch(), foreign_ids(engine, ""), asyncio.Semaphore(PARALLEL)

    async def one_state(n: int, label: str, group: list[Target]) -> None:
        events = [(t.event, payload(t, i, others)) for t in group for i in range(variant_count(t, others))]
        async with gate, ReflexClient(app_server.base_url, app_server.ws_url, response_timeout=60) as client:
            for k, chunk in enumerate(range(0, len(events), CHUNK)):
                await _send(client, events[chunk:chunk + CHUNK], PATHS[(n + k) % len(PATHS)], label, batch)

    groups = _by_state(all_targets).items()
    await asyncio.gather(*(one_state(n, label, group) for n, (label, group) in enumerate(groups)))
    return batch


async def probe_role(app_server: Any, engine: sa.Engine, role_index: int, email: str,
                     all_targets: list[Target]) -> Batch:
    """Every handler once, with a forged payload that rotates with the role, after a real login."""
    batch, others = Batch(), foreign_ids(engine, email)
    async with ReflexClient(app_server.base_url, app_server.ws_url, response_timeout=60) as client:
        await client.login(email)
        position = 0
        for n, (label, group) in enumerate(_by_state(all_targets).items()):
            events = []
            for target in group:
                position += 1
                events.append((target.event, payload(target, 1 + role_index * 5 + position, others)))
            await _send(client, events, PATHS[(n + role_index) % len(PATHS)], label, batch)
    return batch


def test_every_handler_survives_forged_input(app_server: Any, db_engine: sa.Engine) -> None:
    all_targets = targets()
    assert len(all_targets) > 50, f"only {len(all_targets)} handlers found: the state tree walk is broken"
    assert {t.state.__name__ for t in all_targets} >= {"AuthState", "UsersState", "RigsState", "ReportsState"}
    before = read_tables(db_engine)
    max_audit = max((int(k[0]) for k in before["audit_log"]), default=0)
    log_start = app_server.log_path.stat().st_size
    started = time.monotonic()
    report: list[str] = []

    anonymous = run_async(probe_anonymous(app_server, db_engine, all_targets), timeout=900)
    report.append(f"anonymous: {anonymous.sent} forged events")
    assert ping(app_server.port), "the server stopped answering /ping after the anonymous batch"
    problems = [f"anonymous {f}" for f in anonymous.failures]
    for index, (role, email) in enumerate(ROLES.items()):
        role_before = read_tables(db_engine)
        result = run_async(probe_role(app_server, db_engine, index, email, all_targets), timeout=600)
        report.append(f"{role}: {result.sent} forged events")
        assert ping(app_server.port), f"the server stopped answering /ping after the {role} batch"
        problems += [f"{role} {f}" for f in result.failures]
        readers = read_at_changes(role_before, read_tables(db_engine))
        own = str(user_ids(db_engine)[email])
        assert readers <= {own}, f"{role} changed read_at of other users' notifications: {readers - {own}}"

    print(f"\nprobed {len(all_targets)} handlers in {time.monotonic() - started:.0f} s: " + "; ".join(report))
    assert not problems, "handlers that did not answer (socket dropped or timed out):\n" + "\n".join(problems)
    changes = unexpected_changes(before, read_tables(db_engine))
    assert not changes, "forged events changed the database:\n" + "\n".join(changes[:40])
    bad_audit = disallowed_audit_rows(new_audit_rows(db_engine, max_audit))
    assert not bad_audit, f"forged events left audit rows other than logins/logouts: {bad_audit[:10]}"
    with app_server.log_path.open("rb") as log:
        log.seek(log_start)
        tracebacks = unhandled_tracebacks(log.read().decode("utf-8", errors="replace"))
    assert not tracebacks, "the server log shows unhandled exceptions:\n" + "\n".join(sorted(set(tracebacks)))


def test_the_probe_sees_a_real_change(app_server: Any, db_engine: sa.Engine) -> None:
    """Positive control: a valid change sent the same way is caught by the same checks (then put back)."""
    from well_ops.state.settings import SettingsState

    save = f"{SettingsState.get_full_name()}.save"

    async def scenario(value: str) -> Batch:
        batch = Batch()
        async with ReflexClient(app_server.base_url, app_server.ws_url) as client:
            await client.login(ROLES["admin"])
            await _send(client, [(save, {"form": {"budget_warning_pct": value}})], "/admin/settings", "save", batch)
        return batch

    before = read_tables(db_engine)
    max_audit = max((int(k[0]) for k in before["audit_log"]), default=0)
    assert not run_async(scenario("87")).failures
    changes = unexpected_changes(before, read_tables(db_engine))
    assert any(c.startswith("app_settings") for c in changes), f"a saved threshold went unnoticed: {changes}"
    assert disallowed_audit_rows(new_audit_rows(db_engine, max_audit)), "its audit row went unnoticed"
    assert not run_async(scenario("90")).failures  # the default again


def test_traceback_filter() -> None:
    log = """INFO something
Traceback (most recent call last):
  File "x.py", line 1, in f
well_ops.services.errors.NotFound: Rig 5 does not exist.
Traceback (most recent call last):
  File "y.py", line 2, in g
AttributeError: 'str' object has no attribute 'read'
"""
    assert unhandled_tracebacks(log) == ["AttributeError: 'str' object has no attribute 'read'"]
