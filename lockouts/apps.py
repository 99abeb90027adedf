from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LockoutsConfig(AppConfig):
    """Sign-in lockouts (django-axes): the lockout page and the administrators' unlock screen."""

    name = "lockouts"
    verbose_name = _("Sign-in lockouts")
