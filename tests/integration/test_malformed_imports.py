"""Malformed input on every import path, on SQLite and PostgreSQL (issue #7): a clear error, nothing half-written.

Paths: annulus readings from CSV and .xlsx files (``integrity.preview_file`` / ``import_file``), JSON batches
(``integrity.ingest_batch`` and ``POST /api/annuli/{id}/measurements``) and the drilling plan CSV
(``wells.import_plan_csv``). Cases: wrong encoding, missing columns, text in number columns, dates in the future or
far past, unreadable dates, duplicates, empty and huge files. Every refusal is a ``ValidationFailed`` naming the
line / row and field (or the file), or a 4xx over HTTP, and the row counts (readings, plan points, tasks, audit
rows) are the same before and after. Each good row sits next to the bad one, so a half-written import would show.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlmodel import Session

from tests.builders import make_actor
from tests.integration.api_helpers import bearer
from tests.integration.integrity_helpers import T0, Platform, count, make_platform
from well_ops.models.audit import AuditLog
from well_ops.models.drilling import WellPlanPoint
from well_ops.models.integrity import AnnulusMeasurement
from well_ops.models.tasks import Task
from well_ops.models.users import Role
from well_ops.services import integrity, wells
from well_ops.services.context import Actor
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity import _files, readings

HEADER = ["time", "pressure_bar", "temperature_c"]
MAPPING = {"time_col": "time", "pressure_col": "pressure_bar", "temperature_col": "temperature_c"}
GOOD_1 = [T0, 21.5, 40.0]
GOOD_2 = [T0 + timedelta(hours=2), 22.5, 41.0]
FUTURE = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=3)
FAR_PAST = datetime(1901, 1, 1, tzinfo=timezone.utc)  # Excel holds no date before 1900


@pytest.fixture()
def platform(session: Session) -> Platform:
    return make_platform(session)


@pytest.fixture()
def engineer(session: Session) -> Actor:
    return make_actor(session, Role.engineer)


def _counts(session: Session) -> tuple[int, int, int, int]:
    """(readings, plan points, tasks, audit rows): what any import could write."""
    session.expire_all()
    return (count(session, AnnulusMeasurement), count(session, WellPlanPoint), count(session, Task),
            count(session, AuditLog))


def _text(value: Any) -> str:
    return value.isoformat().replace("+00:00", "Z") if isinstance(value, datetime) else str(value)


def _csv(rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    return ("\n".join(",".join(_text(c) for c in row) for row in rows) + "\n").encode(encoding)


def _xlsx(rows: list[list[Any]]) -> bytes:
    """A workbook with real cell types: datetimes (naive = UTC, Excel has no zones), numbers, text."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([c.replace(tzinfo=None) if isinstance(c, datetime) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _file(kind: str, rows: list[list[Any]]) -> tuple[str, bytes]:
    return (f"readings.{kind}", _csv(rows) if kind == "csv" else _xlsx(rows))


