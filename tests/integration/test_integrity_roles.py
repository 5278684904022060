"""Role rules of the integrity services, parametrised over the permission table: a refused write changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session

from tests.builders import make_actor
from tests.integration.integrity_helpers import T0, count, hourly, make_element, make_platform
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.audit import AuditLog
from well_ops.models.barriers import EnvelopeKind
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.context import Actor
from well_ops.services.errors import PermissionDenied

Op = Callable[[Actor, Any], Any]

OPERATIONS: dict[str, tuple[str, Op]] = {
    "create casing": ("integrity.write", lambda who, p: integrity.create_casing(who, {
        "well_id": p.well.id, "name": "7in liner", "kind": "liner", "od_mm": 177.8, "id_mm": 157.1, "top_md_m": 3400,
        "bottom_md_m": 3640, "top_tvd_m": 2950, "bottom_tvd_m": 3110, "burst_rating_bar": 700,
        "collapse_rating_bar": 500})),
    "update annulus": ("integrity.write", lambda who, p: integrity.update_annulus(who, p.ann_a.id, {"mop_bar": 55})),
    "compute annulus": ("integrity.write", lambda who, p: integrity.compute_annulus(who, p.ann_a.id, "review")),
    "delete critical point": ("integrity.delete", lambda who, p: integrity.delete_critical_point(who, p.point_id)),
    "ingest readings": ("reading.write", lambda who, p: integrity.ingest_batch(who, p.ann_a.id, hourly(2, 5.0))),
    "import file": ("reading.write", lambda who, p: integrity.import_file(
        who, p.ann_a.id, "r.csv", b"time,p\n2026-01-05 00:00,5\n", {"time_col": "time", "pressure_col": "p"})),
    "record test": ("barrier.write", lambda who, p: integrity.record_test(
        who, p.element_id, {"test_type": "functional", "performed_at": T0, "result": "pass"})),
    "set risk cell": ("settings.write", lambda who, p: integrity.set_risk_cell(who, 1, 1, "medium", 10)),
    "set integrity config": ("settings.write", lambda who, p: integrity.set_integrity_config(
        who, {"sap_lookback_days": 14})),
}
READS: dict[str, Op] = {
    "fleet": lambda who, p: integrity.fleet(who),
    "architecture": lambda who, p: integrity.get_architecture(who, p.well.id),
    "maasp view": lambda who, p: integrity.maasp_view(who, p.ann_a.id),
    "chart": lambda who, p: integrity.chart_series(who, p.ann_a.id, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"),
    "barriers": lambda who, p: integrity.barrier_overview(who, p.well.id),
    "alerts": lambda who, p: integrity.integrity_alerts(who),
    "risk matrix": lambda who, p: integrity.risk_matrix(who),
}
CASES = [(role, name) for role in Role for name in OPERATIONS]


def _platform(session: Session) -> Any:
    p = make_platform(session)
    p.point_id = integrity.add_critical_point(make_actor(session, Role.engineer), {
        "annulus_id": p.ann_b.id, "name": "Valve", "tvd_m": 0, "pressure_limit_bar": 300}).id
    p.element_id = make_element(session, p.well, EnvelopeKind.primary).id
    return p


@pytest.mark.parametrize(("role", "name"), CASES, ids=[f"{r.value}-{n.replace(' ', '_')}" for r, n in CASES])
def test_writes_follow_the_permission_table(session: Session, role: Role, name: str) -> None:
    permission, op = OPERATIONS[name]
    p = _platform(session)
    who = make_actor(session, role)
    if permission in ROLE_PERMISSIONS[role]:
        op(who, p)
        return
    audit = count(session, AuditLog)
    with pytest.raises(PermissionDenied):
        op(who, p)
    assert count(session, AuditLog) == audit


def test_roles_as_briefed() -> None:
    """Engineers write integrity data; ops managers, logistics and executives read; settings only the admin."""
    for permission in ("integrity.write", "reading.write", "barrier.write"):
        assert {r for r in Role if permission in ROLE_PERMISSIONS[r]} == {Role.admin, Role.engineer}
    assert {r for r in Role if "settings.write" in ROLE_PERMISSIONS[r]} == {Role.admin}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads(session: Session, role: Role) -> None:
    p = _platform(session)
    who = make_actor(session, role)
    for name, op in READS.items():
        assert op(who, p) is not None, name
