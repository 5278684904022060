"""A lost database connection is told apart from other errors (the UI then shows "database unavailable")."""

import pytest
import sqlalchemy as sa

from well_ops.services.errors import ValidationFailed, database_unavailable


def _connection_error() -> Exception:
    engine = sa.create_engine("sqlite:////nonexistent-dir-for-this-test/x.db")
    try:
        with engine.connect():
            pass
    except Exception as exc:  # noqa: BLE001 (the real error SQLAlchemy raises)
        return exc
    finally:
        engine.dispose()
    raise AssertionError("connecting to a missing directory succeeded")


def test_a_refused_connection_is_database_unavailable() -> None:
    assert database_unavailable(_connection_error())


@pytest.mark.parametrize("exc", [ValueError("bad"), KeyError("x"), ValidationFailed("name: required"),
                                 sa.exc.IntegrityError("INSERT", {}, Exception("duplicate"))])
def test_other_errors_are_not(exc: Exception) -> None:
    assert not database_unavailable(exc)


def test_the_api_answers_503_with_retry_after_when_the_database_is_down() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from well_ops.api import errors

    app = FastAPI()
    errors.install(app)

    @app.get("/boom")
    def boom() -> None:
        raise _connection_error()

    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert "database is unavailable" in response.json()["detail"]


def test_a_schema_fault_is_not_an_outage() -> None:
    engine = sa.create_engine("sqlite://")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT * FROM no_such_table_here"))
    except sa.exc.OperationalError as exc:
        assert not database_unavailable(exc)  # a database not migrated: fix it, do not tell users to wait
    else:
        raise AssertionError("selecting from a missing table succeeded")
    finally:
        engine.dispose()
