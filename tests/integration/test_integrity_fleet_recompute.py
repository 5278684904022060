"""recompute_fleet (set-based) gives the same results as recompute_well well by well: MAASP results, cached limits,
snapshots and category events; and it writes nothing when nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tests.builders import make_actor
from tests.integration.integrity_helpers import Platform, count, hourly, make_element, make_platform
from well_ops.models.audit import AuditLog
from well_ops.models.barriers import BarrierStatus, EnvelopeKind, IntegritySnapshot
from well_ops.models.base import utcnow
from well_ops.models.integrity import (
    Annulus,
    AnnulusMeasurement,
    AnnulusName,
    AnnulusSapState,
    CompletionElement,
    CompletionElementKind,
    MaaspResult,
)
from well_ops.models.tasks import Webhook, WebhookDelivery
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.context import Actor


def _fleet(session: Session) -> list[Platform]:
    """Three wells that differ: SAP on one annulus, failed secondary barrier, an annulus C without inner string,
    an unrated packer, no manual point, a high reading."""
    now = utcnow().replace(microsecond=0)
    p1, p2, p3 = make_platform(session), make_platform(session, manual_b=False), make_platform(session)
    make_element(session, p1.well, EnvelopeKind.primary)
    make_element(session, p1.well, EnvelopeKind.secondary, BarrierStatus.failed)
    make_element(session, p2.well, EnvelopeKind.primary, BarrierStatus.degraded)
    session.add(Annulus(well_id=p2.well.id, name=AnnulusName.C, outer_casing_id=p2.conductor.id,
                        fluid_gradient_bar_per_m=0.1025, backup_fluid_gradient_bar_per_m=0.1, mop_bar=10))
    session.add(CompletionElement(well_id=p3.well.id, kind=CompletionElementKind.packer, name="Upper packer",
                                  depth_md_m=1000, depth_tvd_m=950))
    sap = [30.0] * 10 + [3.0, 2.0] + [2.0 + 2.0 * i for i in range(1, 20)]     # bled down, rebuilt above 30
    rows = [{**r, "annulus_id": p1.ann_b.id, "is_bleed": 10 <= i <= 11, "source": "scada"}
            for i, r in enumerate(hourly(len(sap), lambda i: sap[i], start=now - timedelta(days=3)))]
    rows += [{**r, "annulus_id": p2.ann_a.id, "source": "scada", "is_bleed": False}
             for r in hourly(5, 250.0, start=now - timedelta(days=1))]
    rows += [{**r, "annulus_id": p3.ann_a.id, "source": "scada", "is_bleed": False}
             for r in hourly(5, 20.0, start=now - timedelta(days=40))]               # outside the SAP window
    session.execute(sa.insert(AnnulusMeasurement), [{**r, "created_at": now} for r in rows])
    session.commit()
    return [p1, p2, p3]


def _state(session: Session, wells: list[int]) -> dict[str, Any]:
    session.expire_all()
    annuli = list(session.exec(select(Annulus).where(col(Annulus.well_id).in_(wells)).order_by(col(Annulus.id))))
    ids = [a.id for a in annuli]
    results = session.exec(select(MaaspResult).where(col(MaaspResult.annulus_id).in_(ids))
                           .order_by(col(MaaspResult.annulus_id), col(MaaspResult.id)))
    snaps = session.exec(select(IntegritySnapshot).where(col(IntegritySnapshot.well_id).in_(wells))
                         .order_by(col(IntegritySnapshot.well_id), col(IntegritySnapshot.id)))
    deliveries = session.exec(select(WebhookDelivery).order_by(col(WebhookDelivery.id)))
    return {
        "limits": [(a.id, a.maasp_bar, a.mawop_bar) for a in annuli],
        "results": [(r.annulus_id, r.maasp_bar, r.mawop_bar, r.limiting_point, r.method_version, r.points, r.inputs,
                     r.reason, r.changed_by_id, r.phase) for r in results],
        "snapshots": [(s.well_id, str(s.primary_status), str(s.secondary_status), s.max_utilisation,
                       s.sap_detected, str(s.category_117), str(s.status), s.likelihood, s.consequence, s.risk_score,
                       str(s.risk_category), s.details) for s in snaps],
        "events": [(d.event, {k: v for k, v in d.payload["data"].items() if k != "snapshot_id"})
                   for d in deliveries],
    }


def _both(session: Session, wells: list[int], per_well: Callable[[], None],
          fleet: Callable[[], None]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The state after ``per_well`` and after ``fleet``, each from the same starting point (a rolled-back
    savepoint)."""
    out = []
    for run in (per_well, fleet):
        savepoint = session.connection().begin_nested()
        run()
        out.append(_state(session, wells))
        savepoint.rollback()
        session.expire_all()
    return out[0], out[1]


