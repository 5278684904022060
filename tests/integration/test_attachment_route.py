"""Attachment downloads through ``GET /api/attachments/{id}``: bearer token or session cookie, never anonymous;
the bytes come back as a download (``Content-Disposition: attachment``, ``nosniff``) with the user's file name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.builders import make_actor, make_task
from tests.integration.api_helpers import bearer
from well_ops.api.app import api_app
from well_ops.api.attachments import SESSION_COOKIE, content_disposition
from well_ops.models.users import Role
from well_ops.services import tasks

TEXT = b"Casing tally: 12 joints\n"


@pytest.fixture()
def client(connection: sa.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("WELLOPS_UPLOAD_DIR", str(tmp_path / "attachments"))
    with TestClient(api_app) as c:
        yield c


def _attachment(session: Session, filename: str = "tally.txt", content: bytes = TEXT) -> int:
    task = make_task(session)
    return tasks.add_attachment(make_actor(session, Role.engineer), task.id, filename, content).id


def test_bearer_token_downloads_the_bytes_as_an_attachment(client: TestClient, session: Session) -> None:
    key = _attachment(session)
    response = client.get(f"/api/attachments/{key}", headers=bearer(session, Role.executive))
    assert response.status_code == 200 and response.content == TEXT
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["content-disposition"] == "attachment; filename=\"tally.txt\"; filename*=UTF-8''tally.txt"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "no-store" in response.headers["cache-control"]


def test_session_cookie_downloads_too(client: TestClient, session: Session) -> None:
    key = _attachment(session)
    token = bearer(session, Role.logistics)["Authorization"].removeprefix("Bearer ")
    client.cookies.set(SESSION_COOKIE, token)
    response = client.get(f"/api/attachments/{key}")
    assert response.status_code == 200 and response.content == TEXT


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}], ids=["anonymous", "bad-token"])
def test_anonymous_and_bad_tokens_get_401(client: TestClient, session: Session, headers: dict[str, str]) -> None:
    key = _attachment(session)
    response = client.get(f"/api/attachments/{key}", headers=headers)
    assert response.status_code == 401 and TEXT not in response.content
    client.cookies.set(SESSION_COOKIE, "forged")
    assert client.get(f"/api/attachments/{key}").status_code == 401


def test_unknown_attachment_is_404_and_a_bad_id_422(client: TestClient, session: Session) -> None:
    auth = bearer(session, Role.engineer)
    assert client.get("/api/attachments/2000000000", headers=auth).status_code == 404
    assert client.get("/api/attachments/abc", headers=auth).status_code == 422


def test_non_ascii_names_are_encoded_and_have_an_ascii_fallback() -> None:
    name = 'Bohrbericht "Ölfeld"; ä.pdf'
    header = content_disposition(name)
    assert header.startswith('attachment; filename="Bohrbericht _Ölfeld__ _.pdf"'.replace("Ö", "_"))
    assert header.endswith("filename*=UTF-8''" + quote(name, safe=""))
    assert "\n" not in content_disposition("a\nb.txt")
