"""Past training imported from Excel or CSV: checked row by row, refused whole, idempotent, marked
as imported, and counted by the requirements it satisfies."""

import datetime
import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from agencies.tabular import table_read
from compliance import services
from compliance.models import Assignment, ComplianceEvent, Requirement, TrainingRecord
from compliance.records_import import (
    RECORD_COLUMNS,
    RecordsImportRefused,
    hours_parse,
    records_import,
)
from compliance.records_template import records_template_xlsx
from tests import factories
from tests.agencies.staff_files import csv_file, xlsx_file

from .test_services import bare_counts, stored_counts

pytestmark = pytest.mark.django_db

HEADERS = [
    "Mã cán bộ",
    "Mã khóa học",
    "Tên khóa bồi dưỡng",
    "Ngày hoàn thành",
    "Số tiết",
    "Lĩnh vực",
    "Số giấy chứng nhận",
]


@pytest.fixture
def tree():
    return factories.agency_tree()


@pytest.fixture
def course():
    return factories.course(code="ATTT", lessons=1)


@pytest.fixture
def staff(tree):
    """Two people of the SKHCN subtree and one of the STC."""
    return {
        "in": factories.staff_member(tree["SKHCN-CDS"], employee_code="NB0001"),
        "in2": factories.staff_member(tree["SKHCN"], employee_code="NB0002"),
        "out": factories.staff_member(tree["STC-NS"], employee_code="NB0009"),
    }


@pytest.fixture
def hr(tree):
    return factories.hr_manager(tree["SKHCN"], username="nhansu")


def row(code="NB0001", **cells) -> dict:
    values = {
        "Mã cán bộ": code,
        "Mã khóa học": "",
        "Tên khóa bồi dưỡng": "Bồi dưỡng an toàn thông tin cơ bản",
        "Ngày hoàn thành": "15/06/2024",
        "Số tiết": "16",
        "Lĩnh vực": "An toàn thông tin",
        "Số giấy chứng nhận": "125/GCN-STTTT",
    }
    values.update(cells)
    return values


def csv_of(*rows, headers=HEADERS) -> io.BytesIO:
    buffer = csv_file(list(rows), headers=headers)
    buffer.name = "qua-trinh.csv"
    return buffer


def run(*rows, by=None, dry_run=False, headers=HEADERS):
    return records_import(csv_of(*rows, headers=headers), by=by, dry_run=dry_run)


def errors_of(result) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.message) for error in result.errors]


# --- Importing ------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing_and_says_what_it_would_import(staff, hr, course):
    result = run(
        row(), row("NB0002", **{"Mã khóa học": "ATTT", "Số tiết": ""}), by=hr, dry_run=True
    )
    assert (len(result.created), len(result.unchanged), result.errors) == (2, 0, [])
    assert not TrainingRecord.objects.exists()
    assert not ComplianceEvent.objects.exists()


