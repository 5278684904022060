"""The REST API over the services, on SQLite and PostgreSQL: every collection with every role of the permission
table, anonymous callers, unknown ids, invalid bodies naming the field, lists (page, filter, sort), the well plan,
daily reports (PUT / PATCH merge) and the dashboard views.

``TestClient`` runs the app in another thread; the ``connection`` fixture's session factory still binds every
service call to the test's connection (used by one request at a time), so each test is rolled back as usual.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.builders import make_rig, make_well
from tests.integration.api_helpers import RESOURCES, Res, bearer, expect, report_body
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.audit import AuditLog
from well_ops.models.drilling import Rig, RigStatus
from well_ops.models.users import Role

UNKNOWN_ID = 2_000_000_000


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("res", RESOURCES, ids=lambda r: r.id)
def test_each_role_gets_what_the_permission_table_allows(client: TestClient, session: Session, res: Res,
                                                          role: Role) -> None:
    perms, auth = ROLE_PERMISSIONS[role], bearer(session, role)
    can_read, can_write = f"{res.perm}.read" in perms, f"{res.perm}.write" in perms
    can_delete = (res.delete_perm or f"{res.perm}.delete") in perms
    existing, doomed = res.make(session), res.make(session)
    page = expect(client.get(res.path, headers=auth), 200 if can_read else 403)
    if can_read:
        assert existing in [item["id"] for item in page["items"]] or page["total"] > len(page["items"])
    got = expect(client.get(f"{res.path}/{existing}", headers=auth), 200 if can_read else 403)
    if can_read:
        assert got["id"] == existing
    created = expect(client.post(res.path, json=res.body(session), headers=auth), 201 if can_write else 403)
    if can_write:
        assert created["id"] > 0
    patched = expect(client.patch(f"{res.path}/{existing}", json=res.patch, headers=auth),
                      200 if can_write and can_read else 403)
    if can_write and can_read:
        assert all(patched[k] == v for k, v in res.patch.items())
    expect(client.delete(f"{res.path}/{doomed}", headers=auth), 204 if can_delete else 403)


@pytest.mark.parametrize("res", RESOURCES, ids=lambda r: r.id)
def test_anonymous_and_bad_tokens_get_401(client: TestClient, session: Session, res: Res) -> None:
    row = res.make(session)
    for headers in ({}, {"Authorization": "Bearer not-a-real-token"}, {"Authorization": "Basic abc"}):
        for method, url in (("GET", res.path), ("GET", f"{res.path}/{row}"), ("POST", res.path),
                            ("PATCH", f"{res.path}/{row}"), ("DELETE", f"{res.path}/{row}")):
            body = res.body(session) if method in ("POST", "PATCH") else None
            r = client.request(method, url, json=body, headers=headers)
            expect(r, 401)
            assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("res", RESOURCES, ids=lambda r: r.id)
def test_unknown_ids_are_404_and_invalid_bodies_422_naming_the_field(client: TestClient, session: Session,
                                                                      res: Res) -> None:
    admin = bearer(session, Role.admin)
    for method in ("GET", "PATCH", "DELETE"):
        r = client.request(method, f"{res.path}/{UNKNOWN_ID}", json=res.patch if method == "PATCH" else None,
                           headers=admin)
        assert "does not exist" in expect(r, 404)["detail"]
    expect(client.get(f"{res.path}/99999999999", headers=admin), 422)  # beyond the INTEGER range
    detail = expect(client.post(res.path, json=res.bad, headers=admin), 422)["detail"]
    assert ["body", res.bad_field] in [d["loc"][:2] for d in detail], detail
    expect(client.post(res.path, json=["not", "an", "object"], headers=admin), 422)
    expect(client.post(res.path, content=b"{broken json", headers={**admin, "content-type": "application/json"}),
            422)


def test_service_validation_and_conflicts_have_their_status(client: TestClient, session: Session) -> None:
    admin = bearer(session, Role.admin)
    detail = expect(client.post("/api/rigs", json={"name": "Half", "rig_type": "land", "latitude": 5},
                                 headers=admin), 422)["detail"]
    assert detail[0]["loc"] == ["body", "longitude"] and detail[0]["type"] == "value_error"
    detail = expect(client.post("/api/users", json={"email": "s@test.example", "full_name": "S", "password": "short",
                                                     "role": "engineer"}, headers=admin), 422)["detail"]
    assert detail[0]["loc"] == ["body", "password"]
    body = {"email": "dup@test.example", "full_name": "D", "password": "long enough pw", "role": "engineer"}
    expect(client.post("/api/users", json=body, headers=admin), 201)
    assert "already exists" in expect(client.post("/api/users", json=body, headers=admin), 409)["detail"]
    expect(client.post("/api/rigs", json={"name": "Far", "rig_type": "land", "current_well_id": 99999999999},
                        headers=admin), 422)


@pytest.mark.parametrize("raw", [b'{"name": "N", "rig_type": "land", "day_rate_amount": NaN}',
                                 b'{"name": "I", "rig_type": "land", "day_rate_amount": 1e999}',
                                 b'{"name": "H", "rig_type": "land", "current_well_id": 100000000000000000000}',
                                 b'{"name": "Z\\u0000", "rig_type": "land"}'])
def test_values_no_column_can_hold_are_422_not_500(client: TestClient, session: Session, raw: bytes) -> None:
    admin = {**bearer(session, Role.admin), "content-type": "application/json"}
    detail = expect(client.post("/api/rigs", content=raw, headers=admin), 422)["detail"]
    assert detail[0]["loc"] == ["body"]
    expect(client.put(f"/api/wells/{make_well(session).id}/plan", headers=admin,
                       content=b'{"points": [{"day": NaN, "depth_md_m": 10}]}'), 422)


def test_writes_through_the_api_are_audited_as_the_token_user(client: TestClient, session: Session) -> None:
    auth = bearer(session, Role.ops_manager)
    me = expect(client.get("/api/auth/me", headers=auth), 200)
    rig = expect(client.post("/api/rigs", json={"name": "Audited Rig", "rig_type": "land"}, headers=auth), 201)
    row = session.exec(select(AuditLog).where(AuditLog.entity == "rigs", AuditLog.entity_id == str(rig["id"]),
                                              AuditLog.action == "create")).one()
    assert (row.actor_id, row.actor_email) == (me["id"], me["email"])


def test_lists_page_filter_and_sort(client: TestClient, session: Session) -> None:
    auth = bearer(session, Role.engineer)
    for name, status in (("Zulu", RigStatus.drilling), ("Alpha", RigStatus.idle), ("Mike", RigStatus.drilling)):
        make_rig(session, name=f"{name} test rig", status=status)
    total = len(session.exec(select(Rig)).all())
    page = expect(client.get("/api/rigs?limit=2&offset=0&sort=-name", headers=auth), 200)
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (total, 2, 0, 2)
    names = [r["name"] for r in expect(client.get("/api/rigs?limit=500&sort=-name", headers=auth), 200)["items"]]
    assert names == sorted(names, key=str.casefold, reverse=True)
    drilling = expect(client.get("/api/rigs?status=drilling&sort=name", headers=auth), 200)
    assert {r["status"] for r in drilling["items"]} == {"drilling"}
    assert [r["name"] for r in drilling["items"] if "test rig" in r["name"]] == ["Mike test rig", "Zulu test rig"]
    assert expect(client.get("/api/rigs?offset=2&limit=1&sort=name", headers=auth), 200)["items"][0]["name"] == \
        sorted(names, key=str.casefold)[2]
    for query, field in (("sort=password_hash", "sort"), ("limit=0", "limit"), ("limit=501", "limit"),
                         ("offset=-1", "offset"), ("status=flying", "status")):
        detail = expect(client.get(f"/api/rigs?{query}", headers=auth), 422)["detail"]
        assert detail[0]["loc"] == ["query", field]


def test_well_plan_round_trip_and_validation(client: TestClient, session: Session) -> None:
    well = make_well(session)
    ops, engineer = bearer(session, Role.ops_manager), bearer(session, Role.engineer)
    points = [{"day": 0, "depth_md_m": 0}, {"day": 10, "depth_md_m": 1500}, {"day": 20, "depth_md_m": 3000}]
    saved = expect(client.put(f"/api/wells/{well.id}/plan", json={"points": points}, headers=ops), 200)
    assert saved["points"] == points
    assert expect(client.get(f"/api/wells/{well.id}/plan", headers=engineer), 200)["points"] == points
    expect(client.put(f"/api/wells/{well.id}/plan", json={"points": points}, headers=engineer), 403)
    back_up = [{"day": 0, "depth_md_m": 900}, {"day": 5, "depth_md_m": 100}]
    detail = expect(client.put(f"/api/wells/{well.id}/plan", json={"points": back_up}, headers=ops), 422)["detail"]
    assert detail[0]["loc"] == ["body", "plan"]
    expect(client.get(f"/api/wells/{UNKNOWN_ID}/plan", headers=engineer), 404)


def test_daily_reports_put_patch_and_paging(client: TestClient, session: Session) -> None:
    well = make_well(session, currency="USD")
    auth = bearer(session, Role.engineer)
    first = expect(client.post("/api/daily-reports", json=report_body(well.id or 0, "2026-03-01", 300),
                                headers=auth), 201)
    second = expect(client.post("/api/daily-reports", json=report_body(well.id or 0, "2026-03-02", 700),
                                 headers=auth), 201)
    assert (first["report_number"], second["report_number"], second["distance_drilled_m"]) == (1, 2, 400)
    patched = expect(client.patch(f"/api/daily-reports/{second['id']}", json={"depth_md_m": 750},
                                   headers=auth), 200)
    assert patched["depth_md_m"] == 750 and patched["distance_drilled_m"] == 450
    assert len(patched["time_log"]) == 2 and patched["cost_lines"][0]["amount"] == 100000  # lines kept
    detail = expect(client.patch(f"/api/daily-reports/{second['id']}", json={"depth_md_m": 100}, headers=auth),
                     422)["detail"]
    assert detail[0]["loc"] == ["body", "depth_md_m"]  # shallower than the previous report: the service's rule
    replaced = expect(client.put(f"/api/daily-reports/{first['id']}",
                                  json={**report_body(well.id or 0, "2026-03-01", 250), "time_log": []},
                                  headers=auth), 200)
    assert replaced["time_log"] == [] and replaced["depth_md_m"] == 250
    page = expect(client.get(f"/api/daily-reports?well_id={well.id}&limit=1", headers=auth), 200)
    assert (page["total"], [r["id"] for r in page["items"]]) == (2, [second["id"]])
    expect(client.get("/api/daily-reports?sort=-report_date", headers=auth), 200)
    expect(client.get("/api/daily-reports?sort=report_date", headers=auth), 422)


@pytest.mark.parametrize("role", [*Role, None])
def test_dashboard_views(client: TestClient, session: Session, role: Role | None) -> None:
    auth = bearer(session, role) if role else {}
    allowed = role is not None and "dashboard.read" in ROLE_PERMISSIONS[role]
    for view, key in (("overview", "cards"), ("kpis", "npt_days"), ("alerts", "items")):
        r = client.get(f"/api/dashboard/{view}?today=2026-03-15", headers=auth)
        body = expect(r, 200 if allowed else 401 if role is None else 403)
        if allowed:
            assert key in body
    if role is not None:
        expect(client.get("/api/dashboard/kpis?today=9999-12-31", headers=auth), 422)
