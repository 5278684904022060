"""The database keeps annulus_latest_readings (migration 0003's trigger) right whatever order readings arrive in."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from tests.builders import make_actor
from tests.integration.integrity_helpers import T0, hourly, make_platform
from well_ops.models.integrity import Annulus, AnnulusLatestReading, AnnulusMeasurement
from well_ops.models.users import Role
from well_ops.services import integrity


def _latest(session: Session, annulus_id: int) -> AnnulusLatestReading | None:
    session.expire_all()
    return session.exec(select(AnnulusLatestReading).where(AnnulusLatestReading.annulus_id == annulus_id)).first()


def test_the_newest_reading_wins_whatever_the_arrival_order(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    assert _latest(session, p.ann_a.id) is None
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(5, lambda i: 10.0 + i))        # 10..14 bar, T0..T0+4h
    row = _latest(session, p.ann_a.id)
    assert row is not None and (row.measured_at, row.pressure_bar) == (T0 + timedelta(hours=4), 14.0)
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(2, 99.0, start=T0 - timedelta(days=2)))  # older: no change
    assert _latest(session, p.ann_a.id).pressure_bar == 14.0  # type: ignore[union-attr]
    # same time from another source: the row inserted last is the latest (as the old query decided)
    integrity.ingest_batch(engineer, p.ann_a.id, [{"measured_at": T0 + timedelta(hours=4), "pressure_bar": 15.5,
                                                   "source": "scada"}])
    row = _latest(session, p.ann_a.id)
    assert (row.pressure_bar, row.source) == (15.5, "scada")  # type: ignore[union-attr]
    integrity.add_reading(engineer, p.ann_a.id, T0 + timedelta(hours=6), 16.0, temperature_c=41.0)
    row = _latest(session, p.ann_a.id)
    assert (row.pressure_bar, row.temperature_c, row.source) == (16.0, 41.0, "manual")  # type: ignore[union-attr]
    assert _latest(session, p.ann_b.id) is None                                             # other annuli untouched
    [via_service] = integrity.latest_readings(engineer, [p.ann_a.id])
    assert via_service.pressure_bar == 16.0 and via_service.measured_at == T0 + timedelta(hours=6)


def test_the_latest_row_goes_with_its_annulus(session: Session) -> None:
    p = make_platform(session)
    integrity.ingest_batch(make_actor(session, Role.engineer), p.ann_b.id, hourly(3, 20.0))
    assert _latest(session, p.ann_b.id) is not None
    session.execute(sa.delete(Annulus).where(Annulus.id == p.ann_b.id))  # cascade, as deleting the annulus does
    session.commit()
    assert _latest(session, p.ann_b.id) is None


def test_many_ids_read_the_table_once(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    integrity.ingest_batch(engineer, p.ann_a.id, hourly(2, 5.0))
    ids = [p.ann_a.id, p.ann_b.id, *range(10_000_000, 10_001_000)]  # more than the IN-list cap; unknown ids ignored
    assert [r.annulus_id for r in integrity.latest_readings(engineer, ids)] == [p.ann_a.id]


def test_readings_need_an_existing_annulus_and_go_with_it(session: Session) -> None:
    """The readings' reference to annuli holds on both databases: a foreign key on SQLite, statement-level triggers
    on PostgreSQL (migration 0005): a reading of a missing annulus is refused (SQLSTATE 23503 on PostgreSQL), also
    inside a batch, and deleting an annulus deletes its readings only."""
    p = make_platform(session)
    integrity.ingest_batch(make_actor(session, Role.engineer), p.ann_a.id, hourly(3, 20.0))
    integrity.ingest_batch(make_actor(session, Role.engineer), p.ann_b.id, hourly(2, 20.0))
    row = {"measured_at": T0, "pressure_bar": 1.0, "source": "sql", "is_bleed": False, "created_at": T0}
    pg = session.get_bind().dialect.name == "postgresql"
    if not pg:
        session.execute(sa.text("PRAGMA foreign_keys = ON"))
    for rows in ([{**row, "annulus_id": 999_999}],
                 [{**row, "annulus_id": p.ann_a.id, "measured_at": T0 + timedelta(days=9)},
                  {**row, "annulus_id": 999_998}]):
        savepoint = session.begin_nested()
        with pytest.raises(sa.exc.IntegrityError) as refused:
            session.execute(sa.insert(AnnulusMeasurement), rows)
            session.flush()
        savepoint.rollback()
        if pg:
            assert refused.value.orig.sqlstate == "23503" and "is not present" in str(refused.value)  # type: ignore[union-attr]
    count = "SELECT count(*) FROM annulus_measurements WHERE annulus_id = :a"
    assert session.execute(sa.text(count), {"a": p.ann_a.id}).scalar() == 3      # nothing of the refused batch
    session.execute(sa.delete(Annulus).where(Annulus.id == p.ann_a.id))
    session.flush()
    assert session.execute(sa.text(count), {"a": p.ann_a.id}).scalar() == 0
    assert session.execute(sa.text(count), {"a": p.ann_b.id}).scalar() == 2
