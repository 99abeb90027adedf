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
