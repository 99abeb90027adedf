from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from .models import AgencyRole, LearnerProfile
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
