"""The staff import: what it accepts, what it refuses row by row, and what it writes."""

import datetime
import io
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from agencies.imports import StaffImportRefused, date_parse, staff_import
from agencies.models import LearnerProfile
from tests.factories import ProfileFactory, UserFactory, agency_tree, hr_manager

from .staff_files import HEADERS, csv_file, people, person, xlsx_file

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def tree():
    return agency_tree()


@pytest.fixture
def province_hr(tree):
    return hr_manager(tree["UBND-NB"], username="hr-tinh")


def _import(file, *, by, **kwargs):
    kwargs.setdefault("dry_run", False)
    return staff_import(file, by=by, **kwargs)


def _snapshot():
    return (
        sorted(
            LearnerProfile.objects.values_list(*[f.attname for f in LearnerProfile._meta.fields])
        ),
        sorted(User.objects.values_list("id", "username", "email", "password")),
    )


# What it accepts


def test_messy_xlsx_creates_people_with_accounts(tree, province_hr):
    rows = [
        person("NB0001", **{"Ngày sinh": datetime.datetime(1985, 3, 25)}),
        person(
            "NB0002",
            **{
                "Họ và tên": unicodedata.normalize("NFD", "  Lê\u00a0Thị   Ánh "),
                "Ngày sinh": 31131,  # an Excel serial: 25/03/1985
                "Loại": "VIÊN CHỨC",
                "Cấp lãnh đạo": "cap phong va tuong duong",
                "Số điện thoại": 912345678,  # a number cell lost its leading zero
                "Mã đơn vị": "STC-NS",
            },
        ),
    ]
    result = _import(xlsx_file(rows, title_rows=2, blank_every=1, merged_group=3), by=province_hr)
    assert result.errors == []
    assert result.created == [5, 7]
    first, second = LearnerProfile.objects.select_related("user", "agency").order_by(
        "employee_code"
    )
    assert first.birth_date == second.birth_date == datetime.date(1985, 3, 25)
    assert second.full_name == "Lê Thị Ánh" and unicodedata.is_normalized("NFC", second.full_name)
    assert second.category == LearnerProfile.Category.VIEN_CHUC
    assert second.leadership_level == LearnerProfile.LeadershipLevel.DIVISION
    assert second.phone == "0912345678"
    assert second.agency.code == "STC-NS"
    assert first.job_position == "Chuyên viên về chuyển đổi số"
    assert first.agency_start_date == datetime.date(2025, 7, 1)
    assert first.status == LearnerProfile.Status.WORKING
    assert first.user.username == "NB0001"
    assert first.user.email == "nb0001@ninhbinh.gov.vn"
    assert not first.user.has_usable_password()
    assert first.name_search == "nguyen van duc"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("25/03/1985", datetime.date(1985, 3, 25)),
        ("5/3/85", datetime.date(1985, 3, 5)),
        ("5/3/05", datetime.date(2005, 3, 5)),
        ("25-03-1985", datetime.date(1985, 3, 25)),
        ("25.03.1985", datetime.date(1985, 3, 25)),
        ("1985-03-25", datetime.date(1985, 3, 25)),
        ("31131", datetime.date(1985, 3, 25)),
        (31131.0, datetime.date(1985, 3, 25)),
        (datetime.datetime(1985, 3, 25, 0, 0), datetime.date(1985, 3, 25)),
    ],
)
def test_dates_as_people_and_excel_write_them(written, expected):
    assert date_parse(written) == expected


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16"], ids=["utf8", "utf8-bom", "utf16-bom"]
)
def test_csv_variants_with_nfd_names_and_nbsp(tree, province_hr, encoding):
    row = person(
        "NB0100",
        **{
            "Họ và tên": unicodedata.normalize("NFD", "Nguyễn\u00a0Văn Đức\u00a0"),
            "Loại": "Cong chuc",
            "Mã đơn vị": "\u00a0SKHCN-CDS ",
        },
    )
    result = _import(csv_file([row], encoding=encoding), by=province_hr)
    assert result.errors == [] and result.created == [2]
    profile = LearnerProfile.objects.select_related("user").get()
    assert profile.full_name == "Nguyễn Văn Đức"
    assert profile.category == LearnerProfile.Category.CONG_CHUC
    # The account is named too (the admin and the audit's "who" read it), family name first.
    assert (profile.user.first_name, profile.user.last_name) == ("Đức", "Nguyễn Văn")
    assert profile.user.get_full_name() == "Nguyễn Văn Đức"


