"""The staff import's optional user name column: it names the accounts the import creates, is
checked row by row like every other cell, and never renames an existing account."""

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from agencies.import_template import staff_template_xlsx
from agencies.imports import staff_import
from agencies.models import LearnerProfile
from tests.factories import UserFactory, agency_tree, hr_manager

from .staff_files import HEADERS, csv_file, person

pytestmark = pytest.mark.django_db
User = get_user_model()
WITH_USERNAME = [*HEADERS[:2], "Tên đăng nhập", *HEADERS[2:]]


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


def _file(rows):
    return csv_file(rows, headers=WITH_USERNAME)


def _import(file, *, by, **kwargs):
    kwargs.setdefault("dry_run", False)
    return staff_import(file, by=by, **kwargs)


def _snapshot():
    return (
        sorted(LearnerProfile.objects.values_list("employee_code", "full_name", "user_id")),
        sorted(User.objects.values_list("id", "username", "email", "password")),
    )


def _refused(by, rows):
    before = _snapshot()
    result = _import(_file(rows), by=by)
    assert result.errors, "the file should have been refused"
    assert (result.created, result.updated, result.unchanged) == ([], [], [])
    assert _snapshot() == before
    return [(error.row, error.column, error.message) for error in result.errors]


def test_new_accounts_take_the_written_user_name_or_else_the_code(tree, province_hr):
    rows = [
        person("NB0001", **{"Tên đăng nhập": "phamquanghuy"}),
        person("NB0002", **{"Tên đăng nhập": ""}),
        person("NB0003", **{"Tên đăng nhập": " nguyễn.an "}),  # Django accepts Unicode letters
    ]
    file = _file(rows).getvalue()
    result = _import(io.BytesIO(file), by=province_hr)
    assert result.errors == [] and result.created == [2, 3, 4]
    accounts = dict(LearnerProfile.objects.values_list("employee_code", "user__username"))
    assert accounts == {"NB0001": "phamquanghuy", "NB0002": "NB0002", "NB0003": "nguyễn.an"}
    assert result.created_codes == ["NB0001", "NB0002", "NB0003"]

    before = _snapshot()
    again = _import(io.BytesIO(file), by=province_hr)
    assert (again.created, again.updated, again.unchanged) == ([], [], [2, 3, 4])
    assert _snapshot() == before


def test_an_existing_person_keeps_their_account_name(tree, province_hr):
    _import(_file([person("NB0001", **{"Tên đăng nhập": "phamquanghuy"})]), by=province_hr)
    # The same name, or none, is fine: nothing to change.
    for written in ("phamquanghuy", ""):
        result = _import(_file([person("NB0001", **{"Tên đăng nhập": written})]), by=province_hr)
        assert (result.errors, result.unchanged) == ([], [2])
    errors = _refused(province_hr, [person("NB0001", **{"Tên đăng nhập": "huy.pq"})])
    assert errors == [
        (
            2,
            "Tên đăng nhập",
            "Người này đang đăng nhập bằng tên phamquanghuy: nhập tệp không đổi tên tài khoản. "
            "Hãy ghi phamquanghuy hoặc để trống ô này.",
        )
    ]
    assert User.objects.filter(username="phamquanghuy").exists()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "pham quang huy",
            "Tên đăng nhập chỉ gồm chữ cái, chữ số và @ . + - _, không có dấu cách.",
        ),
        (
            '=HYPERLINK("http://evil.example","x")',
            "Tên đăng nhập chỉ gồm chữ cái, chữ số và @ . + - _, không có dấu cách.",
        ),
        (
            "<script>alert(1)</script>",
            "Tên đăng nhập chỉ gồm chữ cái, chữ số và @ . + - _, không có dấu cách.",
        ),
        ("huy\x00pq", "Ô có ký tự điều khiển không nhìn thấy: hãy gõ lại."),
        ("a" * 151, "Tối đa 150 ký tự."),
    ],
    ids=["space", "formula", "script", "nul", "too-long"],
)
def test_a_bad_user_name_names_row_column_and_problem(tree, province_hr, written, message):
    rows = [person("NB0001"), person("NB0002", **{"Tên đăng nhập": written})]
    assert _refused(province_hr, rows) == [(3, "Tên đăng nhập", message)]


