"""The integrity endpoints of the REST API on SQLite and PostgreSQL: every endpoint with every role of the permission
table (allowed, or 403 naming the permission), anonymous callers (401), unknown ids (404), invalid bodies naming
the field (422); and behaviour: the MAASP answer follows the architecture, a what-if stores nothing, the latest
snapshot, a failed barrier test, the risk matrix.

The wells are the worked-example platform of docs/integrity.md (``integrity_helpers.make_platform``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.integration.api_helpers import bearer, expect
from tests.integration.integrity_helpers import count, make_element, make_platform
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.barriers import BarrierElementKind, EnvelopeKind, IntegritySnapshot
from well_ops.models.base import utcnow
from well_ops.models.drilling import Well
from well_ops.models.integrity import (
    Annulus,
    AnnulusName,
    CementInterval,
    CompletionElement,
    CompletionElementKind,
    MaaspResult,
    TubingString,
)
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.context import SYSTEM

UNKNOWN_ID = 2_000_000_000


@dataclass(frozen=True)
class World:
    """The rows one call works on (a platform well: conductor, surface, production casing, tubing, annuli A, B)."""

    well: int
    ann_a: int
    ann_b: int
    conductor: int
    surface: int
    production: int
    tubing: int
    spare_tubing: int
    cement: int
    packer: int
    point: int
    element: int


def _world(session: Session, stored: bool = False) -> World:
    p = make_platform(session)
    cement = CementInterval(well_id=p.well.id, casing_string_id=p.production.id, top_md_m=2600, bottom_md_m=3600,
                            top_tvd_m=2300, bottom_tvd_m=3080)
    spare = TubingString(well_id=p.well.id, name="2-3/8in velocity string", od_mm=60.3, id_mm=50.7,
                         weight_kg_per_m=7, top_md_m=0, bottom_md_m=800, bottom_tvd_m=800, burst_rating_bar=500,
                         collapse_rating_bar=500)
    session.add_all([cement, spare])
    session.commit()
    packer = session.exec(select(CompletionElement).where(CompletionElement.well_id == p.well.id,
                                                          CompletionElement.kind == CompletionElementKind.packer)).one()
    point = integrity.get_architecture(SYSTEM, p.well.id).critical_points[0]
    element = make_element(session, p.well, EnvelopeKind.primary, kind=BarrierElementKind.sssv)
    if stored:  # MAASP results and a snapshot, as after any write through the services
        integrity.recompute_well(SYSTEM, p.well.id or 0, "test world")
    return World(p.well.id or 0, p.ann_a.id or 0, p.ann_b.id or 0, p.conductor.id or 0, p.surface.id or 0,
                 p.production.id or 0, p.tubing.id or 0, spare.id or 0, cement.id or 0, packer.id or 0, point.id,
                 element.id or 0)


NOWHERE = World(*[UNKNOWN_ID] * 12)


@dataclass(frozen=True)
class Op:
    """One endpoint: how to call it, the permission it needs, and what a success looks like."""

    name: str
    method: str
    path: Callable[[World], str]
    need: str
    ok: int = 200
    body: Callable[[World], dict[str, Any]] | None = None
    check: Callable[[Any, World], bool] = lambda out, w: True
    stored: bool = False  # the world needs stored MAASP results and a snapshot
    has_id: bool = True  # the path names a record (404 when unknown)

    def call(self, client: TestClient, world: World, headers: dict[str, str]) -> Any:
        return client.request(self.method, self.path(world), json=self.body(world) if self.body else None,
                              headers=headers)


def _liner(w: World) -> dict[str, Any]:
    return {"well_id": w.well, "name": "7in liner", "kind": "liner", "od_mm": 177.8, "id_mm": 157.1,
            "top_md_m": 3500, "bottom_md_m": 3650, "top_tvd_m": 3000, "bottom_tvd_m": 3120, "burst_rating_bar": 700,
            "collapse_rating_bar": 500}


OPS = [
    Op("architecture", "GET", lambda w: f"/api/wells/{w.well}/architecture", "integrity.read",
       check=lambda o, w: [c["id"] for c in o["casings"]] == [w.conductor, w.surface, w.production]
       and {a["name"] for a in o["annuli"]} == {"A", "B"}),
    Op("casing_create", "POST", lambda w: "/api/casings", "integrity.write", 201, _liner,
       check=lambda o, w: (o["kind"], o["well_id"]) == ("liner", w.well)),
    Op("casing_update", "PATCH", lambda w: f"/api/casings/{w.production}", "integrity.write",
       body=lambda w: {"burst_rating_bar": 600}, check=lambda o, w: o["burst_rating_bar"] == 600),
    Op("casing_delete", "DELETE", lambda w: f"/api/casings/{w.conductor}", "integrity.delete", 204),
    Op("formation_strength", "PUT", lambda w: f"/api/casings/{w.surface}/formation-strength", "integrity.write",
       body=lambda w: {"shoe_frac_gradient_bar_per_m": 0.17},
       check=lambda o, w: o["shoe_frac_gradient_bar_per_m"] == 0.17),
    Op("cement_create", "POST", lambda w: "/api/cement-intervals", "integrity.write", 201,
       lambda w: {"well_id": w.well, "casing_string_id": w.surface, "top_md_m": 400, "bottom_md_m": 1500,
                  "top_tvd_m": 400, "bottom_tvd_m": 1480, "quality": "good"},
       check=lambda o, w: o["casing_string_id"] == w.surface),
    Op("cement_update", "PATCH", lambda w: f"/api/cement-intervals/{w.cement}", "integrity.write",
       body=lambda w: {"quality": "poor"}, check=lambda o, w: o["quality"] == "poor"),
    Op("cement_delete", "DELETE", lambda w: f"/api/cement-intervals/{w.cement}", "integrity.delete", 204),
    Op("tubing_create", "POST", lambda w: "/api/tubing-strings", "integrity.write", 201,
       lambda w: {"well_id": w.well, "name": "Coiled tubing", "od_mm": 50.8, "id_mm": 44, "weight_kg_per_m": 5,
                  "bottom_md_m": 1000, "bottom_tvd_m": 1000, "burst_rating_bar": 400, "collapse_rating_bar": 400},
       check=lambda o, w: o["name"] == "Coiled tubing"),
    Op("tubing_update", "PATCH", lambda w: f"/api/tubing-strings/{w.tubing}", "integrity.write",
       body=lambda w: {"collapse_rating_bar": 560}, check=lambda o, w: o["collapse_rating_bar"] == 560),
    Op("tubing_delete", "DELETE", lambda w: f"/api/tubing-strings/{w.spare_tubing}", "integrity.delete", 204),
    Op("completion_create", "POST", lambda w: "/api/completion-elements", "integrity.write", 201,
       lambda w: {"well_id": w.well, "kind": "sssv", "name": "TRSSSV", "depth_md_m": 300, "depth_tvd_m": 300,
                  "pressure_rating_bar": 345}, check=lambda o, w: o["kind"] == "sssv"),
    Op("completion_update", "PATCH", lambda w: f"/api/completion-elements/{w.packer}", "integrity.write",
       body=lambda w: {"pressure_rating_bar": 400}, check=lambda o, w: o["pressure_rating_bar"] == 400),
    Op("completion_delete", "DELETE", lambda w: f"/api/completion-elements/{w.packer}", "integrity.delete", 204),
    Op("reservoir", "PUT", lambda w: f"/api/wells/{w.well}/reservoir", "integrity.write",
       body=lambda w: {"reservoir_pressure_bar": 320}, check=lambda o, w: o["reservoir_pressure_bar"] == 320),
    Op("drilling_maasp", "GET", lambda w: f"/api/wells/{w.well}/drilling-maasp", "integrity.read",
       check=lambda o, w: o["well_id"] == w.well and "mud weight" in o["error"]),
    Op("annuli", "GET", lambda w: f"/api/wells/{w.well}/annuli", "integrity.read",
       check=lambda o, w: [a["id"] for a in o] == [w.ann_a, w.ann_b]),
    Op("annulus_create", "POST", lambda w: "/api/annuli", "integrity.write", 201,
       lambda w: {"well_id": w.well, "name": "C", "inner_casing_id": w.surface, "outer_casing_id": w.conductor,
                  "fluid_gradient_bar_per_m": 0.1, "backup_fluid_gradient_bar_per_m": 0.1},
       check=lambda o, w: (o["name"], o["outer_string_name"]) == ("C", "30in conductor")),
    Op("annulus_get", "GET", lambda w: f"/api/annuli/{w.ann_a}", "integrity.read",
       check=lambda o, w: (o["id"], o["name"], o["inner_tubing_id"]) == (w.ann_a, "A", w.tubing)),
    Op("annulus_update", "PATCH", lambda w: f"/api/annuli/{w.ann_a}", "integrity.write",
       body=lambda w: {"mop_bar": 50}, check=lambda o, w: o["mop_bar"] == 50),
    Op("annulus_delete", "DELETE", lambda w: f"/api/annuli/{w.ann_b}", "integrity.delete", 204),
    Op("point_create", "POST", lambda w: "/api/critical-points", "integrity.write", 201,
       lambda w: {"annulus_id": w.ann_a, "name": "Gas-lift valve", "tvd_m": 1000, "pressure_limit_bar": 300},
       check=lambda o, w: (o["annulus_id"], o["source"]) == (w.ann_a, "manual")),
    Op("point_update", "PATCH", lambda w: f"/api/critical-points/{w.point}", "integrity.write",
       body=lambda w: {"pressure_limit_bar": 230}, check=lambda o, w: o["pressure_limit_bar"] == 230),
    Op("point_delete", "DELETE", lambda w: f"/api/critical-points/{w.point}", "integrity.delete", 204),
    Op("maasp", "GET", lambda w: f"/api/annuli/{w.ann_a}/maasp", "integrity.read", stored=True,
       check=lambda o, w: o["saved"] and o["maasp_bar"] > 0 and o["limiting_point"] in
       [p["name"] for p in o["points"] if p["limiting"]] and o["method_version"] != ""),
    Op("what_if", "POST", lambda w: f"/api/annuli/{w.ann_a}/maasp/what-if", "integrity.read",
       body=lambda w: {"fluid_gradient_bar_per_m": 0.125}, stored=True,
       check=lambda o, w: o["saved"] is False and o["maasp_bar"] is not None),
    Op("maasp_compute", "POST", lambda w: f"/api/annuli/{w.ann_a}/maasp/compute", "integrity.write",
       body=lambda w: {"reason": "caliper survey"}, check=lambda o, w: o["saved"] and o["reason"] == "caliper survey"),
    Op("sap", "GET", lambda w: f"/api/annuli/{w.ann_a}/sap", "integrity.read",
       check=lambda o, w: o["annulus_id"] == w.ann_a and o["detected"] is False),
    Op("barriers", "GET", lambda w: f"/api/wells/{w.well}/barriers", "barrier.read",
       check=lambda o, w: [e["kind"] for e in o["envelopes"]] == ["primary", "secondary"]
       and [e["id"] for e in o["envelopes"][0]["elements"]] == [w.element]),
    Op("element_create", "POST", lambda w: "/api/barrier-elements", "barrier.write", 201,
       lambda w: {"well_id": w.well, "envelope": "secondary", "kind": "wellhead", "name": "Wellhead"},
       check=lambda o, w: (o["envelope"], o["test_interval_days"]) == ("secondary", 365)),
    Op("element_update", "PATCH", lambda w: f"/api/barrier-elements/{w.element}", "barrier.write",
       body=lambda w: {"status": "degraded"}, check=lambda o, w: o["status"] == "degraded"),
    Op("element_delete", "DELETE", lambda w: f"/api/barrier-elements/{w.element}", "barrier.delete", 204),
    Op("test_record", "POST", lambda w: f"/api/barrier-elements/{w.element}/tests", "barrier.write", 201,
       lambda w: {"test_type": "pressure", "performed_at": "2026-01-05T10:00:00Z", "differential_bar": 70,
                  "result": "pass"},
       check=lambda o, w: o["test"]["result"] == "pass" and o["element"]["next_test_due"] == "2026-07-04"),
    Op("tests", "GET", lambda w: f"/api/barrier-elements/{w.element}/tests", "barrier.read",
       check=lambda o, w: o == []),
    Op("overdue", "GET", lambda w: "/api/integrity/overdue-tests", "barrier.read", has_id=False,
       check=lambda o, w: isinstance(o, list)),
    Op("integrity", "GET", lambda w: f"/api/wells/{w.well}/integrity", "integrity.read", stored=True,
       check=lambda o, w: o["well_id"] == w.well and o["category_117"] in ("green", "unknown", "yellow")),
    Op("integrity_history", "GET", lambda w: f"/api/wells/{w.well}/integrity/history", "integrity.read",
       stored=True, check=lambda o, w: len(o) >= 1 and o[0]["well_id"] == w.well),
    Op("integrity_refresh", "POST", lambda w: f"/api/wells/{w.well}/integrity/refresh", "integrity.write",
       body=lambda w: {"reason": "weekly review"}, check=lambda o, w: o["well_id"] == w.well),
    Op("fleet", "GET", lambda w: "/api/integrity/fleet", "integrity.read", stored=True, has_id=False,
       check=lambda o, w: w.well in [x["well_id"] for x in o["wells"]] and len(o["matrix"]) == 25),
    Op("risk_matrix", "GET", lambda w: "/api/integrity/risk-matrix", "integrity.read", has_id=False,
       check=lambda o, w: len(o) == 25),
    Op("risk_cell", "PUT", lambda w: "/api/integrity/risk-matrix/cells/4/5", "settings.write", has_id=False,
       body=lambda w: {"category": "extreme", "score": 81},
       check=lambda o, w: o == {"likelihood": 4, "consequence": 5, "category": "extreme", "score": 81}),
]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("op", OPS, ids=lambda o: o.name)
def test_each_role_gets_what_the_permission_table_allows(client: TestClient, session: Session, op: Op,
                                                          role: Role) -> None:
    auth, world = bearer(session, role), _world(session, stored=op.stored)
    allowed = op.need in ROLE_PERMISSIONS[role]
    out = expect(op.call(client, world, auth), op.ok if allowed else 403)
    if allowed:
        assert op.check(out, world), out
    else:
        assert op.need in out["detail"] and "may not" in out["detail"]
    r = op.call(client, world, {})
    expect(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("op", [o for o in OPS if o.has_id and o.method != "POST" or o.name in (
    "what_if", "maasp_compute", "test_record", "integrity_refresh")], ids=lambda o: o.name)
def test_unknown_ids_are_404(client: TestClient, session: Session, op: Op) -> None:
    world = _world(session)
    body = op.body(world) if op.body else None
    detail = expect(client.request(op.method, op.path(NOWHERE), json=body, headers=bearer(session, Role.admin)),
                     404)["detail"]
    assert "does not exist" in detail


INVALID: list[tuple[str, Callable[[World], str], Callable[[World], Any], str]] = [
    ("POST", lambda w: "/api/casings", lambda w: {**_liner(w), "od_mm": -1}, "od_mm"),
    ("POST", lambda w: "/api/casings", lambda w: {**_liner(w), "id_mm": 200}, "id_mm"),
    ("POST", lambda w: "/api/casings", lambda w: {**_liner(w), "well_id": UNKNOWN_ID}, "well_id"),
    ("POST", lambda w: "/api/casings", lambda w: {**_liner(w), "kind": "drainpipe"}, "kind"),
    ("POST", lambda w: "/api/casings", lambda w: {**_liner(w), "top_md_m": 3600, "bottom_md_m": 3550}, "top_md_m"),
    ("PATCH", lambda w: f"/api/casings/{w.production}", lambda w: {"bottom_md_m": 99999}, "bottom_md_m"),
    ("PUT", lambda w: f"/api/casings/{w.surface}/formation-strength",
     lambda w: {"shoe_frac_gradient_bar_per_m": 1.0}, "shoe_frac_gradient_bar_per_m"),
    ("POST", lambda w: "/api/cement-intervals",
     lambda w: {"well_id": w.well, "casing_string_id": UNKNOWN_ID, "top_md_m": 1, "bottom_md_m": 2, "top_tvd_m": 1,
                "bottom_tvd_m": 2}, "casing_string_id"),
    ("POST", lambda w: "/api/tubing-strings",
     lambda w: {"well_id": w.well, "name": "Fat", "od_mm": 300, "id_mm": 280, "weight_kg_per_m": 50,
                "bottom_md_m": 1000, "bottom_tvd_m": 1000, "burst_rating_bar": 400, "collapse_rating_bar": 400},
     "od_mm"),
    ("POST", lambda w: "/api/completion-elements", lambda w: {"well_id": w.well, "kind": "bogus", "name": "X"},
     "kind"),
    ("PATCH", lambda w: f"/api/cement-intervals/{w.cement}", lambda w: {"quality": "excellent"}, "quality"),
    ("PATCH", lambda w: f"/api/tubing-strings/{w.tubing}", lambda w: {"od_mm": 230, "id_mm": 200}, "od_mm"),
    ("PATCH", lambda w: f"/api/completion-elements/{w.packer}", lambda w: {"depth_tvd_m": 3400}, "depth_tvd_m"),
    ("PATCH", lambda w: f"/api/critical-points/{w.point}", lambda w: {"name": ""}, "name"),
    ("PATCH", lambda w: f"/api/barrier-elements/{w.element}", lambda w: {"test_interval_days": 0},
     "test_interval_days"),
    ("POST", lambda w: f"/api/wells/{w.well}/integrity/refresh", lambda w: {"reason": ""}, "reason"),
    ("PUT", lambda w: f"/api/wells/{w.well}/reservoir", lambda w: {"production_start_date": "2000-01-01"},
     "production_start_date"),
    ("POST", lambda w: "/api/annuli", lambda w: {"well_id": w.well, "name": "Z", "fluid_gradient_bar_per_m": 0.1,
                                                 "backup_fluid_gradient_bar_per_m": 0.1}, "name"),
    ("POST", lambda w: "/api/annuli", lambda w: {"well_id": w.well, "name": "A", "fluid_gradient_bar_per_m": 0.1,
                                                 "backup_fluid_gradient_bar_per_m": 0.1}, "name"),
    ("PATCH", lambda w: f"/api/annuli/{w.ann_a}", lambda w: {"lop_bar": 100}, "lop_bar"),
    ("PATCH", lambda w: f"/api/annuli/{w.ann_a}", lambda w: {"fluid_gradient_bar_per_m": 5},
     "fluid_gradient_bar_per_m"),
    ("PATCH", lambda w: f"/api/annuli/{w.ann_a}", lambda w: {"inner_casing_id": w.production},
     "inner_tubing_id"),
    ("POST", lambda w: "/api/critical-points",
     lambda w: {"annulus_id": w.ann_a, "name": "Too deep", "tvd_m": 5000, "pressure_limit_bar": 300}, "tvd_m"),
    ("POST", lambda w: f"/api/annuli/{w.ann_a}/maasp/what-if",
     lambda w: {"casing_ratings": {str(UNKNOWN_ID): {"burst_rating_bar": 10}}},
     f"overrides.casing_ratings.{UNKNOWN_ID}"),
    ("POST", lambda w: f"/api/annuli/{w.ann_a}/maasp/what-if", lambda w: {"fluid_gradient_bar_per_m": 9},
     "fluid_gradient_bar_per_m"),
    ("POST", lambda w: f"/api/annuli/{w.ann_a}/maasp/what-if", lambda w: {"mud_weight_sg": 1.2}, "mud_weight_sg"),
    ("POST", lambda w: f"/api/annuli/{w.ann_a}/maasp/compute", lambda w: {"reason": ""}, "reason"),
    ("POST", lambda w: "/api/barrier-elements",
     lambda w: {"well_id": w.well, "envelope": "tertiary", "kind": "sssv", "name": "X"}, "envelope"),
    ("POST", lambda w: "/api/barrier-elements",
     lambda w: {"well_id": w.well, "envelope": "primary", "kind": "sssv", "name": "X",
                "completion_element_id": UNKNOWN_ID}, "completion_element_id"),
    ("POST", lambda w: f"/api/barrier-elements/{w.element}/tests",
     lambda w: {"test_type": "pressure", "performed_at": "2026-01-05T10:00:00Z"}, "result"),
    ("POST", lambda w: f"/api/barrier-elements/{w.element}/tests",
     lambda w: {"test_type": "pressure", "performed_at": "2026-01-05T10:00:00", "result": "pass"}, "performed_at"),
    ("POST", lambda w: f"/api/barrier-elements/{w.element}/tests",
     lambda w: {"test_type": "pressure", "performed_at": (utcnow() + timedelta(days=2)).isoformat(),
                "result": "pass"}, "performed_at"),
    ("POST", lambda w: f"/api/barrier-elements/{w.element}/tests",
     lambda w: {"test_type": "pressure", "performed_at": "0001-01-01T00:00:00+00:01", "result": "pass"},
     "performed_at"),
    ("POST", lambda w: "/api/barrier-elements",
     lambda w: {"well_id": w.well, "envelope": "primary", "kind": "sssv", "name": "X",
                "last_tested_at": "0001-01-01T00:00:00+00:01"}, "last_tested_at"),
    ("POST", lambda w: f"/api/annuli/{w.ann_a}/maasp/what-if",
     lambda w: {"casing_ratings": {"\u00b2": {"burst_rating_bar": 10}}}, "casing_ratings"),
    ("PUT", lambda w: "/api/integrity/risk-matrix/cells/4/5", lambda w: {"category": "huge", "score": 5},
     "category"),
    ("PUT", lambda w: "/api/integrity/risk-matrix/cells/4/5", lambda w: {"category": "low", "score": 101}, "score"),
    ("PUT", lambda w: "/api/integrity/risk-matrix/cells/6/5", lambda w: {"category": "low", "score": 1},
     "likelihood"),
    ("GET", lambda w: f"/api/wells/{w.well}/integrity/history?limit=0", lambda w: None, "limit"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), INVALID,
                         ids=[f"{m} {i} {f}" for i, (m, _, _, f) in enumerate(INVALID)])
def test_invalid_input_is_422_naming_the_field(client: TestClient, session: Session, method: str,
                                               path: Callable[[World], str], body: Callable[[World], Any],
                                               field: str) -> None:
    world = _world(session)
    detail = expect(client.request(method, path(world), json=body(world), headers=bearer(session, Role.admin)),
                     422)["detail"]
    assert field in [d["loc"][1] for d in detail if len(d["loc"]) > 1], detail


# ------------------------------------------------------------------------------------------------- behaviour


def test_maasp_answer_follows_the_architecture(client: TestClient, session: Session) -> None:
    """An annulus without an outer casing, then a weak production casing added and set as its outer string: the
    MAASP returned drops to that casing's burst limit (stored with a new result)."""
    world, auth = _world(session), bearer(session, Role.engineer)
    well = session.get(Well, world.well)
    assert well is not None
    annulus = expect(client.post("/api/annuli", headers=auth, json={
        "well_id": world.well, "name": "C", "inner_casing_id": world.surface, "fluid_gradient_bar_per_m": 0.1,
        "backup_fluid_gradient_bar_per_m": 0.1}), 201)
    before = expect(client.get(f"/api/annuli/{annulus['id']}/maasp", headers=auth), 200)
    assert before["saved"] and before["annulus_id"] == annulus["id"]
    expect(client.delete(f"/api/casings/{world.conductor}", headers=auth), 204)
    casing = expect(client.post("/api/casings", headers=auth, json={
        "well_id": world.well, "name": "20in weak conductor", "kind": "conductor", "od_mm": 508, "id_mm": 480,
        "bottom_md_m": 400, "bottom_tvd_m": 400, "burst_rating_bar": 22, "collapse_rating_bar": 10}), 201)
    expect(client.patch(f"/api/annuli/{annulus['id']}", json={"outer_casing_id": casing["id"]}, headers=auth), 200)
    after = expect(client.get(f"/api/annuli/{annulus['id']}/maasp", headers=auth), 200)
    assert after["maasp_bar"] < before["maasp_bar"]
    assert after["maasp_bar"] <= 22 / 1.1 + 1e-6  # the new casing's burst rating / design factor at surface
    assert "conductor" in after["limiting_point"].lower()
    assert after["previous_maasp_bar"] == pytest.approx(before["maasp_bar"])
    assert after["maasp_psi"] == pytest.approx(after["maasp_bar"] * 14.5037738, rel=1e-6)
    assert after["result_id"] != before["result_id"]


