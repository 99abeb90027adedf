from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    """The agency tree, staff records and the roles people hold over parts of the tree.

    Knows nothing about courses or progress: `learning`, `compliance` and `certificates` import
    it, never the reverse (docs/decisions/0011-agencies-app.md).
    """

    name = "agencies"
    verbose_name = _("Agencies and staff")
