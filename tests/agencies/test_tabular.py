"""The spreadsheet reader: finding the table in real exports, refusing what it cannot read."""

import io
import zipfile

import pytest
from django.test import override_settings
from django.utils import translation

from agencies.imports import STAFF_COLUMNS
from agencies.tabular import TabularError, header_fold, table_read

from .staff_files import HEADERS, csv_file, people, person, xlsx_file


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _read(file):
    table = table_read(file, columns=STAFF_COLUMNS)
    return table, list(table.rows)


def test_header_fold_ignores_diacritics_case_stars_and_nbsp():
    assert header_fold("  HỌ\u00a0VÀ   TÊN (*) ") == header_fold("ho va ten") == "ho va ten"
    assert header_fold("Mã đơn vị:") == "ma don vi"


def test_xlsx_with_title_rows_and_blank_rows_keeps_excel_row_numbers():
    table, rows = _read(xlsx_file(people(4), title_rows=2, blank_every=2))
    # Titles on rows 1-2, header on 3, data on 4, 5, (blank 6), 7, 8.
    assert [row.number for row in rows] == [4, 5, 7, 8]
    assert table.headers["employee_code"] == "Mã cán bộ"
    assert rows[0].values["employee_code"] == "NB0001"


@pytest.mark.parametrize("split", [3, 6], ids=["required-below-group", "required-merged"])
def test_xlsx_header_merged_over_two_rows(split):
    table, rows = _read(xlsx_file(people(2), title_rows=1, merged_group=split))
    assert set(table.headers) >= {"employee_code", "full_name", "category", "email", "phone"}
    # Title 1, headers 2-3, data from 4.
    assert [row.number for row in rows] == [4, 5]
    assert rows[1].values["email"] == "nb0002@ninhbinh.gov.vn"


def test_headers_without_diacritics_and_in_capitals_are_found():
    headers = ["MA CAN BO", "ho va ten", "Ma don vi", "LOAI"]
    row = dict(zip(headers, ["NB0001", "Lê An", "SKHCN-CDS", "cong chuc"], strict=True))
    _table, rows = _read(csv_file([row], headers=headers))
    assert rows[0].values == {
        "employee_code": "NB0001",
        "full_name": "Lê An",
        "agency": "SKHCN-CDS",
        "category": "cong chuc",
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_csv_encodings(encoding):
    _table, rows = _read(csv_file([person()], encoding=encoding))
    assert rows[0].values["full_name"] == "Nguyễn Văn Đức"
    assert rows[0].number == 2


def test_csv_with_semicolons():
    _table, rows = _read(csv_file([person()], delimiter=";"))
    assert rows[0].values["agency"] == "SKHCN-CDS"


def _refusal(data: bytes) -> str:
    with pytest.raises(TabularError) as caught:
        _read(io.BytesIO(data))
    return caught.value.message


def test_legacy_encoding_is_refused_with_a_clear_message():
    data = csv_file([person()], encoding="utf-8").getvalue().decode().encode("cp1258", "replace")
    assert "UTF-8" in _refusal(data)


def test_not_a_spreadsheet_is_refused_by_content_whatever_its_name():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    assert "XLSX" in _refusal(png)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000  # an old .xls
    assert "XLSX" in _refusal(ole)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "XLSX" in _refusal(buffer.getvalue())
    assert "XLSX" in _refusal(b"PK\x03\x04 not really a zip")


def test_empty_file_and_empty_sheet_are_refused():
    assert _refusal(b"") == "Tệp trống."
    assert "trống" in _refusal(xlsx_file([], headers=[]).getvalue())


def test_missing_required_columns_are_named():
    message = _refusal(csv_file([person()], headers=["Mã cán bộ", "Mã đơn vị"]).getvalue())
    assert "“Họ và tên”" in message
    assert "“Loại”" in message
    assert "Mã cán bộ" not in message


@override_settings(AGENCIES_IMPORT_MAX_BYTES=1024 * 1024)
def test_too_large_file_is_refused():
    message = _refusal(b"a" * (1024 * 1024 + 1))
    assert "1 MB" in message


@override_settings(AGENCIES_IMPORT_MAX_BYTES=1024 * 1024)
def test_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (40 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    assert "giải nén" in _refusal(buffer.getvalue())


def test_formulas_are_never_evaluated():
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS[:5])
    sheet.append(["NB0001", "=1+1", "SKHCN-CDS", None, "Công chức"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    _table, rows = _read(buffer)
    # A formula never computed by Excel has no cached value: we read nothing, we compute nothing.
    assert rows[0].values["full_name"] in (None, "=1+1")
    assert rows[0].values["full_name"] != 2


def test_utf16_without_bom_is_refused():
    data = csv_file([person()], encoding="utf-16-le").getvalue()
    assert "XLSX" in _refusal(data)


def test_a_nul_byte_in_one_csv_cell_reaches_the_row():
    data = csv_file([person(**{"Ngạch": "Chuyên\x00viên"})]).getvalue()
    _table, rows = _read(io.BytesIO(data))
    assert rows[0].values["rank"] == "Chuyên\x00viên"
