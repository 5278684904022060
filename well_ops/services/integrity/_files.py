"""Reading uploaded CSV (UTF-8, with or without BOM) and Excel .xlsx files as (line number, header -> value) rows.

Line numbers are those of the file: the header is line 1, so the first data row is line 2 (for Excel: the sheet's
row number). Blank lines are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from well_ops.services.errors import ValidationFailed

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class Table:
    file_format: str
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]   # (line number, cells), lazily


def _format(filename: str) -> str:
    name = str(filename or "").lower()
    if name.endswith((".csv", ".txt", ".tsv")):
        return "csv"
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith(".xls"):
        raise ValidationFailed({"file": "Old .xls workbooks are not read: save the file as .xlsx or CSV UTF-8."})
    raise ValidationFailed({"file": "Upload a .csv or .xlsx file."})


def _text(filename: str, content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = content[exc.start:exc.start + 1].hex()
        raise ValidationFailed({"file": f"{filename} is not UTF-8 text (byte 0x{bad} at position {exc.start}): save "
                                        "it as 'CSV UTF-8' and import it again."}) from None


def _csv(filename: str, content: bytes) -> Table:
    text = _text(filename, content)
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header: list[str] | None = None
    for cells in reader:
        if any(c.strip() for c in cells):
            header = [c.strip() for c in cells]
            break
    if header is None:
        raise ValidationFailed({"file": f"{filename} is empty."})

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield reader.line_num, cells
    return Table("csv", header, rows())


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _xlsx(filename: str, content: bytes) -> Table:
    from openpyxl import load_workbook  # imported here: only imports need it

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationFailed({"file": f"{filename} is not a readable .xlsx workbook ({type(exc).__name__})."}) \
            from None
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    header: list[str] | None = None
    line = 0
    for cells in it:
        line += 1
        if any(_cell_text(c) for c in cells):
            header = [_cell_text(c) for c in cells]
            break
    if header is None:
        raise ValidationFailed({"file": f"{filename} has no data on its first sheet."})

    def rows() -> Iterator[tuple[int, list[Any]]]:
        n = line
        for cells in it:
            n += 1
            if any(_cell_text(c) for c in cells):
                yield n, list(cells)
        book.close()
    return Table("xlsx", header, rows())


def _open_table(filename: str, content: bytes) -> Table:
    """The file's header and a lazy iterator of its data rows; ValidationFailed on "file" when unreadable."""
    if not isinstance(content, (bytes, bytearray)) or not content:
        raise ValidationFailed({"file": "The file is empty."})
    if len(content) > MAX_FILE_BYTES:
        raise ValidationFailed({"file": f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."})
    kind = _format(filename)
    return _csv(filename, bytes(content)) if kind == "csv" else _xlsx(filename, bytes(content))


_GUESSES = {
    "time_col": ("measured_at", "timestamp", "time", "datetime", "date"),
    "pressure_col": ("pressure_bar", "pressure_psi", "pressure", "whp", "press"),
    "temperature_col": ("temperature_c", "temperature", "temp"),
    "source_col": ("source", "tag"),
    "bleed_col": ("is_bleed", "bleed"),
}


def _suggest(header: list[str]) -> dict[str, str]:
    """Guess the column mapping from the header names (exact names first, then names containing the word)."""
    lower = {h.lower(): h for h in header}
    found: dict[str, str] = {}
    for key, words in _GUESSES.items():
        match = next((lower[w] for w in words if w in lower), None) or next(
            (h for w in words for h in header if w in h.lower()), None)
        if match is not None and match not in found.values():
            found[key] = match
    return found
