from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def full_name_family_first(user) -> str:
    """The user's name as Vietnamese writes it: family (and middle) name, then given name."""
    return f"{user.last_name} {user.first_name}".strip()


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from django.contrib.auth.models import AbstractUser

        # Django's User.get_full_name() is "first last" ("An Nguyễn Văn"), and Wagtail's admin
        # shows it on the dashboard, in page history, workflow and audit screens. The user model
        # cannot be swapped after the first migration, so the one method is replaced here.
        AbstractUser.get_full_name = full_name_family_first

        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from agencies.models import AgencyRole, LearnerProfile

        from .receivers import navigation_forget_for_owner, navigation_forget_for_user

        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                navigation_forget_for_user, sender=get_user_model(), dispatch_uid=f"nav-user-{name}"
            )
            for model in (LearnerProfile, AgencyRole):
                signal.connect(
                    navigation_forget_for_owner,
                    sender=model,
                    dispatch_uid=f"nav-{model.__name__}-{name}",
                )
