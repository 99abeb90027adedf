"""Spreadsheet files (XLSX, CSV) that a hostile cell cannot turn into a formula.

Every export goes through `xlsx_response` / `csv_response`: a learner's name such as
`=HYPERLINK("http://evil","x")` must reach HR's Excel as text, never as a live formula or link
(OWASP "CSV Injection"). Columns are declared once with a kind, so numbers stay numbers and dates
stay dates while every text cell passes the same neutraliser.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

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


def csv_response(*, columns: list[Column], rows: Iterable, filename: str) -> HttpResponse:
    """UTF-8 CSV with a BOM (what makes Excel read Vietnamese correctly), dates as dd/mm/yyyy."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([text_neutralise(column.header) for column in columns])
    for row in rows:
        cells = []
        for column in columns:
            value = column.value(row)
            if value is None:
                cells.append("")
            elif column.kind is Kind.NUMBER:
                cells.append(value)
            elif column.kind is Kind.DATE:
                cells.append(value.strftime("%d/%m/%Y"))
            else:
                cells.append(text_neutralise(_text(value)))
        writer.writerow(cells)
    return response


def xlsx_response(
    *, columns: list[Column], rows: Iterable, filename: str, sheet_name: str
) -> HttpResponse:
    """An XLSX workbook whose text cells are strings whatever they contain."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "remove_timezone": True,
            # xlsxwriter's write() would otherwise turn "=…" into a formula and "http…" into a link.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(sheet_name[:31])
    header_format = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header, header_format)
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, column in enumerate(columns):
            value = column.value(row)
            if value is None:
                continue
            if column.kind is Kind.NUMBER:
                sheet.write_number(count, index, value)
            elif column.kind is Kind.DATE:
                if not isinstance(value, datetime.datetime):
                    value = datetime.datetime.combine(value, datetime.time())
                sheet.write_datetime(count, index, value, date_format)
            else:
                sheet.write_string(count, index, _text(value))
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
