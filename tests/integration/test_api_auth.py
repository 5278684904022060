"""The REST API's login (rate-limited), logout, machine tokens, self-hosted docs, OpenAPI document and CORS,
on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.openapi.models import OpenAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from starlette.applications import Starlette

from tests.builders import PASSWORD, make_user
from tests.integration.api_helpers import bearer, expect
from well_ops.api.app import api_app
from well_ops.api.ratelimit import LOGIN_ATTEMPTS_PER_MINUTE, SlidingWindowLimiter, client_ip
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.config import get_settings
from well_ops.models.users import LoginSession, Role, SessionKind


def test_login_me_logout(client: TestClient, session: Session) -> None:
    user = make_user(session, role=Role.logistics, email="lo@test.example")
    out = expect(client.post("/api/auth/login", json={"email": "LO@test.example ", "password": PASSWORD}), 200)
    assert out["token_type"] == "bearer" and out["user"]["email"] == "lo@test.example" and out["expires_at"]
    assert out["user"]["permissions"] == sorted(ROLE_PERMISSIONS[Role.logistics])
    row = session.exec(select(LoginSession).where(LoginSession.user_id == user.id)).one()
    assert row.kind == SessionKind.api and out["access_token"] not in row.token_hash
    auth = {"Authorization": f"Bearer {out['access_token']}"}
    assert expect(client.get("/api/auth/me", headers=auth), 200)["role"] == "logistics"
    expect(client.post("/api/auth/logout", headers=auth), 204)
    expect(client.get("/api/auth/me", headers=auth), 401)
    bad = client.post("/api/auth/login", json={"email": "lo@test.example", "password": "wrong password"})
    assert expect(bad, 401)["detail"] == "Invalid e-mail or password." and bad.headers["www-authenticate"]
    detail = expect(client.post("/api/auth/login", json={"email": "lo@test.example"}), 422)["detail"]
    assert detail[0]["loc"] == ["body", "password"]


def test_login_is_rate_limited_per_email(client: TestClient, session: Session,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WELLOPS_MAX_FAILED_LOGINS", "1000")  # measure the limiter, not the account lockout
    make_user(session, email="target@test.example")
    for n in range(LOGIN_ATTEMPTS_PER_MINUTE):
        with TestClient(api_app, client=(f"10.0.0.{n}", 1000)) as c:  # a new IP each time
            expect(c.post("/api/auth/login", json={"email": "target@test.example", "password": "guess"}), 401)
    refused = client.post("/api/auth/login", json={"email": "target@test.example", "password": PASSWORD})
    expect(refused, 429)
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    expect(client.post("/api/auth/login", json={"email": "other@test.example", "password": "x"}), 401)


def test_login_is_rate_limited_per_ip(client: TestClient, session: Session) -> None:
    for n in range(LOGIN_ATTEMPTS_PER_MINUTE):
        expect(client.post("/api/auth/login", json={"email": f"nobody{n}@test.example", "password": "x"}), 401)
    expect(client.post("/api/auth/login", json={"email": "fresh@test.example", "password": "x"}), 429)
    with TestClient(api_app, client=("192.0.2.9", 1000)) as other:
        expect(other.post("/api/auth/login", json={"email": "fresh@test.example", "password": "x"}), 401)


def test_client_ip_trusts_forwarded_for_only_behind_configured_proxies() -> None:
    assert client_ip("10.0.0.1", "6.6.6.6", hops=0) == "10.0.0.1"  # a client cannot pick its own bucket
    assert client_ip("10.0.0.1", "6.6.6.6, 203.0.113.7", hops=1) == "203.0.113.7"
    assert client_ip("10.0.0.1", "203.0.113.7", hops=2) == "10.0.0.1"
    assert client_ip(None, "", hops=0) == "unknown"


def test_sliding_window_forgets_old_attempts() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(2, 60.0, clock=lambda: now[0])
    assert limiter.hit("k") is None and limiter.hit("k") is None
    assert limiter.hit("k") == 60
    now[0] = 59.5
    assert limiter.hit("k") == 1
    now[0] = 60.0
    assert limiter.hit("k") is None


def test_machine_token_issue_use_list_revoke(client: TestClient, session: Session) -> None:
    admin = bearer(session, Role.admin)
    scada = make_user(session, role=Role.engineer, email="scada@test.example")
    issued = expect(client.post("/api/admin/api-tokens", json={"user_id": scada.id, "label": "SCADA gateway",
                                                                "days": 30}, headers=admin), 201)
    machine = {"Authorization": f"Bearer {issued['token']}"}
    assert expect(client.get("/api/auth/me", headers=machine), 200)["email"] == "scada@test.example"
    expect(client.get("/api/rigs", headers=machine), 200)
    expect(client.post("/api/rigs", json={"name": "By machine", "rig_type": "land"}, headers=machine), 403)
    listed = expect(client.get("/api/admin/api-tokens", headers=admin), 200)
    mine = next(t for t in listed if t["id"] == issued["id"])
    assert mine["active"] and mine["label"] == "SCADA gateway" and "token" not in mine
    row = session.get(LoginSession, issued["id"])
    assert row is not None and row.kind == SessionKind.machine and issued["token"] not in row.token_hash
    expect(client.delete(f"/api/admin/api-tokens/{issued['id']}", headers=admin), 204)
    expect(client.get("/api/rigs", headers=machine), 401)
    expect(client.delete(f"/api/admin/api-tokens/{issued['id']}", headers=admin), 409)
    expect(client.delete("/api/admin/api-tokens/2000000000", headers=admin), 404)
    for body, field in (({"user_id": scada.id, "label": "", "days": 30}, "label"),
                        ({"user_id": scada.id, "label": "x", "days": 0}, "days"),
                        ({"user_id": 2_000_000_000, "label": "x"}, "user_id")):
        detail = expect(client.post("/api/admin/api-tokens", json=body, headers=admin), 422)["detail"]
        assert detail[0]["loc"] == ["body", field]


@pytest.mark.parametrize("role", [r for r in Role if "api_token.write" not in ROLE_PERMISSIONS[r]])
def test_only_admins_manage_machine_tokens(client: TestClient, session: Session, role: Role) -> None:
    auth, user = bearer(session, role), make_user(session)
    expect(client.post("/api/admin/api-tokens", json={"user_id": user.id, "label": "x"}, headers=auth), 403)
    expect(client.get("/api/admin/api-tokens", headers=auth), 403)
    expect(client.delete("/api/admin/api-tokens/1", headers=auth), 403)
    expect(client.get("/api/admin/api-tokens"), 401)


def test_docs_are_served_from_local_assets_only() -> None:
    client = TestClient(api_app)
    html = _expect_html(client.get("/api/docs"))
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*'([^']+)'""", html)
    referenced = [a or b for a, b in urls]
    assert referenced and all(u.startswith("/api/") for u in referenced), referenced
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    for url in referenced:
        assert client.get(url).status_code == 200, url
    spec30 = client.get("/api/docs/openapi-3.0.json").json()
    assert spec30["openapi"].startswith("3.0.") and '{"type": "null"}' not in str(spec30).replace("'", '"')


