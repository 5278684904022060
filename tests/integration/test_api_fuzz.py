"""Property-based fuzzing of the whole REST API from its OpenAPI document (schemathesis + hypothesis).

Every operation of ``/api/openapi.json`` is called in-process against the ASGI app (no network) as an administrator,
with up to ``MAX_EXAMPLES`` generated requests each (valid and invalid parameters and bodies), and every answer must
be no 5xx, have a declared status code and content type, and a body conforming to the declared response schema.

It runs on both databases (the ``connection`` fixture): about 100 s on SQLite and 150 s on PostgreSQL on the
2-core machine, i.e. PostgreSQL does not double the time, so it is not skipped there. Runs are derandomised (the
same examples each run, so CI is stable); set ``WELLOPS_FUZZ_RANDOM=1`` (and ``WELLOPS_FUZZ_EXAMPLES=200``) to
explore more, random examples locally.
Each case gets a fresh admin token, so a case that deactivates or demotes a user cannot disarm the next ones.
``POST /api/auth/logout`` is left out (it only revokes the caller's own token).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
import sqlalchemy as sa
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import checks
from sqlmodel import Session

from tests.builders import make_campaign, make_rig, make_task, make_user, make_well
from tests.integration.api_helpers import bearer
from tests.integration.integrity_helpers import make_element, make_platform
from well_ops.api.app import OPENAPI_URL, api_app
from well_ops.api.ratelimit import login_limiter
from well_ops.models.barriers import EnvelopeKind
from well_ops.models.users import Role
from well_ops.services import logistics
from well_ops.services.context import SYSTEM

MAX_EXAMPLES = int(os.environ.get("WELLOPS_FUZZ_EXAMPLES", "25"))
RANDOM = os.environ.get("WELLOPS_FUZZ_RANDOM", "") == "1"
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]

schema = schemathesis.openapi.from_asgi(OPENAPI_URL, api_app)


@pytest.fixture()
def fuzz_db(connection: sa.Connection, session: Session) -> Iterator[Session]:
    """The test database with a few rows for the generated ids to hit."""
    rig = make_rig(session)
    make_well(session, rig_id=rig.id, campaign_id=make_campaign(session, rig_id=rig.id).id)
    for _ in range(3):
        make_task(session)
    platform = make_platform(session)  # integrity rows: casings, tubing, annuli, a critical point, an element
    make_element(session, platform.well, EnvelopeKind.primary)
    login_limiter.reset()
    yield session
    login_limiter.reset()


@schema.exclude(path="/api/auth/logout").parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=not RANDOM,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_within_its_declared_schema(case: schemathesis.Case, fuzz_db: Session) -> None:
    case.call_and_validate(headers=bearer(fuzz_db, Role.admin), checks=CHECKS)


def test_what_the_fuzz_found_stays_fixed(fuzz_db: Session) -> None:
    """Each request once answered 500 or an undeclared 400; now each is a 422 naming the place."""
    admin, user = bearer(fuzz_db, Role.admin), make_user(fuzz_db)
    delivery = logistics.create_delivery(SYSTEM, {"item": "Casing", "to_rig_id": make_rig(fuzz_db).id,
                                                  "eta": "2026-05-01T10:00:00Z"})
    task = make_task(fuzz_db)
    json_headers = {**admin, "content-type": "application/json"}
    cases = [
        ("POST", "/api/auth/login", {"content": b",\xf6F", "headers": json_headers}, ["body"]),
        ("PATCH", f"/api/users/{user.id}", {"json": {"role": "ops_manager", "is_active": None}}, ["body", "is_active"]),
        ("POST", "/api/tasks", {"json": {"title": {}}}, ["body", "title"]),
        ("PATCH", f"/api/tasks/{task.id}", {"json": {"version": 1, "title": []}}, ["body", "title"]),
        ("PATCH", f"/api/deliveries/{delivery.id}", {"json": {"eta": "0001-01-01T00:00:00+00:01"}}, ["body", "eta"]),
        ("POST", f"/api/tasks/{task.id}/attachments",
         {"content": b"--b\r\n[{}]--b--\r\n", "headers": {**admin, "content-type": "multipart/form-data; boundary=b"}},
         ["body"]),
    ]
    with TestClient(api_app) as client:
        for method, url, kwargs, loc in cases:
            kwargs.setdefault("headers", admin)
            answer = client.request(method, url, **kwargs)
            assert answer.status_code == 422, (method, url, answer.status_code, answer.text[:300])
            assert answer.json()["detail"][0]["loc"][:len(loc)] == loc, (url, answer.json())
