"""`alembic upgrade head` on an empty database matches the models (alembic check), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import well_ops.models  # noqa: F401
from tests.conftest import alembic_config, create_pg_database, drop_pg_database
from well_ops.db import include_name, include_object_for, make_engine


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url = create_pg_database()
    yield url
    drop_pg_database(url)


def _diff(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name,
                                                   "include_object": include_object_for(conn.dialect.name)})
        diff = compare_metadata(ctx, SQLModel.metadata)
    engine.dispose()
    return diff


def test_upgrade_head_matches_models_and_downgrades_cleanly(empty_db: str) -> None:
    cfg = alembic_config(empty_db)
    command.upgrade(cfg, "head")
    assert _diff(empty_db) == []
    command.check(cfg)  # the same check the CLI runs: raises when autogenerate would emit operations
    command.downgrade(cfg, "base")
    engine = make_engine(empty_db)
    with engine.connect() as conn:
        from sqlalchemy import inspect

        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    command.upgrade(cfg, "head")
    assert _diff(empty_db) == []
