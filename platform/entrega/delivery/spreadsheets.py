"""Spreadsheet files in and out: the columns of each kind of file, reading an upload safely, and writing
CSV and Excel files.

Uploads are hostile until proven otherwise. A file is judged by its bytes, not its name: an .xlsx must be a
zip holding a workbook, a CSV must be text. A workbook's declared uncompressed sizes are checked before it
is opened (a zip "bomb" is refused unread), its parts are streamed once to count shared strings and rows and to
measure the widest row (what makes openpyxl slow or hungry), it is opened read-only, values only (a formula is never
evaluated: its stored result is read), and never more rows or columns are read than allowed. Exports
neutralise text that a spreadsheet would run as a formula (CSV injection) by prefixing it with a quote;
imports remove that quote again, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NoReturn

from marshmallow import ValidationError

MEASUREMENT_COLUMNS = ("indicator", "period", "value", "breakdown", "source", "note")
# "name" stands for one column per language of the government: name_es, name_en, …
INDICATOR_COLUMNS = ("code", "priority", "name", "definition", "formula", "unit", "polarity", "frequency",
                     "accumulation", "source", "ministry", "owner_person", "disaggregation", "decimals")  # fmt: skip
SHEETS = {"measurements": "Measurements", "indicators": "Indicators"}

MAX_FILE_BYTES = 15 * 1024 * 1024  # below the app's request limit (16 MB), so the API can say which field
MAX_ROWS = 500_000
EXCEL_ROWS = 1_048_576  # no sheet Excel writes goes further; openpyxl is told to stop there
MAX_COLUMNS = 64
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024  # what a workbook of MAX_ROWS rows plausibly expands to
MAX_COMPRESSION_RATIO = 100  # a spreadsheet compresses 5 to 20 times; a bomb, thousands
MAX_ZIP_MEMBERS = 1_000
# Within those sizes a workbook can still cost minutes and gigabytes to open: openpyxl loads every shared
# string when it opens a book, and a whole row (every cell of it) before handing its first columns over.
MAX_SHARED_STRINGS = 100_000  # distinct texts: far more than a file of data holds, few enough to load in seconds
MAX_ROW_BYTES = 1024 * 1024  # one row of at most MAX_COLUMNS cells, each a long text, is far below this
# Each tag plain (<si>) and with a namespace prefix (<x:si>), as two patterns that start with a literal: fast.
_SHARED_STRING = (re.compile(rb"<si[\s/>]"), re.compile(rb":si[\s/>]"))
_ROW = (re.compile(rb"<row[\s/>]"), re.compile(rb":row[\s/>]"))
_SCAN_CHUNK = 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def refuse(reason: str) -> NoReturn:
    """The whole file is refused, before any row is looked at."""
    raise ValidationError({"file": [reason]})


class UnreadableRow(Exception):
    """The file turned out to be broken (or too long) part-way through."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(reason)
        self.row = row
        self.reason = reason


@dataclass
class Table:
    """The rows of an uploaded file: the header's columns by name, then (row number, cells) as a
    spreadsheet numbers them (the header is row 1)."""

    columns: dict[str, int]
    rows: Iterator[tuple[int, Sequence[Any]]]
    estimated_rows: int | None  # data rows, before reading them; None when the file does not say


