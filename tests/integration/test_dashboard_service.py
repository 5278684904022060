"""The dashboard service: campaign cards, KPIs and alerts checked by hand; a fixed number of queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from tests.builders import make_actor, make_campaign, make_rig, make_well
from well_ops.models.drilling import AfeSupplement, CampaignStatus, RigStatus, WellPlanPoint
from well_ops.models.logistics import Delivery, DeliveryStatus, Equipment, EquipmentStatus
from well_ops.models.reports import DailyReport
from well_ops.models.tasks import Task, TaskStatus
from well_ops.models.users import Role
from well_ops.services import dashboard
from well_ops.services.context import ANONYMOUS
from well_ops.services.errors import NotAuthenticated

TODAY = date(2026, 6, 15)


def _campaign_with_well(session: Session, *, afe: float = 1_000_000.0, depth: float = 1200.0, cost: float = 200_000.0):
    rig = make_rig(session, status=RigStatus.drilling, latitude=58.0, longitude=2.0)
    camp = make_campaign(session, status=CampaignStatus.active, afe_amount=afe, rig_id=rig.id,
                         planned_start=TODAY - timedelta(days=10), planned_end=TODAY + timedelta(days=30))
    well = make_well(session, campaign_id=camp.id, rig_id=rig.id, spud_date=TODAY - timedelta(days=10),
                     target_depth_md_m=2000.0, measured_depth_m=depth)
    for day, z in ((0, 0), (10, 1000), (20, 2000)):
        session.add(WellPlanPoint(well_id=well.id, day=day, depth_md_m=z))
    # two reports: 600 m + 600 m drilled in 20 + 20 on-bottom hours; 4 h NPT out of 48 h; cost split in two
    for n in range(2):
        session.add(DailyReport(well_id=well.id, report_date=TODAY - timedelta(days=1 - n), report_number=n + 1,
                                depth_md_m=600.0 * (n + 1), distance_drilled_m=600.0, reported_hours=24.0,
                                drilling_hours=20.0, npt_hours=2.0, cost_amount=cost / 2))
    session.commit()
    return camp, well


def test_campaign_card_figures_by_hand(session: Session) -> None:
    camp, well = _campaign_with_well(session)
    board = dashboard.get_dashboard(make_actor(session, Role.executive), today=TODAY)
    card = next(c for c in board.cards if c.id == camp.id)
    assert card.current_well == well.name
    assert card.depth_md_m == 1200.0 and card.target_md_m == 2000.0
    assert card.progress_depth_pct == pytest.approx(60.0)  # 1200 / 2000
    assert card.progress_time_pct == pytest.approx(25.0)  # 10 days of a 40-day campaign
    assert card.rop_m_per_h == pytest.approx(30.0)  # 1200 m / 40 h on bottom
    assert card.days_from_spud == pytest.approx(10.0)
    assert card.days_ahead == pytest.approx(2.0)  # plan reaches 1200 m on day 12; we are on day 10
    assert card.budget_pct == pytest.approx(20.0)  # 200k / 1M
    assert card.npt_pct == pytest.approx(100 * 4 / 48)
    assert not [a for a in board.alerts if a.kind in ("schedule", "budget")]


def test_supplements_count_only_when_approved_and_overrun_alerts(session: Session) -> None:
    camp, _ = _campaign_with_well(session, afe=100_000.0, cost=150_000.0)
    session.add(AfeSupplement(campaign_id=camp.id, amount=100_000.0, approved=False))
    session.commit()
    board = dashboard.get_dashboard(make_actor(session, Role.ops_manager), today=TODAY)
    card = next(c for c in board.cards if c.id == camp.id)
    assert card.budget_pct == pytest.approx(150.0)
    assert any(a.kind == "budget" and a.level == "critical" and camp.code in a.message for a in board.alerts)
    assert any(a.kind == "approval" for a in board.alerts)


def test_behind_schedule_late_delivery_maintenance_and_overdue_task_alerts(session: Session) -> None:
    camp, well = _campaign_with_well(session, depth=500.0)  # plan reaches 500 m on day 5: 5 days behind
    rig_id = well.rig_id
    session.add(Delivery(item="Casing", quantity=10, unit="jts", to_rig_id=rig_id, status=DeliveryStatus.in_transit,
                         eta=datetime.now(timezone.utc) - timedelta(hours=5)))
    session.add(Equipment(tag="BOP-1", name="BOP", equipment_type="BOP", status=EquipmentStatus.maintenance,
                          rig_id=rig_id))
    session.add(Task(title="Late", status=TaskStatus.backlog, due_date=TODAY - timedelta(days=1)))
    session.commit()
    kinds = {a.kind for a in dashboard.get_dashboard(make_actor(session, Role.engineer), today=TODAY).alerts}
    assert {"schedule", "delivery", "equipment", "task"} <= kinds


def test_anonymous_is_refused(session: Session) -> None:
    with pytest.raises(NotAuthenticated):
        dashboard.get_dashboard(ANONYMOUS)


def test_query_count_does_not_grow_with_campaigns(session: Session, connection: sa.Connection) -> None:
    who = make_actor(session, Role.executive)
    _campaign_with_well(session)
    counts: list[int] = []

    def count_queries() -> int:
        seen = [0]

        def on_execute(*_a: object) -> None:
            seen[0] += 1

        sa.event.listen(connection, "before_cursor_execute", on_execute)
        try:
            dashboard.get_dashboard(who, today=TODAY)
        finally:
            sa.event.remove(connection, "before_cursor_execute", on_execute)
        return seen[0]

    counts.append(count_queries())
    for _ in range(4):
        _campaign_with_well(session)
    counts.append(count_queries())
    assert counts[0] == counts[1], counts