def test_what_if_answers_without_storing(client: TestClient, session: Session) -> None:
    world, auth = _world(session, stored=True), bearer(session, Role.executive)
    stored = expect(client.get(f"/api/annuli/{world.ann_a}/maasp", headers=auth), 200)
    results = count(session, MaaspResult, MaaspResult.annulus_id == world.ann_a)
    heavier = expect(client.post(f"/api/annuli/{world.ann_a}/maasp/what-if", headers=auth,
                                  json={"fluid_gradient_bar_per_m": 0.2}), 200)
    assert heavier["saved"] is False and heavier["result_id"] is None
    assert heavier["maasp_bar"] != pytest.approx(stored["maasp_bar"])
    assert heavier["previous_maasp_bar"] == pytest.approx(stored["maasp_bar"])
    assert "spec.fluid_gradient_bar_per_m" in [c["key"] for c in heavier["changed_inputs"]]
    derated = expect(client.post(f"/api/annuli/{world.ann_a}/maasp/what-if", headers=auth,
                                  json={"casing_ratings": {str(world.production): {"burst_rating_bar": 50}}}), 200)
    assert derated["maasp_bar"] < stored["maasp_bar"]
    session.expire_all()
    assert count(session, MaaspResult, MaaspResult.annulus_id == world.ann_a) == results
    again = expect(client.get(f"/api/annuli/{world.ann_a}/maasp", headers=auth), 200)
    assert (again["result_id"], again["maasp_bar"]) == (stored["result_id"], stored["maasp_bar"])
    annulus = session.get(Annulus, world.ann_a)
    assert annulus is not None and annulus.maasp_bar == pytest.approx(stored["maasp_bar"])