def test_formula_looking_cells_are_stored_as_text_and_exported_safely(tree, province_hr):
    from compliance.tabular import text_neutralise

    hostile = '=HYPERLINK("http://evil.example","bấm vào đây")'
    row = person("NB0001", **{"Chức vụ": hostile, "Họ và tên": "<script>alert(1)</script> An"})
    result = _import(csv_file([row]), by=province_hr)
    assert result.errors == []
    profile = LearnerProfile.objects.get()
    assert profile.position == hostile
    assert profile.full_name == "<script>alert(1)</script> An"
    assert text_neutralise(profile.position) == "'" + hostile


# Idempotence, dry run, progress


def test_dry_run_writes_nothing_and_reports_what_would_happen(tree, province_hr):
    ProfileFactory(agency=tree["SKHCN-CDS"], employee_code="NB0001", full_name="Cũ")
    before = _snapshot()
    result = _import(csv_file(people(3)), by=province_hr, dry_run=True)
    assert (result.created, result.updated, result.unchanged) == ([3, 4], [2], [])
    assert not result.applied
    assert _snapshot() == before


def test_second_run_changes_nothing(tree, province_hr):
    file = xlsx_file(people(5), title_rows=1).getvalue()
    first = _import(io.BytesIO(file), by=province_hr)
    assert len(first.created) == 5
    before = _snapshot()
    second = _import(io.BytesIO(file), by=province_hr)
    assert (second.created, second.updated, len(second.unchanged)) == ([], [], 5)
    assert _snapshot() == before


def test_changed_cells_update_the_record_and_the_email(tree, province_hr):
    _import(csv_file([person("NB0001")]), by=province_hr)
    changed = person(
        "NB0001",
        **{
            "Họ và tên": "Nguyễn Văn Đạt",
            "Chức vụ": "Phó Trưởng phòng",
            "Cấp lãnh đạo": "Cấp phòng",
            "Email": "DAT@ninhbinh.gov.vn",
            "Mã đơn vị": "SKHCN",
        },
    )
    result = _import(csv_file([changed]), by=province_hr)
    assert result.updated == [2]
    profile = LearnerProfile.objects.select_related("user", "agency").get()
    assert profile.full_name == "Nguyễn Văn Đạt" and profile.name_search == "nguyen van dat"
    assert profile.position == "Phó Trưởng phòng"
    assert profile.leadership_level == LearnerProfile.LeadershipLevel.DIVISION
    assert profile.user.email == "dat@ninhbinh.gov.vn"
    assert profile.user.get_full_name() == "Nguyễn Văn Đạt"
    assert profile.agency.code == "SKHCN"


def test_a_column_absent_from_the_file_is_left_alone(tree, province_hr):
    _import(csv_file([person("NB0001")]), by=province_hr)
    slim = ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Loại"]
    result = _import(csv_file([person("NB0001")], headers=slim), by=province_hr)
    assert result.unchanged == [2]
    profile = LearnerProfile.objects.select_related("user").get()
    assert profile.phone == "0912345678" and profile.user.email == "nb0001@ninhbinh.gov.vn"


def test_progress_is_reported_per_chunk(tree, province_hr, monkeypatch):
    monkeypatch.setattr("agencies.imports.CHUNK_SIZE", 4)
    calls = []
    _import(csv_file(people(10)), by=province_hr, on_progress=lambda d, t: calls.append((d, t)))
    assert calls == [(4, 10), (8, 10), (10, 10)]
    assert LearnerProfile.objects.count() == 10


def test_query_count_does_not_grow_with_rows(tree, province_hr, django_assert_max_num_queries):
    """A fixed number of reads, then per chunk one short transaction of bulk writes (SQLite
    splits a bulk insert by its variable limit, so 300 rows may take a few inserts), the
    history rows of each chunk in bulk as well."""
    with django_assert_max_num_queries(14):
        _import(csv_file(people(10)), by=province_hr)
    with django_assert_max_num_queries(28):
        _import(csv_file(people(300, prefix="X")), by=province_hr)
    with django_assert_max_num_queries(8):
        result = _import(csv_file(people(300, prefix="X")), by=province_hr)
    assert len(result.unchanged) == 300


