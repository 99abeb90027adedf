"""`manage.py import_staff`: the service from the command line, in Vietnamese, failing loudly."""

import io

import pytest
from django.core.management import CommandError, call_command

from agencies.models import LearnerProfile
from tests.factories import ProfileFactory, agency_tree, hr_manager

from .staff_files import csv_file, people, person, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return agency_tree()


def _write(tmp_path, buffer: io.BytesIO, name: str = "ds.xlsx"):
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_staff", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_then_real_run_then_nothing_to_do(tree, tmp_path):
    path = _write(tmp_path, xlsx_file(people(3), title_rows=1))
    out, _err = _run(path, "--dry-run")
    assert "Thêm mới: 3 · cập nhật: 0 · không đổi: 0 · dòng có lỗi: 0" in out
    assert "Chạy thử" in out
    assert LearnerProfile.objects.count() == 0
    _run(path)
    assert LearnerProfile.objects.count() == 3
    out, _err = _run(path)
    assert "Thêm mới: 0 · cập nhật: 0 · không đổi: 3" in out


def test_row_errors_are_printed_and_the_command_fails(tree, tmp_path):
    path = _write(tmp_path, csv_file([person("NB0001", **{"Ngày sinh": "31/02/1990"})]), "ds.csv")
    with pytest.raises(CommandError) as caught:
        _run(path)
    assert "Chưa nhập gì" in str(caught.value)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_staff", str(path), stdout=out, stderr=err)
    assert "Dòng 2, cột “Ngày sinh”: Ngày 31/02/1990 không có thật." in err.getvalue()
    assert LearnerProfile.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_fails_with_the_reason(tree, tmp_path):
    path = tmp_path / "anh.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(CommandError, match="XLSX"):
        _run(path)


def test_by_applies_that_users_scope(tree, tmp_path):
    hr_manager(tree["STC"], username="hr-stc")
    path = _write(tmp_path, csv_file([person("NB0001")]), "ds.csv")
    with pytest.raises(CommandError):
        _run(path, "--by", "hr-stc")
    assert LearnerProfile.objects.count() == 0
    with pytest.raises(CommandError, match="Không có người dùng nào tên khong-ai"):
        _run(path, "--by", "khong-ai")


def test_missing_people_listed_and_marked_only_with_confirm_left(tree, tmp_path):
    gone = ProfileFactory(agency=tree["SKHCN-CDS"], employee_code="NB0999")
    path = _write(tmp_path, csv_file(people(1)), "ds.csv")
    out, _err = _run(path, "--agency", "SKHCN")
    assert "1 người của SKHCN không có trong tệp" in out
    assert "NB0999" in out
    assert "--confirm-left" in out
    gone.refresh_from_db()
    assert gone.status == LearnerProfile.Status.WORKING
    out, _err = _run(path, "--agency", "SKHCN", "--confirm-left")
    assert "Đã đánh dấu 1 người là đã nghỉ việc." in out
    gone.refresh_from_db()
    assert gone.status == LearnerProfile.Status.LEFT


def test_confirm_left_needs_an_agency_and_the_agency_must_exist(tree, tmp_path):
    path = _write(tmp_path, csv_file(people(1)), "ds.csv")
    with pytest.raises(CommandError, match="--agency"):
        _run(path, "--confirm-left")
    with pytest.raises(CommandError, match="KHONG-CO"):
        _run(path, "--agency", "KHONG-CO")
    with pytest.raises(CommandError, match="Không mở được tệp"):
        _run(tmp_path / "khong-co.csv")
