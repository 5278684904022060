"""File import of readings: CSV and XLSX, psi conversion, line-numbered errors, encodings, re-import, progress."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from openpyxl import Workbook
from sqlmodel import Session, col, select

from tests.builders import make_actor
from tests.integration.integrity_helpers import count, make_platform
from well_ops.models.integrity import AnnulusMeasurement
from well_ops.models.users import Role
from well_ops.services import integrity
from well_ops.services.errors import ValidationFailed

MAPPING = {"time_col": "Timestamp", "pressure_col": "WHP psi", "temperature_col": "Temp"}


def _csv(lines: list[str], bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode("utf-8")


def _pressures(session: Session, annulus_id: int | None) -> list[float]:
    return [round(p, 4) for p in session.exec(select(AnnulusMeasurement.pressure_bar)
                                              .where(AnnulusMeasurement.annulus_id == annulus_id)
                                              .order_by(col(AnnulusMeasurement.measured_at)))]


def test_csv_in_psi_is_converted_and_reimport_adds_nothing(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    content = _csv(["Timestamp,WHP psi,Temp", "2026-01-05 00:00,100,40", "2026-01-05 01:00,150,41",
                    "2026-01-05T02:00:00+01:00,200,"], bom=True)
    first = integrity.import_file(engineer, p.ann_b.id, "whp.csv", content, MAPPING, pressure_unit="psi")
    # 100 psi = 6.89476 bar; the +01:00 time of line 4 is 01:00 UTC, the same instant as line 3: a duplicate
    assert (first.inserted, first.duplicates) == (2, 1)
    assert _pressures(session, p.ann_b.id) == [6.8948, 10.3421]
    again = integrity.import_file(engineer, p.ann_b.id, "whp.csv", content, MAPPING, pressure_unit="psi")
    assert again.inserted == 0 and again.duplicates == 3
    assert count(session, AnnulusMeasurement) == first.inserted


def test_time_zone_temperature_and_kpa(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    content = _csv(["time;pressure;temp", "2026-01-05 09:00;1500;104", "2026-01-05 10:00;1000,5;86"])
    result = integrity.import_file(engineer, p.ann_b.id, "semicolon.csv", content,
                                   {"time_col": "time", "pressure_col": "pressure", "temperature_col": "temp"},
                                   pressure_unit="kPa", temperature_unit="F", time_zone="Europe/Oslo")
    assert result.inserted == 2
    rows = session.exec(select(AnnulusMeasurement).where(AnnulusMeasurement.annulus_id == p.ann_b.id)
                        .order_by(col(AnnulusMeasurement.measured_at))).all()
    assert rows[0].measured_at == datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)   # Oslo is UTC+1 in January
    assert rows[0].pressure_bar == pytest.approx(15.0) and rows[0].temperature_c == pytest.approx(40.0)
    assert rows[1].pressure_bar == pytest.approx(10.005) and rows[1].temperature_c == pytest.approx(30.0)


def test_errors_are_listed_by_file_line_and_nothing_is_written(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    content = _csv(["Timestamp,WHP psi,Temp", "2026-01-05 00:00,100,40", "", "2026-01-05 01:00,abc,41",
                    "yesterday,120,40", "2026-01-05 03:00,90,900"])
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_b.id, "bad.csv", content, MAPPING, pressure_unit="psi")
    assert set(err.value.errors) == {"line 4", "line 5", "line 6"}      # line 3 is blank, line 1 the header
    assert err.value.errors["line 4"].startswith("pressure_bar")
    assert err.value.errors["line 5"].startswith("measured_at")
    assert err.value.errors["line 6"].startswith("temperature_c")
    assert count(session, AnnulusMeasurement) == 0


def test_wrong_encoding_and_bad_mapping_are_clear(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    latin1 = "Timestamp,WHP psi,Temp\n2026-01-05 00:00,100,40 \xb0C\n".encode("latin-1")
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_b.id, "latin.csv", latin1, MAPPING)
    assert "not UTF-8" in err.value.errors["file"] and "0xb0" in err.value.errors["file"]
    good = _csv(["Timestamp,WHP psi", "2026-01-05 00:00,100"])
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_b.id, "x.csv", good, {"time_col": "Timestamp", "pressure_col": "P"})
    assert "mapping.pressure_col" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_b.id, "x.xls", good, MAPPING)
    assert "xlsx" in err.value.errors["file"]
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_b.id, "x.csv", good, MAPPING, pressure_unit="atm")
    assert "pressure_unit" in err.value.errors


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_import_with_line_numbers(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    start = datetime(2026, 1, 5, 0, 0)
    rows: list[list[object]] = [["Timestamp", "WHP psi", "Temp"]]
    rows += [[start + timedelta(hours=i), 100 + i, 40.0] for i in range(30)]
    result = integrity.import_file(engineer, p.ann_b.id, "whp.xlsx", _xlsx(rows), MAPPING, pressure_unit="psi")
    assert result.inserted == 30 and result.max_pressure_bar == pytest.approx(129 * 0.0689476)
    assert result.first_at == datetime(2026, 1, 5, tzinfo=timezone.utc)
    rows[7][1] = "n/a"                                         # sheet row 8
    with pytest.raises(ValidationFailed) as err:
        integrity.import_file(engineer, p.ann_b.id, "bad.xlsx", _xlsx(rows), MAPPING, pressure_unit="psi")
    assert list(err.value.errors) == ["line 8"]
    preview = integrity.preview_file(engineer, "whp.xlsx", _xlsx(rows))
    assert preview.header == ["Timestamp", "WHP psi", "Temp"] and len(preview.rows) == 20 and preview.data_rows == 30
    assert preview.suggested_mapping["time_col"] == "Timestamp" and preview.file_format == "xlsx"


def test_large_file_in_chunks_with_progress(session: Session) -> None:
    p = make_platform(session)
    engineer = make_actor(session, Role.engineer)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    lines = ["time,pressure"] + [f"{(start + timedelta(minutes=i)).isoformat()},{10 + (i % 7)}" for i in range(25000)]
    calls: list[tuple[int, int]] = []
    result = integrity.import_file(engineer, p.ann_b.id, "big.csv", _csv(lines),
                                   {"time_col": "time", "pressure_col": "pressure"},
                                   progress=lambda done, total: calls.append((done, total)))
    assert result.inserted == 25000
    assert calls == [(10000, 25000), (20000, 25000), (25000, 25000)]
    preview = integrity.preview_file(engineer, "big.csv", _csv(lines))
    assert preview.data_rows == 25000 and preview.rows[0] == [start.isoformat(), "10"]
