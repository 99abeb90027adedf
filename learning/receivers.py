"""Drop cached header data when what it shows changes."""

from django.core.cache import cache
from django.db import transaction

from .selectors import navigation_cache_key


def _navigation_forget(user_id: int) -> None:
    key = navigation_cache_key(user_id)
    # Now, and again at commit: a request may cache the old values before the change commits.
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def navigation_forget_for_user(sender, instance, update_fields=None, **kwargs):
    """A user saved or deleted: their name or superuser flag may have changed.

    Signing in saves `last_login` alone, which the header does not show.
    """
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    _navigation_forget(instance.pk)


def navigation_forget_for_owner(sender, instance, **kwargs):
    """A profile or role saved or deleted: its user's name or HR flag may have changed."""
    _navigation_forget(instance.user_id)
