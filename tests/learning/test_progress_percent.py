"""One progress figure for one learner state: course page, my courses and the HR report agree."""

import csv
import io
import re

import pytest
from django.urls import reverse

from courses.models import LessonPage, QuizPage
from learning.models import Enrollment
from learning.selectors import enrollments_with_percent, progress_percent
from learning.services import (
    enrollment_create,
    lesson_progress_record,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    agencies = factories.agency_tree()
    course = factories.course(lessons=3)
    user = factories.learner(agencies["SKHCN-CDS"], full_name="Phạm Thị Hoa")
    hr = factories.hr_manager(agencies["SKHCN"])
    enrollment = enrollment_create(user=user, course=course)
    return course, user, hr, enrollment


def _figures(client, course, user, hr) -> dict[str, int]:
    """The percentage each of the three places shows for the learner."""
    client.force_login(user)
    course_html = client.get(course.url).content.decode()
    (on_course_page,) = re.findall(r'aria-valuenow="(\d+)"', course_html)
    mine_html = client.get(reverse("learning:my_courses")).content.decode()
    (on_my_courses,) = re.findall(r'aria-valuenow="(\d+)"', mine_html)
    client.force_login(hr)
    (row,) = client.get(reverse("compliance:hr_report")).context["rows"]
    export = client.get(reverse("compliance:hr_report_export", args=["csv"]))
    header, line = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    return {
        "course page": int(on_course_page),
        "my courses": int(on_my_courses),
        "HR report": row.percent,
        "HR export": int(line[header.index("Tiến độ (%)")]),
    }


def test_same_state_gives_the_same_percent_everywhere(client, world):
    course, user, hr, enrollment = world
    lesson_progress_record(enrollment=enrollment, lesson=course.lessons().first())
    figures = _figures(client, course, user, hr)
    # 1 of 3 required lessons, 0 of 1 quiz.
    assert set(figures.values()) == {25}, figures


def test_unpublishing_a_studied_lesson_never_passes_100(client, world):
    course, user, hr, enrollment = world
    lessons = list(course.lessons())
    for lesson in lessons:
        lesson_progress_record(enrollment=enrollment, lesson=lesson)
    lessons[0].unpublish()
    lessons[1].unpublish()
    figures = _figures(client, course, user, hr)
    # 1 live required lesson studied, the quiz not passed yet: 1 of 2 steps.
    assert set(figures.values()) == {50}, figures


def test_a_passed_quiz_that_is_unpublished_no_longer_counts(client, world):
    course, user, hr, enrollment = world
    factories.lessons_study(enrollment)
    second = course.add_child(
        instance=QuizPage(
            title="Bài kiểm tra phụ", slug="kiem-tra-phu", questions=factories.DEFAULT_QUESTIONS
        )
    )
    first = course.quizzes().get(slug="kiem-tra")
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=first)
    quiz_attempt_submit(attempt=attempt, user=user, answers=factories.correct_answers(attempt))
    assert set(_figures(client, course, user, hr).values()) == {80}  # 3 lessons + 1 of 2 quizzes
    first.unpublish()
    assert second.live
    assert set(_figures(client, course, user, hr).values()) == {75}  # 3 lessons + 0 of 1 quiz


def test_completed_is_100_whatever_was_published_since(client, world):
    course, user, hr, enrollment = world
    factories.lessons_study(enrollment)
    quiz = course.quizzes().get()
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    quiz_attempt_submit(attempt=attempt, user=user, answers=factories.correct_answers(attempt))
    course.add_child(instance=LessonPage(title="Bài mới", slug="bai-moi", body=[], required=True))
    assert set(_figures(client, course, user, hr).values()) == {100}


@pytest.mark.parametrize(
    ("kwargs", "percent"),
    [
        ({"required_lessons": 3, "lessons_done": 1, "quizzes": 1, "quizzes_passed": 0}, 25),
        ({"required_lessons": 1, "lessons_done": 3, "quizzes": 1, "quizzes_passed": 2}, 100),
        ({"required_lessons": 0, "lessons_done": 0, "quizzes": 0, "quizzes_passed": 0}, 0),
        ({"required_lessons": 2, "lessons_done": 2, "quizzes": 1, "quizzes_passed": 0}, 67),
    ],
)
def test_progress_percent_is_capped(kwargs, percent):
    assert progress_percent(completed=False, **kwargs) == percent
    assert progress_percent(completed=True, **kwargs) == 100


def test_enrollments_with_percent_reads_any_number_in_two_queries(
    world, django_assert_max_num_queries
):
    course, user, hr, enrollment = world
    other = factories.course(code="CDS", lessons=1)
    enrollment_create(user=user, course=other)
    lesson_progress_record(enrollment=enrollment, lesson=course.lessons().first())
    with django_assert_max_num_queries(2):
        found = enrollments_with_percent(enrollments=Enrollment.objects.filter(user=user))
    assert {e.course.code: e.percent for e in found} == {"ATTT": 25, "CDS": 0}
    # A caller holding the courses (the HR report) gets only those courses' enrollments.
    with django_assert_max_num_queries(2):
        (only,) = enrollments_with_percent(
            enrollments=Enrollment.objects.filter(user=user), courses=[course]
        )
    assert (only.pk, only.percent) == (enrollment.pk, 25)
