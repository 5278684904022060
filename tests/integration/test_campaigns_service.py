"""Campaigns: CRUD and validation, role rules, AFE supplements, campaign rigs, the detail figures (checked by hand)
and a fixed number of SQL statements for the detail page whatever the number of wells."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from tests.builders import make_actor, make_user
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.drilling import Campaign, Milestone, Rig, RigType, Well, WellPlanPoint
from well_ops.models.reports import ActivityClass, CostLine, DailyReport, TimeLogLine
from well_ops.models.tasks import Task, TaskPriority, TaskStatus
from well_ops.models.users import Role
from well_ops.services import campaigns
from well_ops.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

_seq = itertools.count(1)
TODAY = date(2026, 3, 11)


def _rig(session: Session, name: str | None = None) -> Rig:
    rig = Rig(name=name or f"Test rig {next(_seq)}", rig_type=RigType.land)
    session.add(rig)
    session.commit()
    return rig


def _new(**overrides: Any) -> dict[str, Any]:
    return {"code": f"TC-{next(_seq)}", "name": "Test campaign", "afe_amount": 1_000_000, **overrides}


def _roles_with(permission: str, present: bool) -> list[Role]:
    return [r for r in Role if (permission in ROLE_PERMISSIONS[r]) == present]


# --- CRUD and validation ---------------------------------------------------------------------------------------

def test_ops_manager_creates_edits_lists_and_deletes(session: Session) -> None:
    ops = make_actor(session, Role.ops_manager)
    rig = _rig(session)
    created = campaigns.create_campaign(ops, _new(code="NS-99-01", rig_id=rig.id, status="active",
                                                  planned_start="2026-03-01", planned_end="2026-05-01"))
    assert created.rig_name == rig.name and created.well_count == 0 and created.supplements_amount == 0
    assert campaigns.list_campaign_rigs(ops, created.id) == [rig.id]  # the primary rig is one of its rigs
    session.add(Well(name=f"W-{next(_seq)}", campaign_id=created.id))
    session.commit()
    updated = campaigns.update_campaign(ops, created.id, {"name": "Renamed", "status": "on_hold"})
    assert (updated.name, updated.status.value, updated.well_count) == ("Renamed", "on_hold", 1)
    assert [c.code for c in campaigns.list_campaigns(ops, status="on_hold")] == ["NS-99-01"]
    assert "NS-99-01" not in [c.code for c in campaigns.list_campaigns(ops, status="active")]
    campaigns.delete_campaign(ops, created.id)
    assert session.get(Campaign, created.id) is None
    with pytest.raises(NotFound):
        campaigns.get_campaign(ops, created.id)


@pytest.mark.parametrize(("data", "field"), [
    ({"planned_start": "2026-05-01", "planned_end": "2026-04-01"}, "planned_end"),
    ({"actual_start": "2026-05-01", "actual_end": "2026-04-30"}, "actual_end"),
    ({"rig_id": 987654}, "rig_id"),
    ({"name": ""}, "name"),
    ({"afe_amount": -5}, "afe_amount"),
    ({"currency": "dollars"}, "currency"),
    ({"status": "finished"}, "status"),
    ({"planned_start": "not a date"}, "planned_start"),
])
def test_validation_names_the_field(session: Session, data: dict[str, Any], field: str) -> None:
    ops = make_actor(session, Role.ops_manager)
    with pytest.raises(ValidationFailed) as err:
        campaigns.create_campaign(ops, _new(**data))
    assert field in err.value.errors


def test_code_is_unique_with_a_clear_message(session: Session) -> None:
    ops = make_actor(session, Role.ops_manager)
    first = campaigns.create_campaign(ops, _new(code="DUP-1"))
    other = campaigns.create_campaign(ops, _new(code="DUP-2"))
    for call in (lambda: campaigns.create_campaign(ops, _new(code="DUP-1")),
                 lambda: campaigns.update_campaign(ops, other.id, {"code": "DUP-1"})):
        with pytest.raises(ValidationFailed) as err:
            call()
        assert "DUP-1" in err.value.errors["code"]
    assert campaigns.update_campaign(ops, first.id, {"code": "DUP-1", "name": "Same code kept"}).code == "DUP-1"


def test_update_checks_dates_against_stored_values(session: Session) -> None:
    ops = make_actor(session, Role.ops_manager)
    created = campaigns.create_campaign(ops, _new(planned_start="2026-03-01", planned_end="2026-04-01"))
    with pytest.raises(ValidationFailed) as err:
        campaigns.update_campaign(ops, created.id, {"planned_end": "2026-02-01"})
    assert "planned_end" in err.value.errors
    assert campaigns.get_campaign(ops, created.id).planned_end == date(2026, 4, 1)


# --- role rules ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", list(Role))
def test_campaign_write_follows_the_role_table(session: Session, role: Role) -> None:
    who = make_actor(session, role)
    ops = make_actor(session, Role.ops_manager)
    existing = campaigns.create_campaign(ops, _new())
    if "campaign.write" in ROLE_PERMISSIONS[role]:
        assert campaigns.create_campaign(who, _new()).id
        assert campaigns.update_campaign(who, existing.id, {"name": "Edited"}).name == "Edited"
    else:
        with pytest.raises(PermissionDenied):
            campaigns.create_campaign(who, _new())
        with pytest.raises(PermissionDenied):
            campaigns.update_campaign(who, existing.id, {"name": "Edited"})
        with pytest.raises(PermissionDenied):
            campaigns.set_campaign_rigs(who, existing.id, [])
    if "campaign.delete" not in ROLE_PERMISSIONS[role]:
        with pytest.raises(PermissionDenied):
            campaigns.delete_campaign(who, existing.id)
    assert campaigns.get_campaign(who, existing.id).id == existing.id  # every role reads campaigns


def test_named_roles(session: Session) -> None:
    """The brief's cases, spelled out: ops managers write, engineers and executives do not."""
    assert "campaign.write" in ROLE_PERMISSIONS[Role.ops_manager]
    engineer, executive = make_actor(session, Role.engineer), make_actor(session, Role.executive)
    for who in (engineer, executive):
        with pytest.raises(PermissionDenied):
            campaigns.create_campaign(who, _new())
    assert session.exec(select(Campaign).where(Campaign.name == "Test campaign")).first() is None


