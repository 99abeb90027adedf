"""Editing a published course never corrupts learners' progress."""

import pytest

from compliance.selectors import compliance_rows
from courses.models import LessonPage
from learning.models import Enrollment, LessonProgress
from learning.selectors import learner_enrollments_list
from learning.services import enrollment_create, lesson_progress_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    agencies = factories.agency_tree()
    course = factories.course(lessons=3)
    learner = factories.learner(agencies["SKHCN-CDS"])
    return course, learner


def _percent(user, course) -> int:
    row = next(row for row in learner_enrollments_list(user=user) if row["course"].id == course.id)
    return row["percent"]


def test_a_deleted_lesson_keeps_the_history_and_the_course_stays_completable(world):
    course, learner = world
    enrollment = enrollment_create(user=learner, course=course)
    first, second, third = course.lessons()
    lesson_progress_record(enrollment=enrollment, lesson=first)
    lesson_progress_record(enrollment=enrollment, lesson=second)
    LessonPage.objects.get(pk=second.pk).delete()
    kept = LessonProgress.objects.filter(enrollment=enrollment)
    assert kept.count() == 2
    assert set(kept.values_list("lesson_title", flat=True)) == {"Bài 1", "Bài 2"}
    assert kept.filter(lesson__isnull=True).count() == 1
    # Two live required lessons remain, one studied; the quiz is not passed: 1 of 3 steps.
    assert _percent(learner, course) == 33
    lesson_progress_record(enrollment=enrollment, lesson=third)
    completed = factories.completed_enrollment(learner, course)
    assert completed.completed_at is not None


def test_an_unpublished_lesson_no_longer_counts_but_its_record_stays(world):
    course, learner = world
    enrollment = factories.studied_enrollment(learner, course)
    first = course.lessons().first()
    first.unpublish()
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=first).exists()
    assert _percent(learner, course) == 67  # 2 live lessons studied of 2 + the quiz
    assert factories.completed_enrollment(learner, course).completed_at is not None


def test_a_required_lesson_added_after_completion_does_not_revoke_it(world):
    course, learner = world
    enrollment = factories.completed_enrollment(learner, course)
    completed_at, score = enrollment.completed_at, enrollment.score
    quiz = course.quizzes().get()
    # A trainer adds a required lesson before the quiz and publishes it.
    new = LessonPage(title="Bài mới bắt buộc", slug="bai-moi", required=True, body=[])
    quiz.add_sibling(pos="left", instance=new)
    new.save_revision().publish()
    # Studying anything later re-evaluates completion: it must leave it alone.
    lesson_progress_record(enrollment=enrollment, lesson=course.lessons().first())
    enrollment = Enrollment.objects.get(pk=enrollment.pk)
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert (enrollment.completed_at, enrollment.score) == (completed_at, score)
    assert _percent(learner, course) == 100
    row = next(compliance_rows(profiles=[learner.profile], courses=[course]))
    assert row.status == Enrollment.Status.COMPLETED
    assert row.percent == 100


def test_a_learner_who_had_not_finished_must_study_the_new_required_lesson(world):
    course, learner = world
    enrollment = factories.studied_enrollment(learner, course)
    new = course.add_child(
        instance=LessonPage(title="Bài bổ sung", slug="bai-bo-sung", required=True, body=[])
    )
    new.save_revision().publish()
    assert _percent(learner, course) == 60  # 3 of 4 lessons studied, quiz open: 3 of 5 steps
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is None
