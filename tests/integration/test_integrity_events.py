"""Integrity and campaign events reach the webhooks; the scheduler runs the integrity scan; annulus findings raise
the guideline 117 category (house rule in docs/integrity.md)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from tests.builders import make_actor, make_campaign
from tests.integration.integrity_helpers import T0, hourly, make_element, make_platform, open_tasks
from well_ops.models.barriers import EnvelopeKind
from well_ops.models.users import Role
from well_ops.services import integrity, milestones, scheduler, webhooks
from well_ops.services.context import SYSTEM


def _hook(events: list[str]) -> int:
    return webhooks.create_webhook(SYSTEM, {"url": "https://receiver.example/h", "events": events,
                                            "secret": "s" * 32}).id


def _events(hook: int) -> list[tuple[str, dict[str, Any]]]:
    rows = webhooks.list_deliveries(SYSTEM, hook)
    return [(d.event, d.payload["data"]) for d in sorted(rows, key=lambda d: d.id)]  # in the order queued


def test_a_maasp_exceedance_queues_the_integrity_events_once_per_episode(session: Session) -> None:
    hook = _hook(["maasp.exceeded", "integrity.alert_raised", "snapshot.category_changed"])
    p = make_platform(session)
    for envelope in (EnvelopeKind.primary, EnvelopeKind.secondary):
        make_element(session, p.well, envelope)
    engineer = make_actor(session, Role.engineer)
    integrity.recompute_well(engineer, p.well.id, "setup")     # MAASP(A) 305.69 bar
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(3, 20.0))
    first = [e for e, _ in _events(hook)]
    assert first == ["snapshot.category_changed"]             # the first snapshot: none -> green
    assert _events(hook)[0][1]["category_117"] == "green"

    integrity.ingest_batch(engineer, p.ann_a.id, hourly(2, 320.0, start=T0 + timedelta(days=1)))
    events = _events(hook)
    names = [e for e, _ in events]
    assert names.count("maasp.exceeded") == 1
    exceeded = next(d for e, d in events if e == "maasp.exceeded")
    assert exceeded["annulus_id"] == p.ann_a.id and exceeded["pressure_bar"] == 320.0
    assert abs(exceeded["maasp_bar"] - 305.69) < 0.01
    [task] = open_tasks(session, "maasp_exceed", f"annulus:{p.ann_a.id}")
    assert exceeded["task_id"] == task.id
    alerts = [d for e, d in events if e == "integrity.alert_raised"]
    assert {a["trigger_type"] for a in alerts} >= {"maasp_exceed", "mop_exceed"}
    changed = [d for e, d in events if e == "snapshot.category_changed"]
    assert [(c["category_117_before"], c["category_117"]) for c in changed] == [(None, "green"), ("green", "orange")]
    assert changed[-1]["status"] == "amber"

    integrity.ingest_batch(engineer, p.ann_a.id, hourly(2, 330.0, start=T0 + timedelta(days=2)))  # same episode
    assert [e for e, _ in _events(hook)] == names


def test_recording_a_milestone_as_reached_queues_one_event(session: Session) -> None:
    hook = _hook(["campaign.milestone_reached"])
    campaign = make_campaign(session)
    ops = make_actor(session, Role.ops_manager)
    m = milestones.create_milestone(ops, {"name": "Spud", "kind": "spud", "campaign_id": campaign.id,
                                          "planned_date": date(2026, 3, 1)})
    assert _events(hook) == []
    milestones.update_milestone(ops, m.id, {"actual_date": date(2026, 3, 2)})
    [(event, data)] = _events(hook)
    assert event == "campaign.milestone_reached"
    assert (data["milestone_id"], data["campaign_id"], data["actual_date"]) == (m.id, campaign.id, "2026-03-02")
    milestones.update_milestone(ops, m.id, {"notes": "rig on location"})  # already reached: nothing new
    assert len(_events(hook)) == 1


def test_the_scheduler_runs_the_integrity_scan_without_duplicates(session: Session) -> None:
    p = make_platform(session)  # a producing well whose annuli have no readings at all
    integrity.recompute_well(make_actor(session, Role.engineer), p.well.id, "setup")
    jobs = scheduler.run_periodic_jobs(SYSTEM)
    assert jobs["missing_readings_tasks"] >= 2
    assert len(open_tasks(session, "missing_readings", f"annulus:{p.ann_a.id}")) == 1
    again = scheduler.run_periodic_jobs(SYSTEM)
    assert again["missing_readings_tasks"] == 0
    assert len(open_tasks(session, "missing_readings", f"annulus:{p.ann_b.id}")) == 1