def _expect_html(response: Any) -> str:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    return str(response.text)


def test_openapi_document_is_valid_and_complete() -> None:
    spec = expect(TestClient(api_app).get("/api/openapi.json"), 200)
    OpenAPI.model_validate(spec)  # the OpenAPI structure, as FastAPI's own models define it
    operations = [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 40
    for path, method, op in operations:
        where = f"{method.upper()} {path}"
        assert op.get("summary") and op.get("description"), where
        codes = set(op["responses"])
        if path != "/api/auth/login":
            assert "401" in codes, where
        if path.startswith("/api/") and "{item_id}" in path:
            assert "404" in codes, where
        if "requestBody" in op:
            assert {"422"} <= codes, where
            if "multipart/form-data" in op["requestBody"]["content"]:  # file uploads: a binary "file" part
                continue
            content = op["requestBody"]["content"]["application/json"]
            assert content.get("examples"), f"{where} has no example body"
        if method in ("post", "put", "patch", "delete") and not path.startswith("/api/auth"):
            assert {"401", "403", "422"} <= codes, where
    assert "/api/docs" not in spec["paths"] and spec["components"]["securitySchemes"]["HTTPBearer"]


def test_cors_allows_only_the_configured_origins() -> None:
    import reflex as rx  # the app's CORS comes from Reflex (cors_allowed_origins = WELLOPS_ALLOWED_ORIGINS)

    assert not [m for m in api_app.user_middleware if "CORS" in str(m.cls)]  # none of our own
    wrapper = Starlette()
    wrapper.mount("", api_app)
    rx.App._add_cors(wrapper)  # what Reflex does to an api_transformer
    allowed = get_settings().allowed_origins[0]
    assert "*" not in get_settings().allowed_origins
    preflight = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}
    with TestClient(wrapper) as c:
        good = c.options("/api/rigs", headers={"Origin": allowed, **preflight})
        evil = c.options("/api/rigs", headers={"Origin": "https://evil.example", **preflight})
        simple = c.get("/api/auth/me", headers={"Origin": "https://evil.example"})
    assert good.status_code == 200 and good.headers["access-control-allow-origin"] == allowed
    assert evil.status_code == 400 and "access-control-allow-origin" not in evil.headers
    assert "access-control-allow-origin" not in simple.headers
