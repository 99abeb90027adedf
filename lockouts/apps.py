from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LockoutsConfig(AppConfig):
    """Sign-in protection: lockouts (django-axes) and their unlock screen, the idle window."""

    name = "lockouts"
    verbose_name = _("Sign-in lockouts")

    def ready(self):
        from . import receivers  # noqa: F401
