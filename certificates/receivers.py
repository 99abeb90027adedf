from django.db import transaction

from .tasks import certificate_issue_task


def queue_certificate_on_completion(sender, enrollment, **kwargs):
    """Issue the certificate in the background once the completion is committed."""
    transaction.on_commit(lambda: certificate_issue_task.delay(enrollment.pk))
