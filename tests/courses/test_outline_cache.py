"""The cached course outline follows every change trainers make to a course's lessons and quizzes."""

import pytest
from wagtail.models import Page

from courses.models import CoursePage, LessonPage
from tests import factories

pytestmark = pytest.mark.django_db


def _outline_titles(course_id: int) -> list[str]:
    # A fresh instance each time, as each request has: only the cache carries the outline over.
    course = CoursePage.objects.get(pk=course_id)
    return [page.title for page in course.lesson_outline + course.quiz_outline]


@pytest.fixture
def course():
    course = factories.course(lessons=2)
    # Read once so that the cache holds the outline before each change.
    assert _outline_titles(course.id) == ["Bài 1", "Bài 2", "Bài kiểm tra cuối khóa"]
    return course


def test_outline_is_read_from_the_cache(course, django_assert_num_queries):
    fresh = CoursePage.objects.get(pk=course.id)
    with django_assert_num_queries(0):
        assert len(fresh.lesson_outline) == 2


def test_published_lesson_joins_the_outline(course):
    lesson = course.add_child(instance=LessonPage(title="Bài mới", slug="bai-moi", live=False))
    assert "Bài mới" not in _outline_titles(course.id)
    lesson.save_revision().publish()
    assert _outline_titles(course.id)[2] == "Bài mới"


def test_unpublished_and_deleted_lessons_leave_the_outline(course):
    first, second = course.lessons()
    first.unpublish()
    assert _outline_titles(course.id) == ["Bài 2", "Bài kiểm tra cuối khóa"]
    Page.objects.get(pk=second.pk).delete()
    assert _outline_titles(course.id) == ["Bài kiểm tra cuối khóa"]


def test_renamed_lesson_shows_its_new_title(course):
    lesson = course.lessons().first()
    lesson.title = "Bài 1 (sửa)"
    lesson.save_revision().publish()
    assert _outline_titles(course.id)[0] == "Bài 1 (sửa)"


def test_moved_lesson_leaves_one_outline_and_joins_the_other(course):
    other = factories.course(code="KHAC", lessons=1)
    assert _outline_titles(other.id) == ["Bài 1", "Bài kiểm tra cuối khóa"]
    lesson = Page.objects.get(pk=course.lessons().last().pk)
    lesson.move(CoursePage.objects.get(pk=other.pk), pos="last-child")
    assert _outline_titles(course.id) == ["Bài 1", "Bài kiểm tra cuối khóa"]
    assert _outline_titles(other.id) == ["Bài 1", "Bài 2", "Bài kiểm tra cuối khóa"]


def test_renamed_course_reads_its_outline_again(course):
    lesson = course.lessons().first()
    course = CoursePage.objects.get(pk=course.pk)
    course.slug = "attt-moi"
    course.save_revision().publish()
    fresh = CoursePage.objects.get(pk=course.pk)
    assert fresh.lesson_outline[0].url_path == f"{fresh.url_path}{lesson.slug}/"