def test_multi_line_cells_are_one_line_and_codes_in_number_cells_are_read(tree, province_hr):
    import openpyxl

    numbered = tree["SKHCN-CDS"].add_child(code="101", name="Tổ 101", kind="division")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Loại", "Chức vụ"])
    sheet.append([1234.0, "Lê An", 101, "Công chức", "Phó Trưởng phòng\nkiêm Tổ trưởng"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = _import(buffer, by=province_hr)
    assert result.errors == []
    profile = LearnerProfile.objects.get()
    assert (profile.employee_code, profile.agency_id) == ("1234", numbered.pk)
    assert profile.position == "Phó Trưởng phòng kiêm Tổ trưởng"


# Bad rows, one kind at a time: the file is refused and nothing changes


def _refused(tree, by, rows, **kwargs):
    before = _snapshot()
    result = _import(csv_file(rows, **kwargs), by=by)
    assert result.errors, "the file should have been refused"
    assert not result.applied
    assert (result.created, result.updated, result.unchanged) == ([], [], [])
    assert _snapshot() == before
    return [(error.row, error.column, error.message) for error in result.errors]


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("Ngày sinh", "31/02/1985", "Ngày 31/02/1985 không có thật."),
        ("Ngày sinh", "13/13/1985", "Ngày 13/13/1985 không có thật."),
        ("Ngày sinh", "mùng 5 tháng 3", "Hãy ghi ngày theo dạng dd/mm/yyyy, ví dụ 25/03/1985."),
        ("Ngày sinh", "01/01/2099", "Ngày sinh nằm trong tương lai."),
        ("Ngày vào cơ quan", "0", "Hãy ghi ngày theo dạng dd/mm/yyyy, ví dụ 25/03/1985."),
        ("Mã đơn vị", "KHONG-CO", "Không có đơn vị nào mang mã “KHONG-CO”."),
        ("Mã cán bộ", " ", "Ô này bắt buộc phải có."),
        ("Họ và tên", "\u00a0", "Ô này bắt buộc phải có."),
        ("Loại", "", "Ô này bắt buộc phải có."),
        ("Mã cán bộ", "NB 0001", "Chỉ dùng chữ cái không dấu, chữ số, “.”, “-” và “_”."),
        ("Email", "not-an-email", "Không phải địa chỉ email."),
        ("Số điện thoại", "gọi tôi", "Không phải số điện thoại."),
        ("Họ và tên", "Nguyễn\x00Văn", "Ô có ký tự điều khiển không nhìn thấy: hãy gõ lại."),
        ("Chức vụ", "x" * 151, "Tối đa 150 ký tự."),
    ],
)
def test_a_bad_cell_names_row_column_and_problem(tree, province_hr, header, value, message):
    errors = _refused(tree, province_hr, [person("NB0001"), person("NB0002", **{header: value})])
    assert errors == [(3, header, message)]


@pytest.mark.parametrize(("header", "value"), [("Loại", "Giám đốc"), ("Cấp lãnh đạo", "cấp huyện")])
def test_unknown_choice_is_refused_with_the_accepted_values(tree, province_hr, header, value):
    errors = _refused(tree, province_hr, [person("NB0001", **{header: value})])
    assert len(errors) == 1
    row, column, message = errors[0]
    assert (row, column) == (2, header)
    assert f"“{value}”" in message
    assert ("Công chức" if header == "Loại" else "Cấp phòng và tương đương") in message


@pytest.mark.parametrize(
    ("header", "field", "choices"),
    [
        ("Loại", "category", LearnerProfile.Category),
        ("Cấp lãnh đạo", "leadership_level", LearnerProfile.LeadershipLevel),
    ],
)
def test_every_value_the_refusal_offers_is_accepted(tree, province_hr, header, field, choices):
    # "Không giữ chức vụ lãnh đạo" was listed as accepted yet refused (found by the e2e journey).
    rows = [
        person(f"NB{number:04d}", **{header: str(label)})
        for number, label in enumerate(choices.labels, start=1)
    ]
    result = _import(csv_file(rows), by=province_hr)
    assert result.errors == []
    stored = LearnerProfile.objects.order_by("employee_code").values_list(field, flat=True)
    assert list(stored) == list(choices.values)


def test_nul_byte_in_an_xlsx_cell_is_refused(tree, province_hr):
    # openpyxl refuses to write control characters, so the cell comes as the file's text:
    # a CSV carries it as it would from a broken export.
    errors = _refused(tree, province_hr, [person("NB0001", **{"Ngạch": "Chuyên\x00viên"})])
    assert errors == [(2, "Ngạch", "Ô có ký tự điều khiển không nhìn thấy: hãy gõ lại.")]