def _refused(call: Any, *args: Any, **kwargs: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as info:
        call(*args, **kwargs)
    return info.value


# --------------------------------------------------------------------------------------------------------------
# Readings files: CSV and XLSX, row-level problems (named by the file's line number and the field)
# --------------------------------------------------------------------------------------------------------------

ROW_CASES = {
    "text in the pressure column": ([GOOD_1, [T0 + timedelta(hours=1), "twelve", 40.0], GOOD_2],
                                    "line 3", "pressure_bar"),
    "text in the temperature column": ([GOOD_1, [T0 + timedelta(hours=1), 20.0, "warm"], GOOD_2],
                                       "line 3", "temperature_c"),
    "date in the future": ([GOOD_1, [FUTURE, 20.0, 40.0], GOOD_2], "line 3", "is in the future"),
    "date in the far past": ([GOOD_1, GOOD_2, [FAR_PAST, 20.0, 40.0]], "line 4", "is before 1950"),
    "date not ISO 8601": ([GOOD_1, ["05/01/2026 10:00", 20.0, 40.0], GOOD_2], "line 3", "ISO 8601"),
    "date missing": ([GOOD_1, ["", 20.0, 40.0], GOOD_2], "line 3", "measured_at"),
    "short row (missing cells)": ([GOOD_1, GOOD_2, [T0 + timedelta(hours=5)]], "line 4", "pressure_bar"),
    "pressure out of range": ([GOOD_1, [T0 + timedelta(hours=1), 99999, 40.0], GOOD_2], "line 3", "pressure_bar"),
}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("case", list(ROW_CASES))
def test_file_row_errors_name_line_and_field_and_write_nothing(session: Session, platform: Platform,
                                                               engineer: Actor, kind: str, case: str) -> None:
    rows, line, fragment = ROW_CASES[case]
    name, content = _file(kind, [HEADER, *rows])
    before = _counts(session)
    preview = integrity.preview_file(engineer, name, content)  # the preview shows the rows; it checks nothing
    assert preview.header == HEADER and preview.data_rows == len(rows)
    error = _refused(integrity.import_file, engineer, platform.ann_b.id, name, content, MAPPING)
    assert line in error.errors, error.errors
    assert fragment in error.errors[line]
    assert list(error.errors) == [line]  # the good rows are not blamed
    assert _counts(session) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_missing_column_is_named_with_the_columns_found(session: Session, platform: Platform, engineer: Actor,
                                                         kind: str) -> None:
    name, content = _file(kind, [["time", "temperature_c"], [T0, 40.0]])
    before = _counts(session)
    assert "pressure_col" not in integrity.preview_file(engineer, name, content).suggested_mapping
    error = _refused(integrity.import_file, engineer, platform.ann_b.id, name, content, MAPPING)
    assert "no column 'pressure_bar'" in error.errors["mapping.pressure_col"]
    assert "time, temperature_c" in error.errors["mapping.pressure_col"]
    error = _refused(integrity.import_file, engineer, platform.ann_b.id, name, content,
                     {"time_col": "time", "pressure_col": ""})
    assert error.errors == {"mapping.pressure_col": "choose a column"}
    assert _counts(session) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_header_only_file_is_refused(session: Session, platform: Platform, engineer: Actor, kind: str) -> None:
    name, content = _file(kind, [HEADER])
    before = _counts(session)
    error = _refused(integrity.import_file, engineer, platform.ann_b.id, name, content, MAPPING)
    assert error.errors == {"file": "no readings found below the header"}
    assert _counts(session) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_many_bad_lines_are_listed_up_to_the_cap_and_counted(session: Session, platform: Platform,
                                                             engineer: Actor, kind: str) -> None:
    bad = [[T0 + timedelta(minutes=i), "n/a", 40.0] for i in range(readings.MAX_ERRORS + 50)]
    name, content = _file(kind, [HEADER, GOOD_1, *bad])
    before = _counts(session)
    error = _refused(integrity.import_file, engineer, platform.ann_b.id, name, content, MAPPING)
    assert len([k for k in error.errors if k.startswith("line ")]) == readings.MAX_ERRORS
    assert "line 3" in error.errors and "line 2" not in error.errors
    assert error.errors["more"] == "50 more row(s) with errors not listed"
    assert _counts(session) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_duplicates_are_skipped_and_counted_never_stored_twice(session: Session, platform: Platform,
                                                               engineer: Actor, kind: str) -> None:
    name, content = _file(kind, [HEADER, GOOD_1, GOOD_2, GOOD_1, GOOD_2])
    before = count(session, AnnulusMeasurement)
    first = integrity.import_file(engineer, platform.ann_b.id, name, content, MAPPING)
    assert (first.inserted, first.duplicates) == (2, 2)
    again = integrity.import_file(engineer, platform.ann_b.id, name, content, MAPPING)
    assert (again.inserted, again.duplicates) == (0, 4)
    assert count(session, AnnulusMeasurement) == before + 2


# --------------------------------------------------------------------------------------------------------------
# Readings files: file-level problems (encoding, empty, wrong format, huge), for the preview and the import
# --------------------------------------------------------------------------------------------------------------

def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    return out.getvalue()


_GOOD_XLSX = _xlsx([HEADER, GOOD_1, GOOD_2])
FILE_CASES: dict[str, tuple[str, bytes, str]] = {
    "0-byte csv": ("readings.csv", b"", "The file is empty."),
    "0-byte xlsx": ("readings.xlsx", b"", "The file is empty."),
    "blank lines only": ("readings.csv", b"\n \n\t\n", "is empty"),
    "UTF-16 csv": ("readings.csv", _csv([HEADER, GOOD_1], "utf-16"), "is not UTF-8 text"),
    "Latin-1 csv": ("readings.csv", _csv([["time", "pressure_bar", "température"], GOOD_1], "latin-1"),
                    "is not UTF-8 text"),
    "old .xls": ("readings.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "save the file as .xlsx"),
    "unknown extension": ("readings.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file."),
    "csv text named .xlsx": ("readings.xlsx", _csv([HEADER, GOOD_1]), "is not a readable .xlsx workbook"),
    "zip without a workbook": ("readings.xlsx", _zip_without_workbook(), "is not a readable .xlsx workbook"),
    "truncated xlsx": ("readings.xlsx", _GOOD_XLSX[:len(_GOOD_XLSX) // 2], "is not a readable .xlsx workbook"),
}


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_unreadable_files_get_a_file_level_message(session: Session, platform: Platform, engineer: Actor,
                                                    case: str) -> None:
    name, content, fragment = FILE_CASES[case]
    before = _counts(session)
    for error in (_refused(integrity.preview_file, engineer, name, content),
                  _refused(integrity.import_file, engineer, platform.ann_b.id, name, content, MAPPING)):
        assert list(error.errors) == ["file"], error.errors
        assert fragment in error.errors["file"]
    assert _counts(session) == before


def test_utf8_with_bom_and_accents_is_read(session: Session, platform: Platform, engineer: Actor) -> None:
    """The encoding the message asks for ("CSV UTF-8", which Excel writes with a BOM) is read, accents included."""
    content = b"\xef\xbb\xbf" + _csv([["time", "pressure_bar", "température"], GOOD_1, GOOD_2])
    result = integrity.import_file(engineer, platform.ann_b.id, "readings.csv", content,
                                   {"time_col": "time", "pressure_col": "pressure_bar",
                                    "temperature_col": "température"})
    assert result.inserted == 2


@pytest.mark.parametrize("name", ["readings.csv", "readings.xlsx"])
def test_huge_file_is_refused_before_parsing(session: Session, platform: Platform, engineer: Actor,
                                             name: str) -> None:
    content = b"\0" * (_files.MAX_FILE_BYTES + 1)
    before = _counts(session)
    start = time.perf_counter()
    for error in (_refused(integrity.preview_file, engineer, name, content),
                  _refused(integrity.import_file, engineer, platform.ann_b.id, name, content, MAPPING)):
        assert error.errors == {"file": f"The file is larger than {_files.MAX_FILE_BYTES // 2**20} MB."}
    assert time.perf_counter() - start < 5  # refused on its size, not after parsing 200 MB
    assert _counts(session) == before


def test_csv_cell_beyond_the_csv_field_limit_is_a_clear_error(session: Session, platform: Platform,
                                                              engineer: Actor) -> None:
    """Python's csv module raises csv.Error on a field over 128 KB (a binary file renamed .csv, a broken quote):
    that must be a ValidationFailed naming the line, not an unhandled exception (a 500 / a crashed import)."""
    before = _counts(session)
    body = _csv([HEADER, GOOD_1]) + b'2026-01-05T03:00:00Z,"' + b"9" * 200_000 + b"\n"
    error = _refused(integrity.import_file, engineer, platform.ann_b.id, "readings.csv", body, MAPPING)
    assert "line 3" in error.errors and "too long" in error.errors["line 3"]
    huge_header = b"x" * 200_000 + b",pressure_bar\n" + _csv([GOOD_1])
    for error in (_refused(integrity.preview_file, engineer, "readings.csv", huge_header),
                  _refused(integrity.import_file, engineer, platform.ann_b.id, "readings.csv", huge_header,
                           MAPPING)):
        assert "line 1" in error.errors and "too long" in error.errors["line 1"]
    assert _counts(session) == before


# --------------------------------------------------------------------------------------------------------------
# JSON batches: the service, then the same through HTTP
# --------------------------------------------------------------------------------------------------------------

def _reading(at: Any, pressure: Any = 20.0, **extra: Any) -> dict[str, Any]:
    return {"measured_at": _text(at) if isinstance(at, datetime) else at, "pressure_bar": pressure, **extra}


GOOD_A, GOOD_B = _reading(T0), _reading(T0 + timedelta(hours=2))
BATCH_CASES: dict[str, tuple[Any, str, str]] = {
    "text in a number field": ([GOOD_A, _reading(T0 + timedelta(hours=1), "high"), GOOD_B], "row 2",
                               "pressure_bar"),
    "NaN pressure": ([GOOD_A, _reading(T0 + timedelta(hours=1), float("nan")), GOOD_B], "row 2", "pressure_bar"),
    "text temperature": ([GOOD_A, GOOD_B, _reading(T0 + timedelta(hours=3), temperature_c="hot")], "row 3",
                         "temperature_c"),
    "missing measured_at": ([GOOD_A, {"pressure_bar": 20.0}, GOOD_B], "row 2", "measured_at: a time is required"),
    "missing pressure": ([GOOD_A, {"measured_at": _text(T0 + timedelta(hours=1))}, GOOD_B], "row 2",
                         "pressure_bar"),
    "time without a zone": ([GOOD_A, _reading("2026-01-05T01:00:00"), GOOD_B], "row 2", "time zone"),
    "date in the future": ([GOOD_A, _reading(FUTURE), GOOD_B], "row 2", "is in the future"),
    "date in the far past": ([GOOD_A, _reading(FAR_PAST), GOOD_B], "row 2", "is before 1950"),
    "date not ISO 8601": ([GOOD_A, _reading("05/01/2026 10:00"), GOOD_B], "row 2", "ISO 8601"),
    "row not an object": ([GOOD_A, "2026-01-05T01:00:00Z;20", GOOD_B], "row 2", "expected an object"),
    "bleed not a boolean": ([GOOD_A, _reading(T0 + timedelta(hours=1), is_bleed="maybe"), GOOD_B], "row 2",
                            "is_bleed"),
    "source too long": ([GOOD_A, _reading(T0 + timedelta(hours=1), source="s" * 41), GOOD_B], "row 2", "source"),
    "rows not a list": ("time,pressure\n2026-01-05T00:00Z,20", "rows", "non-empty list"),
    "no rows": ([], "rows", "non-empty list"),
    "too many rows": ([_reading(T0 + timedelta(minutes=i)) for i in range(readings.MAX_BATCH + 1)], "rows",
                      "at most 10000"),
}


@pytest.mark.parametrize("case", list(BATCH_CASES))
def test_batch_errors_name_row_and_field_and_write_nothing(session: Session, platform: Platform,
                                                           engineer: Actor, case: str) -> None:
    rows, key, fragment = BATCH_CASES[case]
    before = _counts(session)
    error = _refused(integrity.ingest_batch, engineer, platform.ann_b.id, rows)
    assert list(error.errors) == [key], error.errors
    assert fragment in error.errors[key]
    assert _counts(session) == before


def test_batch_duplicates_are_skipped_and_counted(session: Session, platform: Platform, engineer: Actor) -> None:
    before = count(session, AnnulusMeasurement)
    first = integrity.ingest_batch(engineer, platform.ann_b.id, [GOOD_A, GOOD_B, dict(GOOD_A)])
    assert (first.inserted, first.duplicates) == (2, 1)
    again = integrity.ingest_batch(engineer, platform.ann_b.id, [GOOD_A, GOOD_B])
    assert (again.inserted, again.duplicates) == (0, 2)
    assert count(session, AnnulusMeasurement) == before + 2


def _post(client: TestClient, headers: dict[str, str], annulus_id: int | None, body: bytes) -> Any:
    return client.post(f"/api/annuli/{annulus_id}/measurements", content=body,
                       headers={**headers, "Content-Type": "application/json"})


@pytest.mark.parametrize("case", [c for c in BATCH_CASES if c not in ("NaN pressure", "rows not a list")])
def test_http_batch_errors_are_422_naming_the_row(session: Session, platform: Platform, client: TestClient,
                                                  case: str) -> None:
    rows, key, fragment = BATCH_CASES[case]
    headers = bearer(session, Role.engineer)
    before = _counts(session)
    response = _post(client, headers, platform.ann_b.id, json.dumps({"readings": rows, "source": "scada"}).encode())
    assert response.status_code == 422, response.text[:300]
    text = json.dumps(response.json())
    assert fragment in text
    if key.startswith("row "):
        assert key in text
    assert _counts(session) == before


HTTP_BODIES: dict[str, tuple[bytes, str]] = {
    "empty body": (b"", "send a JSON object"),
    "CSV instead of JSON": (b"time,pressure_bar\n2026-01-05T00:00:00Z,20\n", "send a JSON object"),
    "Latin-1 bytes": ('{"readings": [{"measured_at": "2026-01-05T00:00:00Z", "pressure_bar": 20, "source": "jauge '
                      'é"}]}'.encode("latin-1"), "send a JSON object"),
    "NaN literal": (b'{"readings": [{"measured_at": "2026-01-05T00:00:00Z", "pressure_bar": NaN}]}', "finite"),
    "truncated JSON": (json.dumps({"readings": [GOOD_A, GOOD_B]}).encode()[:-7], "send a JSON object"),
    "unknown field": (json.dumps({"readings": [GOOD_A], "rows": []}).encode(), "unknown field"),
}


@pytest.mark.parametrize("case", list(HTTP_BODIES))
def test_http_unreadable_bodies_are_422(session: Session, platform: Platform, client: TestClient, case: str) -> None:
    body, fragment = HTTP_BODIES[case]
    headers = bearer(session, Role.engineer)
    before = _counts(session)
    response = _post(client, headers, platform.ann_b.id, body)
    assert response.status_code == 422, response.text[:300]
    assert fragment in response.text
    assert _counts(session) == before


def test_http_utf16_json_is_decoded(session: Session, platform: Platform, client: TestClient) -> None:
    """JSON may come as UTF-16 (RFC 8259 readers detect it): it is decoded, not garbled or a 500."""
    headers = bearer(session, Role.engineer)
    body = json.dumps({"readings": [_reading(T0, source="jauge é")]}).encode("utf-16")
    response = _post(client, headers, platform.ann_b.id, body)
    assert response.status_code == 200, response.text[:300]
    assert response.json()["inserted"] == 1


def test_http_huge_body_is_refused_before_parsing(session: Session, platform: Platform, client: TestClient) -> None:
    from well_ops.api import measurement_routes

    headers = bearer(session, Role.engineer)
    before = _counts(session)
    padding = " " * (measurement_routes.MAX_BODY_BYTES + 1)
    response = _post(client, headers, platform.ann_b.id, (json.dumps({"readings": [GOOD_A]}) + padding).encode())
    assert response.status_code == 413, response.text[:300]
    assert _counts(session) == before


# --------------------------------------------------------------------------------------------------------------
# Drilling plan CSV (wells.import_plan_csv): a failed import keeps the previous plan
# --------------------------------------------------------------------------------------------------------------

PLAN_CASES: dict[str, tuple[str, str, str]] = {
    "empty": ("", "file", "the first line must name the columns"),
    "missing depth column": ("day,md\n0,0\n1,100\n", "file", "the first line must name the columns"),
    "header only": ("day,depth_md_m\n", "file", "no plan points found"),
    "text in a number column": ("day,depth_md_m\n0,0\n1,deep\n2,300\n", "line 3", "must be numbers"),
    "missing cell": ("day,depth_md_m\n0,0\n1\n", "line 3", "must be numbers"),
    "out of range": ("day,depth_md_m\n0,0\n5000,100\n", "line 3", "day must be 0-2000"),
    "negative depth": ("day,depth_md_m\n0,-5\n", "line 2", "depth 0-15000"),
    "duplicate day": ("day,depth_md_m\n0,0\n1,100\n1,150\n", "plan", "each day may appear only once"),
    "depth goes back up": ("day,depth_md_m\n0,0\n1,500\n2,300\n", "plan", "goes back up"),
    "blank line before the bad one": ("day,depth_md_m\n0,0\n\n1,100\n2,x\n", "line 5", "must be numbers"),
    "UTF-16 bytes decoded as Latin-1": ("day,depth_md_m\n0,0\n".encode("utf-16").decode("latin-1"), "file",
                                        "the first line must name the columns"),
    "cell beyond the csv field limit": ("day,depth_md_m\n0,0\n1," + "9" * 200_000 + "\n", "line 3", "too long"),
}


@pytest.mark.parametrize("case", list(PLAN_CASES))
def test_plan_csv_errors_keep_the_previous_plan(session: Session, platform: Platform, case: str) -> None:
    text, key, fragment = PLAN_CASES[case]
    admin = make_actor(session, Role.admin)
    wells.set_plan(admin, platform.well.id, [(0, 0), (10, 1500)])
    before = _counts(session)
    error = _refused(wells.import_plan_csv, admin, platform.well.id, text)
    assert list(error.errors) == [key], error.errors
    assert fragment in error.errors[key]
    assert _counts(session) == before
    assert wells.get_plan(admin, platform.well.id) == [(0.0, 0.0), (10.0, 1500.0)]


def test_plan_csv_over_the_size_cap_is_refused_before_parsing(session: Session, platform: Platform) -> None:
    admin = make_actor(session, Role.admin)
    before = _counts(session)
    text = "day,depth_md_m\n" + "".join(f"{d},{d}\n" for d in range(2001)) + " " * wells.MAX_PLAN_CSV_CHARS
    error = _refused(wells.import_plan_csv, admin, platform.well.id, text)
    assert error.errors == {"file": f"the plan CSV is larger than {wells.MAX_PLAN_CSV_CHARS // 1000} kB"}
    assert _counts(session) == before
