"""Shared fixtures: real SQLite and PostgreSQL databases migrated by alembic; each test rolled back."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("WELLOPS_BCRYPT_ROUNDS", "4")  # fast hashes in tests; the cost is measured in bench/

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlmodel import Session

from well_ops import db
from well_ops.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("WELLOPS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.attributes["configure_logger"] = False
    return cfg


def _pg_available() -> bool:
    try:
        eng = sa.create_engine(PG_ADMIN_URL)
        with eng.connect() as conn:
            conn.execute(sa.text("select 1"))
        eng.dispose()
        return True
    except Exception:
        return False


def create_pg_database() -> str:
    """A new, empty PostgreSQL database for this test run; returns its URL."""
    if not _pg_available():
        if IN_CI:
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI (run scripts/ensure_services.sh)")
        pytest.skip("PostgreSQL not reachable (allowed outside CI only)")
    name = f"wellops_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database of each kind, shared by the session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'wellops.db'}"
        command.upgrade(alembic_config(url), "head")
        yield url
        return
    url = create_pg_database()
    try:
        command.upgrade(alembic_config(url), "head")
        yield url
    finally:
        db.set_engine(None)
        drop_pg_database(url)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture()
def connection(engine: Engine) -> Iterator[sa.Connection]:
    """One connection in an outer transaction that is rolled back after the test; services use SAVEPOINTs in it."""
    conn = engine.connect()
    outer = conn.begin()
    db.set_engine(engine)
    db.set_session_factory(lambda: Session(bind=conn, join_transaction_mode="create_savepoint",
                                           expire_on_commit=False))
    try:
        yield conn
    finally:
        db.set_session_factory(None)
        outer.rollback()
        conn.close()


@pytest.fixture()
def session(connection: sa.Connection) -> Iterator[Session]:
    """A session on the test connection, for arranging rows and checking results directly."""
    with Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False) as s:
        yield s
