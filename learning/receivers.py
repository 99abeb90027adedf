"""Drop cached header data when what it shows changes."""

from django.core.cache import cache

from .selectors import navigation_cache_key


def navigation_forget_for_user(sender, instance, **kwargs):
    """A user saved or deleted: their name or superuser flag may have changed."""
    cache.delete(navigation_cache_key(instance.pk))


def navigation_forget_for_owner(sender, instance, **kwargs):
    """A profile or role saved or deleted: its user's name or HR flag may have changed."""
    cache.delete(navigation_cache_key(instance.user_id))