def _per_well(actor: Actor, wells: list[int], reason: str) -> Callable[[], None]:
    return lambda: [integrity.recompute_well(actor, w, reason) for w in wells] and None


def test_fleet_recompute_matches_the_per_well_path(session: Session) -> None:
    platforms = _fleet(session)
    wells = [p.well.id for p in platforms]
    engineer = make_actor(session, Role.engineer)
    session.add(Webhook(url="https://hooks.example/x", secret="s" * 32,
                        events=["snapshot.category_changed"], is_active=True))
    session.commit()
    # from nothing stored: every annulus gets a result and every well a snapshot
    before, after = _both(session, wells, _per_well(engineer, wells, "fleet check"),
                          lambda: integrity.recompute_fleet(engineer, wells, "fleet check") and None)
    assert before == after
    assert len(after["results"]) == 7 and len(after["snapshots"]) == 3 and len(after["events"]) == 3
    assert any(s[4] for s in after["snapshots"])                          # SAP detected on well 1
    assert all(a[1] is not None for a in after["limits"]) and before["limits"] != _state(session, wells)["limits"]
    # stored once, then a change: the same new results and snapshots from both paths
    integrity.recompute_fleet(engineer, wells, "setup")
    ann = session.get(Annulus, platforms[0].ann_a.id)
    assert ann is not None
    ann.fluid_gradient_bar_per_m = 0.125
    session.add(ann)
    session.commit()
    before, after = _both(session, wells, _per_well(engineer, wells, "gradient"),
                          lambda: integrity.recompute_fleet(engineer, wells, "gradient") and None)
    assert before == after
    assert [r[7] for r in after["results"]].count("gradient") == 1


def test_nothing_changed_writes_nothing_but_one_audit_event(session: Session) -> None:
    platforms = _fleet(session)
    engineer = make_actor(session, Role.engineer)
    wells = [p.well.id for p in platforms]
    first = integrity.recompute_fleet(engineer, None, "first")
    assert first.wells >= 3 and first.annuli >= 7 and first.results_stored >= 6 and first.snapshots_stored >= 3
    results, snaps, audit = count(session, MaaspResult), count(session, IntegritySnapshot), count(session, AuditLog)
    again = integrity.recompute_fleet(engineer, wells, "again")
    assert (again.results_stored, again.annuli_changed, again.snapshots_stored) == (0, 0, 0)
    assert count(session, MaaspResult) == results and count(session, IntegritySnapshot) == snaps
    assert count(session, AuditLog) == audit + 1
    for w in wells:                                   # the per-well path agrees that nothing changed
        integrity.recompute_well(engineer, w, "again")
    assert count(session, MaaspResult) == results and count(session, IntegritySnapshot) == snaps


def _sap_states(session: Session) -> dict[int, tuple[Any, ...]]:
    session.expire_all()
    return {s.annulus_id: (s.evaluated_at, s.status, s.detected, s.readings_seen)
            for s in session.exec(select(AnnulusSapState))}


