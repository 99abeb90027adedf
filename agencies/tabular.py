"""Reading the spreadsheets agencies send: XLSX or CSV, with their title rows and merged headers.

Real exports carry a title or two above the table, headers merged over two rows, blank rows and
headers written with or without diacritics. A reader declares its columns once, with the
Vietnamese headers it knows; the header row is found by those, and every row comes back as a dict
keyed by column with the row number the user sees in Excel. Anything we cannot read is refused
with a message in the user's language, before a single row is looked at.

Only values are read: openpyxl's read-only mode with `data_only`, so a formula is never evaluated
(at most the value Excel cached for it comes back) and a text such as `=HYPERLINK(...)` is text.
"""

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .names import text_fold

# 10 MB holds about 50,000 staff rows in XLSX; the HR upload screen sets the same bound.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# An XLSX is a zip: refuse one that would inflate far beyond what a real staff list holds.
MAX_INFLATION = 30
HEADER_SEARCH_ROWS = 30
CSV_DELIMITERS = ",;\t"

_HEADER_NOISE = re.compile(r"[*:()\[\].]+")


class TabularError(Exception):
    """The file as a whole cannot be read; `message` is translated, ready to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    """A column a reader knows: its key, the headers it may have in a file, whether it must."""

    key: str
    headers: tuple[str, ...]
    required: bool = False


@dataclass
class Table:
    """A file's table: the header of each found column as written in the file, and its rows."""

    headers: dict[str, str]
    rows: Iterator["Row"]


@dataclass
class Row:
    number: int
    values: dict[str, object] = field(default_factory=dict)


def header_fold(value: object) -> str:
    """A header as compared: no diacritics, no case, no stars or brackets, single spaces."""
    if value is None:
        return ""
    return " ".join(_HEADER_NOISE.sub(" ", text_fold(str(value))).split())


def max_bytes() -> int:
    return getattr(settings, "AGENCIES_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def table_read(file, *, columns: list[Column]) -> Table:
    """Read an uploaded or opened file (anything with `read()`) into a table of known columns."""
    limit = max_bytes()
    data = file.read(limit + 1)
    if isinstance(data, str):
        raise TabularError(_("The file must be opened as bytes."))
    if len(data) > limit:
        raise TabularError(
            _("The file is too large: at most %(size)s MB.") % {"size": limit // (1024 * 1024)}
        )
    if not data.strip():
        raise TabularError(_("The file is empty."))
    is_zip = data.startswith(b"PK\x03\x04")
    return _table(_xlsx_rows(data, limit=limit) if is_zip else _csv_rows(data), columns=columns)


def _xlsx_rows(data: bytes, *, limit: int) -> Iterator[tuple[int, tuple]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise TabularError(_("The file is damaged: it cannot be opened as XLSX.")) from error
    if "xl/workbook.xml" not in names:
        raise TabularError(_("Only XLSX and CSV files can be imported."))
    if inflated > limit * MAX_INFLATION:
        raise TabularError(_("The file is too large once unpacked."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken workbook
        raise TabularError(_("The file is damaged: it cannot be opened as XLSX.")) from error
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise TabularError(_("The workbook has no sheet."))
    # Some programs write a wrong sheet size; read what is there instead.
    sheet.reset_dimensions()
    return _rows_numbered(sheet.iter_rows(values_only=True), closing=workbook)


def _rows_numbered(rows: Iterable[tuple], *, closing=None) -> Iterator[tuple[int, tuple]]:
    try:
        # Read-only sheets yield an empty tuple for a missing row, so the count is Excel's.
        yield from enumerate(rows, start=1)
    finally:
        if closing is not None:
            closing.close()


def _csv_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, data = "utf-8", data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise TabularError(
            _(
                "The file is neither XLSX nor CSV in UTF-8 or UTF-16: save it from Excel as "
                "“Excel Workbook (.xlsx)” or “CSV UTF-8”."
            )
        ) from error
    # A binary file that happens to decode (or an old .xls) is full of control characters.
    controls = sum(1 for char in text[:4096] if ord(char) < 32 and char not in "\r\n\t")
    if controls > 8:
        raise TabularError(_("Only XLSX and CSV files can be imported."))
    return text


def _csv_rows(data: bytes) -> Iterator[tuple[int, tuple]]:
    text = _csv_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=CSV_DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate((tuple(row) for row in reader), start=1)
    except csv.Error as error:
        raise TabularError(_("The CSV file is damaged and cannot be read.")) from error


def _is_blank(values: tuple) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _header_match(cells: list, lookup: dict[str, str]) -> dict[str, int]:
    """Column key → index for the cells that are known headers (the first one wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = lookup.get(header_fold(cell))
        if key and key not in found:
            found[key] = index
    return found


def _under(below: tuple, above: tuple) -> list:
    """Two header rows read as one: the lower cell where it has text, else the merged one above."""
    width = max(len(below), len(above))
    return [
        below[i]
        if i < len(below) and below[i] not in (None, "")
        else above[i]
        if i < len(above)
        else None
        for i in range(width)
    ]


def _table(raw_rows: Iterator[tuple[int, tuple]], *, columns: list[Column]) -> Table:
    lookup = {header_fold(header): column.key for column in columns for header in column.headers}
    required = [column for column in columns if column.required]
    previous: tuple = ()
    best: dict[str, int] = {}
    header = None
    nothing_yet = True
    for read, (_number, values) in enumerate(raw_rows, start=1):
        nothing_yet = nothing_yet and _is_blank(values)
        cells = list(values)
        found = _header_match(cells, lookup)
        # A header merged over two rows: a group title above, the column names below.
        combined = _under(values, previous)
        combined_found = _header_match(combined, lookup)
        if len(combined_found) > len(found):
            found, cells = combined_found, combined
        if len(found) > len(best):
            best = found
        if found and all(column.key in found for column in required):
            header = (cells, found)
            break
        if read >= HEADER_SEARCH_ROWS:
            break
        previous = values
    if nothing_yet:
        raise TabularError(_("The sheet is empty."))
    if header is None:
        missing = [column.headers[0] for column in required if column.key not in best]
        raise TabularError(
            ngettext(
                "The column %(columns)s is missing: write it in the header row.",
                "The columns %(columns)s are missing: write them in the header row.",
                len(missing),
            )
            % {"columns": ", ".join(f"“{name}”" for name in missing)}
        )
    cells, found = header
    pending: list[tuple[int, tuple]] = []
    for number, values in raw_rows:
        # The row under the header may be its second half (the required columns merged
        # vertically over both rows, the others below a group title).
        below = _under(values, tuple(cells))
        below_found = _header_match(below, lookup)
        if len(below_found) > len(found) and all(found[k] == below_found.get(k) for k in found):
            cells, found = below, below_found
        else:
            pending.append((number, values))
        break
    headers = {key: " ".join(str(cells[index]).split()) for key, index in found.items()}

    def rows() -> Iterator[Row]:
        for number, values in itertools.chain(pending, raw_rows):
            if _is_blank(values):
                continue
            yield Row(
                number=number,
                values={
                    key: values[index] if index < len(values) else None
                    for key, index in found.items()
                },
            )

    return Table(headers=headers, rows=rows())
