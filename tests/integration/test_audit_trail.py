"""Every change writes exactly one audit row with the right before/after; a rolled-back change writes none."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from tests.builders import make_actor
from well_ops.models.audit import AuditLog
from well_ops.models.drilling import Rig, RigStatus, RigType
from well_ops.models.users import Role
from well_ops.services import audit, users
from well_ops.services.audit_trail import _PG_LOCK_KEY, verify_chain
from well_ops.services.context import SYSTEM, Context, use_case
from well_ops.services.errors import PermissionDenied


def _rows_after(session: Session, last_id: int) -> list[AuditLog]:
    session.expire_all()
    return list(session.exec(select(AuditLog).where(AuditLog.id > last_id).order_by(AuditLog.id)))


def _last_id(session: Session) -> int:
    return session.exec(select(func.coalesce(func.max(AuditLog.id), 0))).one()


@use_case("rig.write")
def _create_rig(ctx: Context, name: str) -> int:
    rig = Rig(name=name, rig_type=RigType.land, contractor="Acme", status=RigStatus.idle, day_rate_amount=1.0)
    ctx.session.add(rig)
    ctx.session.flush()
    assert rig.id is not None
    return rig.id


@use_case("rig.write")
def _rename_rig(ctx: Context, rig_id: int, name: str, fail: bool = False) -> None:
    rig = ctx.session.get(Rig, rig_id)
    assert rig is not None
    rig.name = name
    ctx.session.add(rig)
    ctx.session.flush()
    if fail:
        raise RuntimeError("boom after the write")


@use_case("rig.delete")
def _delete_rig(ctx: Context, rig_id: int) -> None:
    ctx.session.delete(ctx.session.get(Rig, rig_id))


def test_create_update_delete_each_write_one_row(session: Session) -> None:
    ops = make_actor(session, Role.ops_manager)
    start = _last_id(session)
    rig_id = _create_rig(ops, "Audit Rig 1")
    created = _rows_after(session, start)
    assert [(r.action, r.entity, r.entity_id) for r in created] == [("create", "rigs", str(rig_id))]
    assert created[0].after is not None and created[0].after["name"] == "Audit Rig 1" and created[0].before is None
    assert created[0].actor_email == ops.email and created[0].actor_id == ops.user_id

    mark = _last_id(session)
    _rename_rig(ops, rig_id, "Audit Rig 2")
    updated = _rows_after(session, mark)
    assert [(r.action, r.entity_id) for r in updated] == [("update", str(rig_id))]
    assert updated[0].before == {"name": "Audit Rig 1"} and updated[0].after == {"name": "Audit Rig 2"}

    mark = _last_id(session)
    _delete_rig(ops, rig_id)
    deleted = _rows_after(session, mark)
    assert [(r.action, r.entity_id) for r in deleted] == [("delete", str(rig_id))]
    assert deleted[0].before is not None and deleted[0].before["name"] == "Audit Rig 2" and deleted[0].after is None


def test_rolled_back_change_leaves_no_audit_row(session: Session) -> None:
    ops = make_actor(session, Role.ops_manager)
    rig_id = _create_rig(ops, "Rollback Rig")
    mark = _last_id(session)
    with pytest.raises(RuntimeError):
        _rename_rig(ops, rig_id, "Never Saved", fail=True)
    assert _rows_after(session, mark) == []
    session.expire_all()
    assert session.get(Rig, rig_id).name == "Rollback Rig"  # type: ignore[union-attr]


def test_refused_change_leaves_no_audit_row(session: Session) -> None:
    executive = make_actor(session, Role.executive)
    mark = _last_id(session)
    with pytest.raises(PermissionDenied):
        _create_rig(executive, "Forbidden Rig")
    assert _rows_after(session, mark) == []


def test_unchanged_save_writes_nothing(session: Session) -> None:
    ops = make_actor(session, Role.ops_manager)
    rig_id = _create_rig(ops, "Same Name")
    mark = _last_id(session)
    _rename_rig(ops, rig_id, "Same Name")
    assert _rows_after(session, mark) == []


def test_admin_lists_and_filters_the_trail_others_cannot(session: Session) -> None:
    admin = make_actor(session, Role.admin)
    users.create_user(admin, {"email": "filter.me@test.example", "full_name": "F", "password": "long enough pw",
                              "role": "engineer"})
    page = audit.list_audit(admin, actor=admin.email, entity="users", action="create")
    assert page.total >= 1 and all(r.entity == "users" and r.action == "create" for r in page.rows)
    assert any((r.after or {}).get("email") == "filter.me@test.example" for r in page.rows)
    assert audit.list_audit(admin, entity="users", date_from="2000-01-01", date_to="2000-01-02").total == 0
    for role in (Role.ops_manager, Role.engineer, Role.logistics, Role.executive):
        with pytest.raises(PermissionDenied):
            audit.list_audit(make_actor(session, role))


def test_hash_chain_is_intact_and_detects_tampering(session: Session, connection: sa.Connection) -> None:
    make_actor(session, Role.admin)
    assert verify_chain(connection) == []
    victim = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()  # type: ignore[union-attr]
    assert victim is not None
    if connection.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with connection.begin_nested():
                connection.execute(sa.text("UPDATE audit_log SET summary = 'forged' WHERE id = :i"), {"i": victim.id})
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with connection.begin_nested():
                connection.execute(sa.text("DELETE FROM audit_log WHERE id = :i"), {"i": victim.id})
    else:
        connection.execute(sa.text("UPDATE audit_log SET summary = 'forged' WHERE id = :i"), {"i": victim.id})
        problems = verify_chain(connection)
        assert any(f"audit row {victim.id}" in p for p in problems)


def test_chain_is_written_last_and_its_lock_taken_only_then(engine: sa.Engine) -> None:
    """A transaction chains its audit rows as its last step (before COMMIT), so while it still works (and may wait
    for other rows) it holds nothing every other writer needs: on PostgreSQL the chain's lock is free until then
    (the load test saw three-way deadlocks when it was taken at the first change). Own session on the engine, rolled
    back: nothing is left behind."""
    with Session(engine) as own:
        own.info["actor"] = SYSTEM
        before = own.exec(select(func.count()).select_from(AuditLog)).one()
        own.add(Rig(name="Lock Rig", rig_type=RigType.land, contractor="Acme", status=RigStatus.idle,
                    day_rate_amount=1.0))
        own.flush()                                            # the change is made; its audit row is queued
        assert own.exec(select(func.count()).select_from(AuditLog)).one() == before
        if engine.dialect.name == "postgresql":
            with engine.connect() as other:
                assert other.execute(sa.text("SELECT pg_try_advisory_xact_lock(:k)"),
                                     {"k": _PG_LOCK_KEY}).scalar_one() is True
                other.rollback()
        own.rollback()


@use_case("rig.write")
def _rename_twice_one_savepoint_undone(ctx: Context, rig_id: int) -> None:
    _rename_rig(ctx, rig_id, "Kept Name")
    inner = ctx.session.begin_nested()
    _rename_rig(ctx, rig_id, "Undone Name")
    inner.rollback()


def test_rolled_back_savepoint_audits_nothing_of_its_own(session: Session) -> None:
    ops = make_actor(session, Role.ops_manager)
    rig_id = _create_rig(ops, "Savepoint Rig")
    mark = _last_id(session)
    _rename_twice_one_savepoint_undone(ops, rig_id)
    assert [(r.action, r.after) for r in _rows_after(session, mark)] == [("update", {"name": "Kept Name"})]
    session.expire_all()
    assert session.get(Rig, rig_id).name == "Kept Name"  # type: ignore[union-attr]
