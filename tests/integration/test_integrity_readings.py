"""Readings: batches all-or-nothing and idempotent, one audit event per batch, exceedance tasks, latest readings,
chart series."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from tests.builders import make_actor
from tests.integration.integrity_helpers import T0, count, hourly, make_platform, open_tasks
from well_ops.models.audit import AuditLog
from well_ops.models.integrity import AnnulusMeasurement
from well_ops.models.tasks import Notification, NotificationKind, Task, TaskPriority
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.context import ANONYMOUS
from well_ops.services.errors import NotAuthenticated, ValidationFailed


def _setup(session: Session):  # type: ignore[no-untyped-def]
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")   # MAASP(A) 305.69, MAWOP(A) 296, MOP(A) 60
    return p, engineer


def test_one_bad_row_writes_nothing_and_names_the_row(session: Session) -> None:
    p, engineer = _setup(session)
    rows = hourly(20, 10.0)
    rows[11]["pressure_bar"] = "high"                      # row 12
    rows[14]["measured_at"] = rows[14]["measured_at"].replace(tzinfo=None)   # row 15: naive time
    audit = count(session, AuditLog)
    with pytest.raises(ValidationFailed) as err:
        integrity.ingest_batch(engineer, p.ann_a.id, rows, source="scada")
    assert set(err.value.errors) == {"row 12", "row 15"}
    assert err.value.errors["row 12"].startswith("pressure_bar:")
    assert "time zone" in err.value.errors["row 15"]
    assert count(session, AnnulusMeasurement) == 0 and count(session, AuditLog) == audit


@pytest.mark.parametrize(("field", "value"), [
    ("pressure_bar", 2001), ("pressure_bar", -2), ("pressure_bar", float("nan")), ("pressure_bar", 10**400),
    ("temperature_c", 300),
    ("measured_at", "1949-12-31T23:00:00+00:00"), ("measured_at", "2999-01-01T00:00:00Z"),
])
def test_row_limits(session: Session, field: str, value: object) -> None:
    p, engineer = _setup(session)
    rows = hourly(3, 5.0)
    rows[1][field] = value
    with pytest.raises(ValidationFailed) as err:
        integrity.ingest_batch(engineer, p.ann_a.id, rows)
    assert list(err.value.errors) == ["row 2"] and err.value.errors["row 2"].startswith(field)


def test_same_batch_twice_inserts_nothing_the_second_time(session: Session) -> None:
    p, engineer = _setup(session)
    rows = hourly(50, lambda i: 10 + i * 0.1, temperature_c=40)
    first = integrity.ingest_batch(engineer, p.ann_a.id, rows, source="scada")
    second = integrity.ingest_batch(engineer, p.ann_a.id, rows, source="scada")
    assert (first.inserted, first.duplicates) == (50, 0)
    assert (second.inserted, second.duplicates) == (0, 50)
    assert count(session, AnnulusMeasurement, AnnulusMeasurement.annulus_id == p.ann_a.id) == 50
    other_source = integrity.ingest_batch(engineer, p.ann_a.id, rows[:5], source="manual")
    assert other_source.inserted == 5                        # (annulus, time, source) is the identity
    events = session.exec(select(AuditLog).where(AuditLog.entity == "annulus_measurements")
                          .order_by(col(AuditLog.id))).all()
    assert [e.action for e in events] == ["import", "import", "import"]   # one per batch, none per row
    assert events[0].after["inserted"] == 50 and events[1].after["duplicates"] == 50


def test_exceeding_maasp_raises_exactly_one_open_task(session: Session) -> None:
    p, engineer = _setup(session)
    first = integrity.ingest_batch(engineer, p.ann_a.id, hourly(5, lambda i: 300 + i * 5), source="scada")
    kinds = {e.kind: e for e in first.exceedances}
    assert set(kinds) == {"maasp", "mawop", "mop"}            # 320 > 305.69 > 296 > 60
    assert kinds["maasp"].pressure_bar == 320 and kinds["maasp"].measured_at == T0 + timedelta(hours=4)
    assert len(first.tasks_raised) == 3
    for i in range(3):                                        # repeated batches above MAASP
        later = hourly(3, 330.0, start=T0 + timedelta(days=i + 1))
        result = integrity.ingest_batch(engineer, p.ann_a.id, later, source="scada")
        assert result.tasks_raised == [] and {e.kind for e in result.exceedances} == {"maasp", "mawop", "mop"}
    tasks = open_tasks(session, "maasp_exceed", f"annulus:{p.ann_a.id}")
    assert len(tasks) == 1
    task = tasks[0]
    assert task.priority == TaskPriority.critical and task.well_id == p.well.id and task.annulus_id == p.ann_a.id
    assert "320.00 bar" in task.description and "305.69 bar" in task.description and "2026-01-05 04:00" in \
        task.description
    assert len(open_tasks(session, "mop_exceed", f"annulus:{p.ann_a.id}")) == 1
    assert session.get(Task, first.tasks_raised[0]) is not None
    alerts = session.exec(select(Notification).where(Notification.kind == NotificationKind.integrity_alert)).all()
    assert [n.user_id for n in alerts] == [engineer.user_id]     # one alert, on the new MAASP episode only


def test_readings_below_the_limits_raise_nothing(session: Session) -> None:
    p, engineer = _setup(session)
    result = integrity.ingest_batch(engineer, p.ann_a.id, hourly(24, 20.0))
    assert result.exceedances == [] and result.tasks_raised == []
    assert count(session, Task) == 0


def test_add_reading_refuses_a_duplicate(session: Session) -> None:
    p, engineer = _setup(session)
    result = integrity.add_reading(engineer, p.ann_b.id, T0, 12.5, temperature_c=30)
    assert result.inserted == 1
    with pytest.raises(ValidationFailed) as err:
        integrity.add_reading(engineer, p.ann_b.id, T0, 13.0)
    assert "measured_at" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        integrity.add_reading(engineer, p.ann_b.id, T0 + timedelta(hours=1), "x")
    assert "pressure_bar" in err.value.errors


def test_latest_readings_one_per_annulus(session: Session) -> None:
    p, engineer = _setup(session)
    other = make_platform(session)
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(10, lambda i: float(i)), source="scada")
    integrity.ingest_batch(engineer, p.ann_b.id, hourly(3, lambda i: 50.0 - i), source="scada")
    integrity.add_reading(engineer, p.ann_b.id, T0 - timedelta(days=1), 99.0)   # older, other source
    integrity.ingest_batch(engineer, other.ann_a.id, hourly(2, 7.0, start=T0 + timedelta(days=3)))
    latest = {r.annulus_id: r for r in integrity.latest_readings(engineer)}
    assert set(latest) == {p.ann_a.id, p.ann_b.id, other.ann_a.id}
    assert latest[p.ann_a.id].pressure_bar == 9.0 and latest[p.ann_a.id].measured_at == T0 + timedelta(hours=9)
    assert latest[p.ann_b.id].pressure_bar == 48.0 and latest[p.ann_b.id].source == "scada"
    assert latest[other.ann_a.id].measured_at == T0 + timedelta(days=3, hours=1)
    only = integrity.latest_readings(engineer, [p.ann_b.id])
    assert [r.annulus_id for r in only] == [p.ann_b.id]
    assert integrity.latest_readings(engineer, [other.ann_b.id]) == []


def test_chart_series_downsamples_but_keeps_every_exceedance(session: Session) -> None:
    p, engineer = _setup(session)
    rows = hourly(3000, lambda i: 20 + (i % 24) * 0.5)
    rows[1234]["pressure_bar"] = 70.0                         # above MOP 60 only
    rows[2345]["pressure_bar"] = 310.0                        # above MAASP
    for start in range(0, 3000, 1000):
        integrity.ingest_batch(engineer, p.ann_a.id, rows[start:start + 1000])
    series = integrity.chart_series(make_actor(session, Role.executive), p.ann_a.id, T0, T0 + timedelta(days=200),
                                    max_points=200)
    assert series.total_points == 3000 and len(series.times) <= 200 + 2
    assert [e.pressure_bar for e in series.exceedances] == [70.0, 310.0]
    assert [e.label for e in series.exceedances] == ["above MOP", "above MAASP"]
    assert series.maasp_bar == pytest.approx(305.693) and series.mop_bar == 60
    assert 310.0 in series.pressures_bar and series.times == sorted(series.times)
    with pytest.raises(ValidationFailed):
        integrity.chart_series(engineer, p.ann_a.id, T0, T0 - timedelta(days=1))


def test_chart_cache_never_serves_a_chart_whose_data_changed(session: Session) -> None:
    """chart_series keeps computed charts per process (the page asks for the same chart again and again): a repeat
    is equal and a fresh copy; a new reading, a changed limit or another range is a new chart; a refused caller stays
    refused."""
    p, engineer = _setup(session)
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(300, lambda i: 20 + (i % 24) * 0.5))
    end = T0 + timedelta(days=30)
    first = integrity.chart_series(engineer, p.ann_a.id, T0, end, 100)
    again = integrity.chart_series(engineer, p.ann_a.id, T0, end, 100)
    assert again == first and again.times is not first.times
    again.times.append("tampered")                                  # a caller's change stays its own
    assert integrity.chart_series(engineer, p.ann_a.id, T0, end, 100) == first
    integrity.add_reading(engineer, p.ann_a.id, T0 + timedelta(days=20), 80.0)   # above MOP 60
    after = integrity.chart_series(engineer, p.ann_a.id, T0, end, 100)
    assert after.total_points == 301 and [e.pressure_bar for e in after.exceedances] == [80.0]
    integrity.update_annulus(engineer, p.ann_a.id, {"mop_bar": 90.0})
    raised = integrity.chart_series(engineer, p.ann_a.id, T0, end, 100)
    assert raised.mop_bar == 90 and raised.exceedances == []
    five_days = integrity.chart_series(engineer, p.ann_a.id, T0, T0 + timedelta(days=5), 100)
    assert five_days.total_points == 121                        # both ends included
    with pytest.raises(NotAuthenticated):
        integrity.chart_series(ANONYMOUS, p.ann_a.id, T0, end, 100)
