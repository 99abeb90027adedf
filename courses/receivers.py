"""Drop cached course outlines and routed courses when the pages they were read from change."""

from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page

from .models import CoursePage, LessonPage, QuizPage, course_outline_cache_key
from .routing import routed_children_cache_key


def _forget(key: str) -> None:
    # Now, for reads later in this transaction; and again at commit, since a request may have
    # cached the old outline in between.
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _outline_forget(course_id: int | None) -> None:
    if course_id is not None:
        _forget(course_outline_cache_key(course_id))


def _routed_forget(parent_id: int | None) -> None:
    if parent_id is not None:
        _forget(routed_children_cache_key(parent_id))


def _parent_id(page: Page) -> int | None:
    cached = getattr(page, "_cached_parent_obj", None)
    if cached is not None:
        return cached.id
    parent_path = page.path[: -Page.steplen]
    return Page.objects.filter(path=parent_path).values_list("id", flat=True).first()


def outline_forget_on_change(sender, instance, **kwargs):
    """Saved (which publishing and unpublishing do), deleted or published: forget the outline.

    A course changed (renamed, moved, unpublished) is also forgotten by the routing cache.
    """
    if isinstance(instance, LessonPage | QuizPage) and instance.path:
        _outline_forget(_parent_id(instance))
    elif isinstance(instance, CoursePage) and instance.path:
        _routed_forget(_parent_id(instance))


def outline_forget_on_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    model = instance.specific_class
    if model is not None and issubclass(model, LessonPage | QuizPage):
        _outline_forget(parent_page_before.id)
        _outline_forget(parent_page_after.id)
    elif model is not None and issubclass(model, CoursePage):
        _routed_forget(parent_page_before.id)
        _routed_forget(parent_page_after.id)
