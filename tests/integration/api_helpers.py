"""Helpers of the REST API tests: bearer tokens for a role, and each resource's rows and bodies."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel import Session

from tests.builders import make_campaign, make_rig, make_user, make_well
from well_ops.auth.tokens import new_token, token_hash
from well_ops.models.base import utcnow
from well_ops.models.users import LoginSession, Role, SessionKind
from well_ops.services import logistics, milestones, reports
from well_ops.services.context import SYSTEM


def bearer(session: Session, role: Role | str, kind: SessionKind = SessionKind.api) -> dict[str, str]:
    """The Authorization header of a fresh user of ``role`` with a live API session."""
    user = make_user(session, role=Role(role))
    token = new_token()
    session.add(LoginSession(user_id=user.id or 0, token_hash=token_hash(token), kind=kind,
                             expires_at=utcnow() + timedelta(hours=1)))
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def expect(response: Any, status: int) -> Any:
    """Assert the status (the message names the request and shows the body), then the JSON body or None."""
    assert response.status_code == status, f"{response.request.method} {response.request.url}: " \
                                           f"{response.status_code} {response.text[:500]}"
    return response.json() if response.content else None


def uid() -> str:
    return uuid.uuid4().hex[:8]


def report_body(well_id: int, day: str = "2026-03-02", depth: float = 500.0) -> dict[str, Any]:
    return {"well_id": well_id, "report_date": day, "depth_md_m": depth, "mud_type": "OBM",
            "summary_24h": "Drilled ahead.", "forecast_24h": "Drill to TD.",
            "time_log": [{"start_time": "06:00", "end_time": "18:00", "activity_code": "2"},
                         {"start_time": "18:00", "end_time": "06:00", "activity_code": "6"}],
            "cost_lines": [{"category": "rig", "description": "Day rate", "amount": 100000}]}


def _rig(s: Session) -> int:
    return make_rig(s).id or 0


@dataclass(frozen=True)
class Res:
    """One REST collection: how to make a row, a valid create body, a patch, and an invalid body."""

    path: str
    perm: str
    make: Callable[[Session], int]
    body: Callable[[Session], dict[str, Any]]
    patch: dict[str, Any]
    bad: dict[str, Any]
    bad_field: str
    delete_perm: str = ""  # default: "<perm>.delete"

    @property
    def id(self) -> str:
        return self.path.strip("/")


RESOURCES = [
    Res("/api/users", "user", lambda s: make_user(s).id or 0,
        lambda s: {"email": f"u{uid()}@test.example", "full_name": "New Hand", "password": "long enough pw",
                   "role": "engineer"},
        {"full_name": "Renamed Hand"}, {"email": "a@b.example", "full_name": "X", "password": "long enough pw",
                                        "role": "driller"}, "role", delete_perm="user.write"),
    Res("/api/rigs", "rig", _rig, lambda s: {"name": f"Rig {uid()}", "rig_type": "land"},
        {"contractor": "ACME"}, {"rig_type": "land"}, "name"),
    Res("/api/campaigns", "campaign", lambda s: make_campaign(s).id or 0,
        lambda s: {"code": f"C-{uid()}", "name": "Campaign"}, {"name": "Renamed"},
        {"code": "C-X", "name": "Y", "currency": "US"}, "currency"),
    Res("/api/wells", "well", lambda s: make_well(s).id or 0, lambda s: {"name": f"W-{uid()}"},
        {"field": "North"}, {"name": "W", "target_depth_md_m": -5}, "target_depth_md_m"),
    Res("/api/milestones", "milestone",
        lambda s: milestones.create_milestone(SYSTEM, {"name": "Spud", "planned_date": "2026-05-01",
                                                       "rig_id": _rig(s)}).id,
        lambda s: {"name": "Spud", "planned_date": "2026-05-01", "rig_id": _rig(s)}, {"notes": "moved"},
        {"name": "M"}, "planned_date"),
    Res("/api/equipment", "equipment",
        lambda s: logistics.create_equipment(SYSTEM, {"tag": f"T-{uid()}", "name": "Pump"}).id,
        lambda s: {"tag": f"T-{uid()}", "name": "Pump"}, {"location": "Yard"},
        {"tag": "T", "name": "n", "status": "lost"}, "status"),
    Res("/api/deliveries", "delivery",
        lambda s: logistics.create_delivery(SYSTEM, {"item": "Casing", "to_rig_id": _rig(s),
                                                     "eta": "2026-05-01T10:00:00Z"}).id,
        lambda s: {"item": "Casing", "to_rig_id": _rig(s), "eta": "2026-05-01T10:00:00Z"}, {"quantity": 5},
        {"item": "x", "to_rig_id": 1, "eta": "not a date"}, "eta"),
    Res("/api/consumables", "consumable",
        lambda s: logistics.create_consumable(SYSTEM, {"rig_id": _rig(s), "usage_date": "2026-05-01",
                                                       "item": "Barite"}).id,
        lambda s: {"rig_id": _rig(s), "usage_date": "2026-05-01", "item": "Barite", "quantity": 2},
        {"quantity": 3}, {"rig_id": 1, "usage_date": "2026-05-01", "item": "x", "quantity": -1}, "quantity"),
    Res("/api/daily-reports", "report",
        lambda s: reports.create_report(SYSTEM, report_body(make_well(s).id or 0)).id,
        lambda s: report_body(make_well(s).id or 0), {"summary_24h": "Patched."},
        {"well_id": 1, "report_date": "2026-05-01", "depth_md_m": 99999}, "depth_md_m"),
]
