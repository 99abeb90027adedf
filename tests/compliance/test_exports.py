"""HR exports never hand Excel a live formula or link, whatever a learner typed as their name."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from compliance.tabular import text_neutralise
from learning.services import enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = {
    "full_name": '=HYPERLINK("http://evil.example","x")',
    "employee_code": "+cmd|' /C calc'!A0",
    "position": "-2+3+cmd|' /C calc'!A0",
}
AGENCY_NAME = "@SUM(1+1)"
COURSE_TITLE = "http://evil.example/phish"


@pytest.fixture
def hostile_world():
    agencies = factories.agency_tree()
    agency = agencies["SKHCN-CDS"]
    agency.name = AGENCY_NAME
    agency.save()
    course = factories.course()
    course.title = COURSE_TITLE
    course.save_revision().publish()
    learner = factories.learner(agency, **HOSTILE)
    enrollment_create(user=learner, course=course)
    return factories.hr_manager(agencies["SKHCN"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("An = Bình", "An = Bình"),
        ("", ""),
    ],
)
def test_text_neutralise(raw, expected):
    assert text_neutralise(raw) == expected


def test_xlsx_writes_hostile_text_as_text(client, hostile_world):
    client.force_login(hostile_world)
    response = client.get(reverse("compliance:hr_report_export", args=["xlsx"]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml, "a cell was written as a formula"
    # Strings are written inline (constant memory), so the hostile text itself is in the sheet:
    # what must be absent is a hyperlink element or relationship.
    assert "<hyperlink" not in sheet_xml, "a cell was written as a link"
    assert not any("worksheets/_rels" in name for name in archive.namelist())
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows())
    cells = {rows[0][i].value: cell for i, cell in enumerate(rows[1])}
    for header, expected in [
        ("Họ và tên", HOSTILE["full_name"]),
        ("Mã cán bộ", HOSTILE["employee_code"]),
        ("Chức vụ", HOSTILE["position"]),
        ("Đơn vị", AGENCY_NAME),
        ("Khóa học", COURSE_TITLE),
    ]:
        assert cells[header].data_type == "s", header
        assert cells[header].value == expected, header


def test_xlsx_keeps_numbers_and_dates_typed(client, db):
    agencies = factories.agency_tree()
    course = factories.course(lessons=1)
    learner = factories.learner(agencies["SKHCN-CDS"], full_name="Lê Thu Hà")
    enrollment = enrollment_create(user=learner, course=course)
    enrollment.status = "completed"
    enrollment.completed_at = datetime.datetime(2026, 11, 2, 3, 0, tzinfo=datetime.UTC)
    enrollment.score = 81.8
    enrollment.save()
    client.force_login(factories.hr_manager(agencies["SKHCN"]))
    response = client.get(reverse("compliance:hr_report_export", args=["xlsx"]))
    header, row = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows())
    cells = {header[i].value: cell for i, cell in enumerate(row)}
    assert cells["Tiến độ (%)"].data_type == "n" and cells["Tiến độ (%)"].value == 100
    assert cells["Điểm"].value == pytest.approx(81.8)
    assert cells["Ngày hoàn thành"].value == datetime.datetime(2026, 11, 2)
    assert cells["Ngày hoàn thành"].number_format == "dd/mm/yyyy"


def test_csv_prefixes_formula_cells_and_leaves_numbers(client, hostile_world):
    client.force_login(hostile_world)
    response = client.get(reverse("compliance:hr_report_export", args=["csv"]))
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = dict(zip(header, row, strict=True))
    assert cells["Họ và tên"] == "'" + HOSTILE["full_name"]
    assert cells["Mã cán bộ"] == "'" + HOSTILE["employee_code"]
    assert cells["Chức vụ"] == "'" + HOSTILE["position"]
    assert cells["Đơn vị"] == "'" + AGENCY_NAME
    assert cells["Khóa học"] == COURSE_TITLE
    assert cells["Tiến độ (%)"] == "0"
    for value in row:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
