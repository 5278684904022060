"""Milestones: CRUD, link validation, roles, and the upcoming/overdue list on a fixed day, on both databases."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, func, select

from tests.builders import make_actor, make_campaign, make_rig, make_well
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.drilling import Milestone, MilestoneKind
from well_ops.models.users import Role
from well_ops.services import milestones
from well_ops.services.context import ANONYMOUS
from well_ops.services.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed

TODAY = date(2026, 3, 10)


def _count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Milestone)).one()


def _add(session: Session, name: str, planned: date, actual: date | None = None, **links: Any) -> Milestone:
    row = Milestone(name=name, planned_date=planned, actual_date=actual, **links)
    session.add(row)
    session.commit()
    return row


def test_round_trip_with_names_resolved(session: Session) -> None:
    who = make_actor(session, Role.engineer)
    camp = make_campaign(session, code="MS-01")
    rig = make_rig(session, name="Milestone Rig")
    well = make_well(session, name="MS-Well-1", campaign_id=camp.id, rig_id=rig.id)
    made = milestones.create_milestone(who, {"name": "Spud MS-Well-1", "kind": "spud", "campaign_id": camp.id,
                                             "well_id": well.id, "rig_id": rig.id, "planned_date": "2026-04-01"})
    assert (made.campaign_code, made.well_name, made.rig_name) == ("MS-01", "MS-Well-1", "Milestone Rig")
    assert made.kind == MilestoneKind.spud and made.actual_date is None
    done = milestones.update_milestone(who, made.id, {"actual_date": "2026-04-02", "notes": "a day late"})
    assert (done.actual_date, done.notes, done.overdue) == (date(2026, 4, 2), "a day late", False)
    assert milestones.get_milestone(who, made.id).actual_date == date(2026, 4, 2)
    milestones.delete_milestone(make_actor(session, Role.ops_manager), made.id)
    with pytest.raises(NotFound):
        milestones.get_milestone(who, made.id)


def test_a_milestone_needs_a_link(session: Session) -> None:
    who = make_actor(session, Role.engineer)
    with pytest.raises(ValidationFailed) as err:
        milestones.create_milestone(who, {"name": "Orphan", "planned_date": "2026-04-01"})
    assert "campaign_id" in err.value.errors and "link" in err.value.errors["campaign_id"].lower()
    rig = make_rig(session)
    made = milestones.create_milestone(who, {"name": "Rig move", "rig_id": rig.id, "planned_date": "2026-04-01"})
    with pytest.raises(ValidationFailed) as err:
        milestones.update_milestone(who, made.id, {"rig_id": None})
    assert "campaign_id" in err.value.errors
    assert milestones.get_milestone(who, made.id).rig_id == rig.id


@pytest.mark.parametrize(("link", "message"), [
    ("campaign_id", "Unknown campaign."), ("well_id", "Unknown well."), ("rig_id", "Unknown rig.")])
def test_linked_rows_must_exist(session: Session, link: str, message: str) -> None:
    who = make_actor(session, Role.engineer)
    with pytest.raises(ValidationFailed) as err:
        milestones.create_milestone(who, {"name": "Bad link", link: 987654, "planned_date": "2026-04-01"})
    assert err.value.errors == {link: message}
    assert _count(session) == 0


@pytest.mark.parametrize(("data", "field"), [
    ({"name": ""}, "name"), ({"planned_date": "soon"}, "planned_date"), ({"kind": "party"}, "kind")])
def test_field_validation(session: Session, data: dict[str, Any], field: str) -> None:
    who = make_actor(session, Role.engineer)
    rig = make_rig(session)
    with pytest.raises(ValidationFailed) as err:
        milestones.create_milestone(who, {"name": "M", "rig_id": rig.id, "planned_date": "2026-04-01", **data})
    assert field in err.value.errors


def test_list_filters_and_sorts_by_planned_date(session: Session) -> None:
    who = make_actor(session, Role.executive)
    camp, other = make_campaign(session), make_campaign(session)
    rig = make_rig(session)
    well = make_well(session)
    _add(session, "late", date(2026, 5, 1), campaign_id=camp.id)
    _add(session, "early", date(2026, 3, 1), campaign_id=camp.id, rig_id=rig.id)
    _add(session, "other", date(2026, 4, 1), campaign_id=other.id, well_id=well.id)
    assert [m.name for m in milestones.list_milestones(who)] == ["early", "other", "late"]
    assert [m.name for m in milestones.list_milestones(who, campaign_id=camp.id)] == ["early", "late"]
    assert [m.name for m in milestones.list_milestones(who, rig_id=rig.id)] == ["early"]
    assert [m.name for m in milestones.list_milestones(who, well_id=str(well.id))] == ["other"]
    with pytest.raises(ValidationFailed) as err:
        milestones.list_milestones(who, campaign_id="abc")
    assert "campaign_id" in err.value.errors
    flagged = {m.name: (m.overdue, m.days_until) for m in milestones.list_milestones(who, today=TODAY)}
    assert flagged == {"early": (True, -9), "other": (False, 22), "late": (False, 52)}


def test_upcoming_lists_overdue_first_then_by_date(session: Session) -> None:
    who = make_actor(session, Role.executive)
    rig = make_rig(session)
    for name, offset, achieved in [("in 14 days", 14, False), ("in 15 days", 15, False), ("today", 0, False),
                                   ("overdue 2", -2, False), ("overdue 30", -30, False), ("in 3 days", 3, False),
                                   ("done early", -5, True), ("done soon", 2, True)]:
        planned = TODAY + timedelta(days=offset)
        _add(session, name, planned, planned if achieved else None, rig_id=rig.id)
    items = milestones.upcoming_milestones(who, today=TODAY)
    assert [m.name for m in items] == ["overdue 30", "overdue 2", "today", "in 3 days", "in 14 days"]
    assert [m.overdue for m in items] == [True, True, False, False, False]
    assert [m.days_until for m in items] == [-30, -2, 0, 3, 14]
    assert [m.name for m in milestones.upcoming_milestones(who, days=3, today=TODAY)] == [
        "overdue 30", "overdue 2", "today", "in 3 days"]
    later = milestones.upcoming_milestones(who, days=0, today=TODAY + timedelta(days=20))
    assert [m.name for m in later] == ["overdue 30", "overdue 2", "today", "in 3 days", "in 14 days", "in 15 days"]
    assert all(m.overdue for m in later)
    for bad in (-1, "7", 1.5, True):
        with pytest.raises(ValidationFailed) as err:
            milestones.upcoming_milestones(who, days=bad, today=TODAY)
        assert "days" in err.value.errors


def test_link_options_for_the_form(session: Session) -> None:
    who = make_actor(session, Role.engineer)
    camp, rig, well = make_campaign(session, code="LNK-1"), make_rig(session), make_well(session)
    links = milestones.milestone_links(who)
    assert (camp.id, "LNK-1") in [(o.id, o.label) for o in links.campaigns]
    assert rig.id in [o.id for o in links.rigs] and well.id in [o.id for o in links.wells]


# ------------------------------------------------------------------------------------------------------ roles

WRITES = {
    "milestone.write": lambda who, ids: milestones.create_milestone(
        who, {"name": "new", "rig_id": ids["rig"], "planned_date": "2026-04-01"}),
    "milestone.delete": lambda who, ids: milestones.delete_milestone(who, ids["milestone"]),
}
CASES = [(role, perm) for role in Role for perm in WRITES]


@pytest.mark.parametrize(("role", "permission"), CASES, ids=[f"{r.value}-{p}" for r, p in CASES])
def test_writes_follow_the_permission_table(session: Session, role: Role, permission: str) -> None:
    rig = make_rig(session)
    existing = _add(session, "existing", TODAY, rig_id=rig.id)
    ids = {"rig": rig.id, "milestone": existing.id}
    who = make_actor(session, role)
    before = _count(session)
    if permission in ROLE_PERMISSIONS[role]:
        WRITES[permission](who, ids)
        assert _count(session) != before
    else:
        with pytest.raises(PermissionDenied):
            WRITES[permission](who, ids)
        assert _count(session) == before


def test_role_rules_as_specified() -> None:
    assert "milestone.write" in ROLE_PERMISSIONS[Role.engineer]
    assert "milestone.write" not in ROLE_PERMISSIONS[Role.executive]
    assert "milestone.write" not in ROLE_PERMISSIONS[Role.logistics]


def test_executive_cannot_update(session: Session) -> None:
    rig = make_rig(session)
    existing = _add(session, "existing", TODAY, rig_id=rig.id)
    with pytest.raises(PermissionDenied):
        milestones.update_milestone(make_actor(session, Role.executive), existing.id, {"name": "renamed"})
    session.refresh(existing)
    assert existing.name == "existing"


def test_anonymous_is_asked_to_log_in(session: Session) -> None:
    with pytest.raises(NotAuthenticated):
        milestones.upcoming_milestones(ANONYMOUS)
