"""Exercise grades: best score kept, a pass completes the lesson and then the course."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from learning.models import Enrollment, ExerciseScore, LessonProgress
from learning.services import (
    enrollment_create,
    exercise_grade_record,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    agencies = factories.agency_tree()
    course = factories.course(lessons=0, code="XB")
    lesson = factories.exercise_lesson(course, ("drag-and-drop-v2", {}))
    learner = factories.learner(agencies["SKHCN-CDS"], full_name="Lê Thu Hà")
    enrollment = enrollment_create(user=learner, course=course)
    block_id = uuid.UUID(next(c.id for c in lesson.body if c.block_type == "interactive"))
    return {
        "agencies": agencies,
        "lesson": lesson,
        "enrollment": enrollment,
        "block_id": block_id,
        "course": course,
    }


def grade(world, earned, possible=1):
    return exercise_grade_record(
        enrollment=world["enrollment"],
        lesson=world["lesson"],
        usage_id=world["block_id"],
        block_type="drag-and-drop-v2",
        earned=earned,
        possible=possible,
    )


def test_the_best_grade_counts_and_a_pass_is_never_taken_back(world):
    grade(world, 0.5)
    assert float(ExerciseScore.objects.get().percent) == 50.0
    grade(world, 1)
    grade(world, 0.2)
    score = ExerciseScore.objects.get()
    assert float(score.percent) == 100.0 and score.passed_at is not None


@pytest.mark.parametrize(("earned", "possible"), [(2, 1), (-1, 1), (1, 0), ("x", 1), (None, 1)])
def test_a_grade_out_of_range_is_refused(world, earned, possible):
    with pytest.raises(ValidationError):
        grade(world, earned, possible)
    assert not ExerciseScore.objects.exists()


def test_passing_the_exercise_completes_lesson_then_course_after_the_quiz(world):
    enrollment = world["enrollment"]
    factories.lessons_study(enrollment)  # viewing alone does not count
    assert not LessonProgress.objects.filter(enrollment=enrollment).exists()
    grade(world, 1)
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=world["lesson"]).exists()
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=world["course"].quizzes().get())
    quiz_attempt_submit(
        attempt=attempt, user=enrollment.user, answers=factories.correct_answers(attempt)
    )
    assert Enrollment.objects.get(pk=enrollment.pk).status == Enrollment.Status.COMPLETED