def test_an_import_writes_records_marked_as_imported_with_one_audit_entry_per_person(
    staff, hr, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = run(
            row(),
            row(
                **{
                    "Mã khóa học": "ATTT",
                    "Số tiết": "",
                    "Lĩnh vực": "",
                    "Ngày hoàn thành": "2/3/25",
                }
            ),
            row("NB0002", **{"Số tiết": "1,5", "Số giấy chứng nhận": ""}),
            by=hr,
        )
    assert result.applied and len(result.created) == 3 and result.people == 2
    external, from_course = (
        # The external training (no course) first on every database: PostgreSQL sorts NULL last.
        TrainingRecord.objects.filter(profile=staff["in"])
        .order_by(F("course_id").asc(nulls_first=True))
        .select_related()
    )
    assert from_course.source == TrainingRecord.Source.IMPORTED
    assert (from_course.course, from_course.title) == (course, course.title)
    # Empty hours and field: the course's.
    assert (from_course.hours, from_course.category) == (Decimal(course.hours), course.category)
    assert from_course.completed_on == datetime.date(2025, 3, 2)
    assert (external.course, external.title) == (None, "Bồi dưỡng an toàn thông tin cơ bản")
    assert (external.hours, external.category) == (Decimal(16), "an_toan_thong_tin")
    assert external.certificate_number == "125/GCN-STTTT"
    assert external.created_by == hr
    assert TrainingRecord.objects.get(profile=staff["in2"]).hours == Decimal("1.5")
    events = ComplianceEvent.objects.order_by("profile_id")
    assert [(e.profile_id, e.kind, e.by) for e in events] == [
        (staff["in"].pk, ComplianceEvent.Kind.RECORDS_IMPORTED, hr),
        (staff["in2"].pk, ComplianceEvent.Kind.RECORDS_IMPORTED, hr),
    ]
    assert {e.reason for e in events} == {"Nhập tệp qua-trinh.csv"}
    assert len(events[0].after["records"]) == 2 and events[0].record_id is None
    assert events[1].record_id == TrainingRecord.objects.get(profile=staff["in2"]).pk


def test_importing_again_finds_every_row_unchanged(staff, hr, course):
    rows = [row(), row("NB0002", **{"Mã khóa học": "ATTT", "Tên khóa bồi dưỡng": ""})]
    run(*rows, by=hr)
    # The same training written with other case and spacing is the same training.
    again = run(
        row(**{"Tên khóa bồi dưỡng": "  BỒI DƯỠNG an toàn   thông tin cơ bản"}), rows[1], by=hr
    )
    assert (len(again.created), len(again.unchanged), again.errors) == (0, 2, [])
    assert TrainingRecord.objects.count() == 2
    assert ComplianceEvent.objects.count() == 2


def test_a_completion_already_recorded_on_the_platform_is_not_imported_again(tree, course):
    user = factories.learner(tree["SKHCN"], employee_code="NB0005")
    enrollment = factories.completed_enrollment(user, course)
    completed_on = timezone.localdate(enrollment.completed_at)
    assert TrainingRecord.objects.filter(source=TrainingRecord.Source.PLATFORM).count() == 1
    result = run(
        row(
            "NB0005",
            **{"Mã khóa học": "ATTT", "Ngày hoàn thành": completed_on.strftime("%d/%m/%Y")},
        )
    )
    assert (len(result.created), len(result.unchanged)) == (0, 1)
    assert TrainingRecord.objects.count() == 1


def test_a_row_written_meanwhile_by_another_import_counts_as_unchanged(staff, hr, monkeypatch):
    """Two confirmations at once: both checked before either wrote. The database's key refuses
    the second record; the chunk is read again and finds it there."""
    from compliance import records_import as module

    run(row(), by=hr)
    real = module._existing_keys
    calls = []

    def blind_twice(planned):
        calls.append(len(planned))
        return set() if len(calls) <= 2 else real(planned)

    monkeypatch.setattr(module, "_existing_keys", blind_twice)
    result = run(row(), by=hr)
    assert len(calls) == 3
    assert (len(result.created), len(result.unchanged), result.errors) == (0, 1, [])
    assert TrainingRecord.objects.count() == 1
    assert ComplianceEvent.objects.count() == 1


def test_excel_dates_numbers_and_formula_like_text(staff, hr):
    formula = '=HYPERLINK("http://lua-dao.example","Bấm vào đây")'
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH QUÁ TRÌNH BỒI DƯỠNG"])
    sheet.append(HEADERS)
    sheet.append(["NB0001", None, None, datetime.datetime(2023, 9, 5), 1.5, None, None])
    sheet.append(["NB0002", None, None, 45000, 8, None, None])  # an Excel date serial
    sheet["C3"] = "Tin học văn phòng"
    sheet["C4"] = formula
    sheet["C4"].data_type = "s"  # typed as text, as Excel keeps a cell starting with “=”
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    result = records_import(buffer, by=hr, dry_run=False)

    assert result.errors == []
    first = TrainingRecord.objects.get(profile=staff["in"])
    assert (first.completed_on, first.hours) == (datetime.date(2023, 9, 5), Decimal("1.5"))
    second = TrainingRecord.objects.get(profile=staff["in2"])
    assert second.completed_on == datetime.date(2023, 3, 15)
    assert second.title == formula


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"Mã cán bộ": "NB7777"}, "Mã cán bộ", "Không có cán bộ nào mang mã NB7777"),
        ({"Mã cán bộ": "NB0009"}, "Mã cán bộ", "thuộc đơn vị bạn không quản lý"),
        ({"Mã cán bộ": ""}, "Mã cán bộ", "Ô này bắt buộc phải có."),
        ({"Mã khóa học": "KHONGCO"}, "Mã khóa học", "Không có khóa học nào mang mã “KHONGCO”"),
        ({"Tên khóa bồi dưỡng": ""}, "Mã khóa học", "Ghi mã khóa học hoặc tên khóa bồi dưỡng"),
        ({"Ngày hoàn thành": "31/02/2024"}, "Ngày hoàn thành", "Ngày 31/02/2024 không có thật."),
        ({"Ngày hoàn thành": "hôm qua"}, "Ngày hoàn thành", "Hãy ghi ngày theo dạng dd/mm/yyyy"),
        ({"Ngày hoàn thành": ""}, "Ngày hoàn thành", "Ô này bắt buộc phải có."),
        ({"Ngày hoàn thành": "FUTURE"}, "Ngày hoàn thành", "Ngày hoàn thành ở tương lai."),
        ({"Số tiết": "-4"}, "Số tiết", "Ghi số tiết từ 0 trở lên"),
        ({"Số tiết": "bốn"}, "Số tiết", "Ghi số tiết từ 0 trở lên"),
        ({"Số tiết": "1,25"}, "Số tiết", "Tối đa một chữ số thập phân"),
        ({"Số tiết": "12000"}, "Số tiết", "Tối đa 9999,9 tiết."),
        ({"Số tiết": ""}, "Số tiết", "Ghi số tiết của khóa bồi dưỡng bên ngoài."),
        ({"Lĩnh vực": "Nấu ăn"}, "Lĩnh vực", "Giá trị “Nấu ăn” không hợp lệ"),
        ({"Tên khóa bồi dưỡng": "An toàn\x00"}, "Tên khóa bồi dưỡng", "ký tự điều khiển"),
        ({"Số giấy chứng nhận": "x" * 65}, "Số giấy chứng nhận", "Tối đa 64 ký tự."),
    ],
    ids=[
        "unknown person",
        "person outside scope",
        "no person",
        "unknown course",
        "neither course nor title",
        "date that does not exist",
        "not a date",
        "no date",
        "future date",
        "negative hours",
        "hours not a number",
        "two decimals",
        "too many hours",
        "external training without hours",
        "unknown field",
        "NUL byte",
        "certificate number too long",
    ],
)
def test_a_bad_row_is_named_with_its_column_and_nothing_is_written(
    staff, hr, course, cells, column, message
):
    if cells.get("Ngày hoàn thành") == "FUTURE":
        cells = {"Ngày hoàn thành": (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")}
    result = run(row("NB0002"), row(**cells), by=hr)
    assert len(result.errors) == 1, errors_of(result)
    error = result.errors[0]
    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert not result.applied
    assert not TrainingRecord.objects.exists()
    assert not ComplianceEvent.objects.exists()


def test_duplicate_rows_name_each_other(staff, hr):
    result = run(row(), row("NB0002"), row(**{"Số tiết": "8"}), by=hr)
    assert errors_of(result) == [
        (2, "Mã khóa học", "Cùng khóa bồi dưỡng của cùng người, cùng ngày còn ở dòng 4."),
        (4, "Mã khóa học", "Cùng khóa bồi dưỡng của cùng người, cùng ngày còn ở dòng 2."),
    ]
    assert not TrainingRecord.objects.exists()


def test_files_that_cannot_be_imported_are_refused_whole(staff, hr, tree):
    with pytest.raises(RecordsImportRefused, match="Mã khóa học"):
        run(row(), headers=["Mã cán bộ", "Ngày hoàn thành", "Số tiết"], by=hr)
    with pytest.raises(RecordsImportRefused, match="không có dòng"):
        run(by=hr)
    with pytest.raises(RecordsImportRefused, match="không được nhập"):
        run(row(), by=factories.learner(tree["SKHCN"]))
    with pytest.raises(RecordsImportRefused, match="XLSX"):
        records_import(io.BytesIO(b"\x00\x01\x02" * 100), by=hr, dry_run=True)
    assert not TrainingRecord.objects.exists()


def test_hours_are_read_with_a_comma_or_a_point():
    assert hours_parse("1,5") == hours_parse("1.5") == hours_parse(1.5) == Decimal("1.5")
    assert hours_parse(" 12 ") == hours_parse(12) == Decimal(12)
    for wrong in ("1,5,0", "1.2.3", "", "1e3", True, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            hours_parse(wrong)


# --- Compliance follows ---------------------------------------------------------------------


def test_an_imported_completion_completes_a_requirement_and_the_counts_follow(
    staff, hr, course, django_capture_on_commit_callbacks
):
    requirement = Requirement.objects.create(title="An toàn thông tin", categories=["cong_chuc"])
    requirement.courses.add(course)
    services.requirement_sync(requirement)
    assert Assignment.objects.get(requirement=requirement, profile=staff["in"]).status != (
        "completed"
    )
    done_on = timezone.localdate() - timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        run(row(**{"Mã khóa học": "ATTT", "Ngày hoàn thành": done_on.strftime("%d/%m/%Y")}), by=hr)
    statuses = dict(
        Assignment.objects.filter(requirement=requirement).values_list("profile_id", "status")
    )
    assert statuses[staff["in"].pk] == "completed"
    assert statuses[staff["in2"].pk] != "completed"
    assert Assignment.objects.get(profile=staff["in"]).completed_on == done_on
    assert stored_counts() == bare_counts()


def test_imported_external_training_counts_its_periods_for_a_field(
    staff, hr, django_capture_on_commit_callbacks
):
    requirement = Requirement.objects.create(
        title="8 tiết an toàn thông tin",
        categories=["cong_chuc"],
        satisfaction=Requirement.Satisfaction.HOURS,
        hours_required=Decimal(8),
        hours_category="an_toan_thong_tin",
        due_days=365,
    )
    services.requirement_sync(requirement)
    done_on = timezone.localdate() - timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        run(
            row(**{"Ngày hoàn thành": done_on.strftime("%d/%m/%Y"), "Số tiết": "8"}),
            row("NB0002", **{"Ngày hoàn thành": done_on.strftime("%d/%m/%Y"), "Số tiết": "4"}),
            by=hr,
        )
    assignments = {a.profile_id: a for a in Assignment.objects.filter(requirement=requirement)}
    assert assignments[staff["in"].pk].status == "completed"
    assert assignments[staff["in2"].pk].status == "in_progress"
    assert assignments[staff["in2"].pk].hours_done == Decimal(4)
    assert stored_counts() == bare_counts()


# --- Template -------------------------------------------------------------------------------


def test_the_template_has_the_headers_the_import_reads_and_a_list_of_fields():
    data = records_template_xlsx()
    table = table_read(io.BytesIO(data), columns=RECORD_COLUMNS)
    assert set(table.headers) == {column.key for column in RECORD_COLUMNS}
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Mã cán bộ *"
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1 and str(validations[0].sqref).startswith("F2:")
    fields = [cell.value for cell in workbook.worksheets[1]["A"]]
    assert "An toàn thông tin" in fields and "Kỹ năng số" in fields


# --- Command --------------------------------------------------------------------------------


def _command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_training_records", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_checks_imports_then_finds_nothing_to_do(staff, hr, tmp_path):
    path = tmp_path / "qua-trinh.xlsx"
    path.write_bytes(xlsx_file([row(), row("NB0009")], headers=HEADERS).getvalue())
    out, _err = _command(path, "--dry-run")
    assert "Thêm mới: 2 · không đổi: 0 · dòng có lỗi: 0" in out
    assert "Chạy thử" in out
    assert not TrainingRecord.objects.exists()
    _command(path)
    assert TrainingRecord.objects.filter(created_by=None).count() == 2
    out, _err = _command(path)
    assert "Thêm mới: 0 · không đổi: 2" in out


def test_the_command_keeps_to_the_scope_of_by_and_fails_on_errors(staff, hr, tmp_path):
    path = tmp_path / "qua-trinh.csv"
    path.write_bytes(csv_of(row(), row("NB0009")).getvalue())
    with pytest.raises(CommandError, match="Chưa nhập gì"):
        _command(path, "--by", "nhansu")
    with pytest.raises(CommandError, match="khong-co"):
        _command(path, "--by", "khong-co")
    assert not TrainingRecord.objects.exists()


# --- HR screen ------------------------------------------------------------------------------


def _upload(client, data: bytes, name="qua-trinh.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("compliance_records:records_import"), {"file": file})


def _token(response) -> str:
    form = response.context["confirm"]
    assert form is not None
    return str(form.initial["token"])


def test_check_then_confirm_then_a_double_click_imports_nothing_twice(
    client, staff, hr, course, django_capture_on_commit_callbacks
):
    client.force_login(hr)
    response = _upload(client, csv_of(row(), row("NB0002", **{"Mã khóa học": "ATTT"})).getvalue())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Các dòng của tệp" in page
    assert staff["in"].full_name in page
    assert not TrainingRecord.objects.exists()
    token = _token(response)
    confirm = reverse("compliance_records:records_import_confirm")

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(confirm, {"token": token})
    assert first.status_code == 302
    assert first["Location"] == reverse("compliance_records:records_import")
    assert TrainingRecord.objects.filter(source="imported").count() == 2
    second = client.post(confirm, {"token": token})
    assert second.status_code == 302
    assert TrainingRecord.objects.count() == 2
    assert ComplianceEvent.objects.count() == 2
    texts = [str(m) for m in get_messages(second.wsgi_request)]
    assert any("Bản ghi đào tạo mới: 0; đã có: 2" in text for text in texts), texts


def test_a_file_with_errors_shows_them_and_offers_no_import(client, staff, hr, monkeypatch):
    from compliance import views_records

    monkeypatch.setattr(views_records, "ERRORS_SHOWN", 1)
    client.force_login(hr)
    response = _upload(client, csv_of(row(), row("NB0009"), row("NB7777")).getvalue())
    assert response.status_code == 200
    assert response.context["confirm"] is None
    page = response.content.decode()
    assert "NB0009" in page and "<caption>" in page
    # The count is whole; the list stops at what a page can hold.
    assert "NB7777" not in page and "Còn 1 lỗi không hiển thị." in page
    assert not TrainingRecord.objects.exists()


def test_a_confirmation_after_the_person_moved_away_writes_nothing_and_says_why(
    client, staff, hr, tree
):
    client.force_login(hr)
    token = _token(_upload(client, csv_of(row()).getvalue()))
    staff["in"].agency = tree["STC-NS"]
    staff["in"].save(update_fields=["agency"])
    response = client.post(reverse("compliance_records:records_import_confirm"), {"token": token})
    assert response.status_code == 200
    assert "thuộc đơn vị bạn không quản lý" in response.content.decode()
    assert response.context["confirm"] is None
    assert not TrainingRecord.objects.exists()


def test_a_refused_file_is_a_form_error(client, staff, hr):
    client.force_login(hr)
    response = _upload(client, b"Ho ten,Ngay\r\nA,B\r\n")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    response = _upload(client, b"x", name="qua-trinh.pdf")
    assert response.context["form"].errors["file"]


def test_a_token_not_of_this_session_imports_nothing(client, staff, hr, tree):
    client.force_login(hr)
    token = _token(_upload(client, csv_of(row()).getvalue()))
    other = factories.hr_manager(tree["SKHCN"], username="nhansu-khac")
    client.force_login(other)
    confirm = reverse("compliance_records:records_import_confirm")
    for data in ({"token": token}, {"token": "khong-phai-uuid"}, {}):
        response = client.post(confirm, data)
        assert response.status_code == 302
        assert response["Location"] == reverse("compliance_records:records_import")
    assert not TrainingRecord.objects.exists()


def test_only_hr_opens_the_screens(client, tree):
    urls = [
        reverse("compliance_records:records_import"),
        reverse("compliance_records:records_template"),
    ]
    confirm = reverse("compliance_records:records_import_confirm")
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("login"))
    assert client.post(confirm)["Location"].startswith(reverse("login"))
    client.force_login(factories.learner(tree["SKHCN"]))
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(confirm).status_code == 403
    assert client.get(confirm).status_code == 405


def test_hr_downloads_the_template(client, hr):
    client.force_login(hr)
    response = client.get(reverse("compliance_records:records_template"))
    assert response.status_code == 200
    assert "mau-qua-trinh-dao-tao.xlsx" in response["Content-Disposition"]
    assert response.content.startswith(b"PK")


def test_the_check_costs_the_same_queries_for_twenty_rows_or_two_hundred(
    client, tree, hr, course, django_assert_max_num_queries
):
    for n in range(200):
        factories.staff_member(tree["SKHCN"], employee_code=f"NV{n:04d}")
    client.force_login(hr)
    for count in (20, 200):
        # Half of them courses of HọcSố, half training elsewhere.
        rows = [row(f"NV{n:04d}", **{"Mã khóa học": "ATTT" if n % 2 else ""}) for n in range(count)]
        # Session, user, HR role (view, service, header), scope, people, courses, records,
        # the header's profile, the session saved.
        with django_assert_max_num_queries(14):
            response = _upload(client, csv_of(*rows).getvalue())
        assert len(response.context["result"].created) == count
