"""Scheduled reports: HR subscribes, each Monday (or 1st) one file is made and one link emailed,
never two in a period, and only the subscriber downloads it."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agencies.models import AgencyRole
from compliance import export_jobs
from compliance.models import ExportJob, ReportSubscription
from config import celery_app
from tests.compliance.test_export_jobs import world  # noqa: F401 - the same people and managers

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int, after: date) -> date:
    return after + timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


def next_first_of_month(after: date) -> date:
    return (after.replace(day=1) + timedelta(days=32)).replace(day=1)


@pytest.fixture
def weekly(world, client):  # noqa: F811
    client.force_login(world["hr"])
    response = client.post(
        reverse("compliance_exports:subscriptions"),
        {"frequency": "weekly", "format": "xlsx", "status": ["not_started"]},
    )
    assert response.status_code == 302
    client.logout()
    return ReportSubscription.objects.get(user=world["hr"])


def send(today: date, django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return export_jobs.subscriptions_send(today=today)


def test_subscribing_keeps_the_filters_and_lists_the_subscription(world, client, weekly):  # noqa: F811
    assert weekly.filters == {
        "requirements": [],
        "agency": None,
        "statuses": ["not_started"],
        "category": "",
        "search": "",
    }
    assert (weekly.frequency, weekly.format, weekly.active) == ("weekly", "xlsx", True)
    client.force_login(world["hr"])
    page = client.get(reverse("compliance_exports:subscriptions")).content.decode()
    assert "Hằng tuần (thứ Hai)" in page
    assert "<td>Chưa học</td>" in page
    client.force_login(world["other"])
    page = client.get(reverse("compliance_exports:subscriptions")).content.decode()
    assert "Bạn chưa đăng ký báo cáo định kỳ nào." in page


def test_a_weekly_report_is_sent_once_per_week(
    world,  # noqa: F811
    client,
    weekly,
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    monday = next_weekday(0, today)
    # Subscribed this week: nothing until the next Monday.
    assert send(monday - timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert send(monday, django_capture_on_commit_callbacks) == 1
    job = ExportJob.objects.get()
    assert (job.subscription, job.status, job.rows_done) == (weekly, ExportJob.Status.DONE, 3)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hr-skhcn@example.gov.vn"]
    assert message.subject == "Tệp báo cáo đã sẵn sàng"
    assert reverse("compliance_exports:detail", args=[job.pk]) in message.body
    assert "Báo cáo định kỳ" in message.body
    assert not message.attachments
    weekly.refresh_from_db()
    assert weekly.last_sent_on == monday

    # The beat running again the same day, or later that week, sends nothing more.
    assert send(monday, django_capture_on_commit_callbacks) == 0
    assert send(monday + timedelta(days=3), django_capture_on_commit_callbacks) == 0
    assert ExportJob.objects.count() == 1
    assert len(mail.outbox) == 1
    # A missed Monday is caught up on the Tuesday; the week after, one more.
    assert send(monday + timedelta(days=8), django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2

    # The link in the email opens for the subscriber only.
    download = reverse("compliance_exports:download", args=[job.pk])
    client.force_login(world["hr"])
    assert client.get(download).status_code == 200
    client.force_login(world["province"])
    assert client.get(download).status_code == 404


def test_a_monthly_report_is_sent_on_the_first(
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    export_jobs.subscription_create(user=world["hr"], frequency="monthly", fmt="csv", filters={})
    first = next_first_of_month(timezone.localdate())
    assert send(first - timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert send(first, django_capture_on_commit_callbacks) == 1
    assert send(first + timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert send(next_first_of_month(first), django_capture_on_commit_callbacks) == 1
    assert [job.format for job in ExportJob.objects.all()] == ["csv", "csv"]
    assert len(mail.outbox) == 2


def test_a_subscriber_who_lost_the_role_gets_a_failure_email_and_no_file(
    world,  # noqa: F811
    weekly,
    django_capture_on_commit_callbacks,
):
    AgencyRole.objects.filter(user=world["hr"]).delete()
    assert send(next_weekday(0, timezone.localdate()), django_capture_on_commit_callbacks) == 1
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert job.file_path == ""
    assert [message.subject for message in mail.outbox] == ["Không tạo được báo cáo định kỳ"]
    assert job.message in mail.outbox[0].body


def test_unsubscribing_stops_the_reports(
    world,  # noqa: F811
    client,
    weekly,
    django_capture_on_commit_callbacks,
):
    cancel = reverse("compliance_exports:subscription_cancel", args=[weekly.pk])
    client.force_login(world["other"])
    assert client.post(cancel).status_code == 404
    weekly.refresh_from_db()
    assert weekly.active
    client.force_login(world["hr"])
    response = client.post(cancel)
    assert response["Location"] == reverse("compliance_exports:subscriptions")
    weekly.refresh_from_db()
    assert not weekly.active
    assert send(next_weekday(0, timezone.localdate()), django_capture_on_commit_callbacks) == 0
    assert not mail.outbox


def test_a_subscription_without_frequency_is_refused_in_vietnamese(world, client):  # noqa: F811
    client.force_login(world["hr"])
    response = client.post(reverse("compliance_exports:subscriptions"), {"format": "xlsx"})
    assert response.status_code == 200
    assert "Hãy chọn tần suất gửi báo cáo." in response.content.decode()
    assert not ReportSubscription.objects.exists()


def test_the_subscriptions_page_reads_in_few_queries(
    world,  # noqa: F811
    client,
    django_assert_max_num_queries,
):
    for index in range(15):
        export_jobs.subscription_create(
            user=world["hr"],
            frequency="weekly" if index % 2 else "monthly",
            fmt="xlsx",
            filters={
                "requirements": [world["requirement"].pk],
                "agency": world["tree"]["SKHCN"].pk,
            },
        )
    client.force_login(world["hr"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("compliance_exports:subscriptions")).content.decode()
    assert page.count("An toàn thông tin hằng năm; Sở Khoa học và Công nghệ") == 15


def test_the_beat_runs_the_scheduled_reports_and_the_cleanup_daily():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "compliance.tasks.report_subscriptions_task",
        "compliance.tasks.export_cleanup_task",
    } <= tasks
    assert {
        "compliance.tasks.report_subscriptions_task",
        "compliance.tasks.export_cleanup_task",
    } <= set(celery_app.tasks)
