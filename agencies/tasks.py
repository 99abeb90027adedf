from celery import shared_task
from django.db import DatabaseError

from .accounts import invitation_emails_send
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


@shared_task(acks_late=True)
def account_emails_task(job_id: str) -> dict[str, int]:
    """Send the queued set-password emails of one import; each email is claimed before it is
    sent, so running this twice sends nothing twice (see invitation_emails_send)."""
    return invitation_emails_send(job_id)
