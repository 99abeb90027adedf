"""Staff imports as jobs: an uploaded file is checked (a dry run) and then, when HR says so,
applied, each run in Celery with its progress kept on a `StaffImport` row.

The file is written to media storage before the job row exists in the database; the task reads
it back. Both runs go through `agencies.imports.staff_import`, so what a dry run promised is what
the application does (or the application reports what changed in between).
"""

import io
import logging
import time
import uuid

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .imports import StaffImportRefused, staff_import
from .models import Agency, StaffImport

logger = logging.getLogger(__name__)
# How often a running import writes its progress, at most.
PROGRESS_EVERY_SECONDS = 1.0
# Error rows kept on the job for the screens; the count is always complete.
ERRORS_KEPT = 2000


def _queue(job: StaffImport) -> None:
    """Send the job to Celery once its row is committed; a dead broker marks it failed."""
    from .tasks import staff_import_task

    job_id = job.pk

    def send():
        try:
            staff_import_task.delay(str(job_id))
        except Exception:
            logger.exception("Could not queue staff import %s", job_id)
            StaffImport.objects.filter(pk=job_id, status=StaffImport.Status.QUEUED).update(
                status=StaffImport.Status.FAILED,
                message=_("The import could not be started: try again in a few minutes."),
                finished_at=timezone.now(),
            )

    transaction.on_commit(send)


def staff_import_start(
    *, by, upload, file_name: str, agency: Agency | None, confirm_left: bool = False
) -> StaffImport:
    """Store the uploaded file and queue its dry run."""
    job = StaffImport(
        id=uuid.uuid4(),
        created_by=by,
        agency=agency,
        file_name=file_name,
        dry_run=True,
        confirm_left=confirm_left,
    )
    # Storage first, outside any transaction: a row never points at a file that is not there.
    job.file.save(file_name, upload, save=False)
    with transaction.atomic():
        job.save(force_insert=True)
        _queue(job)
    return job


def staff_import_apply(*, by, preview: StaffImport, confirm_left: bool) -> StaffImport:
    """Queue the run that applies a finished, error-free dry run; a second call returns it."""
    with transaction.atomic():
        existing = StaffImport.objects.filter(preview=preview).first()
        if existing is not None:
            return existing
        job = StaffImport.objects.create(
            created_by=by,
            agency=preview.agency,
            file=preview.file.name,
            file_name=preview.file_name,
            dry_run=False,
            confirm_left=confirm_left,
            preview=preview,
        )
        _queue(job)
    return job


def _result_json(result) -> dict:
    errors = [
        {"row": error.row, "column": error.column, "message": error.message}
        for error in result.errors[:ERRORS_KEPT]
    ]
    return {
        "created": len(result.created),
        # Who an applied run created: only they may get credentials from this job.
        "created_codes": [] if result.dry_run else result.created_codes,
        "updated": len(result.updated),
        "unchanged": len(result.unchanged),
        "error_count": len(result.errors),
        "errors": errors,
        "missing": [
            {"employee_code": p.employee_code, "full_name": p.full_name, "agency": p.agency_code}
            for p in result.missing
        ],
        "marked_left": result.marked_left,
    }


def staff_import_run(job_id) -> StaffImport | None:
    """Run one job (the Celery task's body). Safe to run again after a crash: the import is
    idempotent, and a job already finished is left alone."""
    claimed = StaffImport.objects.filter(
        pk=job_id, status__in=[StaffImport.Status.QUEUED, StaffImport.Status.RUNNING]
    ).update(status=StaffImport.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return None
    job = StaffImport.objects.select_related("created_by", "agency").get(pk=job_id)
    with job.file.open("rb") as stored:
        data = stored.read()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_SECONDS or done >= total:
            last[0] = now
            StaffImport.objects.filter(pk=job_id).update(rows_done=done, rows_total=total)

    try:
        result = staff_import(
            io.BytesIO(data),
            by=job.created_by,
            agency=job.agency,
            dry_run=job.dry_run,
            confirm_left=job.confirm_left,
            on_progress=progress,
            file_name=job.file_name,
        )
    except StaffImportRefused as refusal:
        StaffImport.objects.filter(pk=job_id).update(
            status=StaffImport.Status.REFUSED, message=refusal.message, finished_at=timezone.now()
        )
    except (OSError, DatabaseError):
        raise  # the task retries; the job stays running and is claimed again
    except Exception:
        logger.exception("Staff import %s failed", job_id)
        StaffImport.objects.filter(pk=job_id).update(
            status=StaffImport.Status.FAILED,
            message=_("The import stopped on an unexpected error; nothing more was written."),
            finished_at=timezone.now(),
        )
    else:
        StaffImport.objects.filter(pk=job_id).update(
            status=StaffImport.Status.DONE,
            result=_result_json(result),
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job
