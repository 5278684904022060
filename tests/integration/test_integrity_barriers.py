"""Barriers, SAP and the periodic scan: failed tests, leak rates, snapshots changing category, one task per trigger."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from tests.builders import make_actor
from tests.integration.integrity_helpers import T0, hourly, make_element, make_platform, open_tasks
from well_ops.models.barriers import BarrierElement, BarrierElementKind, BarrierStatus, EnvelopeKind
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.errors import ValidationFailed

PRIMARY, SECONDARY = EnvelopeKind.primary, EnvelopeKind.secondary


def _healthy(session: Session):  # type: ignore[no-untyped-def]
    p = make_platform(session)
    sssv = make_element(session, p.well, PRIMARY, kind=BarrierElementKind.sssv, test_interval_days=180)
    make_element(session, p.well, PRIMARY, kind=BarrierElementKind.packer)
    make_element(session, p.well, SECONDARY, kind=BarrierElementKind.production_casing)
    return p, sssv


def test_failed_test_marks_the_element_failed_raises_a_task_and_changes_the_category(session: Session) -> None:
    p, sssv = _healthy(session)
    engineer = make_actor(session, Role.engineer)
    before = integrity.refresh_snapshot(engineer, p.well.id, "baseline")
    assert (before.category_117, before.status, before.stored) == ("green", "green", True)
    outcome = integrity.record_test(engineer, sssv.id, {"test_type": "leak_rate", "performed_at": T0,
                                                        "leak_rate_scf_per_min": 20.0, "differential_bar": 100})
    assert outcome.test.result == "fail" and outcome.element.status == "failed"
    assert "15 scf/min" in outcome.test.acceptance_criterion
    tasks = open_tasks(session, "failed_test", f"barrier_element:{sssv.id}")
    assert len(tasks) == 1 and tasks[0].id == outcome.task_id and tasks[0].barrier_element_id == sssv.id
    history = integrity.snapshot_history(engineer, p.well.id)
    assert history[0].category_117 == "orange" and history[0].status == "amber"
    assert history[0].primary_status == "failed" and history[0].secondary_status == "ok"
    assert history[1].category_117 == "green" and "leak_rate test" in history[0].details["reason"]
    integrity.record_test(engineer, sssv.id, {"test_type": "functional", "performed_at": T0, "result": "fail"})
    assert len(open_tasks(session, "failed_test", f"barrier_element:{sssv.id}")) == 1   # still one open task
    overview = integrity.barrier_overview(make_actor(session, Role.executive), p.well.id)
    assert overview.category_117 == "orange" and [e.kind for e in overview.envelopes] == ["primary", "secondary"]


def test_inflow_leak_rate_is_computed_with_api_rp_14b(session: Session) -> None:
    """docs/integrity.md: 35.37 x 50 psi x 10 ft3 / (15 min x 520 degR) = 2.267 scf/min <= 15: pass."""
    p, sssv = _healthy(session)
    engineer = make_actor(session, Role.engineer)
    session.get(BarrierElement, sssv.id).status = BarrierStatus.failed  # type: ignore[union-attr]
    session.commit()
    outcome = integrity.record_test(engineer, sssv.id, {
        "unit_system": "oilfield", "test_type": "inflow", "performed_at": T0, "delta_p_over_z_bar": 50,
        "volume_m3": 10, "duration_min": 15, "temperature_c": 520 - 459.67})
    assert outcome.computed_leak_rate_scf_per_min == pytest.approx(2.267, abs=0.001)
    assert outcome.test.result == "pass" and outcome.element.status == "ok"          # repaired and verified
    assert outcome.element.last_tested_at == T0 and outcome.element.next_test_due == date(2026, 7, 4)  # +180 d
    with pytest.raises(ValidationFailed) as err:   # the computed rate passes: "fail" contradicts it
        integrity.record_test(engineer, sssv.id, {"test_type": "inflow", "performed_at": T0, "result": "fail",
                                                  "delta_p_over_z_bar": 3.4, "volume_m3": 0.28, "duration_min": 15,
                                                  "temperature_c": 15})
    assert "result" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        integrity.record_test(engineer, sssv.id, {"test_type": "inflow", "performed_at": T0,
                                                  "delta_p_over_z_bar": 3.4, "duration_min": 15, "temperature_c": 15})
    assert "volume_m3" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        integrity.record_test(engineer, sssv.id, {"test_type": "pressure", "performed_at": T0})
    assert "result" in err.value.errors


def _sap_rows() -> list[dict[str, object]]:
    """20 bar for 10 h, an operator bleed to 0.3 bar, then a rebuild of 1 bar/h to 22 bar: SAP."""
    rows = hourly(10, 20.0)
    rows += hourly(2, lambda i: [5.0, 0.3][i], start=T0 + timedelta(hours=10), is_bleed=True)
    rows += hourly(22, lambda i: 1.0 + i, start=T0 + timedelta(hours=12))
    return rows


def test_sap_service_raises_one_task(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")
    integrity.ingest_batch(engineer, p.ann_b.id, _sap_rows(), source="scada")
    now = T0 + timedelta(days=2)
    first = integrity.evaluate_sap(engineer, p.ann_b.id, now=now)
    assert first.detected and first.status == "sap" and first.task_created and first.reading_count == 34
    assert any("rebuilt" in s for s in first.evidence) and len(first.bleeds) == 1
    second = integrity.evaluate_sap(make_actor(session, Role.executive), p.ann_b.id, now=now)
    assert second.detected and not second.task_created and second.task_id == first.task_id
    assert len(open_tasks(session, "sap_detected", f"annulus:{p.ann_b.id}")) == 1
    chart = integrity.chart_series(engineer, p.ann_b.id, T0, now)
    assert [(e.pre_bar, e.post_bar, e.inferred) for e in chart.sap_episodes] == [(20.0, 0.3, False)]
    assert [b.pressure_bar for b in chart.bleeds] == [5.0, 0.3]
    quiet = integrity.evaluate_sap(engineer, p.ann_a.id, now=now)
    assert not quiet.detected and quiet.task_id is None and quiet.reading_count == 0


def test_sap_flags_missing_limits(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.update_annulus(engineer, p.ann_a.id, {"mop_bar": None})
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(5, 10.0))
    view = integrity.evaluate_sap(engineer, p.ann_a.id, now=T0 + timedelta(hours=6))
    assert any("missing limits" in s for s in view.data_quality)


def test_overdue_tests_and_the_periodic_scan(session: Session) -> None:
    p, sssv = _healthy(session)
    engineer = make_actor(session, Role.engineer)
    element = session.get(BarrierElement, sssv.id)
    assert element is not None
    element.next_test_due = date(2026, 1, 1)
    session.commit()
    overdue = integrity.overdue_tests(engineer, today=date(2026, 1, 11))
    assert [(o.element_id, o.days_overdue) for o in overdue] == [(sssv.id, 10)]
    assert integrity.overdue_tests(engineer, today=date(2026, 1, 1)) == []
    integrity.ingest_batch(engineer, p.ann_b.id, _sap_rows(), source="scada")
    now = T0 + timedelta(days=3)                       # B's last reading (T0 + 33 h) is 39 h old
    first = integrity.scan_integrity(engineer, now=now)
    assert (first.overdue_tasks, first.sap_evaluated, first.sap_tasks) == (1, 1, 1)
    assert first.missing_reading_tasks == 2            # A never read; B older than 24 h
    second = integrity.scan_integrity(engineer, now=now)
    assert (second.overdue_tasks, second.missing_reading_tasks, second.sap_evaluated, second.sap_tasks) == \
        (0, 0, 0, 0)
    assert len(open_tasks(session, "test_overdue", f"barrier_element:{sssv.id}")) == 1
    assert len(open_tasks(session, "missing_readings", f"annulus:{p.ann_a.id}")) == 1


def test_element_crud_and_links(session: Session) -> None:
    p = make_platform(session)
    other = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    read = integrity.create_element(engineer, {"well_id": p.well.id, "envelope": "secondary", "kind": "wellhead",
                                               "name": "Wellhead", "status": "ok", "annulus_id": p.ann_a.id,
                                               "last_tested_at": T0})
    assert read.envelope == "secondary" and read.test_interval_days == 365
    assert read.next_test_due == date(2027, 1, 5) and read.annulus_name == "A"
    with pytest.raises(ValidationFailed) as err:
        integrity.create_element(engineer, {"well_id": p.well.id, "envelope": "primary", "kind": "sssv",
                                            "name": "SSSV", "annulus_id": other.ann_a.id})
    assert "annulus_id" in err.value.errors
    changed = integrity.update_element(engineer, read.id, {"status": "degraded", "envelope": "primary"})
    assert changed.status == "degraded" and changed.envelope == "primary"
    snap = integrity.snapshot_history(engineer, p.well.id)[0]
    assert (snap.primary_status, snap.secondary_status, snap.category_117) == ("degraded", "unknown", "unknown")
    with pytest.raises(Exception) as refused:
        integrity.delete_element(engineer, read.id)     # barrier.delete: admin only
    assert type(refused.value).__name__ == "PermissionDenied"
    integrity.delete_element(make_actor(session, Role.admin), read.id)
    assert integrity.barrier_overview(engineer, p.well.id).envelopes[0].elements == []