def test_duplicate_codes_in_the_file_name_both_rows(tree, province_hr):
    rows = [person("NB0001"), person("NB0002"), person("NB0001", **{"Email": "khac@x.vn"})]
    errors = _refused(tree, province_hr, rows)
    assert errors == [
        (2, "Mã cán bộ", "Mã cán bộ NB0001 bị trùng với dòng 4."),
        (4, "Mã cán bộ", "Mã cán bộ NB0001 bị trùng với dòng 2."),
    ]


def test_duplicate_emails_in_the_file_name_both_rows_whatever_their_case(tree, province_hr):
    rows = [person("NB0001", Email="lan@x.vn"), person("NB0002", Email="LAN@x.vn")]
    errors = _refused(tree, province_hr, rows)
    assert errors == [
        (2, "Email", "Email lan@x.vn bị trùng với dòng 3."),
        (3, "Email", "Email lan@x.vn bị trùng với dòng 2."),
    ]


def test_an_email_that_is_another_persons_is_refused(tree, province_hr):
    UserFactory(username="someone", email="Lan@X.vn")
    errors = _refused(tree, province_hr, [person("NB0001", Email="lan@x.vn")])
    assert errors == [(2, "Email", "Email lan@x.vn đã thuộc về người khác.")]


def test_an_account_already_named_like_a_new_code_is_refused(tree, province_hr):
    UserFactory(username="NB0001")
    errors = _refused(tree, province_hr, [person("NB0001")])
    assert errors[0][:2] == (2, "Mã cán bộ")


def test_one_bad_row_keeps_the_good_rows_out_too(tree, province_hr):
    rows = [*people(3), person("NB0009", **{"Ngày sinh": "30/02/1990"})]
    errors = _refused(tree, province_hr, rows)
    assert [error[0] for error in errors] == [5]
    assert LearnerProfile.objects.count() == 0


def test_file_without_agency_column_needs_an_agency(tree, province_hr):
    headers = [h for h in HEADERS if h != "Mã đơn vị"]
    with pytest.raises(StaffImportRefused) as caught:
        _import(csv_file([person()], headers=headers), by=province_hr)
    assert "Mã đơn vị" in caught.value.message
    result = _import(csv_file([person()], headers=headers), by=province_hr, agency=tree["STC"])
    assert result.created == [2]
    assert LearnerProfile.objects.get().agency == tree["STC"]


def test_header_only_file_is_refused(tree, province_hr):
    with pytest.raises(StaffImportRefused) as caught:
        _import(csv_file([]), by=province_hr)
    assert caught.value.message == "Tệp có dòng tiêu đề nhưng không có dòng cán bộ nào."


# Scope


def test_hr_imports_only_into_its_own_subtree(tree):
    hr = hr_manager(tree["SKHCN"], username="hr-skhcn")
    rows = [person("NB0001"), person("NB0002", **{"Mã đơn vị": "STC-NS"})]
    errors = _refused(tree, hr, rows)
    assert errors == [(3, "Mã đơn vị", "Đơn vị này nằm ngoài các đơn vị bạn quản lý.")]
    with pytest.raises(StaffImportRefused):
        _import(csv_file([person("NB0001")]), by=hr, agency=tree["STC"])
    result = _import(csv_file([person("NB0001")]), by=hr, agency=tree["SKHCN"])
    assert result.created == [2]


def test_someone_without_an_hr_role_imports_nothing(tree):
    learner = ProfileFactory(agency=tree["SKHCN-CDS"]).user
    before = _snapshot()
    with pytest.raises(StaffImportRefused) as caught:
        _import(csv_file([person("NB0001")]), by=learner)
    assert caught.value.message == "Bạn không có quyền nhập danh sách cán bộ."
    assert _snapshot() == before


def test_hr_cannot_move_someone_else_s_staff_into_its_subtree(tree):
    """An employee code of another subtree is another person's id: HR may not take them over."""
    ProfileFactory(agency=tree["STC-NS"], employee_code="NB0001")
    hr = hr_manager(tree["SKHCN"], username="hr-skhcn")
    errors = _refused(tree, hr, [person("NB0001")])
    assert errors == [(2, "Mã cán bộ", "Người có mã NB0001 thuộc đơn vị bạn không quản lý.")]


