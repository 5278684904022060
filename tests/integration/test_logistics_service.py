"""Logistics: equipment, deliveries (late detection) and consumable usage, on both databases."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, func, select

from tests.builders import make_actor, make_rig
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.drilling import RigStatus
from well_ops.models.logistics import ConsumableUsage, Delivery, DeliveryStatus, Equipment, EquipmentStatus
from well_ops.models.users import Role
from well_ops.services import logistics
from well_ops.services.context import ANONYMOUS
from well_ops.services.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _delivery(rig_id: int, **over: Any) -> dict[str, Any]:
    return {"item": "Barite", "quantity": 40, "unit": "t", "to_rig_id": rig_id, "eta": "2026-03-12T08:00", **over}


def test_equipment_round_trip(session: Session) -> None:
    who = make_actor(session, Role.logistics)
    rig = make_rig(session, name="Nordic Test")
    made = logistics.create_equipment(who, {"tag": " BOP-1 ", "name": "BOP stack", "rig_id": rig.id,
                                            "status": "in_use", "serial_number": "SN-9"})
    assert (made.tag, made.rig_name, made.status) == ("BOP-1", "Nordic Test", EquipmentStatus.in_use)
    changed = logistics.update_equipment(who, made.id, {"status": "maintenance", "location": "Yard"})
    assert (changed.status, changed.location, changed.serial_number) == (EquipmentStatus.maintenance, "Yard", "SN-9")
    assert logistics.get_equipment(who, made.id) == changed
    assert [e.tag for e in logistics.list_equipment(who, status="maintenance")] == ["BOP-1"]
    assert logistics.list_equipment(who, status="available") == []
    logistics.delete_equipment(who, made.id)
    with pytest.raises(NotFound):
        logistics.get_equipment(who, made.id)


def test_equipment_tag_is_unique_and_rig_must_exist(session: Session) -> None:
    who = make_actor(session, Role.logistics)
    logistics.create_equipment(who, {"tag": "TDS-1", "name": "Top drive"})
    with pytest.raises(ValidationFailed) as err:
        logistics.create_equipment(who, {"tag": "TDS-1", "name": "Another top drive"})
    assert "tag" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        logistics.create_equipment(who, {"tag": "TDS-2", "name": "Top drive", "rig_id": 987654})
    assert err.value.errors == {"rig_id": "Unknown rig."}
    with pytest.raises(ValidationFailed) as err:
        logistics.list_equipment(who, status="broken")
    assert "status" in err.value.errors


def test_delivery_round_trip_and_marking_delivered(session: Session) -> None:
    who = make_actor(session, Role.ops_manager)
    rig = make_rig(session, name="Delivery Rig")
    eq = logistics.create_equipment(who, {"tag": "MP-1", "name": "Mud pump"})
    made = logistics.create_delivery(who, _delivery(rig.id, equipment_id=eq.id))
    assert made.eta == datetime(2026, 3, 12, 8, 0, tzinfo=timezone.utc)
    assert (made.rig_name, made.equipment_tag, made.delivered_at) == ("Delivery Rig", "MP-1", None)
    moved = logistics.update_delivery(who, made.id, {"eta_date": "2026-03-13", "eta_time": "09:30"})
    assert moved.eta == datetime(2026, 3, 13, 9, 30, tzinfo=timezone.utc)
    before = datetime.now(timezone.utc)
    done = logistics.update_delivery(who, made.id, {"status": "delivered"})
    assert done.status == DeliveryStatus.delivered and done.delivered_at is not None
    assert done.delivered_at >= before - timedelta(seconds=5)
    again = logistics.update_delivery(who, made.id, {"notes": "signed off"})
    assert again.delivered_at == done.delivered_at  # not overwritten once set
    given = logistics.create_delivery(who, _delivery(rig.id, status="delivered", delivered_at="2026-03-01T10:00Z"))
    assert given.delivered_at == datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    logistics.delete_delivery(make_actor(session, Role.logistics), made.id)
    assert [d.id for d in logistics.list_deliveries(who)] == [given.id]


@pytest.mark.parametrize(("change", "field"), [
    ({"quantity": -1}, "quantity"),
    ({"to_rig_id": 987654}, "to_rig_id"),
    ({"eta": "next tuesday"}, "eta"),
    ({"eta": None}, "eta"),
    ({"status": "lost"}, "status"),
])
def test_delivery_validation_names_the_field(session: Session, change: dict[str, Any], field: str) -> None:
    who = make_actor(session, Role.logistics)
    rig = make_rig(session)
    with pytest.raises(ValidationFailed) as err:
        logistics.create_delivery(who, _delivery(rig.id, **change))
    assert field in err.value.errors
    assert _count(session, Delivery) == 0


def test_unknown_equipment_on_delivery_is_refused(session: Session) -> None:
    who = make_actor(session, Role.logistics)
    rig = make_rig(session)
    with pytest.raises(ValidationFailed) as err:
        logistics.create_delivery(who, _delivery(rig.id, equipment_id=987654))
    assert err.value.errors == {"equipment_id": "Unknown equipment."}


def test_late_deliveries_at_a_fixed_time(session: Session) -> None:
    who = make_actor(session, Role.executive)
    rig = make_rig(session, name="Late Rig")
    rows = {
        "late_planned": Delivery(item="A", to_rig_id=rig.id, eta=NOW - timedelta(hours=30)),
        "late_transit": Delivery(item="B", to_rig_id=rig.id, eta=NOW - timedelta(minutes=5),
                                 status=DeliveryStatus.in_transit),
        "future": Delivery(item="C", to_rig_id=rig.id, eta=NOW + timedelta(hours=1)),
        "delivered": Delivery(item="D", to_rig_id=rig.id, eta=NOW - timedelta(days=2),
                              status=DeliveryStatus.delivered, delivered_at=NOW - timedelta(days=1)),
        "cancelled": Delivery(item="E", to_rig_id=rig.id, eta=NOW - timedelta(days=3),
                              status=DeliveryStatus.cancelled),
    }
    session.add_all(rows.values())
    session.commit()
    late = logistics.late_deliveries(who, now=NOW)
    assert [d.item for d in late] == ["A", "B"]  # most overdue first
    assert all(d.is_late and d.rig_name == "Late Rig" for d in late)
    flags = {d.item: d.is_late for d in logistics.list_deliveries(who, now=NOW)}
    assert flags == {"A": True, "B": True, "C": False, "D": False, "E": False}
    assert [d.item for d in logistics.late_deliveries(who, now=NOW - timedelta(days=2))] == []
    assert [d.item for d in logistics.list_deliveries(who, status="in_transit", now=NOW)] == ["B"]


def test_equipment_in_maintenance_on_active_rigs(session: Session) -> None:
    who = make_actor(session, Role.executive)
    active = {s: make_rig(session, status=s) for s in (RigStatus.drilling, RigStatus.tripping,
                                                        RigStatus.casing_cementing, RigStatus.completion)}
    idle = make_rig(session, status=RigStatus.idle)
    moving = make_rig(session, status=RigStatus.moving)
    for i, rig in enumerate([*active.values(), idle, moving]):
        session.add(Equipment(tag=f"M-{i}", name="in maintenance", status=EquipmentStatus.maintenance, rig_id=rig.id))
    drilling = active[RigStatus.drilling]
    session.add(Equipment(tag="U-1", name="in use", status=EquipmentStatus.in_use, rig_id=drilling.id))
    session.add(Equipment(tag="Y-1", name="no rig", status=EquipmentStatus.maintenance))
    session.commit()
    found = logistics.equipment_in_maintenance_on_active_rigs(who)
    assert sorted(e.tag for e in found) == ["M-0", "M-1", "M-2", "M-3"]
    assert {e.rig_name for e in found} == {r.name for r in active.values()}


def test_consumable_round_trip_and_validation(session: Session) -> None:
    who = make_actor(session, Role.logistics)
    rig = make_rig(session, name="Consuming Rig")
    made = logistics.create_consumable(who, {"rig_id": rig.id, "usage_date": "2026-03-01", "item": "Diesel",
                                             "quantity": 12.5, "unit": "m3", "cost_amount": 11000, "currency": "usd"})
    assert (made.rig_name, made.usage_date, made.currency) == ("Consuming Rig", date(2026, 3, 1), "USD")
    changed = logistics.update_consumable(who, made.id, {"quantity": 14})
    assert changed.quantity == 14 and changed.cost_amount == 11000
    assert [c.id for c in logistics.list_consumables(who, rig_id=rig.id)] == [made.id]
    for bad, field in (({"quantity": -2}, "quantity"), ({"cost_amount": -1}, "cost_amount"),
                       ({"rig_id": 987654}, "rig_id"), ({"currency": "dollars"}, "currency")):
        with pytest.raises(ValidationFailed) as err:
            logistics.update_consumable(who, made.id, bad)
        assert field in err.value.errors
    assert logistics.get_consumable(who, made.id).quantity == 14
    logistics.delete_consumable(who, made.id)
    assert _count(session, ConsumableUsage) == 0


def test_lists_resolve_rig_names_without_a_query_per_row(session: Session) -> None:
    who = make_actor(session, Role.logistics)
    rigs = [make_rig(session) for _ in range(4)]
    for i, rig in enumerate(rigs):
        session.add(Equipment(tag=f"Q-{i}", name="x", rig_id=rig.id))
        session.add(Delivery(item=f"d{i}", to_rig_id=rig.id, eta=NOW))
    session.commit()
    statements: list[str] = []
    engine = session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        equipment = logistics.list_equipment(who)
        deliveries = logistics.list_deliveries(who, now=NOW)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert {e.rig_name for e in equipment} == {r.name for r in rigs}
    assert {d.rig_name for d in deliveries} == {r.name for r in rigs}
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert 4 <= len(selects) <= 5  # equipment + rigs, deliveries + rigs + equipment tags


# ------------------------------------------------------------------------------------------------------ roles

WRITES = {
    "equipment.write": lambda who, ids: logistics.create_equipment(who, {"tag": "R-NEW", "name": "x"}),
    "equipment.delete": lambda who, ids: logistics.delete_equipment(who, ids["equipment"]),
    "delivery.write": lambda who, ids: logistics.create_delivery(who, _delivery(ids["rig"])),
    "delivery.delete": lambda who, ids: logistics.delete_delivery(who, ids["delivery"]),
    "consumable.write": lambda who, ids: logistics.create_consumable(
        who, {"rig_id": ids["rig"], "usage_date": "2026-03-01", "item": "x"}),
    "consumable.delete": lambda who, ids: logistics.delete_consumable(who, ids["consumable"]),
}
CASES = [(role, perm) for role in Role for perm in WRITES]


def _arrange(session: Session) -> dict[str, int]:
    rig = make_rig(session)
    eq = Equipment(tag="R-OLD", name="x", rig_id=rig.id)
    dl = Delivery(item="x", to_rig_id=rig.id, eta=NOW)
    cu = ConsumableUsage(rig_id=rig.id, usage_date=date(2026, 3, 1), item="x")
    session.add_all([eq, dl, cu])
    session.commit()
    return {"rig": rig.id, "equipment": eq.id, "delivery": dl.id, "consumable": cu.id}  # type: ignore[dict-item]


@pytest.mark.parametrize(("role", "permission"), CASES, ids=[f"{r.value}-{p}" for r, p in CASES])
def test_writes_follow_the_permission_table(session: Session, role: Role, permission: str) -> None:
    ids = _arrange(session)
    who = make_actor(session, role)
    counts = [_count(session, m) for m in (Equipment, Delivery, ConsumableUsage)]
    if permission in ROLE_PERMISSIONS[role]:
        WRITES[permission](who, ids)
        assert [_count(session, m) for m in (Equipment, Delivery, ConsumableUsage)] != counts
    else:
        with pytest.raises(PermissionDenied):
            WRITES[permission](who, ids)
        assert [_count(session, m) for m in (Equipment, Delivery, ConsumableUsage)] == counts


def test_role_rules_as_specified() -> None:
    assert "equipment.write" in ROLE_PERMISSIONS[Role.logistics]
    assert "equipment.write" not in ROLE_PERMISSIONS[Role.engineer]
    assert not any(p.endswith((".write", ".delete")) and p.split(".")[0] in ("equipment", "delivery", "consumable")
                   for p in ROLE_PERMISSIONS[Role.executive])


@pytest.mark.parametrize("role", [r for r in Role if "equipment.read" in ROLE_PERMISSIONS[r]])
def test_every_role_reads_logistics(session: Session, role: Role) -> None:
    ids = _arrange(session)
    who = make_actor(session, role)
    assert logistics.get_equipment(who, ids["equipment"]).tag == "R-OLD"
    assert [d.id for d in logistics.list_deliveries(who, now=NOW)] == [ids["delivery"]]
    assert [c.id for c in logistics.list_consumables(who)] == [ids["consumable"]]


def test_anonymous_is_asked_to_log_in(session: Session) -> None:
    with pytest.raises(NotAuthenticated):
        logistics.list_equipment(ANONYMOUS)
    with pytest.raises(NotAuthenticated):
        logistics.late_deliveries(ANONYMOUS)
