"""Reading uploaded CSV (UTF-8, with or without BOM) and Excel .xlsx files as (line number, header -> value) rows.

Line numbers are those of the file: the header is line 1, so the first data row is line 2 (for Excel: the sheet's
row number). Blank lines are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
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


def _dialect(text: str) -> Any:
    try:
        return csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _csv(filename: str, content: bytes) -> Table:
    text = _text(filename, content)
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header: list[str] | None = None
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                header = [c.strip() for c in cells]
                break
    except csv.Error as exc:
        raise _csv_error(reader.line_num, exc) from None
    if header is None:
        raise ValidationFailed({"file": f"{filename} is empty."})

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield reader.line_num, cells
        except csv.Error as exc:
            raise _csv_error(reader.line_num, exc) from None
    return Table("csv", header, rows())


def _csv_error(line: int, exc: csv.Error) -> ValidationFailed:
    """csv.Error (a cell over the csv module's 128 KB limit, e.g. a broken quote or a binary file) named by line."""
    if "field larger than field limit" in str(exc):
        return ValidationFailed({f"line {line}": "a cell is too long (over 128 KB): an unclosed quote, or not a "
                                                 "CSV file?"})
    return ValidationFailed({f"line {line}": f"unreadable CSV ({exc})"})


@dataclass
class Frame:
    """A CSV file as columns (pandas): ``header``, the ``cells`` of the rows below it (columns by position: text,
    "" when missing, or numbers for the columns asked for, NaN when empty; blank rows included: the reader skips
    them) and their file ``lines``."""

    header: list[str]
    cells: Any       # pandas.DataFrame
    lines: Any       # numpy array of int


def _csv_frame(filename: str, content: bytes, numeric: Callable[[list[str]], Iterable[int]] | None = None) \
        -> Frame | None:
    """The CSV file parsed by pandas' C reader (about 10x the csv module with the per-row work), or None when its
    line numbers cannot be trusted (a quoted value spanning lines, lone CR line ends) or pandas refuses it: then
    the caller reads it row by row with ``_open_table``. Not for .xlsx. ``numeric(header)`` names the columns to
    read as numbers (parsed like Python's float(); a column holding any other text stays text)."""
    import numpy as np
    import pandas as pd  # imported here: only imports need it

    if _format(filename) != "csv" or not isinstance(content, (bytes, bytearray)) or not content \
            or len(content) > MAX_FILE_BYTES:
        return None
    text = _text(filename, bytes(content))
    if "\r" in text.replace("\r\n", ""):
        return None
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header: list[str] | None = None
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                header = [c.strip() for c in cells]
                break
    except csv.Error:
        return None
    if header is None:
        return None
    skip = reader.line_num
    numbers = set(numeric(header)) if numeric is not None else set()
    try:
        frame = pd.read_csv(io.StringIO(text), sep=dialect.delimiter, quotechar=dialect.quotechar or '"',
                            doublequote=dialect.doublequote, escapechar=dialect.escapechar,
                            skipinitialspace=dialect.skipinitialspace, skiprows=skip, header=None,
                            dtype={i: str for i in range(len(header)) if i not in numbers},
                            keep_default_na=False, na_values={i: [""] for i in numbers},
                            float_precision="round_trip", skip_blank_lines=False, engine="c")
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if len(frame) + skip != lines:
        return None
    for column in frame.columns:
        if column not in numbers:
            frame[column] = frame[column].fillna("")
    return Frame(header, frame, np.arange(skip + 1, skip + 1 + len(frame)))


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