def test_stored_sap_verdicts_are_reused_only_while_their_window_is_unchanged(session: Session) -> None:
    """The fleet recompute stores each annulus's SAP verdict and runs the check again exactly where the verdict may
    have changed: a new reading (even an old-dated one), a reading leaving the window as time moves, a changed SAP
    configuration or MAWOP; elsewhere it reuses the stored verdict (its evaluation time stays)."""
    platforms = _fleet(session)
    wells = [p.well.id for p in platforms]
    engineer, admin = make_actor(session, Role.engineer), make_actor(session, Role.admin)
    p1, p2, p3 = platforms
    t1 = utcnow()
    integrity.recompute_fleet(engineer, wells, "first", now=t1)
    first = _sap_states(session)
    annuli = [a for p in platforms for a in (p.ann_a.id, p.ann_b.id)]
    assert set(annuli) <= set(first) and first[p1.ann_b.id][2] is True          # SAP on well 1, annulus B
    assert first[p2.ann_a.id][3] == 5 and first[p3.ann_a.id][3] == 5              # readings counted by the trigger

    t2 = t1 + timedelta(minutes=10)                                              # nothing changed: all reused
    integrity.recompute_fleet(engineer, wells, "again", now=t2)
    assert _sap_states(session) == first

    # an old-dated reading on p2's annulus A (inside the window): only that annulus is checked again
    integrity.ingest_batch(engineer, p2.ann_a.id, [{"measured_at": t1 - timedelta(days=2), "pressure_bar": 250.0}])
    integrity.recompute_fleet(engineer, wells, "reading", now=t2)
    third = _sap_states(session)
    assert [a for a in third if third[a] != first[a]] == [p2.ann_a.id] and third[p2.ann_a.id][3] == 6

    # time moves on until p1's first window reading (3 days old) leaves the 30-day window: p1 B checked again,
    # and its SAP is gone with the readings that showed it (the snapshot follows)
    t3 = t1 + timedelta(days=28)
    integrity.recompute_fleet(engineer, wells, "later", now=t3)
    fourth = _sap_states(session)
    assert fourth[p1.ann_b.id][0] == t3 and fourth[p1.ann_b.id][2] is False
    assert fourth[p3.ann_a.id] == third[p3.ann_a.id]                              # its readings are 40 days old

    # a changed SAP configuration: every annulus is checked again
    integrity.set_integrity_config(admin, {"sap": {"rebuild_window_h": 48.0}})
    integrity.recompute_fleet(engineer, wells, "config", now=t3)
    assert all(v[0] == t3 for a, v in _sap_states(session).items() if a in annuli)
    snapshot = session.exec(select(IntegritySnapshot).where(IntegritySnapshot.well_id == p1.well.id)
                            .order_by(col(IntegritySnapshot.id).desc())).first()
    assert snapshot is not None and snapshot.sap_detected is False


def test_a_batch_into_a_dense_window_leaves_sap_to_the_periodic_scan(session: Session) -> None:
    """After a batch of readings the well's snapshot is refreshed at once (limits, utilisation), and SAP is judged
    at once where the window is small; where it holds more than SYNC_SAP_READINGS readings (dense SCADA data) and a
    verdict exists, that verdict stands until the periodic scan, which judges the annulus again and stores it."""
    from well_ops.services.context import SYSTEM
    from well_ops.services.integrity.sap import SYNC_SAP_READINGS
    from well_ops.services.integrity.scan import scan_integrity

    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    now = utcnow().replace(microsecond=0)
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(5, 20.0, start=now - timedelta(days=2)))
    small = _sap_states(session)[p.ann_a.id]
    assert small[3] == 5                                 # small window: judged with the batch, stored
    dense = [{"measured_at": now - timedelta(days=1, seconds=-i), "pressure_bar": 20.0 + (i % 7) / 10}
             for i in range(SYNC_SAP_READINGS + 10)]
    integrity.ingest_batch(engineer, p.ann_a.id, dense)
    assert _sap_states(session)[p.ann_a.id] == small     # dense window: the stored verdict stands for now
    integrity.set_integrity_config(make_actor(session, Role.admin), {"sap": {"rebuild_window_h": 36.0}})
    integrity.refresh_snapshot(make_actor(session, Role.admin), p.well.id)   # changed inputs: judged at once
    assert _sap_states(session)[p.ann_a.id][3] == 5 + len(dense)
    small = _sap_states(session)[p.ann_a.id]
    fresh = make_platform(session)                                     # a well never judged: dense is pending
    integrity.ingest_batch(engineer, fresh.ann_a.id, dense)
    assert fresh.ann_a.id not in _sap_states(session)
    view = integrity.refresh_snapshot(make_actor(session, Role.admin), fresh.well.id)
    assert {a["annulus_id"]: a["sap"] for a in view.details["annuli"]}[fresh.ann_a.id] == "pending"
    scan_integrity(SYSTEM)
    after = _sap_states(session)
    assert after[p.ann_a.id][3] == 5 + len(dense) and after[p.ann_a.id][0] > small[0]   # judged again, stored
    assert after[fresh.ann_a.id][3] == len(dense) and after[fresh.ann_a.id][1] != "pending"


def test_json_array_literal_round_trips_through_postgresql(session: Session) -> None:
    """The bulk insert's JSON[] literal (escaped by hand, not by the driver) gives back every document."""
    import json

    from well_ops.services.integrity.fleet_recompute import _json_array

    values = [{"a": 'x"y\\z', "u": "é\n{},"}, None, [1, 2.5, None], "plain", {"k": '\\"'}, {}]
    if session.get_bind().dialect.name != "postgresql":
        return
    out = session.execute(sa.text("SELECT unnest(CAST(:p AS json[]))::text"), {"p": _json_array(values)}).scalars()
    assert [json.loads(o) if o is not None else None for o in out] == values


