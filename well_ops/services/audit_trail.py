"""The one audit mechanism: a flush listener records every created, updated and deleted row.

Each row of the ``audit_log`` table is written on the same connection, in the same transaction as the change it
describes, so a rolled-back change leaves no audit row. Rows are hash-chained (``row_hash`` covers the previous
row's hash) so ``verify_chain`` detects a removed or altered row.

The rows of a transaction are queued on its session and written as its last statements, just before COMMIT
(``_write_queued``): chaining takes a database-wide lock on PostgreSQL (one chain), and taking it last means a
transaction holding it waits for nothing else. Taken at the first change instead, it was held while the transaction
went on to lock other rows, and the load test saw three-way deadlocks: a reading's transaction held the chain lock
and waited for an annulus row that a second reading held while waiting for the chain lock (bench/README.md).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel

from well_ops.models.audit import AuditLog
from well_ops.models.base import utcnow

REDACTED = "***"
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "secret"})
_AUDIT_TABLE = AuditLog.__table__  # type: ignore[attr-defined]
_PG_LOCK_KEY = 4_205_117  # advisory lock serialising the hash chain on PostgreSQL


def jsonable(value: Any) -> Any:
    """A JSON-safe copy of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def _audit_mode(obj: Any) -> Any:
    return getattr(type(obj), "__audit__", True)


def _entity(obj: Any) -> str:
    return str(getattr(type(obj), "__tablename__", type(obj).__name__))


def _entity_id(obj: Any) -> str:
    identity = inspect(obj).identity
    if identity is None:
        mapper = inspect(type(obj))
        identity = tuple(getattr(obj, c.key) for c in mapper.primary_key)
    return ",".join(str(v) for v in identity)


def _value(name: str, value: Any) -> Any:
    return REDACTED if name in SECRET_COLUMNS and value is not None else jsonable(value)


def _snapshot(obj: Any) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {attr.key: _value(attr.key, getattr(obj, attr.key, None)) for attr in mapper.column_attrs}


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in inspect(type(obj)).column_attrs:
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if jsonable(old) == jsonable(new):
            continue
        before[attr.key] = _value(attr.key, old)
        after[attr.key] = _value(attr.key, new)
    return before, after


def _actor(session: OrmSession) -> tuple[int | None, str]:
    actor = session.info.get("actor")
    if actor is None:
        return None, "system"
    return getattr(actor, "user_id", None), getattr(actor, "email", "system")


def _row_hash(prev_hash: str, row: dict[str, Any]) -> str:
    body = {k: row[k] for k in ("at", "actor_id", "actor_email", "action", "entity", "entity_id", "before", "after",
                                "summary")}
    body["at"] = row["at"].astimezone(dt.timezone.utc).isoformat()
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def write_rows(connection: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """Append audit rows, chaining each to the previous one. Called only from this module's mechanisms."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    prev = connection.execute(
        sa.select(_AUDIT_TABLE.c.row_hash).order_by(_AUDIT_TABLE.c.id.desc()).limit(1)
    ).scalar_one_or_none() or ""
    for row in rows:
        row["prev_hash"] = prev
        row["row_hash"] = prev = _row_hash(prev, row)
    connection.execute(_AUDIT_TABLE.insert(), rows)


def _row(session: OrmSession, action: str, entity: str, entity_id: str, before: Any, after: Any,
         summary: str = "") -> dict[str, Any]:
    actor_id, actor_email = _actor(session)
    return {
        "at": utcnow(), "actor_id": actor_id, "actor_email": actor_email, "action": action, "entity": entity,
        "entity_id": entity_id, "before": before, "after": after, "summary": summary[:500],
    }


def record_event(session: Session, action: str, entity: str, entity_id: Any = "", *, summary: str = "",
                 after: dict[str, Any] | None = None) -> None:
    """Audit something that is not a row change (login, logout, lockout, a batch import) in this transaction."""
    _queue(session, [_row(session, action, entity, str(entity_id), None, jsonable(after) if after else None,
                          summary)])


_QUEUE = "audit_rows"  # session.info key: [(savepoint transaction or None, rows)] not yet written


def _queue(session: OrmSession, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.info.setdefault(_QUEUE, []).append((session.get_nested_transaction(), rows))


@event.listens_for(OrmSession, "before_commit")
def _write_queued(session: OrmSession) -> None:
    """Just before COMMIT: flush the last changes (their rows join the queue), then chain and write every row."""
    if session.get_nested_transaction() is not None:
        return  # releasing a SAVEPOINT: the outer transaction writes the rows
    session.flush()
    queued = session.info.pop(_QUEUE, [])
    write_rows(session.connection(), [row for _tx, rows in queued for row in rows])


@event.listens_for(OrmSession, "after_soft_rollback")
def _drop_queued(session: OrmSession, previous_transaction: Any) -> None:
    """A rolled-back transaction (or SAVEPOINT) audits nothing of what it did."""
    if previous_transaction.parent is None:
        session.info.pop(_QUEUE, None)
    elif previous_transaction.nested:
        queued = session.info.get(_QUEUE, [])
        queued[:] = [(tx, rows) for tx, rows in queued if not _inside(tx, previous_transaction)]


def _inside(tx: Any, outer: Any) -> bool:
    while tx is not None:
        if tx is outer:
            return True
        tx = tx.parent
    return False


@event.listens_for(OrmSession, "after_flush")
def _audit_after_flush(session: OrmSession, _flush_context: Any) -> None:
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, SQLModel) and _audit_mode(obj) is True:
            rows.append(_row(session, "create", _entity(obj), _entity_id(obj), None, _snapshot(obj)))
    for obj in session.dirty:
        if isinstance(obj, SQLModel) and _audit_mode(obj) is True and session.is_modified(obj):
            before, after = _changes(obj)
            if after:
                rows.append(_row(session, "update", _entity(obj), _entity_id(obj), before, after))
    for obj in session.deleted:
        if isinstance(obj, SQLModel) and _audit_mode(obj) is True:
            rows.append(_row(session, "delete", _entity(obj), _entity_id(obj), _snapshot(obj), None))
    _queue(session, rows)


def verify_chain(connection: sa.Connection) -> list[str]:
    """Re-compute every row's hash; return one problem description per broken link (empty when intact)."""
    problems: list[str] = []
    prev = ""
    result = connection.execute(sa.select(_AUDIT_TABLE).order_by(_AUDIT_TABLE.c.id))
    for row in result.mappings():
        data = dict(row)
        if data["at"].tzinfo is None:
            data["at"] = data["at"].replace(tzinfo=dt.timezone.utc)
        if data["prev_hash"] != prev:
            problems.append(f"audit row {data['id']}: previous row missing or altered")
        expected = _row_hash(data["prev_hash"], data)
        if expected != data["row_hash"]:
            problems.append(f"audit row {data['id']}: content altered")
        prev = data["row_hash"]
    return problems
