"""Reads over authored content."""

from django.db.models import QuerySet

from .text import search_words


def course_catalog_filter(
    *, courses: QuerySet, query: str = "", category: str = "", area: str = ""
) -> QuerySet:
    """Courses matching every word of `query` with or without accents, the category and area.

    Words are matched against the folded `search_text` (title, code, summary), so
    "an toan thong tin" and "đien tu"/"dien tu" find what was written with diacritics.
    """
    for word in search_words(query):
        courses = courses.filter(search_text__contains=word)
    if category:
        courses = courses.filter(category=category)
    if area:
        # digcomp_areas holds single digits ("1,4"), so a digit matches one area only.
        courses = courses.filter(digcomp_areas__contains=area)
    return courses
