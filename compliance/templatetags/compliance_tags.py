"""Labels the compliance pages print, from the one TextChoices that defines them."""

from django import template

from agencies.models import LearnerProfile

from ..models import Status

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """The translated label of a stored status; the raw value if it is none we know."""
    try:
        return Status(value).label
    except ValueError:
        return value


@register.filter
def category_label(value: str) -> str:
    try:
        return LearnerProfile.Category(value).label
    except ValueError:
        return value
