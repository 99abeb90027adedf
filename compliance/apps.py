from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """Training requirements, the assignments they expand into, their statuses and the reports,
    exports and API built on them.

    Imports `agencies`, `courses` and `learning`; nothing of ours imports it but `demo`
    (docs/decisions/0015-compliance-app.md).
    """

    name = "compliance"
    verbose_name = _("Training compliance")

    def ready(self):
        from django.db.models.signals import post_save

        from agencies.signals import staff_changed
        from learning.models import Enrollment
        from learning.signals import enrollment_completed

        from .receivers import on_enrollment_completed, on_enrollment_saved, on_staff_changed

        # Inside the transaction that completes the enrollment: the counts change with it.
        enrollment_completed.connect(on_enrollment_completed, dispatch_uid="compliance-record")
        post_save.connect(on_enrollment_saved, sender=Enrollment, dispatch_uid="compliance-start")
        staff_changed.connect(on_staff_changed, dispatch_uid="compliance-staff")
