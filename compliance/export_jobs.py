"""Export files made in Celery: one `ExportJob` per request, its progress on the row, the file in
the default storage under the job's random id, a link by email when it is ready.

The requester's scope is read again when the job runs, not when it was asked for: a manager whose
role was revoked in between gets a failed job and no file. A job run again (a retried task, a
worker killed half-way) writes its file again from the start and replaces what a dead run left,
so there is always one complete file or none. Rows are streamed from the database into a
temporary file (xlsxwriter's `constant_memory` for XLSX), so memory stays flat however many rows;
the temporary file is the only thing written to local disk, and no file is written inside a
database transaction.
"""

from __future__ import annotations

import datetime
import io
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyRole
from agencies.selectors import agency_in_scope, user_is_hr
from courses.models import CoursePage

from .exports import assignment_columns, course_report_columns
from .listing import assignment_rows, assignments_in_scope
from .models import ExportFormat, ExportJob, ReportSubscription
from .selectors import compliance_profiles, compliance_rows, report_agencies
from .tabular import Column, CsvDialect, csv_write, xlsx_write

logger = logging.getLogger(__name__)

# Progress is written once per this many rows, each time in its own short transaction.
PROGRESS_EVERY_ROWS = 1000
# People read per query for the training report by course (each brings one row per course).
PROFILES_PER_CHUNK = 500
STORAGE_FOLDER = "exports"
HR_ROLES = (AgencyRole.Role.HR_MANAGER,)