def test_latest_snapshot_is_404_until_one_is_stored(client: TestClient, session: Session) -> None:
    world, auth = _world(session), bearer(session, Role.engineer)
    assert count(session, IntegritySnapshot, IntegritySnapshot.well_id == world.well) == 0
    assert "No integrity snapshot" in expect(client.get(f"/api/wells/{world.well}/integrity", headers=auth),
                                              404)["detail"]
    assert expect(client.get(f"/api/wells/{world.well}/integrity/history", headers=auth), 200) == []
    made = expect(client.post(f"/api/wells/{world.well}/integrity/refresh", json={}, headers=auth), 200)
    assert made["stored"] is True and made["details"]["reason"] == "manual refresh"
    latest = expect(client.get(f"/api/wells/{world.well}/integrity", headers=auth), 200)
    assert (latest["id"], latest["category_117"], latest["status"]) == (made["id"], made["category_117"],
                                                                         made["status"])


def test_a_failed_barrier_test_fails_the_element_and_raises_a_task(client: TestClient, session: Session) -> None:
    world, auth = _world(session), bearer(session, Role.engineer)
    secondary = make_element(session, session.get(Well, world.well), EnvelopeKind.secondary)  # type: ignore[arg-type]
    outcome = expect(client.post(f"/api/barrier-elements/{world.element}/tests", headers=auth, json={
        "test_type": "inflow", "performed_at": "2026-01-05T10:00:00Z", "duration_min": 30,
        "delta_p_over_z_bar": 20, "volume_m3": 5, "temperature_c": 40}), 201)
    assert outcome["test"]["result"] == "fail" and outcome["computed_leak_rate_scf_per_min"] > 15
    assert outcome["element"]["status"] == "failed" and outcome["task_id"] is not None
    overview = expect(client.get(f"/api/wells/{world.well}/barriers", headers=auth), 200)
    assert overview["envelopes"][0]["status"] == "failed" and overview["category_117"] == "orange"
    assert secondary.id in [e["id"] for e in overview["envelopes"][1]["elements"]]
    tests = expect(client.get(f"/api/barrier-elements/{world.element}/tests", headers=auth), 200)
    assert [t["id"] for t in tests] == [outcome["test"]["id"]]
    assert expect(client.get(f"/api/wells/{world.well}/integrity", headers=auth), 200)["category_117"] in (
        "orange", "red")