# --- AFE supplements -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", list(Role))
def test_only_afe_approvers_approve_supplements(session: Session, role: Role) -> None:
    ops = make_actor(session, Role.ops_manager)
    who = make_actor(session, role)
    camp = campaigns.create_campaign(ops, _new(currency="EUR"))
    supp = campaigns.add_supplement(ops, camp.id, 250_000, "Extra casing string")
    assert (supp.approved, supp.currency) == (False, "EUR")
    assert campaigns.get_campaign(ops, camp.id).supplements_amount == 0  # not counted until approved
    if "afe.approve" in ROLE_PERMISSIONS[role]:
        approved = campaigns.approve_supplement(who, supp.id)
        assert approved.approved and approved.approved_on is not None
        assert campaigns.get_campaign(ops, camp.id).supplements_amount == 250_000
        with pytest.raises(Conflict):
            campaigns.approve_supplement(who, supp.id)
    else:
        with pytest.raises(PermissionDenied):
            campaigns.approve_supplement(who, supp.id)
        assert campaigns.list_supplements(ops, camp.id)[0].approved is False


def test_approvers_are_ops_managers_and_admins() -> None:
    assert set(_roles_with("afe.approve", True)) == {Role.admin, Role.ops_manager}


@pytest.mark.parametrize("amount", [0, -10, "abc", None, float("nan"), float("inf"), True])
def test_supplement_amount_is_validated(session: Session, amount: Any) -> None:
    ops = make_actor(session, Role.ops_manager)
    camp = campaigns.create_campaign(ops, _new())
    with pytest.raises(ValidationFailed) as err:
        campaigns.add_supplement(ops, camp.id, amount, "x")
    assert "amount" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        campaigns.add_supplement(ops, camp.id, 10, "x" * 501)
    assert "description" in err.value.errors
    with pytest.raises(NotFound):
        campaigns.approve_supplement(ops, 99999999)


# --- campaign rigs ---------------------------------------------------------------------------------------------

def test_set_campaign_rigs(session: Session) -> None:
    ops = make_actor(session, Role.ops_manager)
    r1, r2, r3 = _rig(session), _rig(session), _rig(session)
    camp = campaigns.create_campaign(ops, _new(rig_id=r1.id))
    assert campaigns.set_campaign_rigs(ops, camp.id, [r2.id, r1.id, r2.id]) == sorted([r1.id, r2.id])
    assert campaigns.get_campaign(ops, camp.id).rig_id == r1.id
    campaigns.set_campaign_rigs(ops, camp.id, [r3.id])  # primary dropped: the first listed rig becomes primary
    assert campaigns.get_campaign(ops, camp.id).rig_id == r3.id
    with pytest.raises(ValidationFailed) as err:
        campaigns.set_campaign_rigs(ops, camp.id, [r1.id, 987654])
    assert "rig_ids" in err.value.errors
    with pytest.raises(ValidationFailed):
        campaigns.set_campaign_rigs(ops, camp.id, "1,2")  # type: ignore[arg-type]
    assert campaigns.list_campaign_rigs(ops, camp.id) == [r3.id]  # the refused change left nothing behind
    campaigns.set_campaign_rigs(ops, camp.id, [])
    assert campaigns.get_campaign(ops, camp.id).rig_id is None


