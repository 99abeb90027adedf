"""Writes over authored content that Wagtail's own actions do not cover."""

from wagtail.actions.copy_page import CopyPageAction
from wagtail.models import Page

from .models import CoursePage

COPY_SUFFIX = "-BANSAO"


def course_copy_code(*, code: str) -> str:
    """A free course code for a copy: "ATTT-01" → "ATTT-01-BANSAO", then "-BANSAO2"…"""
    max_length = CoursePage._meta.get_field("code").max_length
    number = 1
    while True:
        suffix = COPY_SUFFIX if number == 1 else f"{COPY_SUFFIX}{number}"
        candidate = code[: max_length - len(suffix)] + suffix
        if not CoursePage.objects.filter(code=candidate).exists():
            return candidate
        number += 1


def course_copy(
    *, course: CoursePage, parent: Page, title: str, slug: str, recursive: bool, user
) -> CoursePage:
    """Copy a course (with its lessons and quizzes when `recursive`) as an unpublished draft.

    The copy gets a new code, since codes are unique and name the course in reports and
    certificates, and stays unpublished until a trainer has adapted it and it is reviewed.
    """
    action = CopyPageAction(
        page=course,
        to=parent,
        recursive=recursive,
        update_attrs={"title": title, "slug": slug, "code": course_copy_code(code=course.code)},
        keep_live=False,
        user=user,
    )
    return action.execute().specific
