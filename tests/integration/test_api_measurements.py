"""The readings endpoints of the REST API on SQLite and PostgreSQL: ``POST /api/annuli/{id}/measurements`` (a batch
of up to 10,000 readings, all-or-nothing, idempotent, limits checked) and ``GET`` (a downsampled time range).

Every role of the permission table (allowed, or 403), anonymous (401), unknown annulus (404), invalid rows named
by row and field (422), the batch size limit, all-or-nothing, idempotence and the task an exceedance raises.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.integration.api_helpers import bearer, expect
from tests.integration.integrity_helpers import T0, Platform, count, make_platform, open_tasks
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.integrity import AnnulusMeasurement
from well_ops.models.users import Role

UNKNOWN_ID = 2_000_000_000
M = AnnulusMeasurement


@pytest.fixture()
def platform(session: Session) -> Platform:
    return make_platform(session)


def _rows(n: int, pressure: float = 20.0, start: Any = T0, **extra: Any) -> list[dict[str, Any]]:
    return [{"measured_at": (start + timedelta(minutes=i)).isoformat().replace("+00:00", "Z"),
             "pressure_bar": pressure + (i % 7) * 0.1, "temperature_c": 40.0, **extra} for i in range(n)]


def _url(annulus_id: int | None) -> str:
    return f"/api/annuli/{annulus_id}/measurements"


def _stored(session: Session, annulus_id: int | None) -> int:
    session.expire_all()
    return count(session, M, M.annulus_id == annulus_id)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_post_and_read_as_the_permission_table_says(role: Role, client: TestClient,
                                                                  session: Session, platform: Platform) -> None:
    auth, perms, aid = bearer(session, role), ROLE_PERMISSIONS[role], platform.ann_a.id
    answer = client.post(_url(aid), json={"readings": _rows(3), "source": "scada"}, headers=auth)
    if "reading.write" in perms:
        assert expect(answer, 200)["inserted"] == 3
        assert _stored(session, aid) == 3
    else:
        expect(answer, 403)
        assert _stored(session, aid) == 0
    read = client.get(_url(aid), params={"from": T0.isoformat(), "to": (T0 + timedelta(days=1)).isoformat()},
                      headers=auth)
    if "reading.read" in perms:
        body = expect(read, 200)
        assert body["total_points"] == (3 if "reading.write" in perms else 0)
    else:
        expect(read, 403)


def test_anonymous_and_bad_tokens_get_401(client: TestClient, platform: Platform) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        assert client.post(_url(platform.ann_a.id), json={"readings": _rows(1)}, headers=headers).status_code == 401
        assert client.get(_url(platform.ann_a.id), headers=headers).status_code == 401


def test_unknown_annulus_is_404(client: TestClient, session: Session) -> None:
    auth = bearer(session, Role.engineer)
    expect(client.post(_url(UNKNOWN_ID), json={"readings": _rows(1)}, headers=auth), 404)
    expect(client.get(_url(UNKNOWN_ID), headers=auth), 404)


def test_invalid_rows_are_named_by_row_and_field_and_nothing_is_stored(client: TestClient, session: Session,
                                                                      platform: Platform) -> None:
    rows = _rows(50)
    rows[3]["pressure_bar"] = 5000
    rows[17]["measured_at"] = "yesterday"
    rows[20]["measured_at"] = "2026-01-05T06:00:00"          # no zone
    rows[30]["is_bleed"] = "maybe"
    answer = expect(client.post(_url(platform.ann_a.id), json={"readings": rows},
                                 headers=bearer(session, Role.engineer)), 422)
    found = {tuple(d["loc"]): d["msg"] for d in answer["detail"]}
    assert set(found) == {("body", "row 4"), ("body", "row 18"), ("body", "row 21"), ("body", "row 31")}
    assert found[("body", "row 4")].startswith("pressure_bar:")
    assert found[("body", "row 18")].startswith("measured_at:")
    assert "time zone" in found[("body", "row 21")]
    assert found[("body", "row 31")].startswith("is_bleed:")
    assert _stored(session, platform.ann_a.id) == 0  # all-or-nothing: 46 good rows, none stored


def test_numeric_text_and_padded_times_are_still_accepted(client: TestClient, session: Session,
                                                          platform: Platform) -> None:
    rows = _rows(5)
    rows[2]["pressure_bar"] = "21.5"
    rows[4]["measured_at"] = " " + rows[4]["measured_at"] + " "
    answer = expect(client.post(_url(platform.ann_a.id), json={"readings": rows},
                                 headers=bearer(session, Role.engineer)), 200)
    assert answer["inserted"] == 5


@pytest.mark.parametrize(("body", "loc"), [
    (b"not json", ["body"]),
    (b"[1, 2]", ["body"]),
    (b'{"readings": []}', ["body", "readings"]),
    (b'{"readings": {"a": 1}}', ["body", "readings"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 1}], "extra": 1}', ["body", "extra"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 1}], "source": 7}', ["body", "source"]),
    (b'{"readings": [17]}', ["body", "row 1"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": NaN}]}', ["body"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 1e999}]}', ["body", "row 1"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 1, "source": "a\\u0000b"}]}',
     ["body", "row 1"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 1}], "source": "\\u0000"}',
     ["body", "source"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 1, "source": [null, null]}]}',
     ["body", "row 1"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": [1, 2]}]}', ["body", "row 1"]),
    (b'{"readings": [{"measured_at": ["2026-01-05T06:00:00Z"], "pressure_bar": 1}]}', ["body", "row 1"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 1' + b"0" * 400 + b"}]}", ["body"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 1, "temperature_c": 1' + b"0" * 400
     + b"}]}", ["body"]),
    (b'{"readings": [{"measured_at": "2026-01-05T06:00:00Z", "pressure_bar": 1e400}]}', ["body", "row 1"]),
    (b"\xff\xfe", ["body"]),
    (b"[" * 100_000, ["body"]),
])
def test_malformed_bodies_are_422(body: bytes, loc: list[str], client: TestClient, session: Session,
                                  platform: Platform) -> None:
    headers = {**bearer(session, Role.engineer), "content-type": "application/json"}
    answer = expect(client.post(_url(platform.ann_a.id), content=body, headers=headers), 422)
    assert answer["detail"][0]["loc"] == loc


def test_more_than_10000_rows_are_refused(client: TestClient, session: Session, platform: Platform) -> None:
    answer = expect(client.post(_url(platform.ann_a.id), json={"readings": _rows(10_001)},
                                 headers=bearer(session, Role.engineer)), 422)
    assert answer["detail"][0]["loc"] == ["body", "readings"]
    assert "10000" in answer["detail"][0]["msg"]
    assert _stored(session, platform.ann_a.id) == 0


def test_a_full_batch_of_10000_is_stored_and_the_same_batch_again_inserts_nothing(
        client: TestClient, session: Session, platform: Platform) -> None:
    auth, aid = bearer(session, Role.engineer), platform.ann_a.id
    rows = _rows(10_000)
    first = expect(client.post(_url(aid), json={"readings": rows, "source": "scada"}, headers=auth), 200)
    assert (first["inserted"], first["duplicates"]) == (10_000, 0)
    again = expect(client.post(_url(aid), json={"readings": rows, "source": "scada"}, headers=auth), 200)
    assert (again["inserted"], again["duplicates"]) == (0, 10_000)
    # overlapping: half stored, half new, plus a row repeated inside the batch
    more = _rows(10, start=T0 + timedelta(minutes=9_995))
    more.append(dict(more[-1]))
    third = expect(client.post(_url(aid), json={"readings": more, "source": "scada"}, headers=auth), 200)
    assert (third["inserted"], third["duplicates"]) == (5, 6)
    # another source at the same times is another reading
    other = expect(client.post(_url(aid), json={"readings": _rows(3), "source": "manual"}, headers=auth), 200)
    assert other["inserted"] == 3
    assert _stored(session, aid) == 10_008


def test_an_exceedance_raises_one_task(client: TestClient, session: Session, platform: Platform) -> None:
    auth, aid = bearer(session, Role.engineer), platform.ann_b.id    # MOP 40 bar
    rows = _rows(20, pressure=30.0)
    rows[7]["pressure_bar"] = 47.5
    rows[12]["pressure_bar"] = 45.0
    answer = expect(client.post(_url(aid), json={"readings": rows}, headers=auth), 200)
    assert [e["kind"] for e in answer["exceedances"]] == ["mop"]
    assert answer["exceedances"][0]["pressure_bar"] == 47.5
    assert answer["exceedances"][0]["measured_at"].startswith((T0 + timedelta(minutes=7)).strftime("%Y-%m-%dT%H:%M"))
    assert len(answer["tasks_raised"]) == 1
    assert [t.id for t in open_tasks(session, "mop_exceed", f"annulus:{aid}")] == answer["tasks_raised"]
    later = _rows(5, pressure=44.0, start=T0 + timedelta(hours=5))
    second = expect(client.post(_url(aid), json={"readings": later}, headers=auth), 200)
    assert second["tasks_raised"] == [] and second["exceedances"][0]["task_created"] is False
    assert len(open_tasks(session, "mop_exceed", f"annulus:{aid}")) == 1


def test_get_downsamples_and_keeps_the_extremes(client: TestClient, session: Session, platform: Platform) -> None:
    auth, aid = bearer(session, Role.engineer), platform.ann_b.id
    rows = _rows(2_000, pressure=20.0)
    rows[1_234]["pressure_bar"] = 39.9                     # the peak, below MOP
    rows[777]["pressure_bar"] = 1.0                        # the trough
    expect(client.post(_url(aid), json={"readings": rows}, headers=auth), 200)
    params = {"from": T0.isoformat(), "to": (T0 + timedelta(days=2)).isoformat(), "max_points": 100}
    body = expect(client.get(_url(aid), params=params, headers=auth), 200)
    assert body["total_points"] == 2_000
    assert len(body["times"]) <= 110 and len(body["times"]) == len(body["pressures_bar"])
    assert max(body["pressures_bar"]) == 39.9 and min(body["pressures_bar"]) == 1.0
    assert body["mop_bar"] == 40
    full = expect(client.get(_url(aid), params={**params, "max_points": 20_000}, headers=auth), 200)
    assert len(full["times"]) == 2_000


@pytest.mark.parametrize(("params", "field"), [
    ({"from": "2026-01-05T00:00:00", "to": "2026-01-06T00:00:00Z"}, "from"),
    ({"from": "2026-01-06T00:00:00Z", "to": "2026-01-05T00:00:00Z"}, "to"),
    ({"max_points": 5}, "max_points"),
    ({"from": "0001-01-01T00:00:00+00:01"}, "from"),
])
def test_get_refuses_bad_ranges(params: dict[str, Any], field: str, client: TestClient, session: Session,
                                platform: Platform) -> None:
    answer = expect(client.get(_url(platform.ann_a.id), params=params, headers=bearer(session, Role.engineer)), 422)
    assert answer["detail"][0]["loc"] == ["query", field]
