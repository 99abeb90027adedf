"""Spreadsheet files (XLSX, CSV) that a hostile cell cannot turn into a formula.

Every export goes through `xlsx_write` / `csv_write` (or their `…_response` wrappers): a learner's name such as
`=HYPERLINK("http://evil","x")` must reach HR's Excel as text, never as a live formula or link
(OWASP "CSV Injection"). Columns are declared once with a kind, so numbers stay numbers and dates
stay dates while every text cell passes the same neutraliser.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import IO

import xlsxwriter
from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell that starts with one of these is a formula to Excel, LibreOffice or Google Sheets
# (tab and carriage return let a formula hide behind what looks like blank space).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


class Kind(Enum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    kind: Kind = Kind.TEXT
    width: int = 16


def text_neutralise(value: str) -> str:
    """Prefix a cell a spreadsheet would evaluate with an apostrophe, as OWASP recommends.

    Leading spaces are looked through: some spreadsheet programs trim them before parsing.
    """
    if value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _text(value: object) -> str:
    return "" if value is None else str(value)


class CsvDialect(Enum):
    """CSV for every program (comma, decimal point), or for Excel set to Vietnamese, which
    expects a semicolon between cells and a comma in decimals."""

    COMMA = "comma"
    SEMICOLON = "semicolon"


def csv_write(
    out: IO[str], *, columns: list[Column], rows: Iterable, dialect: CsvDialect = CsvDialect.COMMA
) -> int:
    """Write UTF-8 CSV with a BOM (what makes Excel read Vietnamese correctly) to a text stream,
    row by row; dates as dd/mm/yyyy. Returns the number of data rows."""
    semicolon = dialect is CsvDialect.SEMICOLON
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if semicolon else ",", lineterminator="\r\n")
    writer.writerow([text_neutralise(column.header) for column in columns])
    count = 0
    for row in rows:
        count += 1
        cells = []
        for column in columns:
            value = column.value(row)
            if value is None:
                cells.append("")
            elif column.kind is Kind.NUMBER:
                cells.append(str(value).replace(".", ",") if semicolon else value)
            elif column.kind is Kind.DATE:
                cells.append(value.strftime("%d/%m/%Y"))
            else:
                cells.append(text_neutralise(_text(value)))
        writer.writerow(cells)
    return count


def csv_response(
    *, columns: list[Column], rows: Iterable, filename: str, dialect: CsvDialect = CsvDialect.COMMA
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv_write(response, columns=columns, rows=rows, dialect=dialect)
    return response


XLSX_OPTIONS = {
    "remove_timezone": True,
    # xlsxwriter's write() would otherwise turn "=…" into a formula and "http…" into a link.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def xlsx_write(
    out: str | IO[bytes],
    *,
    columns: list[Column],
    rows: Iterable,
    sheet_name: str,
    constant_memory: bool = True,
) -> int:
    """Write an XLSX workbook whose text cells are strings whatever they contain, with a frozen
    header, dates as dates and numbers as numbers. Returns the number of data rows.

    With `constant_memory` (the default) xlsxwriter flushes each row to a temporary file as soon
    as the next one starts, so memory stays flat however many rows: rows must come in order, as
    they do here. `out` is a path or a binary file object.
    """
    options = {**XLSX_OPTIONS, "constant_memory": constant_memory}
    if not isinstance(out, str):
        options["in_memory"] = False
    workbook = xlsxwriter.Workbook(out, options)
    sheet = workbook.add_worksheet(sheet_name[:31])
    header_format = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header, header_format)
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(1, 0)
    # The loop below runs once per cell (a million for a province's list): what it needs is
    # looked up once here.
    plan = [(index, column.value, column.kind) for index, column in enumerate(columns)]
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime, combine, midnight = (
        sheet.write_datetime,
        datetime.datetime.combine,
        datetime.time(),
    )
    text, number = Kind.TEXT, Kind.NUMBER
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, value_of, kind in plan:
            value = value_of(row)
            if value is None:
                continue
            if kind is text:
                write_string(count, index, value if type(value) is str else _text(value))
            elif kind is number:
                write_number(count, index, value)
            else:
                if not isinstance(value, datetime.datetime):
                    value = combine(value, midnight)
                write_datetime(count, index, value, date_format)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return count


def xlsx_response(
    *, columns: list[Column], rows: Iterable, filename: str, sheet_name: str
) -> HttpResponse:
    """An XLSX download built in a temporary file (bounded memory), then sent."""
    with tempfile.TemporaryFile() as buffer:
        xlsx_write(buffer, columns=columns, rows=rows, sheet_name=sheet_name)
        buffer.seek(0)
        response = HttpResponse(buffer.read(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
