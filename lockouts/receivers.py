import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from config.middleware import IDLE_SEEN_KEY


@receiver(user_logged_in)
def start_idle_window(sender, request, user, **kwargs):
    """Start the idle window at sign-in, which saves the session anyway: no write on the next page."""
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_SEEN_KEY] = int(time.time())
