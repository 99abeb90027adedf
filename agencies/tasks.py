from celery import shared_task
from django.db import DatabaseError

from .import_jobs import staff_import_run


@shared_task(
    autoretry_for=(OSError, DatabaseError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def staff_import_task(job_id: str) -> str | None:
    """Check or apply one uploaded staff file; safe to run twice (see staff_import_run)."""
    job = staff_import_run(job_id)
    return job.status if job else None
