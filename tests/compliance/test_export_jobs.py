"""Export files made in Celery: typed, escaped cells; scope at run time; requester-only
downloads; progress; a dead worker's job run again; expired files deleted."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from agencies.models import AgencyRole
from compliance import export_jobs, services
from compliance.models import Assignment, ExportJob
from compliance.tasks import export_cleanup_task, export_run_task
from tests import factories
from tests.compliance.test_services import yearly_security

pytestmark = pytest.mark.django_db

HOSTILE_FORMULA = '=HYPERLINK("http://evil.example","Bấm vào")'
HOSTILE_SCRIPT = "<script>alert(1)</script> Vũ"


@pytest.fixture
def world():
    tree = factories.agency_tree()
    course = factories.course(code="ATTT", lessons=1)
    people = {
        "ha": factories.staff_member(tree["SKHCN-CDS"], full_name="Lê Thu Hà"),
        "formula": factories.staff_member(tree["SKHCN"], full_name=HOSTILE_FORMULA),
        "script": factories.staff_member(tree["SKHCN"], full_name=HOSTILE_SCRIPT),
        "ngan": factories.staff_member(tree["STC-NS"], full_name="Phạm Thị Ngân"),
    }
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    # Tiết counted so far, as a number with a decimal part (status untouched: counts unchanged).
    Assignment.objects.filter(profile=people["ha"]).update(hours_done=Decimal("2.5"))
    hr = factories.hr_manager(tree["SKHCN"], username="hr-skhcn")
    hr.email = "hr-skhcn@example.gov.vn"
    hr.save()
    other = factories.hr_manager(tree["STC"], username="hr-stc")
    other.email = "hr-stc@example.gov.vn"
    other.save()
    province = factories.hr_manager(tree["UBND-NB"], username="hr-tinh")
    return {
        "tree": tree,
        "people": people,
        "requirement": requirement,
        "hr": hr,
        "other": other,
        "province": province,
    }


def export_request(client, user, django_capture_on_commit_callbacks, **data) -> ExportJob:
    """Ask for a file through the page, the task running at the commit (eager Celery)."""
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("compliance_exports:new"), {"format": "xlsx", **data})
    assert response.status_code == 302, response.content.decode()[:500]
    job = ExportJob.objects.get(requested_by=user)
    assert response["Location"] == reverse("compliance_exports:detail", args=[job.pk])
    return job


def downloaded(client, job: ExportJob) -> bytes:
    response = client.get(reverse("compliance_exports:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def xlsx_cells(content: bytes) -> tuple[openpyxl.worksheet.worksheet.Worksheet, list[dict]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    return sheet, rows


def test_xlsx_export_runs_as_a_job_and_only_the_requester_downloads_it(
    world, client, django_capture_on_commit_callbacks
):
    job = export_request(client, world["hr"], django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert (job.rows_done, job.rows_total) == (3, 3)
    assert job.file_path.startswith(f"exports/{job.pk}/")
    assert job.file_name == f"danh-sach-tuan-thu-{timezone.localdate():%Y%m%d}.xlsx"

    response = client.get(reverse("compliance_exports:download", args=[job.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="{job.file_name}"'
    sheet, rows = xlsx_cells(b"".join(response.streaming_content))
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]][:3] == ["Họ và tên", "Mã cán bộ", "Đối tượng"]
    # HR of the SKHCN sees its subtree only: Ngân of the STC is not in the file.
    names = {row["Họ và tên"].value for row in rows}
    assert names == {"Lê Thu Hà", HOSTILE_FORMULA, HOSTILE_SCRIPT}
    for row in rows:
        assert row["Họ và tên"].data_type == "s"  # a string, never a formula
        assert isinstance(row["Hạn hoàn thành"].value, datetime)
        assert row["Hạn hoàn thành"].value.date() == date(2026, 12, 31)
        assert row["Hạn hoàn thành"].number_format == "dd/mm/yyyy"
        assert row["Chu kỳ"].data_type == "n"
    ha = next(row for row in rows if row["Họ và tên"].value == "Lê Thu Hà")
    assert ha["Số tiết"].value == 2.5

    # One email, to the requester, with the page's link and not the file.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hr-skhcn@example.gov.vn"]
    assert message.subject == "Tệp báo cáo đã sẵn sàng"
    assert reverse("compliance_exports:detail", args=[job.pk]) in message.body
    assert not message.attachments
    # The page says the file is ready, with its download link.
    page = client.get(reverse("compliance_exports:detail", args=[job.pk])).content.decode()
    assert "Tệp của bạn đã sẵn sàng: 3 dòng." in page
    assert reverse("compliance_exports:download", args=[job.pk]) in page


def test_nobody_but_the_requester_reaches_the_job(
    world, client, django_capture_on_commit_callbacks
):
    job = export_request(client, world["hr"], django_capture_on_commit_callbacks)
    root = factories.UserFactory(username="root", is_superuser=True)
    for name in ("detail", "status", "download"):
        url = reverse(f"compliance_exports:{name}", args=[job.pk])
        # The province HR's scope is wider, the superuser sees everything: still not theirs.
        for user in (world["other"], world["province"], root):
            client.force_login(user)
            assert client.get(url).status_code == 404, (name, user.username)
        client.logout()
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    learner = factories.learner(world["tree"]["SKHCN"])
    client.force_login(learner)
    assert client.get(reverse("compliance_exports:download", args=[job.pk])).status_code == 403


def test_hr_of_another_department_gets_none_of_my_people(
    world, client, django_capture_on_commit_callbacks
):
    job = export_request(client, world["other"], django_capture_on_commit_callbacks)
    _sheet, rows = xlsx_cells(downloaded(client, job))
    assert [row["Họ và tên"].value for row in rows] == ["Phạm Thị Ngân"]


def test_csv_has_a_bom_and_hostile_names_stay_text(
    world, client, django_capture_on_commit_callbacks
):
    job = export_request(client, world["hr"], django_capture_on_commit_callbacks, format="csv")
    assert job.file_name.endswith(".csv")
    response = client.get(reverse("compliance_exports:download", args=[job.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffHọ và tên,Mã cán bộ,")
    assert '"\'=HYPERLINK(""http://evil.example"",""Bấm vào"")"' in text
    assert HOSTILE_SCRIPT in text
    assert ",31/12/2026," in text
    assert any(line.endswith(",2.5") for line in text.splitlines())


def test_csv_for_excel_in_vietnamese_has_semicolons_and_decimal_commas(
    world, client, django_capture_on_commit_callbacks
):
    job = export_request(
        client, world["hr"], django_capture_on_commit_callbacks, format="csv_semicolon"
    )
    assert job.file_name.endswith("-cham-phay.csv")
    text = downloaded(client, job).decode("utf-8")
    assert text.startswith("\ufeffHọ và tên;Mã cán bộ;")
    line = next(line for line in text.splitlines() if line.startswith("Lê Thu Hà;"))
    assert line.endswith(";31/12/2026;;;;2,5")


def test_filters_are_applied_when_the_job_runs(world, client, django_capture_on_commit_callbacks):
    job = export_request(
        client,
        world["hr"],
        django_capture_on_commit_callbacks,
        agency=world["tree"]["SKHCN-CDS"].pk,
        q="le thu ha",
        status=["not_started"],
        requirement=[world["requirement"].pk],
    )
    assert job.filters == {
        "requirements": [world["requirement"].pk],
        "agency": world["tree"]["SKHCN-CDS"].pk,
        "statuses": ["not_started"],
        "category": "",
        "search": "le thu ha",
    }
    _sheet, rows = xlsx_cells(downloaded(client, job))
    assert [row["Họ và tên"].value for row in rows] == ["Lê Thu Hà"]


def test_bad_input_gets_a_vietnamese_message_and_makes_no_job(world, client):
    client.force_login(world["hr"])
    url = reverse("compliance_exports:new")
    response = client.post(url, {"format": "pdf"})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    # An agency outside the manager's subtree is not a choice either.
    response = client.post(url, {"format": "xlsx", "agency": world["tree"]["STC"].pk})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert client.post(url, {}).status_code == 200
    assert not ExportJob.objects.exists()
    assert not mail.outbox


def test_scope_is_read_again_when_the_job_runs(world, client, django_capture_on_commit_callbacks):
    client.force_login(world["hr"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("compliance_exports:new"), {"format": "xlsx"})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.QUEUED
    # The role is revoked before the worker gets to the job.
    AgencyRole.objects.filter(user=world["hr"]).delete()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.message.startswith("Bạn không còn vai trò cán bộ tổ chức nhân sự")
    assert job.file_path == ""
    assert not default_storage.exists(f"exports/{job.pk}")
    assert not mail.outbox  # a failed manual export is shown on its page, not emailed


def test_an_agency_out_of_scope_by_run_time_fails_the_job(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world["hr"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("compliance_exports:new"),
            {"format": "xlsx", "agency": world["tree"]["SKHCN-CDS"].pk},
        )
    # The manager moves to another department: the old agency is no longer hers.
    AgencyRole.objects.filter(user=world["hr"]).update(agency=world["tree"]["STC"])
    for callback in callbacks:
        callback()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert "không còn thuộc phạm vi quản lý" in job.message
    assert job.file_path == ""


def test_a_job_left_running_by_a_dead_worker_runs_again_into_one_complete_file(world):
    job = export_jobs.export_job_start(
        by=world["hr"], kind=ExportJob.Kind.ASSIGNMENTS, fmt="xlsx", filters={}
    )
    # The dead worker had claimed the job and written half a file under the job's path.
    file_name = export_jobs.export_file_name(
        stem="danh-sach-tuan-thu", fmt="xlsx", on=timezone.localdate()
    )
    default_storage.save(f"exports/{job.pk}/{file_name}", ContentFile(b"PK\x03\x04half"))
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_done=2)

    assert export_run_task.delay(str(job.pk)).get() == ExportJob.Status.DONE
    job.refresh_from_db()
    _folders, files = default_storage.listdir(f"exports/{job.pk}")
    assert files == [file_name]
    assert job.file_path == f"exports/{job.pk}/{file_name}"
    with default_storage.open(job.file_path, "rb") as stored:
        _sheet, rows = xlsx_cells(stored.read())
    assert len(rows) == 3
    # A finished job is left alone by a late duplicate of the task: no second email, same file.
    assert export_run_task.delay(str(job.pk)).get() is None
    assert len(mail.outbox) == 1


def test_progress_is_written_while_rows_are_streamed(world, monkeypatch):
    job = export_jobs.export_job_start(
        by=world["hr"], kind=ExportJob.Kind.ASSIGNMENTS, fmt="csv", filters={}
    )
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY_ROWS", 1)
    seen = []
    real_rows = export_jobs.assignment_rows

    def watched_rows(assignments):
        for row in real_rows(assignments):
            seen.append(ExportJob.objects.values_list("rows_done", "rows_total").get(pk=job.pk))
            yield row

    monkeypatch.setattr(export_jobs, "assignment_rows", watched_rows)
    export_jobs.export_job_run(job.pk)
    # Before each row is written, the page could read how many were written before it.
    assert seen == [(0, 3), (1, 3), (2, 3)]


def test_progress_json(world, client):
    job = export_jobs.export_job_start(
        by=world["hr"], kind=ExportJob.Kind.ASSIGNMENTS, fmt="xlsx", filters={}
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows_done=250, rows_total=1000
    )
    client.force_login(world["hr"])
    url = reverse("compliance_exports:status", args=[job.pk])
    assert client.get(url).json() == {
        "status": "running",
        "status_label": "Đang chạy",
        "finished": False,
        "rows_done": 250,
        "rows_total": 1000,
        "percent": 25,
        "message": "",
    }
    page = client.get(reverse("compliance_exports:detail", args=[job.pk])).content.decode()
    assert f'data-status-url="{url}"' in page
    assert 'role="status" aria-live="polite"' in page
    assert "Đã ghi 250/1000 dòng." in page
    export_jobs.export_job_run(job.pk)
    state = client.get(url).json()
    assert (state["status"], state["finished"], state["percent"]) == ("done", True, 100)


def test_cleanup_deletes_expired_files_and_jobs(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old = export_jobs.export_job_start(
            by=world["hr"], kind=ExportJob.Kind.ASSIGNMENTS, fmt="xlsx", filters={}
        )
        fresh = export_jobs.export_job_start(
            by=world["hr"], kind=ExportJob.Kind.ASSIGNMENTS, fmt="csv", filters={}
        )
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert default_storage.exists(old.file_path)
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=8),
        expires_at=timezone.now() - timedelta(days=1),
    )
    assert export_cleanup_task.delay().get() == 1
    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file_path)
    assert default_storage.exists(fresh.file_path)


def test_an_expired_job_is_no_longer_downloadable(
    world, client, django_capture_on_commit_callbacks
):
    job = export_request(client, world["hr"], django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("compliance_exports:download", args=[job.pk])).status_code == 404


def test_the_training_report_by_course_is_exported_from_the_report_page(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world["hr"])
    page = client.get(reverse("compliance:hr_report"), {"q": "le thu"}).content.decode()
    assert f'action="{reverse("compliance_exports:new")}"' in page
    assert '<input type="hidden" name="q" value="le thu">' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("compliance_exports:new"),
            {"kind": "course_report", "format": "xlsx", "q": "le thu"},
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("compliance_exports:detail", args=[job.pk])
    assert job.kind == ExportJob.Kind.COURSE_REPORT
    assert job.status == ExportJob.Status.DONE, job.message
    _sheet, rows = xlsx_cells(downloaded(client, job))
    assert [(row["Họ và tên"].value, row["Khóa học"].value) for row in rows] == [
        ("Lê Thu Hà", world["requirement"].courses.get().title)
    ]
    assert rows[0]["Tiến độ (%)"].data_type == "n"


def test_my_exports_list_reads_in_few_queries_whatever_its_length(
    world, client, django_assert_max_num_queries
):
    for _ in range(25):
        export_jobs.export_job_start(
            by=world["hr"], kind=ExportJob.Kind.ASSIGNMENTS, fmt="xlsx", filters={}
        )
    export_jobs.export_job_start(
        by=world["other"], kind=ExportJob.Kind.ASSIGNMENTS, fmt="csv", filters={}
    )
    client.force_login(world["hr"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("compliance_exports:list"))
    page = response.content.decode()
    assert page.count('href="/quan-ly/tuan-thu/xuat/') - page.count("/xuat/danh-sach/") >= 20
    mine = ExportJob.objects.filter(requested_by=world["hr"]).values_list("pk", flat=True)
    theirs = ExportJob.objects.get(requested_by=world["other"])
    assert str(theirs.pk) not in page
    assert sum(str(pk) in page for pk in mine) == 20  # one page of twenty