# --- the detail page -------------------------------------------------------------------------------------------

def _at(day: date, hour: float) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(hours=hour)


def _report(session: Session, well: Well, day: date, depth: float, drilled: float,
            lines: list[tuple[float, float, str, ActivityClass, bool]], costs: list[float]) -> None:
    report = DailyReport(well_id=well.id, report_date=day, depth_md_m=depth, distance_drilled_m=drilled)
    session.add(report)
    session.flush()
    for n, (h0, h1, code, cls, productive) in enumerate(lines, start=1):
        session.add(TimeLogLine(report_id=report.id, line_no=n, start_at=_at(day, h0), end_at=_at(day, h1),
                                activity_code=code, activity_class=cls, productive=productive))
    for amount in costs:
        session.add(CostLine(report_id=report.id, category="rig", amount=amount))
    session.commit()


def _well(session: Session, campaign_id: int, spud: date, target: float, days: float, afe: float,
          plan: list[tuple[float, float]]) -> Well:
    well = Well(name=f"Well {next(_seq)}", campaign_id=campaign_id, spud_date=spud, target_depth_md_m=target,
                planned_days=days, afe_amount=afe)
    session.add(well)
    session.flush()
    for d, z in plan:
        session.add(WellPlanPoint(well_id=well.id, day=d, depth_md_m=z))
    session.commit()
    return well


P, U, D = ActivityClass.planned, ActivityClass.unplanned, ActivityClass.downtime


def _built_campaign(session: Session) -> tuple[Campaign, Well, Well]:
    ops = make_actor(session, Role.ops_manager)
    rig, rig2 = _rig(session), _rig(session)
    camp = campaigns.create_campaign(ops, _new(rig_id=rig.id, planned_start="2026-03-01", planned_end="2026-03-31",
                                               afe_amount=1_000_000))
    campaigns.set_campaign_rigs(ops, camp.id, [rig.id, rig2.id])
    campaigns.approve_supplement(ops, campaigns.add_supplement(ops, camp.id, 200_000, "approved").id)
    campaigns.add_supplement(ops, camp.id, 50_000, "pending")  # not approved: not in the budget
    a = _well(session, camp.id, date(2026, 3, 1), 3000, 20, 600_000, [(0, 0), (10, 1000), (20, 3000)])
    d1, d2 = date(2026, 3, 1), date(2026, 3, 2)
    _report(session, a, d1, 400, 400, [(6, 18, "2", P, True), (18, 30, "6", P, True)], [100_000, 20_000])
    _report(session, a, d2, 900, 500, [(6, 16, "2", P, True), (16, 20, "8", D, False), (20, 30, "2", P, True)],
            [130_000])
    b = _well(session, camp.id, date(2026, 3, 5), 2000, 10, 400_000, [(0, 0), (10, 2000)])
    d1, d2 = date(2026, 3, 5), date(2026, 3, 6)
    _report(session, b, d1, 300, 300, [(6, 30, "2", P, True)], [80_000])
    _report(session, b, d2, 500, 200, [(6, 14, "2", P, True), (14, 30, "wait -- weather", U, True)], [70_000])
    return session.get(Campaign, camp.id), a, b  # type: ignore[return-value]


