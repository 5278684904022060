"""The fast ingestion paths give the same answers as the row-by-row checks, on SQLite and PostgreSQL (COPY):
CSV files read with pandas (vectorised checks, the row check only for the rows they do not accept), JSON batches
(quick check per row), duplicates inside a file and against stored rows (the first one wins), the file's line
numbers in errors (blank lines, quoted values spanning lines), time zones at a DST change, the peak for the limits.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session, col, select

from tests.builders import make_actor
from tests.integration.integrity_helpers import count, make_platform, open_tasks
from well_ops.models.integrity import AnnulusMeasurement
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.errors import ValidationFailed

M = AnnulusMeasurement
MAPPING = {"time_col": "time", "pressure_col": "p", "temperature_col": "t", "source_col": "src", "bleed_col": "bleed"}
T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)


def _csv(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _stored(session: Session, annulus_id: int | None) -> list[tuple[datetime, float, float | None, str, bool]]:
    session.expire_all()
    return [tuple(r) for r in session.exec(  # type: ignore[misc]
        select(M.measured_at, M.pressure_bar, M.temperature_c, M.source, M.is_bleed)
        .where(M.annulus_id == annulus_id).order_by(col(M.measured_at), col(M.source)))]


def test_quick_and_row_checked_rows_mix_in_file_order(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    content = _csv([
        "time,p,t,src,bleed",
        "2026-01-05T00:00:00Z,10.5,40,gauge,no",
        "2026-01-05 01:00,\"11,5\",,,yes",                  # decimal comma: the row check accepts it
        "2026-01-05T02:00:00+01:00,99,41,gauge,",            # 01:00 UTC from gauge: not a duplicate of line 3
        "2026-01-05T01:00:00Z,12.5,42,import,0",             # same key as line 3 (default source): a duplicate
        "  2026-01-05T03:00:00Z , 13 , 43 , gauge , TRUE ",  # padded cells
    ])
    result = integrity.import_file(engineer, p.ann_a.id, "mix.csv", content, MAPPING)
    assert (result.inserted, result.duplicates) == (4, 1)
    assert _stored(session, p.ann_a.id) == [
        (T0, 10.5, 40.0, "gauge", False),
        (T0 + timedelta(hours=1), 99.0, 41.0, "gauge", False),
        (T0 + timedelta(hours=1), 11.5, None, "import", True),   # line 3 kept, line 5 skipped: the first wins
        (T0 + timedelta(hours=3), 13.0, 43.0, "gauge", True)]
    assert result.max_pressure_bar == 99.0 and result.first_at == T0
    assert [e.kind for e in result.exceedances] == ["mop"]     # MOP of annulus A is 60 bar
    assert len(open_tasks(session, "mop_exceed", f"annulus:{p.ann_a.id}")) == 1
    again = integrity.import_file(engineer, p.ann_a.id, "mix.csv", content, MAPPING)
    assert (again.inserted, again.duplicates) == (0, 5)


def test_errors_keep_the_file_line_numbers(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    content = _csv(["", "time,p,t,src,bleed", "2026-01-05T00:00:00Z,10,40,g,no", "", "  ,  ",
                    "2026-01-05T01:00:00Z,-5,40,g,no", "2026-01-05T02:00:00,10,40,g,maybe",
                    "2999-01-05T03:00:00Z,10,40,g,no", "2026-01-05T04:00:00Z,10,40," + "x" * 41 + ",no"])
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_a.id, "bad.csv", content, MAPPING)
    assert list(err.value.errors) == ["line 6", "line 7", "line 8", "line 9"]
    assert err.value.errors["line 6"].startswith("pressure_bar")
    assert err.value.errors["line 7"].startswith("is_bleed")
    assert "future" in err.value.errors["line 8"]
    assert err.value.errors["line 9"].startswith("source")
    assert count(session, M, M.annulus_id == p.ann_a.id) == 0


def test_a_quoted_value_spanning_lines_keeps_the_line_numbers(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    content = _csv(["time,p,t,src,bleed", '2026-01-05T00:00:00Z,10,40,"two', 'lines",no',
                    "2026-01-05T01:00:00Z,abc,40,g,no"])
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_a.id, "multi.csv", content, MAPPING)
    assert list(err.value.errors) == ["line 4"]


def test_local_times_across_the_dst_change(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    # Oslo: 2026-03-29 02:00 local does not exist (clocks jump to 03:00); the row check reads it as UTC+1
    content = _csv(["time,p", "2026-03-29 01:30,10", "2026-03-29 02:30,11", "2026-03-29 04:30,12"])
    result = integrity.import_file(engineer, p.ann_a.id, "dst.csv", content,
                                   {"time_col": "time", "pressure_col": "p"}, time_zone="Europe/Oslo")
    assert result.inserted == 3
    times = [r[0] for r in _stored(session, p.ann_a.id)]
    assert times == [datetime(2026, 3, 29, h, 30, tzinfo=timezone.utc) for h in (0, 1, 2)]


def test_json_batch_quick_path_and_fallback_agree(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    rows = [{"measured_at": (T0 + timedelta(minutes=i)).isoformat(), "pressure_bar": 20 + i % 3,
             "temperature_c": None, "is_bleed": i == 4} for i in range(10)]
    rows.append(dict(rows[3]))                                  # repeated inside the batch
    rows.append({"measured_at": T0 + timedelta(hours=2), "pressure_bar": "30,5", "source": " manual "})
    result = integrity.ingest_batch(engineer, p.ann_a.id, rows, source="scada")
    assert (result.inserted, result.duplicates) == (11, 1)
    stored = _stored(session, p.ann_a.id)
    assert stored[-1] == (T0 + timedelta(hours=2), 30.5, None, "manual", False)
    assert stored[4][4] is True and {r[3] for r in stored[:10]} == {"scada"}
    assert result.max_pressure_bar == 30.5 and result.last_at == T0 + timedelta(hours=2)


def test_copy_escapes_odd_sources(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    odd = "tag\\1\tB"
    integrity.ingest_batch(engineer, p.ann_a.id, [{"measured_at": T0, "pressure_bar": 5, "source": odd}])
    assert _stored(session, p.ann_a.id)[0][3] == odd
    with pytest.raises(ValidationFailed) as err:
        integrity.ingest_batch(engineer, p.ann_a.id, [{"measured_at": T0, "pressure_bar": 5, "source": "a\x00b"}])
    assert list(err.value.errors) == ["row 1"]


def test_empty_numbers_header_only_and_broken_quotes(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_a.id, "gap.csv", _csv(["time,p", "2026-01-05T00:00:00Z,", "x,1"]),
                              {"time_col": "time", "pressure_col": "p"})
    assert err.value.errors["line 2"] == "pressure_bar: must be a number from -1.1 to 2000 bar (got '')"
    assert list(err.value.errors) == ["line 2", "line 3"]
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_a.id, "head.csv", _csv(["time,p"]), {"time_col": "time",
                                                                                 "pressure_col": "p"})
    assert "no readings" in err.value.errors["file"]
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_a.id, "quote.csv",
                              _csv(["time,p", '2026-01-05T00:00:00Z,"1', "2026-01-05T01:00:00Z,2"]),
                              {"time_col": "time", "pressure_col": "p"})
    assert list(err.value.errors) == ["line 3"]     # the csv module's answer: the record ends on line 3
    assert count(session, M, M.annulus_id == p.ann_a.id) == 0


def test_many_sources_with_and_without_temperature_keep_their_values(session: Session) -> None:
    """The PostgreSQL file path sends one binary block per (source, temperature given): every value lands."""
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    lines = ["time,p,t,src,bleed"]
    expected = []
    for i in range(40):
        at = T0 + timedelta(minutes=i)
        src = ["gauge", "Trykkmåler ø", "x" * 40][i % 3]
        temp = None if i % 4 == 0 else -59.5 + i
        lines.append(f"{at.isoformat()},{0.1 * i!r},{'' if temp is None else temp},{src},{i % 5 == 0}")
        expected.append((at, 0.1 * i, temp, src, i % 5 == 0))
    result = integrity.import_file(engineer, p.ann_a.id, "many.csv", _csv(lines), MAPPING)
    assert result.inserted == 40
    assert sorted(_stored(session, p.ann_a.id)) == sorted(expected)
