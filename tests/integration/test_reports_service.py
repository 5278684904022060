"""Daily drilling reports through the service, on SQLite and PostgreSQL: validation naming the field or the line,
the depth and date rules, role rules from the permission table, copy of the previous day, the well's history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, func, select

from tests.builders import make_actor, make_rig, make_well
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.drilling import Well
from well_ops.models.reports import CostLine, DailyReport, TimeLogLine
from well_ops.models.users import Role
from well_ops.services import report_writes, reports
from well_ops.services.errors import NotFound, PermissionDenied, ValidationFailed

DAY = date(2026, 3, 2)
WRITERS = [r for r in Role if "report.write" in ROLE_PERMISSIONS[r]]
READ_ONLY = [r for r in Role if "report.write" not in ROLE_PERMISSIONS[r]]

# A full tour day: 8 h drilling, 3 h trip, 2 h rig repair (downtime, not productive), 11 h drilling = 24 h.
FULL_DAY = [
    {"start_time": "06:00", "end_time": "14:00", "activity_code": "2", "activity_class": "planned"},
    {"start_time": "14:00", "end_time": "17:00", "activity_code": "6", "activity_class": "planned"},
    {"start_time": "17:00", "end_time": "19:00", "activity_code": "8", "activity_class": "downtime",
     "productive": "false", "comment": "Top drive repair"},
    {"start_time": "19:00", "end_time": "06:00", "activity_code": "2", "activity_class": "planned"},
]
COSTS = [{"category": "rig", "description": "Day rate", "amount": "100000"},
         {"category": "services", "description": "Mud and bits", "amount": "50000"}]


def _report(well: Well, day: date = DAY, depth: float = 500.0, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"well_id": well.id, "report_date": day.isoformat(), "depth_md_m": depth,
                            "depth_tvd_m": depth * 0.9, "mud_type": "OBM", "mud_density_sg": "1.25",
                            "summary_24h": "Drilled 12 1/4in hole.", "forecast_24h": "Drill to section TD.",
                            "time_log": FULL_DAY, "cost_lines": COSTS}
    data.update(over)
    return data


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture()
def well(session: Session) -> Well:
    return make_well(session, rig_id=make_rig(session).id, afe_amount=1_000_000.0, currency="USD")


@pytest.fixture()
def engineer(session: Session):  # type: ignore[no-untyped-def]
    return make_actor(session, Role.engineer)


def test_create_a_valid_report_and_read_its_totals(session: Session, well: Well, engineer) -> None:
    created = reports.create_report(engineer, _report(well))
    assert created.report_number == 1 and created.well_name == well.name
    assert created.distance_drilled_m == pytest.approx(500.0)  # first report: 500 m from surface
    assert created.reported_hours == pytest.approx(24.0)  # 8 + 3 + 2 + 11
    assert created.drilling_hours == pytest.approx(19.0)  # 8 + 11 (code 2, productive)
    assert created.npt_hours == pytest.approx(2.0)  # the downtime line
    assert created.rop_m_per_h == pytest.approx(500.0 / 19.0)
    assert created.daily_cost == pytest.approx(150_000.0)
    assert [ln.start_time for ln in created.time_log] == ["06:00", "14:00", "17:00", "19:00"]
    assert created.time_log[-1].end_time == "06:00" and created.time_log[-1].duration_h == pytest.approx(11.0)
    assert created.time_log[0].activity_label == "Drill actual"
    stored = session.get(DailyReport, created.id)  # totals kept on the row for the dashboards
    assert stored is not None
    assert (stored.reported_hours, stored.drilling_hours, stored.npt_hours, stored.cost_amount) == (
        pytest.approx(24.0), pytest.approx(19.0), pytest.approx(2.0), pytest.approx(150_000.0))
    again = reports.get_report(engineer, created.id)
    assert again.daily_cost == pytest.approx(150_000.0) and len(again.cost_lines) == 2
    assert again.cost_lines[0].currency == "USD"


def test_lines_across_midnight_are_inside_the_period(session: Session, well: Well, engineer) -> None:
    lines = [{"start_time": "22:00", "end_time": "02:00", "activity_code": "drilling -- new hole"},
             {"start_time": "18:00", "end_time": "22:00", "activity_code": "wait -- weather",
              "activity_class": "unplanned"},
             {"start_time": "02:00", "end_time": "06:00", "activity_code": "a"}]
    created = reports.create_report(engineer, _report(well, time_log=lines))
    assert [(ln.line_no, ln.start_time, ln.end_time) for ln in created.time_log] == [
        (1, "18:00", "22:00"), (2, "22:00", "02:00"), (3, "02:00", "06:00")]  # stored in time order
    assert created.time_log[1].duration_h == pytest.approx(4.0) and created.time_log[2].activity_code == "A"
    assert created.time_log[1].start_at.isoformat() == "2026-03-02T22:00:00+00:00"
    assert created.time_log[1].end_at.isoformat() == "2026-03-03T02:00:00+00:00"
    assert created.drilling_hours == pytest.approx(4.0) and created.npt_hours == pytest.approx(4.0)


def test_overlapping_lines_are_refused_naming_the_line(session: Session, well: Well, engineer) -> None:
    lines = [{"start_time": "06:00", "end_time": "12:00", "activity_code": "2"},
             {"start_time": "11:00", "end_time": "13:00", "activity_code": "6"}]
    with pytest.raises(ValidationFailed) as err:
        reports.create_report(engineer, _report(well, time_log=lines))
    assert "overlaps line 1" in err.value.errors["time log line 2"]
    assert _count(session, DailyReport) == 0


def test_lines_beyond_the_24_h_period_are_refused(session: Session, well: Well, engineer) -> None:
    past_end = [{"start_time": "05:00", "end_time": "07:00", "activity_code": "2"}]  # runs past 06:00 next day
    with pytest.raises(ValidationFailed) as err:
        reports.create_report(engineer, _report(well, time_log=past_end))
    assert "report period" in err.value.errors["time log line 1"]
    backwards = [{"start_time": "06:00", "end_time": "08:00", "activity_code": "2"},
                 {"start_time": "14:00", "end_time": "10:00", "activity_code": "2"}]
    with pytest.raises(ValidationFailed) as err:
        reports.create_report(engineer, _report(well, time_log=backwards))
    assert list(err.value.errors) == ["time log line 2"]
    bad_clock = [{"start_time": "25:00", "end_time": "07:00", "activity_code": "99"}]
    with pytest.raises(ValidationFailed) as err:
        reports.create_report(engineer, _report(well, time_log=bad_clock))
    assert "start time" in err.value.errors["time log line 1"]
    assert "unknown activity code" in err.value.errors["time log line 1"]


def test_depth_may_not_go_backwards_unless_sidetracked(session: Session, well: Well, engineer) -> None:
    reports.create_report(engineer, _report(well, DAY, 1000.0))
    with pytest.raises(ValidationFailed) as err:
        reports.create_report(engineer, _report(well, DAY + timedelta(days=1), 900.0))
    assert "shallower than the previous report" in err.value.errors["depth_md_m"]
    side = reports.create_report(engineer, _report(well, DAY + timedelta(days=1), 900.0, sidetrack=True))
    assert side.distance_drilled_m == 0.0 and side.report_number == 2
    session.refresh(well)
    assert well.measured_depth_m == pytest.approx(900.0)


def test_tvd_deeper_than_md_names_the_field(session: Session, well: Well, engineer) -> None:
    with pytest.raises(ValidationFailed) as err:
        reports.create_report(engineer, _report(well, depth_tvd_m=600.0))
    assert "depth_tvd_m" in err.value.errors


def test_one_report_per_well_and_date(session: Session, well: Well, engineer) -> None:
    reports.create_report(engineer, _report(well))
    with pytest.raises(ValidationFailed) as err:
        reports.create_report(engineer, _report(well, depth=600.0))
    assert "already has a daily report for 2026-03-02" in err.value.errors["report_date"]
    assert _count(session, DailyReport) == 1


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_cannot_write_reports(session: Session, well: Well, engineer, role: Role) -> None:
    who = make_actor(session, role)
    existing = reports.create_report(engineer, _report(well))
    assert reports.list_reports(who).total == 1  # every role reads
    with pytest.raises(PermissionDenied):
        reports.create_report(who, _report(well, DAY + timedelta(days=1), 600.0))
    with pytest.raises(PermissionDenied):
        reports.update_report(who, existing.id, _report(well, depth=700.0))
    with pytest.raises(PermissionDenied):
        reports.copy_previous_day(who, well.id, DAY + timedelta(days=1))
    if "report.delete" not in ROLE_PERMISSIONS[role]:
        with pytest.raises(PermissionDenied):
            reports.delete_report(who, existing.id)
    assert _count(session, DailyReport) == 1
    assert session.get(DailyReport, existing.id).depth_md_m == pytest.approx(500.0)  # type: ignore[union-attr]


@pytest.mark.parametrize("role", WRITERS)
def test_writer_roles_can_write_reports(session: Session, well: Well, role: Role) -> None:
    who = make_actor(session, role)
    created = reports.create_report(who, _report(well))
    updated = reports.update_report(who, created.id, _report(well, depth=650.0))
    assert updated.depth_md_m == pytest.approx(650.0) and updated.distance_drilled_m == pytest.approx(650.0)


def test_copy_previous_day(session: Session, well: Well, engineer) -> None:
    reports.create_report(engineer, _report(well, DAY, 800.0, personnel_on_board=96))
    draft = reports.copy_previous_day(engineer, well.id, (DAY + timedelta(days=2)).isoformat())
    assert draft.report_date == DAY + timedelta(days=2) and draft.well_id == well.id
    assert draft.depth_md_m == pytest.approx(800.0) and draft.mud_type == "OBM"
    assert draft.mud_density_sg == pytest.approx(1.25) and draft.personnel_on_board == 96
    assert draft.summary_24h == "Drill to section TD." and draft.time_log == []  # yesterday's forecast = the plan
    assert [(c.category, c.amount) for c in draft.cost_lines] == [("rig", 100000.0), ("services", 50000.0)]
    assert _count(session, DailyReport) == 1  # built, not saved
    saved = reports.create_report(engineer, draft.model_dump() | {"depth_md_m": 950.0, "depth_tvd_m": None})
    assert saved.report_number == 2 and saved.distance_drilled_m == pytest.approx(150.0)
    with pytest.raises(NotFound):
        reports.copy_previous_day(engineer, well.id, DAY)  # nothing before the first report


def test_well_history_by_hand(session: Session, well: Well, engineer) -> None:
    reports.create_report(engineer, _report(well, DAY, 500.0))
    wait = [{"start_time": "06:00", "end_time": "18:00", "activity_code": "2"},
            {"start_time": "18:00", "end_time": "06:00", "activity_code": "wait -- weather",
             "activity_class": "unplanned"}]
    reports.create_report(engineer, _report(well, DAY + timedelta(days=1), 740.0, time_log=wait,
                                            cost_lines=[{"category": "rig", "amount": 100000}]))
    history = reports.well_history(engineer, well.id)
    session.refresh(well)
    assert well.spud_date == DAY  # set from the first report with depth
    first, second = history.points
    assert (first.depth_md_m, second.depth_md_m) == (500.0, 740.0)
    assert (first.days_from_spud, second.days_from_spud) == (1.0, 2.0)  # at the end of each tour day
    assert first.daily_cost == pytest.approx(150_000.0) and second.cumulative_cost == pytest.approx(250_000.0)
    assert first.drilling_hours == pytest.approx(19.0) and second.drilling_hours == pytest.approx(12.0)
    assert first.npt_by_activity == {"8": pytest.approx(2.0)}
    assert second.npt_by_activity == {"wait -- weather": pytest.approx(12.0)}
    assert history.npt_hours == pytest.approx(14.0) and history.reported_hours == pytest.approx(48.0)
    assert history.npt_pct == pytest.approx(14.0 / 48.0 * 100.0)
    assert history.rop_m_per_h == pytest.approx(740.0 / 31.0)  # (500 + 240) m / (19 + 12) h
    assert history.total_cost == pytest.approx(250_000.0)


def test_the_wells_depth_follows_its_latest_report(session: Session, well: Well, engineer) -> None:
    r1 = reports.create_report(engineer, _report(well, DAY, 500.0))
    r3 = reports.create_report(engineer, _report(well, DAY + timedelta(days=2), 900.0))
    session.refresh(well)
    assert (well.measured_depth_m, well.tvd_m) == (pytest.approx(900.0), pytest.approx(810.0))
    middle = reports.create_report(engineer, _report(well, DAY + timedelta(days=1), 700.0))
    assert middle.report_number == 2 and middle.distance_drilled_m == pytest.approx(200.0)
    assert reports.get_report(engineer, r3.id).report_number == 3
    assert reports.get_report(engineer, r3.id).distance_drilled_m == pytest.approx(200.0)  # 900 - 700
    with pytest.raises(ValidationFailed) as err:  # deeper than the next report
        reports.update_report(engineer, middle.id, _report(well, DAY + timedelta(days=1), 950.0))
    assert "deeper than the next report" in err.value.errors["depth_md_m"]
    reports.delete_report(engineer, middle.id)
    after = reports.get_report(engineer, r3.id)
    assert (after.report_number, after.distance_drilled_m) == (2, pytest.approx(400.0))  # 900 - 500
    reports.delete_report(engineer, r3.id)
    session.refresh(well)
    assert well.measured_depth_m == pytest.approx(500.0)
    assert reports.get_report(engineer, r1.id).report_number == 1


def test_older_reports_keep_their_distance(session: Session, well: Well, engineer) -> None:
    old = DailyReport(well_id=well.id, report_date=DAY, report_number=1, depth_md_m=100.05, distance_drilled_m=100.0)
    session.add(old)
    session.commit()
    reports.create_report(engineer, _report(well, DAY + timedelta(days=1), 300.0))
    session.refresh(old)
    assert old.distance_drilled_m == 100.0  # as reported at the time, not recomputed
    moved = reports.create_report(engineer, _report(well, DAY + timedelta(days=3), 400.0))
    moved = reports.update_report(engineer, moved.id, _report(well, DAY + timedelta(days=2), 450.0))
    assert (moved.report_number, moved.distance_drilled_m) == (3, pytest.approx(150.0))


def test_a_bad_cost_line_leaves_nothing_written(session: Session, well: Well, engineer) -> None:
    bad = [*COSTS, {"category": "services", "amount": "-5"}]
    with pytest.raises(ValidationFailed) as err:
        reports.create_report(engineer, _report(well, cost_lines=bad))
    assert "cost line 3" in err.value.errors
    assert (_count(session, DailyReport), _count(session, TimeLogLine), _count(session, CostLine)) == (0, 0, 0)
    created = reports.create_report(engineer, _report(well))
    with pytest.raises(ValidationFailed):
        reports.update_report(engineer, created.id, _report(well, depth=900.0, time_log=[], cost_lines=bad))
    again = reports.get_report(engineer, created.id)
    assert again.depth_md_m == pytest.approx(500.0) and len(again.time_log) == 4 and len(again.cost_lines) == 2


def test_a_failure_after_the_writes_rolls_everything_back(session: Session, well: Well, engineer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(report_writes, "_follow_reports", boom)
    with pytest.raises(RuntimeError):
        reports.create_report(engineer, _report(well))
    assert (_count(session, DailyReport), _count(session, TimeLogLine), _count(session, CostLine)) == (0, 0, 0)
    session.refresh(well)
    assert well.measured_depth_m == 0.0 and well.spud_date is None


def test_list_is_paginated_newest_first(session: Session, well: Well, engineer) -> None:
    other = make_well(session)
    for n in range(3):
        reports.create_report(engineer, _report(well, DAY + timedelta(days=n), 500.0 + 100 * n))
    reports.create_report(engineer, _report(other, DAY, 300.0))
    page = reports.list_reports(engineer, well_id=well.id, limit=2)
    assert page.total == 3 and [r.report_number for r in page.items] == [3, 2]
    assert page.items[0].npt_hours == pytest.approx(2.0) and page.items[0].daily_cost == pytest.approx(150_000.0)
    assert [r.report_number for r in reports.list_reports(engineer, well_id=well.id, limit=2, offset=2).items] == [1]
    assert reports.list_reports(engineer).total == 4
    assert reports.list_reports(engineer, limit=10**9).limit == reports.MAX_PAGE
    with pytest.raises(ValidationFailed):
        reports.list_reports(engineer, well_id="abc")
