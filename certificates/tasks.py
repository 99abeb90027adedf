import logging
from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError

from .services import IssuerMissing, certificate_issue, certificates_reconcile

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    # Storage and database hiccups pass; anything else is left for the reconcile run.
    autoretry_for=(OSError, DatabaseError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def certificate_issue_task(self, enrollment_id: int) -> str | None:
    """Issue one certificate; safe to run twice (the service finishes or returns the first)."""
    try:
        return certificate_issue(enrollment_id=enrollment_id).number
    except IssuerMissing:
        # Retrying will not create an issuer: certificates_reconcile issues it once one exists.
        logger.warning(
            "No default certificate issuer: enrollment %s waits for certificates_reconcile",
            enrollment_id,
        )
        return None


@shared_task(acks_late=True)
def certificates_reconcile_task(pending_older_than_seconds: int | None = None) -> list[str]:
    """Celery beat's periodic sweep: issue what completions are still missing."""
    grace = (
        timedelta(seconds=pending_older_than_seconds)
        if pending_older_than_seconds is not None
        else None
    )
    result = certificates_reconcile(pending_older_than=grace)
    return [certificate.number for certificate in result.issued]
