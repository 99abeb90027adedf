"""HR's staff import screens: upload, check, read errors, apply — each only for its owner."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from agencies.import_template import CHOICE_LISTS
from agencies.imports import staff_import
from agencies.models import LearnerProfile, StaffImport
from tests.factories import agency_tree, hr_manager, learner

from .staff_files import csv_file, people, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return agency_tree()


@pytest.fixture(autouse=True)
def _tasks_run_at_commit(monkeypatch, django_capture_on_commit_callbacks):
    """The tests run inside a transaction that never commits: run what would be queued at
    commit (the job's Celery task, eager here) right after each request."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def hr(tree, client):
    user = hr_manager(tree["SKHCN"], username="nhansu")
    client.force_login(user)
    return user


def upload(client, data: bytes, name="danh-sach.csv", **fields):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("agencies:staff_imports"), {"file": file, **fields})


def test_check_then_import(client, hr, tree):
    response = upload(client, csv_file(people(3)).getvalue())
    job = StaffImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agencies:staff_import", args=[job.pk])
    assert (job.dry_run, job.status, job.result["created"]) == (True, "done", 3)
    assert not LearnerProfile.objects.exists()  # a check writes nothing

    html = client.get(response["Location"]).content.decode()
    assert "Nhập tệp này" in html
    response = client.post(reverse("agencies:staff_import_apply", args=[job.pk]))
    applied = StaffImport.objects.get(preview=job)
    assert response["Location"] == reverse("agencies:staff_import", args=[applied.pk])
    assert (applied.dry_run, applied.status, applied.result["created"]) == (False, "done", 3)
    assert LearnerProfile.objects.count() == 3
    # A second click (or a resent form) applies nothing twice.
    client.post(reverse("agencies:staff_import_apply", args=[job.pk]))
    assert StaffImport.objects.count() == 2


def test_row_errors_are_listed_and_nothing_can_be_applied(client, hr, tree):
    rows = [person("NB0001"), person("NB0002", **{"Ngày sinh": "31/02/1990"})]
    upload(client, csv_file(rows).getvalue())
    job = StaffImport.objects.get()
    html = client.get(reverse("agencies:staff_import", args=[job.pk])).content.decode()
    assert job.result["error_count"] == 1
    assert "Ngày sinh" in html
    assert "Nhập tệp này" not in html
    client.post(reverse("agencies:staff_import_apply", args=[job.pk]))
    assert StaffImport.objects.count() == 1
    assert not LearnerProfile.objects.exists()