def test_campaign_detail_figures_by_hand(session: Session) -> None:
    camp, a, b = _built_campaign(session)
    assignee = make_user(session, full_name="Ann Assignee")
    session.add_all([
        Milestone(name="Spud B", kind="spud", campaign_id=camp.id, planned_date=date(2026, 3, 5)),
        Milestone(name="TD B", kind="td", well_id=b.id, planned_date=date(2026, 3, 20)),
        Task(title="Order casing", campaign_id=camp.id, assignee_user_id=assignee.id, priority=TaskPriority.high,
             due_date=date(2026, 3, 10)),
        Task(title="Done already", campaign_id=camp.id, status=TaskStatus.done),
    ])
    session.commit()
    viewer = make_actor(session, Role.executive)
    detail = campaigns.campaign_detail(viewer, camp.id, today=TODAY)

    wa, wb = sorted(detail.wells, key=lambda w: w.well_id)
    assert (wa.depth_md_m, wa.days_from_spud, wa.progress_depth_pct, wa.progress_time_pct) == (900, 10, 30, 50)
    assert wa.days_ahead == pytest.approx(-1.0)  # plan reaches 900 m on day 9; we are on day 10
    assert wa.depth_ahead_m == pytest.approx(-100.0)  # plan says 1000 m on day 10
    assert wa.drilling_hours == pytest.approx(32.0) and wa.rop_m_per_h == pytest.approx(900 / 32)
    assert (wa.npt_hours, wa.reported_hours) == (pytest.approx(4.0), pytest.approx(48.0))
    assert wa.npt_pct == pytest.approx(100 / 12) and wa.npt_by_activity == {"8": pytest.approx(4.0)}
    assert wa.cost == 250_000 and wa.budget_pct == pytest.approx(250 / 6)
    assert wa.plan == [(0, 0), (10, 1000), (20, 3000)] and wa.actual == [(1, 400), (2, 900)]  # at each report's end

    assert (wb.depth_md_m, wb.days_from_spud, wb.progress_depth_pct, wb.progress_time_pct) == (500, 6, 25, 60)
    assert wb.days_ahead == pytest.approx(-3.5) and wb.depth_ahead_m == pytest.approx(-700)
    assert wb.rop_m_per_h == pytest.approx(500 / 32) and wb.npt_pct == pytest.approx(100 / 3)
    assert wb.cost == 150_000 and wb.npt_days == pytest.approx(16 / 24)

    assert detail.cost == 400_000 and detail.approved_budget == 1_200_000
    assert detail.budget_pct == pytest.approx(100 / 3) and not detail.overrun
    assert detail.progress_depth_pct == pytest.approx(28.0)
    assert detail.days_elapsed == 10 and detail.progress_time_pct == pytest.approx(100 / 3)
    assert [(r.primary) for r in detail.rigs].count(True) == 1 and len(detail.rigs) == 2
    assert [(m.name, m.overdue, m.well_name) for m in detail.milestones] == [
        ("Spud B", True, ""), ("TD B", False, b.name)]
    assert [(t.title, t.assignee_name, t.priority, t.overdue) for t in detail.tasks] == [
        ("Order casing", "Ann Assignee", "high", True)]
    assert [(s.amount, s.approved) for s in detail.supplements] == [(200_000, True), (50_000, False)]


def _campaign_with_wells(session: Session, n: int) -> int:
    ops = make_actor(session, Role.ops_manager)
    camp = campaigns.create_campaign(ops, _new(planned_start="2026-03-01", planned_end="2026-04-01"))
    campaigns.add_supplement(ops, camp.id, 1000, "x")
    for _ in range(n):
        w = _well(session, camp.id, date(2026, 3, 1), 2000, 20, 100_000, [(0, 0), (20, 2000)])
        _report(session, w, date(2026, 3, 1), 100, 100, [(6, 30, "2", P, True)], [1000])
        _report(session, w, date(2026, 3, 2), 200, 100, [(6, 30, "8", D, False)], [1000, 500])
        session.add(Milestone(name="TD", kind="td", well_id=w.id, planned_date=date(2026, 3, 20)))
        session.add(Task(title="Check", campaign_id=camp.id))
    session.commit()
    return camp.id


def _statements(connection: sa.Connection, fn: Any) -> int:
    count = 0

    def before(*_args: Any) -> None:
        nonlocal count
        count += 1

    sa.event.listen(connection.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        sa.event.remove(connection.engine, "before_cursor_execute", before)
    return count


def test_campaign_detail_uses_a_fixed_number_of_queries(session: Session, connection: sa.Connection) -> None:
    small, large = _campaign_with_wells(session, 2), _campaign_with_wells(session, 6)
    viewer = make_actor(session, Role.engineer)
    details: dict[int, Any] = {}
    n_small = _statements(connection, lambda: details.setdefault(2, campaigns.campaign_detail(viewer, small)))
    n_large = _statements(connection, lambda: details.setdefault(6, campaigns.campaign_detail(viewer, large)))
    assert (len(details[2].wells), len(details[6].wells)) == (2, 6)
    assert all(w.cost == 2500 and len(w.actual) == 2 for w in details[6].wells)
    assert n_small == n_large and n_small <= 15


def test_list_campaigns_uses_one_statement(session: Session, connection: sa.Connection) -> None:
    ops = make_actor(session, Role.ops_manager)
    rig = _rig(session)
    for _ in range(3):
        camp = campaigns.create_campaign(ops, _new(rig_id=rig.id))
        campaigns.approve_supplement(ops, campaigns.add_supplement(ops, camp.id, 10, "x").id)
    rows: list[Any] = []
    n = _statements(connection, lambda: rows.extend(campaigns.list_campaigns(ops)))
    mine = [r for r in rows if r.rig_id == rig.id]
    assert len(mine) == 3 and all(r.rig_name == rig.name and r.supplements_amount == 10 for r in mine)
    assert n <= 3  # SAVEPOINT, the list query, RELEASE: no per-row queries


def test_campaign_detail_unknown_campaign(session: Session) -> None:
    viewer = make_actor(session, Role.engineer)
    for bad in (99999999, "abc"):
        with pytest.raises(NotFound):
            campaigns.campaign_detail(viewer, bad)
