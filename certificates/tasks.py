from celery import shared_task

from .services import certificate_issue


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def certificate_issue_task(self, enrollment_id: int) -> str:
    """Issue one certificate; safe to run twice (the service returns the existing one)."""
    return certificate_issue(enrollment_id=enrollment_id).number
