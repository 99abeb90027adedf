"""Starting a quiz: every rule holds at the service, whoever calls it, and through the start URL."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learning.models import QuizAttempt
from learning.services import (
    enrollment_create,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(client):
    """An enrolled learner who has studied nothing yet, logged in."""
    agencies = factories.agency_tree()
    course = factories.course(lessons=2)
    user = factories.learner(agencies["SKHCN-CDS"])
    enrollment = enrollment_create(user=user, course=course)
    client.force_login(user)
    return enrollment, course.quizzes().get()


@pytest.fixture
def ready(enrolled):
    enrollment, quiz = enrolled
    factories.lessons_study(enrollment)
    return enrollment, quiz


def _fail(enrollment, quiz) -> QuizAttempt:
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    blank = {question["id"]: [] for question in attempt.questions}
    return quiz_attempt_submit(attempt=attempt, user=enrollment.user, answers=blank)


def _age_attempts(minutes: int) -> None:
    """Move every submitted attempt back in time, as if the learner waited."""
    QuizAttempt.objects.filter(submitted_at__isnull=False).update(
        submitted_at=timezone.now() - timedelta(minutes=minutes)
    )


def _start_url(quiz) -> str:
    return reverse("learning:quiz_start", args=[quiz.id])


def test_lessons_not_studied_refuse_the_start_at_the_service(enrolled):
    enrollment, quiz = enrolled
    with pytest.raises(ValidationError) as refused:
        quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    assert refused.value.code == "lessons"
    assert "Hãy học xong các bài bắt buộc" in " ".join(refused.value.messages)
    assert not QuizAttempt.objects.exists()


def test_lessons_not_studied_refuse_a_post_to_the_start_url(client, enrolled):
    enrollment, quiz = enrolled
    response = client.post(_start_url(quiz), follow=True)
    assert response.redirect_chain[0] == (enrollment.course.url, 302)
    assert "Hãy học xong các bài bắt buộc" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_unpublished_quiz_cannot_be_started(ready):
    enrollment, quiz = ready
    quiz.unpublish()
    quiz.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    assert refused.value.code == "not_live"
    assert not QuizAttempt.objects.exists()


def test_wait_after_a_failed_attempt_is_enforced_at_the_service(ready):
    enrollment, quiz = ready
    assert quiz.retry_wait_minutes == 10  # the default
    _fail(enrollment, quiz)
    with pytest.raises(ValidationError) as refused:
        quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    assert refused.value.code == "wait"
    assert "Bạn có thể làm lại từ" in " ".join(refused.value.messages)
    assert QuizAttempt.objects.count() == 1
    _age_attempts(11)
    assert quiz_attempt_start(enrollment=enrollment, quiz=quiz).submitted_at is None
    assert QuizAttempt.objects.count() == 2


def test_wait_is_enforced_through_the_start_url_and_shown_on_the_quiz_page(client, ready):
    enrollment, quiz = ready
    failed = _fail(enrollment, quiz)
    response = client.post(_start_url(quiz), follow=True)
    assert response.redirect_chain[0] == (quiz.url, 302)
    html = response.content.decode()
    opens = timezone.localtime(failed.submitted_at + timedelta(minutes=10)).strftime("%H:%M")
    assert "Bạn có thể làm lại từ" in html
    assert opens in html
    assert "Làm lại" not in html  # no start button while waiting
    assert QuizAttempt.objects.count() == 1


def test_a_passed_attempt_needs_no_wait(ready):
    enrollment, quiz = ready
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    quiz_attempt_submit(
        attempt=attempt, user=enrollment.user, answers=factories.correct_answers(attempt)
    )
    assert quiz_attempt_start(enrollment=enrollment, quiz=quiz).submitted_at is None


def test_attempt_limit_is_enforced_at_the_service(ready):
    enrollment, quiz = ready
    quiz.max_attempts = 2
    quiz.save()
    _fail(enrollment, quiz)
    _age_attempts(60)
    _fail(enrollment, quiz)
    _age_attempts(60)
    with pytest.raises(ValidationError) as refused:
        quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    assert refused.value.code == "limit"
    assert "Bạn đã dùng hết 2 lượt" in " ".join(refused.value.messages)
    assert QuizAttempt.objects.count() == 2


def test_attempt_limit_is_enforced_through_the_start_url(client, ready):
    enrollment, quiz = ready
    assert quiz.max_attempts == 5  # the default
    for _ in range(5):
        _fail(enrollment, quiz)
        _age_attempts(60)
    response = client.post(_start_url(quiz), follow=True)
    assert response.redirect_chain[0] == (quiz.url, 302)
    html = response.content.decode()
    assert "Bạn đã dùng hết 5 lượt" in html
    assert "Làm lại" not in html
    assert QuizAttempt.objects.count() == 5


def test_quiz_page_tells_how_many_attempts_are_left(client, ready):
    enrollment, quiz = ready
    html = client.get(quiz.url).content.decode()
    assert "Còn 5/5 lượt làm bài." in html
    _fail(enrollment, quiz)
    _age_attempts(60)
    html = client.get(quiz.url).content.decode()
    assert "Còn 4/5 lượt làm bài." in html
    assert "Làm lại" in html


def test_zero_means_unlimited_attempts_and_no_wait(ready):
    enrollment, quiz = ready
    quiz.max_attempts = 0
    quiz.retry_wait_minutes = 0
    quiz.save()
    for _ in range(7):
        _fail(enrollment, quiz)
    assert quiz_attempt_start(enrollment=enrollment, quiz=quiz).submitted_at is None
    assert QuizAttempt.objects.count() == 8


def test_an_open_attempt_is_resumed_even_at_the_limit(ready):
    enrollment, quiz = ready
    quiz.max_attempts = 1
    quiz.save()
    first = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    assert quiz_attempt_start(enrollment=enrollment, quiz=quiz).pk == first.pk
