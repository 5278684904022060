"""Alembic environment: URL from DATABASE_URL, metadata from the SQLModel tables, batch mode on SQLite."""

from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from sqlmodel import SQLModel

import well_ops.models  # noqa: F401  (registers every table)
from well_ops.db import include_name, include_object_for, make_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    from well_ops.config import get_settings
    from well_ops.db import normalise_url

    context.configure(url=normalise_url(config.get_main_option("sqlalchemy.url") or get_settings().database_url),
                      target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def render_item(type_: str, obj: object, _autogen_context: object) -> str | bool:
    """Render enums without a name, so their CHECK constraint follows the naming convention (ck_<table>_<col>)."""
    if type_ == "type" and isinstance(obj, sa.Enum):
        values = ", ".join(repr(v) for v in obj.enums)
        return f"sa.Enum({values}, native_enum=False, create_constraint=True, length={obj.length})"
    return False


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
        include_name=include_name,
        include_object=include_object_for(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
