"""The streaming writers behind every large export: typed cells, hostile text, Excel's dialects."""

import io
from datetime import date
from decimal import Decimal

import openpyxl

from compliance.exports import assignment_columns
from compliance.listing import AssignmentRow
from compliance.tabular import CsvDialect, csv_write, xlsx_write


def row(**overrides) -> AssignmentRow:
    values = {
        "assignment_id": 1,
        "profile_id": 2,
        "employee_code": "NB0001",
        "full_name": '=HYPERLINK("http://x","Lê Thu Hà")',
        "category": "cong_chuc",
        "agency_code": "SKHCN",
        "agency_name": "Sở Khoa học và Công nghệ",
        "requirement_id": 3,
        "requirement_title": "An toàn thông tin",
        "status": "overdue",
        "cycle": 2,
        "due_on": date(2026, 12, 31),
        "extended_due_on": None,
        "completed_on": None,
        "expires_on": None,
        "hours_done": Decimal("3.5"),
    }
    values.update(overrides)
    return AssignmentRow(**values)


def test_xlsx_keeps_dates_numbers_and_hostile_text_as_they_are():
    out = io.BytesIO()
    assert xlsx_write(out, columns=assignment_columns(), rows=[row()], sheet_name="Danh sách") == 1
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert cells["Họ và tên"].value == '=HYPERLINK("http://x","Lê Thu Hà")'
    assert cells["Họ và tên"].data_type == "s"
    assert cells["Trạng thái"].value == "Quá hạn"
    assert cells["Hạn hoàn thành"].value.date() == date(2026, 12, 31)
    assert cells["Hạn hoàn thành"].number_format == "dd/mm/yyyy"
    assert cells["Chu kỳ"].value == 2
    assert sheet.freeze_panes == "A2"


def test_csv_for_excel_in_vietnamese_uses_semicolons_and_decimal_commas():
    out = io.StringIO()
    csv_write(out, columns=assignment_columns(), rows=[row()], dialect=CsvDialect.SEMICOLON)
    text = out.getvalue()
    assert text.startswith("\ufeffHọ và tên;Mã cán bộ;")
    line = text.splitlines()[1]
    assert line.startswith('"\'=HYPERLINK(""http://x"",""Lê Thu Hà"")";NB0001;')
    assert line.endswith(";31/12/2026;;;;3,5")


def test_csv_for_every_program_uses_commas_and_decimal_points():
    out = io.StringIO()
    csv_write(out, columns=assignment_columns(), rows=[row(full_name="Lê Thu Hà")])
    assert out.getvalue().splitlines()[1].endswith(",31/12/2026,,,,3.5")
