"""The schema itself: every table creates, valid rows go in, impossible rows are refused by the database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool
from sqlalchemy.schema import AddConstraint, CreateIndex, CreateTable
from sqlmodel import Session, SQLModel

import well_ops.models as m
from well_ops.models.base import UTCDateTime

T0 = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)


@pytest.fixture
def engine() -> Iterator[sa.Engine]:
    eng = sa.create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})

    @sa.event.listens_for(eng, "connect")
    def _fk_on(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    SQLModel.metadata.create_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: sa.Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


def add(session: Session, obj: Any) -> Any:
    session.add(obj)
    session.flush()
    return obj


def refused(session: Session, obj: Any, constraint: str) -> None:
    """The flush of ``obj`` must fail on the named database constraint."""
    session.add(obj)
    with pytest.raises(IntegrityError, match=constraint):
        session.flush()
    session.rollback()


def pk(obj: Any) -> int:
    """The primary key of a flushed row."""
    assert isinstance(obj.id, int)
    return obj.id


def make_well(session: Session, **kw: Any) -> m.Well:
    return add(session, m.Well(**{"name": "W-1", "field": "North", "spud_date": date(2024, 1, 10), **kw}))


def casing(well_id: int, **kw: Any) -> m.CasingString:
    values: dict[str, Any] = {
        "well_id": well_id, "name": "9 5/8in production", "kind": m.CasingKind.production, "od_mm": 244.5,
        "id_mm": 220.5, "grade": "L80", "weight_kg_per_m": 69.9, "top_md_m": 0.0, "bottom_md_m": 3200.0,
        "top_tvd_m": 0.0, "bottom_tvd_m": 3000.0, "burst_rating_bar": 477.0, "collapse_rating_bar": 325.0,
    }  # fmt: skip
    return m.CasingString(**{**values, **kw})


def test_valid_rows_round_trip(session: Session) -> None:
    rig = add(session, m.Rig(name="Rig A", rig_type=m.RigType.jack_up, latitude=56.5, longitude=3.2))
    camp = add(session, m.Campaign(code="C-24", name="North 2024", rig_id=rig.id, planned_start=date(2024, 1, 1)))
    add(session, m.CampaignRig(campaign_id=camp.id, rig_id=rig.id))
    well = make_well(session, campaign_id=camp.id, rig_id=rig.id)
    rig.current_well_id = pk(well)  # the circular rigs <-> wells link
    report = add(session, m.DailyReport(well_id=pk(well), report_date=date(2024, 1, 11), depth_md_m=350.0))
    add(session, m.TimeLogLine(report_id=report.id, line_no=1, start_at=T0, end_at=T0 + timedelta(hours=6)))
    cs = add(session, casing(pk(well)))
    ann = add(session, m.Annulus(well_id=pk(well), name=m.AnnulusName.B, inner_casing_id=cs.id,
                                 fluid_gradient_bar_per_m=0.118, backup_fluid_gradient_bar_per_m=0.1))  # fmt: skip
    reading = add(session, m.AnnulusMeasurement(annulus_id=ann.id, measured_at=T0, pressure_bar=-0.5))
    env = add(session, m.BarrierEnvelope(well_id=pk(well), kind=m.EnvelopeKind.primary))
    elem = add(session, m.BarrierElement(well_id=pk(well), envelope_id=env.id, kind=m.BarrierElementKind.sssv,
                                         name="SSSV"))  # fmt: skip
    add(session, m.BarrierTest(element_id=elem.id, test_type=m.TestType.inflow, performed_at=T0,
                               result=m.TestResult.pass_))  # fmt: skip
    task = add(session, m.Task(title="Bleed B annulus", well_id=pk(well), tags=["sap", "b-annulus"],
                               trigger_type=m.TriggerType.sap_detected, trigger_key=f"annulus:{ann.id}"))  # fmt: skip
    session.commit()
    session.expire_all()

    got = session.get(m.AnnulusMeasurement, reading.id)
    assert got is not None and got.measured_at == T0 and got.measured_at.tzinfo is not None
    got_task = session.get(m.Task, task.id)
    assert got_task is not None and got_task.tags == ["sap", "b-annulus"] and got_task.version == 1
    assert session.get(m.Rig, rig.id).current_well_id == pk(well)  # type: ignore[union-attr]
    assert session.get(m.BarrierTest, 1).result is m.TestResult.pass_  # type: ignore[union-attr]

    session.delete(session.get(m.Well, pk(well)))  # children cascade, optional links are cleared
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(m.CasingString)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(m.AnnulusMeasurement)) == 0
    session.expire_all()
    assert session.get(m.Rig, rig.id).current_well_id is None  # type: ignore[union-attr]
    assert session.get(m.Task, task.id).well_id is None  # type: ignore[union-attr]


def test_negative_depth_refused(session: Session) -> None:
    well = make_well(session)
    bad = m.DailyReport(well_id=pk(well), report_date=date(2024, 1, 11), depth_md_m=-5.0)
    refused(session, bad, "ck_daily_reports_depth_md_m_nonneg")


def test_casing_top_below_bottom_refused(session: Session) -> None:
    well = make_well(session)
    refused(session, casing(pk(well), top_md_m=3300.0, bottom_md_m=3200.0), "ck_casing_strings_top_above_bottom")


@pytest.mark.parametrize("id_mm", [244.5, 250.0])
def test_casing_id_not_below_od_refused(session: Session, id_mm: float) -> None:
    well = make_well(session)
    refused(session, casing(pk(well), id_mm=id_mm), "ck_casing_strings_id_lt_od")


def test_latitude_out_of_range_refused(session: Session) -> None:
    bad = m.Rig(name="Rig B", rig_type=m.RigType.land, latitude=95.0, longitude=0.0)
    refused(session, bad, "ck_rigs_latitude_range")


def test_completion_before_spud_refused(session: Session) -> None:
    refused(session, m.Well(name="W-2", spud_date=date(2024, 3, 1), completion_date=date(2024, 2, 1)),
            "ck_wells_completion_order")


def test_unknown_enum_value_refused_on_raw_insert(session: Session) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    with pytest.raises(IntegrityError, match="ck_rigs_rig_type"):
        session.execute(
            sa.text(
                "INSERT INTO rigs (name, rig_type, contractor, status, day_rate_amount, currency, notes, "
                "created_at, updated_at) VALUES ('Rig X', 'spaceship', '', 'idle', 0, 'USD', '', :now, :now)"
            ),
            {"now": now},
        )
    session.rollback()


def test_task_depending_on_itself_refused(session: Session) -> None:
    task = add(session, m.Task(title="Run BOP test"))
    refused(session, m.TaskDependency(task_id=task.id, blocked_by_id=task.id), "ck_task_dependencies_not_self")


def test_likelihood_outside_1_to_5_refused(session: Session) -> None:
    refused(session, m.RiskMatrixCell(likelihood=6, consequence=1, category=m.RiskCellCategory.low, score=4),
            "ck_risk_matrix_cells_likelihood_range")


def test_time_log_ending_before_it_starts_refused(session: Session) -> None:
    report = add(session, m.DailyReport(well_id=pk(make_well(session)), report_date=date(2024, 1, 11)))
    refused(session, m.TimeLogLine(report_id=report.id, start_at=T0, end_at=T0),
            "ck_report_time_logs_end_after_start")  # fmt: skip


def test_annulus_readings_below_vacuum_or_duplicated_refused(session: Session) -> None:
    well = make_well(session)
    ann = add(session, m.Annulus(well_id=pk(well), name=m.AnnulusName.A, fluid_gradient_bar_per_m=0.1,
                                 backup_fluid_gradient_bar_per_m=0.1))  # fmt: skip
    refused(session, m.AnnulusMeasurement(annulus_id=ann.id, measured_at=T0, pressure_bar=-2.0),
            "ck_annulus_measurements_pressure_bar_min")  # fmt: skip
    ann = add(session, m.Annulus(well_id=pk(make_well(session)), name=m.AnnulusName.A, fluid_gradient_bar_per_m=0.1,
                                 backup_fluid_gradient_bar_per_m=0.1))  # fmt: skip
    add(session, m.AnnulusMeasurement(annulus_id=ann.id, measured_at=T0, pressure_bar=10.0))
    refused(session, m.AnnulusMeasurement(annulus_id=ann.id, measured_at=T0, pressure_bar=11.0), "UNIQUE")


def test_every_table_has_a_primary_key() -> None:
    for table in SQLModel.metadata.sorted_tables:
        assert table.primary_key.columns, f"{table.name} has no primary key"


def test_every_datetime_column_is_utc() -> None:
    for table in SQLModel.metadata.sorted_tables:
        for col in table.columns:
            if isinstance(col.type, sa.DateTime) or col.type.python_type is datetime:
                assert isinstance(col.type, UTCDateTime), f"{table.name}.{col.name} is not UTCDateTime"


def test_constraint_names_are_unique_and_fit_postgres() -> None:
    dialect = postgresql.dialect()
    dialect.max_identifier_length = 10_000  # render full names: SQLAlchemy would silently shorten long ones
    names: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=dialect))
        ddl += "".join(str(AddConstraint(fk).compile(dialect=dialect)) for fk in table.foreign_key_constraints
                       if fk.use_alter)  # fmt: skip
        names += re.findall(r"CONSTRAINT (\w+)", ddl)
        names += [str(CreateIndex(ix).compile(dialect=dialect)).split()[2] for ix in table.indexes]
    too_long = [n for n in names if len(n) > 63]
    assert not too_long, f"longer than PostgreSQL's 63 characters: {too_long}"
    dupes = {n for n in names if names.count(n) > 1}
    assert not dupes, f"duplicate constraint/index names: {dupes}"
    assert "fk_rigs_current_well_id_wells" in names and "uq_annuli_well_id_name" in names


def test_whole_schema_compiles_for_postgresql() -> None:
    dialect = postgresql.dialect()
    for table in SQLModel.metadata.sorted_tables:
        assert "CREATE TABLE" in str(CreateTable(table).compile(dialect=dialect))
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=dialect))
    ddl = str(CreateTable(m.AnnulusMeasurement.__table__).compile(dialect=dialect))  # type: ignore[attr-defined]
    assert "BIGSERIAL" in ddl
