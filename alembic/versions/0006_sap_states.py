"""SAP verdicts kept per annulus (annulus_sap_states) and a readings counter on annulus_latest_readings

``annulus_latest_readings.readings_count``: the trigger of migration 0003 now also adds every inserted reading to
its annulus's count (PostgreSQL: per statement, from the transition table; SQLite: per row); the latest-row columns
still move only for a newer reading. Backfilled from the readings. ``annulus_sap_states``: the latest SAP verdict of
each annulus with what it was derived from (see ``AnnulusSapState``), written by the fleet recompute.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 12:05:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import well_ops.models.base


revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = "annulus_id, measurement_id, measured_at, pressure_bar, temperature_c, source"
NEWER = ("(excluded.measured_at > {t}.measured_at OR (excluded.measured_at = {t}.measured_at "
         "AND excluded.measurement_id > {t}.measurement_id))")
MOVED = ["measurement_id", "measured_at", "pressure_bar", "temperature_c", "source"]


def _update(t: str, step: str) -> str:
    newer = NEWER.format(t=t)
    return ", ".join([f"{c} = CASE WHEN {newer} THEN excluded.{c} ELSE {t}.{c} END" for c in MOVED]
                     + [f"readings_count = {t}.readings_count + {step}"])


PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION annulus_latest_from_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO annulus_latest_readings AS t ({COLUMNS}, readings_count)
    SELECT DISTINCT ON (n.annulus_id) n.annulus_id, n.id, n.measured_at, n.pressure_bar, n.temperature_c, n.source,
           count(*) OVER (PARTITION BY n.annulus_id)
    FROM new_rows n
    ORDER BY n.annulus_id, n.measured_at DESC, n.id DESC
    ON CONFLICT (annulus_id) DO UPDATE SET {_update("t", "excluded.readings_count")};
    RETURN NULL;
END
$$
"""
SQLITE_TRIGGER = f"""
CREATE TRIGGER trg_annulus_latest_readings AFTER INSERT ON annulus_measurements
BEGIN
    INSERT INTO annulus_latest_readings ({COLUMNS}, readings_count)
    VALUES (NEW.annulus_id, NEW.id, NEW.measured_at, NEW.pressure_bar, NEW.temperature_c, NEW.source, 1)
    ON CONFLICT (annulus_id) DO UPDATE SET {_update("annulus_latest_readings", "1")};
END
"""
BACKFILL = """
UPDATE annulus_latest_readings SET readings_count =
    (SELECT count(*) FROM annulus_measurements m WHERE m.annulus_id = annulus_latest_readings.annulus_id)
"""


def upgrade() -> None:
    with op.batch_alter_table('annulus_latest_readings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('readings_count', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                                      server_default='0', nullable=False))
    op.create_table('annulus_sap_states',
    sa.Column('annulus_id', sa.Integer(), nullable=False),
    sa.Column('inputs_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('readings_seen', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('evaluated_at', well_ops.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('window_first_at', well_ops.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('detected', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['annulus_id'], ['annuli.id'], name=op.f('fk_annulus_sap_states_annulus_id_annuli'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('annulus_id', name=op.f('pk_annulus_sap_states'))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_annulus_latest_readings")
        op.execute(SQLITE_TRIGGER)
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table('annulus_sap_states')
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS trg_annulus_latest_readings")
    with op.batch_alter_table('annulus_latest_readings', schema=None) as batch_op:
        batch_op.drop_column('readings_count')
    _restore_0003()  # migration 0003's trigger, as it was


def _restore_0003() -> None:
    update = ", ".join(f"{c} = excluded.{c}" for c in MOVED)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
CREATE OR REPLACE FUNCTION annulus_latest_from_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO annulus_latest_readings AS t ({COLUMNS})
    SELECT DISTINCT ON (n.annulus_id) n.annulus_id, n.id, n.measured_at, n.pressure_bar, n.temperature_c, n.source
    FROM new_rows n
    ORDER BY n.annulus_id, n.measured_at DESC, n.id DESC
    ON CONFLICT (annulus_id) DO UPDATE SET {update}
    WHERE {NEWER.format(t="t")};
    RETURN NULL;
END
$$
""")
    else:
        op.execute(f"""
CREATE TRIGGER trg_annulus_latest_readings AFTER INSERT ON annulus_measurements
BEGIN
    INSERT INTO annulus_latest_readings ({COLUMNS})
    VALUES (NEW.annulus_id, NEW.id, NEW.measured_at, NEW.pressure_bar, NEW.temperature_c, NEW.source)
    ON CONFLICT (annulus_id) DO UPDATE SET {update}
    WHERE {NEWER.format(t="annulus_latest_readings")};
END
""")