def test_rows_of_a_full_agency_file_must_be_under_that_agency(tree, province_hr):
    rows = [person("NB0001", **{"Mã đơn vị": "STC"})]
    before = _snapshot()
    result = _import(csv_file(rows), by=province_hr, agency=tree["SKHCN"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã đơn vị")]
    assert "SKHCN" in result.errors[0].message
    assert _snapshot() == before


# People missing from a full-agency file


def test_missing_people_are_reported_then_marked_left_only_when_confirmed(tree, province_hr):
    gone = ProfileFactory(agency=tree["SKHCN-CDS"], employee_code="NB0999", full_name="Vũ Văn Đi")
    elsewhere = ProfileFactory(agency=tree["STC-NS"], employee_code="NB0888")
    file = csv_file(people(2)).getvalue()
    result = _import(io.BytesIO(file), by=province_hr, agency=tree["SKHCN"])
    assert [(m.employee_code, m.full_name, m.agency_code) for m in result.missing] == [
        ("NB0999", "Vũ Văn Đi", "SKHCN-CDS")
    ]
    assert result.marked_left == 0
    gone.refresh_from_db()
    assert gone.status == LearnerProfile.Status.WORKING

    dry = _import(
        io.BytesIO(file), by=province_hr, agency=tree["SKHCN"], confirm_left=True, dry_run=True
    )
    assert dry.marked_left == 0
    gone.refresh_from_db()
    assert gone.status == LearnerProfile.Status.WORKING

    confirmed = _import(io.BytesIO(file), by=province_hr, agency=tree["SKHCN"], confirm_left=True)
    assert confirmed.marked_left == 1
    gone.refresh_from_db()
    elsewhere.refresh_from_db()
    assert gone.status == LearnerProfile.Status.LEFT
    assert gone.status_date == timezone.localdate()
    assert elsewhere.status == LearnerProfile.Status.WORKING

    again = _import(io.BytesIO(file), by=province_hr, agency=tree["SKHCN"], confirm_left=True)
    assert again.missing == [] and again.marked_left == 0


def test_no_missing_report_without_an_agency(tree, province_hr):
    ProfileFactory(agency=tree["SKHCN-CDS"], employee_code="NB0999")
    result = _import(csv_file(people(1)), by=province_hr)
    assert result.missing == []


def test_status_column_sets_status_with_its_date(tree, province_hr):
    headers = [*HEADERS, "Trạng thái", "Ngày trạng thái"]
    _import(csv_file([person("NB0001")], headers=headers), by=province_hr)
    row = person("NB0001", **{"Trạng thái": "Tạm nghỉ", "Ngày trạng thái": "01/10/2026"})
    result = _import(csv_file([row], headers=headers), by=province_hr)
    assert result.updated == [2]
    profile = LearnerProfile.objects.get()
    assert profile.status == LearnerProfile.Status.ON_LEAVE
    assert profile.status_date == datetime.date(2026, 10, 1)


def test_a_file_moving_someone_keeps_where_they_were(tree, province_hr):
    from agencies.selectors import staff_agencies_as_of

    _import(csv_file([person("NB0001", **{"Mã đơn vị": "SKHCN-CDS"})]), by=province_hr)
    profile = LearnerProfile.objects.get(employee_code="NB0001")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    _import(csv_file([person("NB0001", **{"Mã đơn vị": "STC-NS"})]), by=province_hr)
    profile.refresh_from_db()
    assert profile.agency == tree["STC-NS"]
    assert staff_agencies_as_of(profiles=[profile], on=yesterday)[profile.pk] == tree["SKHCN-CDS"]
    assert (
        staff_agencies_as_of(profiles=[profile], on=timezone.localdate())[profile.pk]
        == tree["STC-NS"]
    )
    # The same file again moves nobody and writes no period.
    periods = profile.assignments.count()
    _import(csv_file([person("NB0001", **{"Mã đơn vị": "STC-NS"})]), by=province_hr)
    assert profile.assignments.count() == periods


def test_a_check_reports_its_progress_while_reading(tree, province_hr):
    seen = []
    result = staff_import(
        csv_file(people(3)), by=province_hr, dry_run=True, on_progress=lambda *p: seen.append(p)
    )
    assert result.errors == []
    assert seen == [(3, 3)]
    assert not LearnerProfile.objects.exists()
