"""Fleet view (constant query count, worst first, matrix placement, watch lists), risk matrix, dashboard alerts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from tests.builders import make_actor
from tests.integration.integrity_helpers import T0, hourly, make_element, make_platform
from well_ops.models.barriers import BarrierElementKind, BarrierStatus, EnvelopeKind
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.context import Actor
from well_ops.services.errors import PermissionDenied, ValidationFailed

NOW = T0 + timedelta(days=1)


@contextmanager
def _queries(connection: sa.Connection) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(statement)
    sa.event.listen(connection, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(connection, "before_cursor_execute", count)


def _well(session: Session, engineer: Actor, failed: bool = False) -> Any:
    p = make_platform(session)
    make_element(session, p.well, EnvelopeKind.primary, BarrierStatus.failed if failed else BarrierStatus.ok,
                 next_test_due=date(2026, 1, 2))
    make_element(session, p.well, EnvelopeKind.secondary, kind=BarrierElementKind.production_casing)
    integrity.recompute_well(engineer, p.well.id, "setup")
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(3, 50.0), source="scada")
    integrity.ingest_batch(engineer, p.ann_b.id, hourly(3, 42.0), source="scada")   # MAASP(B) 44.96, MOP 40
    return p


def test_fleet_query_count_does_not_grow_with_wells(session: Session, connection: sa.Connection) -> None:
    engineer = make_actor(session, Role.engineer)
    for _ in range(2):
        _well(session, engineer)
    with _queries(connection) as two:
        small = integrity.fleet(engineer, now=NOW)
    for i in range(4):
        _well(session, engineer, failed=i == 0)
    with _queries(connection) as six:
        big = integrity.fleet(engineer, now=NOW)
    assert len(small.wells) == 2 and len(big.wells) == 6
    assert len(two) == len(six) <= 8, six


def test_fleet_content(session: Session) -> None:
    engineer = make_actor(session, Role.engineer)
    healthy = _well(session, engineer)
    bad = _well(session, engineer, failed=True)
    view = integrity.fleet(make_actor(session, Role.executive), now=NOW)
    assert [w.well_id for w in view.wells] == [bad.well.id, healthy.well.id]            # worst first
    assert view.wells[0].category_117 == "orange" and view.wells[1].category_117 == "green"
    assert view.by_category == {"orange": 1, "green": 1}
    placed = {w: (c.likelihood, c.consequence) for c in view.matrix for w in c.well_ids}
    assert placed[bad.well.id] == (view.wells[0].likelihood, view.wells[0].consequence)
    assert len(view.matrix) == 25
    hot = {(h.well_id, h.annulus_name): h.reason for h in view.hot_annuli}
    # B: 42 bar >= 0.9 x 44.96 = 40.46 (near MAASP); A: 50 bar < MOP 60 and far below MAASP
    assert hot == {(healthy.well.id, "B"): "within 10% of MAASP", (bad.well.id, "B"): "within 10% of MAASP"}
    assert {o.well_id for o in view.overdue_tests} == {healthy.well.id, bad.well.id}
    assert view.missing_readings == []
    later = integrity.fleet(engineer, now=NOW + timedelta(days=3))
    assert len(later.missing_readings) == 4 and later.missing_readings[0].hours_since > 24


def test_risk_matrix_is_admin_configured_and_refreshes_snapshots(session: Session) -> None:
    engineer = make_actor(session, Role.engineer)
    admin = make_actor(session, Role.admin)
    p = _well(session, engineer)
    snap = integrity.snapshot_history(engineer, p.well.id)[0]
    cells = {(c.likelihood, c.consequence): c for c in integrity.risk_matrix(engineer)}
    assert len(cells) == 25 and cells[(5, 5)].category == "extreme"
    with pytest.raises(PermissionDenied):
        integrity.set_risk_cell(engineer, snap.likelihood, snap.consequence, "extreme", 99)
    integrity.set_risk_cell(admin, snap.likelihood, snap.consequence, "extreme", 99)
    latest = integrity.snapshot_history(engineer, p.well.id)[0]
    assert latest.risk_score == 99 and latest.risk_category == "H" and "risk matrix" in latest.details["reason"]
    with pytest.raises(ValidationFailed) as err:
        integrity.set_risk_cell(admin, 6, 1, "huge", 101)
    assert set(err.value.errors) == {"likelihood", "category", "score"}


def test_integrity_alerts_list_open_tasks_and_bad_wells(session: Session) -> None:
    engineer = make_actor(session, Role.engineer)
    p = _well(session, engineer, failed=True)
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(2, 310.0, start=T0 + timedelta(hours=5)))
    alerts = integrity.integrity_alerts(make_actor(session, Role.executive))
    kinds = [a.kind for a in alerts]
    assert "maasp_exceed" in kinds and "category" in kinds
    assert alerts[0].level == "critical"
    category = next(a for a in alerts if a.kind == "category")
    assert category.well_id == p.well.id and "orange" in category.message and category.link.endswith(str(p.well.id))
