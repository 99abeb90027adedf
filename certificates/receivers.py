import logging

from django.db import transaction

from .tasks import certificate_issue_task

logger = logging.getLogger(__name__)


def certificate_issue_queue(*, enrollment_id: int) -> None:
    """Queue the issuance; a dead broker or a failing eager run must not reach the learner."""
    try:
        certificate_issue_task.delay(enrollment_id)
    except Exception:
        # The completion is committed; certificates_reconcile (Celery beat) finds it later.
        logger.exception(
            "Could not queue the certificate of enrollment %s; certificates_reconcile will issue it",
            enrollment_id,
        )


def queue_certificate_on_completion(sender, enrollment, **kwargs):
    """Issue the certificate in the background once the completion is committed."""
    enrollment_id = enrollment.pk
    transaction.on_commit(lambda: certificate_issue_queue(enrollment_id=enrollment_id))