class ExportRefused(Exception):
    """The export may not be made now (scope lost); `message` says why, in the user's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExportSource:
    """What a job writes: its columns, its rows (streamed), how many, and what to call it."""

    columns: list[Column]
    rows: Iterable
    total: int
    sheet_name: str
    file_stem: str


# --- starting -----------------------------------------------------------------------------------


def _queue(job: ExportJob) -> None:
    """Send the job to Celery once its row is committed; a dead broker marks it failed."""
    from .tasks import export_run_task

    job_id = job.pk

    def send():
        try:
            export_run_task.delay(str(job_id))
        except Exception:
            logger.exception("Could not queue export %s", job_id)
            with translation.override(settings.LANGUAGE_CODE):
                message = _("The export could not be started: try again in a few minutes.")
            ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
                status=ExportJob.Status.FAILED, message=message, finished_at=timezone.now()
            )

    transaction.on_commit(send)


def export_job_start(
    *,
    by,
    kind: str,
    fmt: str,
    filters: dict,
    subscription: ReportSubscription | None = None,
) -> ExportJob:
    """Record an export request and queue its run after the commit."""
    job = ExportJob(
        requested_by=by, kind=kind, format=fmt, filters=filters, subscription=subscription
    )
    job.full_clean()
    with transaction.atomic():
        job.save(force_insert=True)
        _queue(job)
    return job


# --- what a job writes --------------------------------------------------------------------------


def _scope_check(user, agency_id: int | None) -> Agency | None:
    """The requester may still export, and the agency asked is still theirs; else refused."""
    if not (user.is_active and user_is_hr(user=user)):
        raise ExportRefused(
            _(
                "You no longer hold an HR role, so this export was not made. Ask your "
                "administrator if you still need it."
            )
        )
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None or not agency_in_scope(user=user, agency=agency, roles=HR_ROLES):
        raise ExportRefused(
            _("The agency chosen for this export is no longer in your scope: no file was made.")
        )
    return agency


def _assignments_source(job: ExportJob) -> ExportSource:
    filters = job.filters
    agency = _scope_check(job.requested_by, filters.get("agency"))
    requirement_ids = filters.get("requirements") or None
    assignments = assignments_in_scope(
        user=job.requested_by,
        requirement_ids=requirement_ids,
        agency=agency,
        statuses=filters.get("statuses") or None,
        category=filters.get("category", ""),
        search=filters.get("search", ""),
    )
    return ExportSource(
        columns=assignment_columns(),
        rows=assignment_rows(assignments),
        total=assignments.count(),
        sheet_name=_("People under requirements"),
        file_stem="danh-sach-tuan-thu",
    )


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, size)):
        yield chunk


def _course_report_source(job: ExportJob) -> ExportSource:
    filters = job.filters
    user = job.requested_by
    _scope_check(user, None)
    on = datetime.date.fromisoformat(filters["as_of"]) if filters.get("as_of") else None
    agencies = report_agencies(user=user, on=on, rolled_up=bool(filters.get("rolled_up")))
    agency_id = filters.get("agency")
    if agency_id is not None and agency_id not in {node.id for node in agencies.choices}:
        raise ExportRefused(
            _("The agency chosen for this export is no longer in your scope: no file was made.")
        )
    courses = CoursePage.objects.live().order_by("path")
    if filters.get("course"):
        courses = courses.filter(pk=filters["course"])
    courses = list(courses)
    profiles = compliance_profiles(
        user=user, agency=agency_id, search=filters.get("search", ""), agencies=agencies
    )

    def rows():
        # A few hundred people at a time: one chunk of people and their enrollments in memory.
        for chunk in _chunks(profiles.iterator(chunk_size=PROFILES_PER_CHUNK), PROFILES_PER_CHUNK):
            yield from compliance_rows(profiles=chunk, courses=courses, agencies=agencies)

    return ExportSource(
        columns=course_report_columns(agencies),
        rows=rows(),
        total=profiles.count() * len(courses),
        sheet_name=_("Training report"),
        file_stem="bao-cao-boi-duong",
    )


SOURCES: dict[str, Callable[[ExportJob], ExportSource]] = {
    ExportJob.Kind.ASSIGNMENTS: _assignments_source,
    ExportJob.Kind.COURSE_REPORT: _course_report_source,
}


def export_file_name(*, stem: str, fmt: str, on: datetime.date) -> str:
    """ASCII only, with the date: every browser and every mail client keeps it as it is."""
    suffix = {
        ExportFormat.XLSX: ".xlsx",
        ExportFormat.CSV: ".csv",
        # "cham-phay" = semicolon: the file for Excel set to Vietnamese.
        ExportFormat.CSV_SEMICOLON: "-cham-phay.csv",
    }[fmt]
    return f"{stem}-{on:%Y%m%d}{suffix}"


def _write(out, *, fmt: str, source: ExportSource, rows: Iterable) -> int:
    if fmt == ExportFormat.XLSX:
        return xlsx_write(out, columns=source.columns, rows=rows, sheet_name=source.sheet_name)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    dialect = CsvDialect.SEMICOLON if fmt == ExportFormat.CSV_SEMICOLON else CsvDialect.COMMA
    try:
        return csv_write(text, columns=source.columns, rows=rows, dialect=dialect)
    finally:
        text.flush()
        text.detach()


def _counted(rows: Iterable, *, job_id, total: int) -> Iterator:
    """Pass the rows through, writing the progress every `PROGRESS_EVERY_ROWS` rows."""
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY_ROWS == 0:
            # Autocommit: each update is its own short transaction, seen at once by the page.
            ExportJob.objects.filter(pk=job_id).update(rows_done=done, rows_total=max(total, done))


def _storage_path(job: ExportJob, file_name: str) -> str:
    # Under the job's uuid4: nobody can guess another export's path in the bucket.
    return f"{STORAGE_FOLDER}/{job.pk}/{file_name}"


# --- running ------------------------------------------------------------------------------------


def export_job_run(job_id) -> ExportJob | None:
    """Run one job (the Celery task's body). A job already finished is left alone; a job left
    running by a dead worker is taken again and its file written again from the start."""
    claimed = ExportJob.objects.filter(
        pk=job_id, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    ).update(status=ExportJob.Status.RUNNING, started_at=timezone.now(), rows_done=0)
    if not claimed:
        return None
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    # The file, its sheet and its messages speak the site's language (Vietnamese first).
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _export_write(job)
        except ExportRefused as refusal:
            ExportJob.objects.filter(pk=job_id).update(
                status=ExportJob.Status.FAILED,
                message=refusal.message,
                finished_at=timezone.now(),
            )
        except (OSError, DatabaseError):
            raise  # the task retries; the job stays running and is taken again
        except Exception:
            logger.exception("Export %s failed", job_id)
            ExportJob.objects.filter(pk=job_id).update(
                status=ExportJob.Status.FAILED,
                message=_("The export stopped on an unexpected error: no file was made."),
                finished_at=timezone.now(),
            )
        job.refresh_from_db()
        export_job_notify(job)
    return job


def _export_write(job: ExportJob) -> None:
    source = SOURCES[job.kind](job)
    ExportJob.objects.filter(pk=job.pk).update(rows_total=source.total)
    file_name = export_file_name(stem=source.file_stem, fmt=job.format, on=timezone.localdate())
    path = _storage_path(job, file_name)
    rows = _counted(source.rows, job_id=job.pk, total=source.total)
    with tempfile.TemporaryFile() as buffer:
        count = _write(buffer, fmt=job.format, source=source, rows=rows)
        buffer.seek(0)
        # What a dead run may have left under this path goes first: one file per job, complete.
        _file_delete(job.file_path)
        _file_delete(path)
        stored = default_storage.save(path, File(buffer, name=file_name))
    finished = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.DONE,
        file_name=file_name,
        file_path=stored,
        rows_done=count,
        rows_total=count,
        message="",
        finished_at=timezone.now(),
    )
    if not finished:
        # The job was deleted (or finished by another run) meanwhile: keep no stray file.
        _file_delete(stored)


def _file_delete(path: str) -> None:
    if path and default_storage.exists(path):
        default_storage.delete(path)


# --- telling the requester ----------------------------------------------------------------------


def export_job_page_url(job: ExportJob) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("compliance_exports:detail", args=[job.pk])


def export_job_notify(job: ExportJob) -> bool:
    """Email the requester a link to the finished file's page (never the file itself), once.

    A failed manual export is shown on its page, where the requester waits; a failed scheduled
    report is emailed, since nobody is waiting for it.
    """
    if not job.requested_by.email:
        return False
    if job.status != ExportJob.Status.DONE and not (
        job.status == ExportJob.Status.FAILED and job.subscription_id
    ):
        return False
    claimed = ExportJob.objects.filter(pk=job.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return False
    context = {
        "job": job,
        "link": export_job_page_url(job),
        "subscriptions_link": settings.SITE_URL.rstrip("/")
        + reverse("compliance_exports:subscriptions"),
        "kept_until": timezone.localtime(job.expires_at).strftime("%d/%m/%Y"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        if job.status == ExportJob.Status.DONE:
            subject = _("Your report file is ready")
            body = render_to_string("compliance/exports/email/ready.txt", context)
        else:
            subject = _("Your scheduled report could not be made")
            body = render_to_string("compliance/exports/email/failed.txt", context)
    try:
        send_mail(subject, body, None, [job.requested_by.email])
    except Exception:
        # The file is there and its page says so; a mail server down loses only the reminder.
        logger.exception("Could not email export %s", job.pk)
        return False
    return True


# --- cleanup ------------------------------------------------------------------------------------


def exports_expired_delete(*, now: datetime.datetime | None = None) -> int:
    """Delete the files and rows of exports past their keeping date; returns how many."""
    now = now or timezone.now()
    deleted = 0
    expired = ExportJob.objects.filter(expires_at__lt=now).values_list("pk", "file_path")
    for job_id, path in list(expired.iterator()):
        # The file first: a row may point at a missing file, never a file stay without its row.
        _file_delete(path)
        deleted += ExportJob.objects.filter(pk=job_id).delete()[0]
    return deleted


# --- scheduled reports --------------------------------------------------------------------------


def subscription_period_start(*, frequency: str, today: datetime.date) -> datetime.date:
    """The first day of the period `today` is in: its Monday, or the 1st of its month."""
    if frequency == ReportSubscription.Frequency.WEEKLY:
        return today - datetime.timedelta(days=today.weekday())
    return today.replace(day=1)


def subscription_create(*, user, frequency: str, fmt: str, filters: dict) -> ReportSubscription:
    subscription = ReportSubscription(user=user, frequency=frequency, format=fmt, filters=filters)
    subscription.full_clean()
    subscription.save()
    return subscription


def subscription_cancel(*, subscription: ReportSubscription) -> None:
    ReportSubscription.objects.filter(pk=subscription.pk).update(active=False)


def subscriptions_due(*, today: datetime.date) -> list[int]:
    """Active subscriptions whose current period has started since they last sent (or since
    they were made): every Monday or 1st, and the days after it if that run was missed."""
    due = []
    subscriptions = ReportSubscription.objects.filter(active=True).values_list(
        "pk", "frequency", "last_sent_on", "created_at"
    )
    for pk, frequency, last_sent_on, created_at in subscriptions.iterator():
        start = subscription_period_start(frequency=frequency, today=today)
        since = last_sent_on or timezone.localdate(created_at)
        if since < start:
            due.append(pk)
    return due


def subscription_send(*, subscription_id: int, today: datetime.date) -> ExportJob | None:
    """Claim this period's report and queue it, in one transaction: a second run of the day, or a
    second worker, finds the period claimed and does nothing."""
    subscription = ReportSubscription.objects.filter(pk=subscription_id, active=True).first()
    if subscription is None:
        return None
    start = subscription_period_start(frequency=subscription.frequency, today=today)
    with transaction.atomic():
        claimed = (
            ReportSubscription.objects.filter(pk=subscription_id, active=True)
            .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=start))
            .update(last_sent_on=today)
        )
        if not claimed:
            return None
        job = ExportJob.objects.create(
            requested_by=subscription.user,
            kind=ExportJob.Kind.ASSIGNMENTS,
            format=subscription.format,
            filters=subscription.filters,
            subscription=subscription,
        )
        _queue(job)
    return job


def subscriptions_send(*, today: datetime.date | None = None) -> int:
    """Queue every scheduled report due today; returns how many were queued."""
    today = today or timezone.localdate()
    sent = 0
    for subscription_id in subscriptions_due(today=today):
        if subscription_send(subscription_id=subscription_id, today=today) is not None:
            sent += 1
    return sent