def test_array_literals_round_trip_through_postgresql(session: Session) -> None:
    """The bulk insert's other array literals (built by hand instead of the driver's per-element dumper) give back
    every value: quotes, backslashes, braces, commas, "NULL" as text, floats to the last bit, times with zones."""
    from datetime import datetime, timedelta, timezone

    from well_ops.bulk import array_literal as _array_literal

    if session.get_bind().dialect.name != "postgresql":
        return
    cases = [
        (["x\"y\\z", "é\n{},", "NULL", "", None, "a b", "\\\"", "}{"], "text"),
        ([0.1 + 0.2, -1e-300, 1e300, None, 3.0, 1 / 3], "float8"),
        ([0, -7, 2_147_483_647, None], "integer"),
        ([True, False, None], "boolean"),
        ([datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc), None,
          datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=-5)))], "timestamptz"),
    ]
    for values, kind in cases:
        out = list(session.execute(sa.text(f"SELECT unnest(CAST(:p AS {kind}[]))"),
                                   {"p": _array_literal(values)}).scalars())
        assert out == values, kind


def test_inputs_built_with_per_well_parts_equal_those_built_annulus_by_annulus(session: Session) -> None:
    """``_build`` computes a well's shared parts (string specs, packer, wellhead, hangers, next outer casing) once
    and reuses them for its annuli: the inputs, points and notes equal those built for each annulus alone (an
    override that changes nothing turns the sharing off), to the JSON text, on wells that differ (unrated packer, no
    inner string, hangers, reservoir gradient from pressure / depth, a test pressure)."""
    import json

    from well_ops.domain.maasp import METHOD_VERSION
    from well_ops.services.context import SYSTEM, Context
    from well_ops.services.integrity._maasp_build import _build, _load_many
    from well_ops.services.integrity.config import _config
    from well_ops.services.integrity.fleet_recompute import _wells
    from well_ops.services.integrity.maasp import LastResult, _calc, _mawop_percents, _result_values, _stored_values

    p1, p2, p3 = _fleet(session)
    session.add(CompletionElement(well_id=p1.well.id, kind=CompletionElementKind.tubing_hanger, name="Hanger",
                                  depth_md_m=0, depth_tvd_m=0, pressure_rating_bar=400))
    session.add(CompletionElement(well_id=p1.well.id, kind=CompletionElementKind.liner_hanger, name="Liner hanger",
                                  depth_md_m=2500, depth_tvd_m=2400, pressure_rating_bar=420))
    p3.ann_b.test_pressure_bar = 150.0
    p3.well.reservoir_gradient_bar_per_m = None
    session.add_all([p3.ann_b, p3.well])
    session.commit()
    ctx = Context(session=session, actor=SYSTEM)
    percents = _mawop_percents(_config(ctx))
    rows = _load_many(ctx, _wells(ctx, [p1.well.id or 0, p2.well.id or 0, p3.well.id or 0]))
    built = 0
    for well_rows in rows.values():
        for a in well_rows.annuli:
            same = {"fluid_gradient_bar_per_m": a.fluid_gradient_bar_per_m}     # an override: nothing shared
            shared, alone = _build(well_rows, a, percents), _build(well_rows, a, percents, same)
            assert (shared.spec, shared.extra, shared.mawop, shared.notes) == \
                (alone.spec, alone.extra, alone.mawop, alone.notes)
            assert json.dumps(shared.inputs) == json.dumps(alone.inputs)
            view = _calc(ctx, well_rows, a, percents=percents)      # the fleet's lean path stores the same values
            stored = _result_values(a, view, "r", None)
            assert _stored_values(well_rows, a, percents) == (view.maasp_bar, view.mawop_bar, stored["limiting_point"],
                                                              stored["points"], view.inputs)
            # the latest result with the same inputs and method is reused; another method version is computed again
            old = LastResult(view.inputs, -1.0, -2.0, "old", METHOD_VERSION)
            assert _stored_values(well_rows, a, percents, old)[:3] == (-1.0, -2.0, "old")
            assert _stored_values(well_rows, a, percents, old._replace(method_version="wellops-maasp-0"))[:3] == \
                (view.maasp_bar, view.mawop_bar, stored["limiting_point"])
            assert _stored_values(well_rows, a, percents, old._replace(inputs={**view.inputs, "x": 1}))[:2] == \
                (view.maasp_bar, view.mawop_bar)
            built += 1
    assert built == 7
    assert any(p["kind"] == "liner_hanger" for r in rows.values() for a in r.annuli
               for p in _build(r, a, percents).inputs["extra_points"])
    assert all(r.cache for r in rows.values())                          # the shared parts were kept


