from django.db import transaction


def queue_certificate_on_completion(sender, enrollment, **kwargs):
    """Issue the certificate in the background once the completion is committed."""
    from .tasks import certificate_issue_task

    transaction.on_commit(lambda: certificate_issue_task.delay(enrollment.pk))
