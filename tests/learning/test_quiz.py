import re
import threading

import pytest
from django.urls import reverse

from learning.models import Enrollment, QuizAttempt
from learning.services import enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(client):
    """A learner who studied every lesson and can take the quiz."""
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    course = factories.course(lessons=2)
    user = factories.learner(agencies["SKHCN-CDS"])
    enrollment = enrollment_create(user=user, course=course)
    factories.lessons_study(enrollment)
    client.force_login(user)
    return course, user, course.quizzes().get()


def start(client, quiz) -> QuizAttempt:
    response = client.post(reverse("learning:quiz_start", args=[quiz.id]))
    assert response.status_code == 302
    return QuizAttempt.objects.get(submitted_at__isnull=True)


def form_data(answers: dict[str, list[str]]) -> dict:
    return {f"q-{key}": value for key, value in answers.items()}


def test_quiz_is_locked_until_lessons_are_studied(client):
    agencies = factories.agency_tree()
    course = factories.course(lessons=2)
    user = factories.learner(agencies["SKHCN"])
    client.force_login(user)
    client.post(reverse("learning:enroll", args=[course.id]))
    response = client.get(course.quizzes().get().url)
    assert response.status_code == 302
    assert response["Location"] == course.lessons().first().url


def test_attempt_page_has_no_answer_key(client, ready):
    """The page reads the same whichever answers are correct: the key cannot be in it."""
    _course, _user, quiz = ready
    attempt = start(client, quiz)
    url = reverse("learning:attempt", args=[attempt.pk])

    def page() -> str:
        html = client.get(url).content.decode()
        # The CSRF token and the CSP nonce change on every response.
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'nonce="[^"]+"', "", html)

    before = page()
    assert "Mật khẩu mạnh cần có gì?" in before
    assert "Ít nhất 12 ký tự" in before
    for question in attempt.questions:
        question["correct"] = [0]
        question["explanation"] = "Giải thích bí mật"
    attempt.save()
    assert page() == before


def test_starting_twice_reuses_the_open_attempt(client, ready):
    _course, _user, quiz = ready
    first = start(client, quiz)
    second = start(client, quiz)
    assert first.pk == second.pk
    assert QuizAttempt.objects.count() == 1


def test_submission_is_graded_on_the_server(client, ready):
    _course, _user, quiz = ready
    attempt = start(client, quiz)
    answers = factories.correct_answers(attempt)
    first = attempt.questions[0]
    first_id = first["id"]
    # Choices are shuffled per attempt: pick whichever position is wrong in this one.
    wrong = next(i for i in range(len(first["choices"])) if i not in first["correct"])
    answers[first_id] = [str(wrong)]
    response = client.post(reverse("learning:attempt", args=[attempt.pk]), form_data(answers))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert float(attempt.score) == pytest.approx(66.7)
    assert attempt.passed is False
    assert attempt.answers[first_id] == [wrong]
    assert Enrollment.objects.get().completed_at is None
    result = client.get(reverse("learning:attempt_result", args=[attempt.pk])).content.decode()
    assert "66,7" in result or "66.7" in result


def test_double_submission_records_one_result(client, ready):
    _course, _user, quiz = ready
    attempt = start(client, quiz)
    url = reverse("learning:attempt", args=[attempt.pk])
    client.post(url, form_data(factories.correct_answers(attempt)))
    wrong = {q["id"]: ["1"] for q in attempt.questions}
    response = client.post(url, form_data(wrong))
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:attempt_result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.passed is True
    assert QuizAttempt.objects.filter(submitted_at__isnull=False).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_record_one_result(ready):
    """Two tabs posting at the same moment: exactly one grading wins."""
    from learning.services import AttemptAlreadySubmitted, quiz_attempt_start, quiz_attempt_submit

    _course, user, quiz = ready
    enrollment = Enrollment.objects.get()
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    outcomes = []

    def submit(answers):
        from django.db import connection

        try:
            quiz_attempt_submit(
                attempt=QuizAttempt.objects.get(pk=attempt.pk), user=user, answers=answers
            )
            outcomes.append("graded")
        except AttemptAlreadySubmitted:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(factories.correct_answers(attempt),)),
        threading.Thread(target=submit, args=({q["id"]: ["1"] for q in attempt.questions},)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["graded", "refused"]
    assert QuizAttempt.objects.filter(submitted_at__isnull=False).count() == 1


def test_question_not_shown_is_rejected_and_nothing_changes(client, ready):
    _course, _user, quiz = ready
    attempt = start(client, quiz)
    answers = factories.correct_answers(attempt)
    answers["00000000-0000-0000-0000-000000000000"] = ["0"]
    response = client.post(reverse("learning:attempt", args=[attempt.pk]), form_data(answers))
    assert response.status_code == 400
    assert "không có trong bài làm" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.answers == {}


def test_choice_out_of_range_is_rejected(client, ready):
    _course, _user, quiz = ready
    attempt = start(client, quiz)
    answers = factories.correct_answers(attempt)
    answers[attempt.questions[0]["id"]] = ["7"]
    response = client.post(reverse("learning:attempt", args=[attempt.pk]), form_data(answers))
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_other_learner_cannot_read_or_submit_an_attempt(client, ready):
    _course, _user, quiz = ready
    attempt = start(client, quiz)
    intruder = factories.learner(factories.Agency.objects.get(code="STC"))
    client.force_login(intruder)
    assert client.get(reverse("learning:attempt", args=[attempt.pk])).status_code == 404
    response = client.post(
        reverse("learning:attempt", args=[attempt.pk]),
        form_data(factories.correct_answers(attempt)),
    )
    assert response.status_code == 404
    assert client.get(reverse("learning:attempt_result", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_quiz_start_is_refused_to_anonymous_and_to_learners_not_enrolled(client):
    agencies = factories.agency_tree()
    course = factories.course()
    quiz = course.quizzes().get()
    url = reverse("learning:quiz_start", args=[quiz.id])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(factories.learner(agencies["STC"]))
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == course.url
    assert not QuizAttempt.objects.exists()
