"""Fixtures of the integration tests beyond the databases (tests/conftest.py): the REST API client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from well_ops.api.app import api_app
from well_ops.api.ratelimit import login_limiter


@pytest.fixture()
def client(connection: sa.Connection) -> Iterator[TestClient]:
    """The API app in-process, on the test's database connection (rolled back), with a fresh login rate limit."""
    login_limiter.reset()
    with TestClient(api_app) as c:
        yield c
    login_limiter.reset()
