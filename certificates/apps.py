from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from learning.signals import enrollment_completed

        from .receivers import queue_certificate_on_completion

        enrollment_completed.connect(queue_certificate_on_completion, dispatch_uid="cert-issue")