def test_the_same_user_name_twice_in_the_file_names_both_rows_whatever_their_case(
    tree, province_hr
):
    rows = [
        person("NB0001", **{"Tên đăng nhập": "huypq"}),
        person("NB0002"),
        person("NB0003", **{"Tên đăng nhập": "HuyPQ"}),
    ]
    assert _refused(province_hr, rows) == [
        (2, "Tên đăng nhập", "Tên đăng nhập huypq bị trùng với dòng 4."),
        (4, "Tên đăng nhập", "Tên đăng nhập HuyPQ bị trùng với dòng 2."),
    ]


def test_a_user_name_that_is_another_new_person_s_code_names_both_rows(tree, province_hr):
    """The second person's account would be named by their code: the same name as the first's."""
    rows = [person("NB0001", **{"Tên đăng nhập": "nb0002"}), person("NB0002")]
    assert _refused(province_hr, rows) == [
        (2, "Tên đăng nhập", "Tên đăng nhập nb0002 bị trùng với dòng 3."),
        (3, "Mã cán bộ", "Tên đăng nhập NB0002 bị trùng với dòng 2."),
    ]


@pytest.mark.parametrize("existing", ["PhamQuangHuy", "phamquanghuy", "Đức"])
def test_a_user_name_another_account_has_is_refused(tree, province_hr, existing):
    """Without case, as Django's own user form compares; an exact non-ASCII clash is found on
    SQLite too (whose LOWER only knows ASCII), instead of failing on the unique constraint."""
    UserFactory(username=existing)
    written = existing.lower() if existing.isascii() else existing
    errors = _refused(province_hr, [person("NB0001", **{"Tên đăng nhập": written})])
    assert errors == [(2, "Tên đăng nhập", f"Tên đăng nhập {written} đã có tài khoản khác dùng.")]


def test_someone_else_s_account_name_on_an_existing_person_is_refused(tree, province_hr):
    """Other people's ids: naming another person's account on your row changes nothing."""
    _import(_file([person("NB0001"), person("NB0002")]), by=province_hr)
    errors = _refused(province_hr, [person("NB0001", **{"Tên đăng nhập": "NB0002"})])
    assert [(row, column) for row, column, _message in errors] == [(2, "Tên đăng nhập")]
    assert "NB0001" in errors[0][2]


def test_a_dry_run_reports_the_same_user_name_errors(tree, province_hr):
    UserFactory(username="huypq")
    result = _import(
        _file([person("NB0001", **{"Tên đăng nhập": "huypq"})]), by=province_hr, dry_run=True
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "Tên đăng nhập")]


def test_user_names_add_no_query_per_row(tree, province_hr, django_assert_max_num_queries):
    rows = [
        person(f"X{n:04d}", **{"Họ và tên": f"Lê Văn An {n}", "Tên đăng nhập": f"lean{n}"})
        for n in range(1, 301)
    ]
    file = _file(rows).getvalue()
    with django_assert_max_num_queries(28):
        _import(io.BytesIO(file), by=province_hr)
    with django_assert_max_num_queries(8):
        result = _import(io.BytesIO(file), by=province_hr)
    assert len(result.unchanged) == 300
    assert User.objects.filter(username="lean300", profile__employee_code="X0300").exists()


def test_the_template_offers_the_user_name_column_with_its_rule(tree):
    sheet = openpyxl.load_workbook(io.BytesIO(staff_template_xlsx())).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=1, column=headers.index("Tên đăng nhập") + 1)
    assert "mã cán bộ" in cell.comment.text
    assert "không đổi tên tài khoản" in cell.comment.text