def test_bulk_insert_by_binary_copy_stores_every_type(session: Session) -> None:
    """``_insert`` without RETURNING (binary COPY on PostgreSQL, executemany elsewhere) stores bigint, boolean,
    NULL and aware times, strings and JSON documents as given, inside the caller's transaction."""
    from datetime import datetime, timezone

    from well_ops.services.context import SYSTEM, Context
    from well_ops.services.integrity.fleet_recompute import _insert

    p1, p2, _p3 = _fleet(session)
    at = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=timezone.utc)
    states = [{"annulus_id": p1.ann_a.id, "inputs_key": "k\"1\\", "readings_seen": 5_000_000_000, "evaluated_at": at,
               "window_first_at": None, "status": "sap", "detected": True},
              {"annulus_id": p2.ann_b.id, "inputs_key": "", "readings_seen": 0, "evaluated_at": at,
               "window_first_at": at, "status": "none", "detected": False}]
    ctx = Context(session=session, actor=SYSTEM)
    _insert(ctx, AnnulusSapState, states)
    stored = session.exec(select(AnnulusSapState).order_by(col(AnnulusSapState.annulus_id))).all()
    assert [(s.annulus_id, s.inputs_key, s.readings_seen, s.evaluated_at, s.window_first_at, s.status, s.detected)
            for s in stored] == [tuple(r.values()) for r in sorted(states, key=lambda r: r["annulus_id"] or 0)]
    points = [{"name": "x \"quoted\" \\ é", "allowable_bar": 0.1 + 0.2}]
    result = {"annulus_id": p1.ann_b.id, "computed_at": at, "phase": "production", "maasp_bar": 1 / 3,
              "mawop_bar": None, "limiting_point": "x", "method_version": "v", "points": points,
              "inputs": {"nested": {"a": [1, None, "b"]}}, "changed_by_id": None, "reason": "r", "created_at": at}
    _insert(ctx, MaaspResult, [result])
    row = session.exec(select(MaaspResult).where(MaaspResult.annulus_id == p1.ann_b.id)).one()
    assert (row.maasp_bar, row.mawop_bar, row.points, row.inputs, row.computed_at) == \
        (1 / 3, None, points, result["inputs"], at)
    session.rollback()
    assert session.exec(select(AnnulusSapState)).all() == []



def test_the_scan_judges_again_a_verdict_whose_readings_left_the_window(session: Session) -> None:
    """A feed that stops: no new reading arrives, but as time moves the readings leave the look-back window. The
    periodic scan finds the stored verdict whose first window reading is now too old and judges it again."""
    from well_ops.services.context import SYSTEM
    from well_ops.services.integrity.scan import scan_integrity

    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    now = utcnow().replace(microsecond=0)
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(5, 20.0, start=now - timedelta(days=29, hours=12)))
    scan_integrity(SYSTEM, now=now)
    before = _sap_states(session)[p.ann_a.id]
    assert before[1] == "none"
    scan_integrity(SYSTEM, now=now + timedelta(hours=1))         # nothing new, nothing aged: left alone
    assert _sap_states(session)[p.ann_a.id] == before
    later = now + timedelta(days=2)                                # every reading is older than 30 days now
    result = scan_integrity(SYSTEM, now=later)
    after = _sap_states(session)[p.ann_a.id]
    assert result.sap_evaluated >= 1 and after[1] == "insufficient_data" and after[0] > before[0]
    scan_integrity(SYSTEM, now=later + timedelta(hours=1))       # an empty window is not judged again and again
    assert _sap_states(session)[p.ann_a.id] == after


def test_bulk_and_upserted_verdicts_are_the_same(session: Session, monkeypatch: Any) -> None:
    """A fleet of new SAP verdicts is stored by DELETE + COPY on PostgreSQL (more than BULK_VERDICTS), a few by an
    upsert: both store the same rows, over verdicts already stored (replaced) and new ones."""
    from well_ops.services.integrity import fleet_recompute

    platforms = _fleet(session)
    wells = [p.well.id or 0 for p in platforms]
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_fleet(engineer, wells, reason="first")
    session.execute(sa.text("UPDATE annulus_sap_states SET readings_seen = readings_seen + 1"))  # all stale again
    session.commit()
    stored = []
    for bulk in (10**6, 0):
        monkeypatch.setattr(fleet_recompute, "BULK_VERDICTS", bulk)
        savepoint = session.connection().begin_nested()
        integrity.recompute_fleet(engineer, wells, reason="again")
        stored.append({k: v[1:] for k, v in _sap_states(session).items()})
        savepoint.rollback()
        session.expire_all()
    assert stored[0] == stored[1] and len(stored[0]) == 7
