"""Table filtering, sorting and CSV/Excel export of what is shown."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from well_ops.domain.tabular import filter_rows, to_csv, to_xlsx

ROWS = [
    {"name": "Nordic Star", "status": "drilling", "day_rate": "385000", "code": "007"},
    {"name": "Brent Lancer", "status": "drilling", "day_rate": "165000", "code": "012"},
    {"name": "Eagle Ford 14", "status": "moving", "day_rate": "29000", "code": ""},
    {"name": "sabine", "status": "maintenance", "day_rate": "", "code": "3"},
]
COLUMNS = [("name", "Rig"), ("status", "Status"), ("day_rate", "Day rate"), ("code", "Code")]


def test_search_is_case_insensitive_over_all_columns() -> None:
    assert [r["name"] for r in filter_rows(ROWS, "LANCER")] == ["Brent Lancer"]
    assert [r["name"] for r in filter_rows(ROWS, "mov")] == ["Eagle Ford 14"]


def test_filters_ignore_all_and_blank() -> None:
    assert len(filter_rows(ROWS, filters={"status": "drilling"})) == 2
    assert len(filter_rows(ROWS, filters={"status": "all", "code": ""})) == 4


def test_numbers_sort_as_numbers_and_blanks_last() -> None:
    asc = [r["day_rate"] for r in filter_rows(ROWS, sort_key="day_rate")]
    assert asc == ["29000", "165000", "385000", ""]
    names = [r["name"] for r in filter_rows(ROWS, sort_key="name")]
    assert names == ["Brent Lancer", "Eagle Ford 14", "Nordic Star", "sabine"]  # case-folded
    assert [r["name"] for r in filter_rows(ROWS, sort_key="name", descending=True)][0] == "sabine"


def test_csv_has_labels_and_the_shown_rows_only() -> None:
    shown = filter_rows(ROWS, filters={"status": "drilling"})
    rows = list(csv.reader(io.StringIO(to_csv(shown, COLUMNS))))
    assert rows[0] == ["Rig", "Status", "Day rate", "Code"]
    assert rows[1:] == [["Nordic Star", "drilling", "385000", "007"], ["Brent Lancer", "drilling", "165000", "012"]]


def test_xlsx_writes_numbers_as_numbers_and_keeps_codes_as_text() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(ROWS, COLUMNS, "rigs")))
    sheet = book["rigs"]
    assert [c.value for c in sheet[1]] == ["Rig", "Status", "Day rate", "Code"]
    assert sheet["C2"].value == 385000.0 and sheet["D2"].value == "007"
    assert sheet.max_row == 5