def kind_of(content: bytes, filename: str) -> str:
    """Which kind of file this is, "xlsx" or "csv", judged by its bytes, and only when its name agrees."""
    if not content:
        refuse("The file is empty.")
    if len(content) > MAX_FILE_BYTES:
        refuse(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it into several imports.")
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ("xlsx", "csv"):
        refuse("Upload an Excel workbook (.xlsx) or a CSV file (.csv); save an .xls file as .xlsx first.")
    looks_zipped = content.startswith(ZIP_MAGIC)
    if suffix == "xlsx" and not looks_zipped:
        refuse("This file is not an Excel workbook (.xlsx), whatever its name says.")
    if suffix == "csv" and (looks_zipped or content.startswith(OLE2_MAGIC)):
        refuse("This file is not a CSV file, whatever its name says: save it as CSV, or upload it as .xlsx.")
    return suffix


@contextmanager
def open_table(content: bytes, filename: str, sheet: str) -> Iterator[Table]:
    """Open an upload that `kind_of` accepts (else refuse it) at the sheet named `sheet`, else the first."""
    if kind_of(content, filename) == "csv":
        yield _csv_table(content)
        return
    book = _open_workbook(content)
    try:
        yield _sheet_table(book[sheet] if sheet in book.sheetnames else book.worksheets[0])
    finally:
        book.close()


def _columns(header: Sequence[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = text_of(cell).lower()
        if not name:
            continue
        if name in columns:
            refuse(f"The column {name!r} appears twice in the first row.")
        columns[name] = index
    if not columns:
        refuse("The first row must name the columns.")
    return columns


# ---- CSV ----------------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # what Excel on Windows saves as "CSV"
        except UnicodeDecodeError:
            refuse("This file is not text: save it as CSV (UTF-8), or upload the .xlsx workbook.")
    if _CONTROL.search(text):
        refuse("This file is not text: save it as CSV (UTF-8), or upload the .xlsx workbook.")
    return text


def is_text(content: bytes) -> bool:
    """Whether the bytes read as text, as a CSV file must: UTF-8 (else Windows-1252), no control characters."""
    try:
        _decode(content)
    except ValidationError:
        return False
    return True


def _csv_table(content: bytes) -> Table:
    text = _decode(content)
    first_line = text.partition("\n")[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel writes ";" where the decimal mark is a comma
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        refuse(f"The first row cannot be read: {error}.")
    if not header:
        refuse("The file is empty.")
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)

    def rows() -> Iterator[tuple[int, Sequence[Any]]]:
        number = 1
        try:
            for number, cells in enumerate(reader, start=2):
                if number > MAX_ROWS + 1:
                    raise UnreadableRow(number, f"The file has more than {MAX_ROWS:,} rows: split it.")
                yield number, cells[:MAX_COLUMNS]
        except csv.Error as error:
            raise UnreadableRow(number + 1, f"This row cannot be read as CSV: {error}.") from error

    return Table(_columns(header[:MAX_COLUMNS]), rows(), max(0, lines - 1))


# ---- Excel --------------------------------------------------------------------------------------------


def _check_zip(content: bytes) -> None:
    """Refuse a workbook from its zip directory alone, before anything is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        refuse("This workbook is damaged and cannot be opened.")
    if len(members) > MAX_ZIP_MEMBERS or "xl/workbook.xml" not in {m.filename for m in members}:
        refuse("This file is not an Excel workbook (.xlsx), whatever its name says.")
    expanded = sum(m.file_size for m in members)
    bomb = any(m.file_size > 1024 * 1024 and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1)
               for m in members)  # fmt: skip
    if expanded > MAX_UNCOMPRESSED_BYTES or bomb:
        refuse("This workbook would expand to far more than a spreadsheet of data: it is refused unread.")
    _scan(content, members)


def _scan(content: bytes, members: list[zipfile.ZipInfo]) -> None:
    """Read the workbook's parts as a stream, a chunk at a time, before openpyxl does: count the shared strings
    and the rows, and measure the widest row. Tags are counted in every part, whatever its name: openpyxl finds
    the shared strings by their declared type, not by where they are."""
    strings = rows = 0
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for member in members:
            try:
                part_strings, part_rows, widest = _scan_part(archive, member)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError):
                refuse("This workbook is damaged and cannot be opened.")
            strings, rows = strings + part_strings, rows + part_rows
            if strings > MAX_SHARED_STRINGS:
                refuse(f"This workbook holds more than {MAX_SHARED_STRINGS:,} different texts, far more than a file "
                       "of data: it is refused unread.")  # fmt: skip
            if rows > MAX_ROWS + 1:
                refuse(f"The file has more than {MAX_ROWS:,} rows: split it into several imports.")
            if widest > MAX_ROW_BYTES:
                refuse(f"A row of this workbook holds far more than {MAX_COLUMNS} columns of data: it is refused "
                       "unread.")  # fmt: skip


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[int, int, int]:
    """(shared strings, rows, bytes of the widest row) of one part; stops early once a count is past its limit."""
    strings = rows = widest = offset = 0
    last_row: int | None = None
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            block = tail + chunk
            # A tag inside the carried-over tail was counted with the previous chunk.
            strings += sum(len(p.findall(block)) - len(p.findall(tail)) for p in _SHARED_STRING)
            for start in sorted(m.start() for p in _ROW for m in p.finditer(block) if m.end() > len(tail)):
                at = offset - len(tail) + start
                if last_row is not None:
                    widest = max(widest, at - last_row)
                last_row, rows = at, rows + 1
            offset += len(chunk)
            tail = block[-64:]
            if strings > MAX_SHARED_STRINGS or rows > MAX_ROWS + 1 or widest > MAX_ROW_BYTES:
                break
            if last_row is not None and offset - last_row > MAX_ROW_BYTES:
                widest = offset - last_row
                break
    if last_row is not None:
        widest = max(widest, offset - last_row)
    return strings, rows, widest


def expanded_size(content: bytes) -> int:
    """What a file amounts to once read: a CSV's own size, a workbook's parts uncompressed (as they declare)."""
    if not content.startswith(ZIP_MAGIC):
        return len(content)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return len(content)


def _open_workbook(content: bytes) -> Any:
    _check_zip(content)
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, XML errors) for a broken file
        refuse("This workbook is damaged and cannot be opened.")


def _sheet_table(sheet: Any) -> Table:
    # Bounds on both axes: openpyxl fills gaps between the row numbers a file declares, and widens rows to
    # the farthest cell, so an unbounded read of a hostile sheet could go on for billions of empty cells.
    cells = sheet.iter_rows(min_row=1, max_row=EXCEL_ROWS, max_col=MAX_COLUMNS, values_only=True)
    header = next(cells, None)
    if header is None:
        refuse("The sheet is empty.")
    declared = sheet.max_row if isinstance(sheet.max_row, int) else None

    def rows() -> Iterator[tuple[int, Sequence[Any]]]:
        for number, values in enumerate(cells, start=2):
            if number > MAX_ROWS + 1:
                if any(value is not None for value in values):
                    raise UnreadableRow(number, f"The sheet has more than {MAX_ROWS:,} rows: split it.")
                continue
            yield number, values

    return Table(_columns(header), rows(), max(0, declared - 1) if declared else None)


# ---- cells --------------------------------------------------------------------------------------------


def text_of(cell: Any) -> str:
    """A cell as the text a person typed: dates as ISO dates, whole numbers without ".0", trimmed, and
    without the quote an export put before text that starts like a formula."""
    if cell.__class__ is str:  # most cells: checked first, as every cell of every row passes here
        text: str = cell.strip()
    elif cell is None:
        return ""
    elif isinstance(cell, datetime):
        return cell.date().isoformat()
    elif isinstance(cell, date):
        return cell.isoformat()
    elif isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    else:
        text = str(cell).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


def safe_text(value: str) -> str:
    """Text a spreadsheet will show, never run: a leading =, +, -, @ (or tab, CR) gets a quote before it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _export_cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    return value


# ---- writing ------------------------------------------------------------------------------------------


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A CSV file, line by line (to stream): UTF-8 with a byte-order mark, so Excel reads accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(["" if value is None else _export_cell(value) for value in row])
        yield buffer.getvalue()


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook of (title, header, rows) sheets, written as it goes (openpyxl's write-only mode)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        sheet.append(list(header))
        for row in rows:
            sheet.append([_xlsx_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(_XML_ILLEGAL.sub("", value))  # characters XML cannot hold are dropped
    return value
