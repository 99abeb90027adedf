from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    """The agency tree, staff records and the roles people hold over parts of the tree.

    Knows nothing about courses or progress: `learning`, `compliance` and `certificates` import
    it, never the reverse (docs/decisions/0011-agencies-app.md).
    """

    name = "agencies"
    verbose_name = _("Agencies and staff")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .accounts import password_change_flag_on_sign_in

        def on_sign_in(sender, request, user, **kwargs):
            password_change_flag_on_sign_in(request=request, user=user)

        # A login hook rather than a query in the middleware on every page.
        user_logged_in.connect(on_sign_in, weak=False, dispatch_uid="agencies_password_change")
