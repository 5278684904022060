"""Filter, sort and export table rows (lists of string dicts). Pure: no database, no UI."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence


def _sort_key(value: str) -> tuple[int, float, str]:
    """Numbers sort as numbers, empty cells last, everything else as case-folded text."""
    if value == "":
        return (2, 0.0, "")
    try:
        return (0, float(value.replace(",", "")), "")
    except ValueError:
        return (1, 0.0, value.casefold())


def filter_rows(rows: Iterable[dict[str, str]], search: str = "", filters: dict[str, str] | None = None,
                sort_key: str = "", descending: bool = False) -> list[dict[str, str]]:
    """Rows containing ``search`` (any column, case-insensitive), equal to every ``filters`` value, sorted."""
    needle = search.strip().casefold()
    active = {k: v for k, v in (filters or {}).items() if v not in ("", "all")}
    out = [
        r for r in rows
        if (not needle or any(needle in str(v).casefold() for v in r.values()))
        and all(r.get(k, "") == v for k, v in active.items())
    ]
    if sort_key:
        out.sort(key=lambda r: _sort_key(str(r.get(sort_key, ""))), reverse=descending)
    return out


def to_csv(rows: Sequence[dict[str, str]], columns: Sequence[tuple[str, str]]) -> str:
    """CSV text with a header of column labels, in the given column order."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow([row.get(key, "") for key, _ in columns])
    return buf.getvalue()


def to_xlsx(rows: Sequence[dict[str, str]], columns: Sequence[tuple[str, str]], sheet: str = "WellOps") -> bytes:
    """An Excel workbook of the rows; numeric-looking cells are written as numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([label for _, label in columns])
    for row in rows:
        ws.append([_cell(row.get(key, "")) for key, _ in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")


def _cell(value: str) -> str | float:
    """Plain numbers become numeric cells; codes with leading zeros, dates and text stay text."""
    return float(value) if _NUMBER.match(value) else value