def test_risk_cell_change_is_served_by_the_matrix(client: TestClient, session: Session) -> None:
    admin, engineer = bearer(session, Role.admin), bearer(session, Role.engineer)
    expect(client.put("/api/integrity/risk-matrix/cells/1/1", json={"category": "high", "score": 55},
                       headers=admin), 200)
    cells = expect(client.get("/api/integrity/risk-matrix", headers=engineer), 200)
    assert {"likelihood": 1, "consequence": 1, "category": "high", "score": 55} in cells
    expect(client.put("/api/integrity/risk-matrix/cells/1/1", json={"category": "low", "score": 1},
                       headers=engineer), 403)


def test_oilfield_units_are_stored_si(client: TestClient, session: Session) -> None:
    world, auth = _world(session), bearer(session, Role.engineer)
    out = expect(client.patch(f"/api/annuli/{world.ann_a}", headers=auth,
                               json={"unit_system": "oilfield", "mop_bar": 1000, "fluid_gradient_bar_per_m": 0.52}),
                  200)
    assert out["mop_bar"] == pytest.approx(68.9476, rel=1e-4)
    assert out["fluid_gradient_bar_per_m"] == pytest.approx(0.52 * 0.0689476 / 0.3048, rel=1e-4)


def test_annulus_with_readings_needs_confirmation_to_delete(client: TestClient, session: Session) -> None:
    world, auth = _world(session), bearer(session, Role.engineer)
    integrity.add_reading(SYSTEM, world.ann_b, "2026-01-05T10:00:00Z", 12.0)
    assert "readings" in expect(client.delete(f"/api/annuli/{world.ann_b}", headers=auth), 409)["detail"]
    expect(client.delete(f"/api/annuli/{world.ann_b}?delete_readings=true", headers=auth), 204)
    session.expire_all()
    assert session.exec(select(Annulus).where(Annulus.well_id == world.well,
                                              Annulus.name == AnnulusName.B)).first() is None