def test_a_file_that_is_no_staff_list_is_refused_with_the_reason(client, hr):
    upload(client, b"\x00\x01\x02 not a spreadsheet", name="danh-sach.xlsx")
    job = StaffImport.objects.get()
    assert job.status == "refused"
    assert job.message
    assert (
        job.message in client.get(reverse("agencies:staff_import", args=[job.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [("danh-sach.pdf", "Excel"), ("=HYPERLINK(1).exe", "Excel")],
)
def test_the_upload_form_refuses_other_files(client, hr, name, message):
    response = upload(client, b"a,b\n", name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StaffImport.objects.exists()


def test_a_hostile_file_name_is_shown_as_text(client, hr):
    upload(client, csv_file(people(1)).getvalue(), name="<script>alert(1)</script>.csv")
    job = StaffImport.objects.get()
    html = client.get(reverse("agencies:staff_import", args=[job.pk])).content.decode()
    assert "<script>alert(1)" not in html
    assert escape(job.file_name) in html


def test_an_agency_outside_the_scope_is_not_a_choice(client, hr, tree):
    response = upload(client, csv_file(people(1)).getvalue(), agency=tree["STC"].pk)
    assert response.status_code == 200
    assert not StaffImport.objects.exists()


def test_people_missing_from_a_full_list_are_marked_left_only_when_confirmed(client, hr, tree):
    stays = learner(tree["SKHCN-CDS"], employee_code="NB0001").profile
    gone = learner(tree["SKHCN-CDS"], employee_code="NB9999").profile
    upload(client, csv_file([person("NB0001")]).getvalue(), agency=tree["SKHCN"].pk)
    job = StaffImport.objects.get()
    assert [p["employee_code"] for p in job.result["missing"]] == ["NB9999"]
    client.post(reverse("agencies:staff_import_apply", args=[job.pk]), {"confirm_left": "on"})
    gone.refresh_from_db()
    stays.refresh_from_db()
    assert gone.status == LearnerProfile.Status.LEFT
    assert stays.status == LearnerProfile.Status.WORKING


def test_someone_else_s_import_is_not_found(client, hr, tree):
    upload(client, csv_file(people(1)).getvalue())
    job = StaffImport.objects.get()
    client.force_login(hr_manager(tree["SKHCN"], username="nhansu-khac"))
    for name in ("staff_import", "staff_import_status"):
        assert client.get(reverse(f"agencies:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("agencies:staff_import_apply", args=[job.pk])).status_code == 404
    assert StaffImport.objects.count() == 1


def test_learners_may_not_import(client, tree):
    client.force_login(learner(tree["SKHCN"]))
    assert client.get(reverse("agencies:staff_imports")).status_code == 403
    assert client.get(reverse("agencies:staff_template")).status_code == 403
    assert upload(client, csv_file(people(1)).getvalue()).status_code == 403
    assert not StaffImport.objects.exists()


def test_the_status_answers_for_the_progress_bar(client, hr):
    upload(client, csv_file(people(2)).getvalue())
    job = StaffImport.objects.get()
    state = client.get(reverse("agencies:staff_import_status", args=[job.pk])).json()
    assert state == {
        "status": "done",
        "status_label": "Đã xong",
        "finished": True,
        "rows_done": 2,  # the check counted the rows it read
        "rows_total": 2,
        "percent": 100,
    }


def test_the_template_is_read_by_the_import(client, hr, tree):
    response = client.get(reverse("agencies:staff_template"))
    assert response["Content-Disposition"].startswith("attachment")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet.data_validations.dataValidation  # drop-down lists
    # The example row, with the template's own agency code made one of ours, checks clean, and
    # every value of every drop-down list is accepted.
    codes = [cell.value for cell in sheet[1]]
    agency_column = codes.index("Mã đơn vị") + 1
    sheet.cell(row=2, column=agency_column, value="SKHCN-CDS")
    for key, values in CHOICE_LISTS.items():
        for offset, value in enumerate(values):
            row = 3 + offset + 10 * list(CHOICE_LISTS).index(key)
            for column, cell in enumerate(sheet[2], start=1):
                sheet.cell(row=row, column=column, value=cell.value)
            sheet.cell(row=row, column=1, value=f"NB{row:04d}")
            email_column = codes.index("Email") + 1
            sheet.cell(row=row, column=email_column, value=f"nb{row}@ninhbinh.gov.vn")
            username_column = codes.index("Tên đăng nhập") + 1
            sheet.cell(row=row, column=username_column, value=f"canbo{row}")
            header = next(c for c in codes if c and c.rstrip(" *") in _headers_for(key))
            sheet.cell(row=row, column=codes.index(header) + 1, value=value)
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    result = staff_import(output, by=hr, dry_run=True)
    assert result.errors == []
    assert len(result.created) == 1 + sum(len(v) for v in CHOICE_LISTS.values())


def _headers_for(key):
    from agencies.imports import STAFF_COLUMNS

    return next(column.headers for column in STAFF_COLUMNS if column.key == key)


def test_the_list_of_imports_is_paginated_and_bounded(client, hr, django_assert_max_num_queries):
    for _ in range(3):
        upload(client, csv_file(people(1)).getvalue())
    client.get(reverse("agencies:staff_imports"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("agencies:staff_imports"))
    few = len(first)  # read now: every request empties the query log
    for _ in range(5):
        upload(client, csv_file(people(1)).getvalue())
    with django_assert_max_num_queries(few):
        client.get(reverse("agencies:staff_imports"))
