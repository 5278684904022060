"""annulus reading hours: per annulus and hour, the count, lowest and highest reading of annulus_measurements
(PostgreSQL only), kept by a trigger, so that a chart of a year of one-minute readings aggregates ~8,800 hours
instead of 525,600 rows.

One row per (annulus, hour) with ``date_bin('1 hour', measured_at, 2000-01-01 UTC)`` (independent of the session
time zone). ``lo_*`` is the first lowest reading in (pressure, time, id) order and ``hi_*`` the first highest in
(pressure desc, time, id) order, the same order the chart's raw aggregate uses (``_chart_pg``); times are epoch
seconds (float8, exact to the microsecond for these dates). ``flagged``: a reading of the hour is an entered bleed.

The primary key INCLUDEs every column, so a chart reads an annulus's hours by an index-only scan (its rows are
contiguous in the index, while in the table they are spread among the other annuli's). Kept by one AFTER INSERT ... FOR EACH STATEMENT trigger over the transition table (a COPY or a batch INSERT of
10,000 readings costs one grouped upsert). Readings are never updated, and removed only with their annulus (these
rows go with it: cascade), so insert-only maintenance is exact. SQLite charts are computed from the readings
themselves (the embedded default's sizes), so SQLite has no such table. Existing readings are backfilled.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 11:50:00
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLE = """
CREATE TABLE annulus_reading_hours (
    annulus_id integer NOT NULL REFERENCES annuli (id) ON DELETE CASCADE,
    hour timestamptz NOT NULL,
    n integer NOT NULL,
    lo_p float8 NOT NULL, lo_t float8 NOT NULL, lo_id float8 NOT NULL,
    hi_p float8 NOT NULL, hi_t float8 NOT NULL, hi_id float8 NOT NULL,
    flagged boolean NOT NULL,
    CONSTRAINT pk_annulus_reading_hours PRIMARY KEY (annulus_id, hour)
        INCLUDE (n, lo_p, lo_t, lo_id, hi_p, hi_t, hi_id, flagged)
)
"""
# hi_t and hi_id are stored negated, so that "first highest" is the greatest (hi_p, hi_t, hi_id) like "first lowest"
# is the least (lo_p, lo_t, lo_id)
AGGREGATE = """
SELECT annulus_id, hour, c::int AS n,
       lo[1] AS lo_p, lo[2] AS lo_t, lo[3] AS lo_id, hi[1] AS hi_p, hi[2] AS hi_t, hi[3] AS hi_id, flagged
FROM (SELECT annulus_id, date_bin('1 hour', measured_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,
             count(*) AS c,
             min(ARRAY[pressure_bar, date_part('epoch', measured_at), id::float8]) AS lo,
             max(ARRAY[pressure_bar, -date_part('epoch', measured_at), -id::float8]) AS hi,
             bool_or(is_bleed) AS flagged
      FROM {source} GROUP BY 1, 2) g
"""
UPSERT = """
INSERT INTO annulus_reading_hours AS h (annulus_id, hour, n, lo_p, lo_t, lo_id, hi_p, hi_t, hi_id, flagged)
{select}
ON CONFLICT (annulus_id, hour) DO UPDATE SET
    n = h.n + excluded.n,
    lo_p = CASE WHEN (excluded.lo_p, excluded.lo_t, excluded.lo_id) < (h.lo_p, h.lo_t, h.lo_id) THEN excluded.lo_p ELSE h.lo_p END,
    lo_t = CASE WHEN (excluded.lo_p, excluded.lo_t, excluded.lo_id) < (h.lo_p, h.lo_t, h.lo_id) THEN excluded.lo_t ELSE h.lo_t END,
    lo_id = CASE WHEN (excluded.lo_p, excluded.lo_t, excluded.lo_id) < (h.lo_p, h.lo_t, h.lo_id) THEN excluded.lo_id ELSE h.lo_id END,
    hi_p = CASE WHEN (excluded.hi_p, excluded.hi_t, excluded.hi_id) > (h.hi_p, h.hi_t, h.hi_id) THEN excluded.hi_p ELSE h.hi_p END,
    hi_t = CASE WHEN (excluded.hi_p, excluded.hi_t, excluded.hi_id) > (h.hi_p, h.hi_t, h.hi_id) THEN excluded.hi_t ELSE h.hi_t END,
    hi_id = CASE WHEN (excluded.hi_p, excluded.hi_t, excluded.hi_id) > (h.hi_p, h.hi_t, h.hi_id) THEN excluded.hi_id ELSE h.hi_id END,
    flagged = h.flagged OR excluded.flagged
"""
FUNCTION = f"""
CREATE OR REPLACE FUNCTION annulus_hours_from_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {UPSERT.format(select=AGGREGATE.format(source="new_rows"))};
    RETURN NULL;
END
$$
"""
TRIGGER = """
CREATE TRIGGER trg_annulus_reading_hours AFTER INSERT ON annulus_measurements
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION annulus_hours_from_new_rows()
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(TABLE)
    op.execute(FUNCTION)
    op.execute(TRIGGER)
    op.execute(UPSERT.format(select=AGGREGATE.format(source="annulus_measurements")))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS trg_annulus_reading_hours ON annulus_measurements")
    op.execute("DROP FUNCTION IF EXISTS annulus_hours_from_new_rows()")
    op.execute("DROP TABLE IF EXISTS annulus_reading_hours")
