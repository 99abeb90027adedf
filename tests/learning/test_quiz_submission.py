"""Submitting answers: only the quiz form's own fields are graded; gaps are confirmed first."""

import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning.models import QuizAttempt
from learning.services import (
    enrollment_create,
    lesson_progress_record,
    quiz_attempt_start,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(client) -> QuizAttempt:
    agencies = factories.agency_tree()
    course = factories.course(lessons=1)
    user = factories.learner(agencies["SKHCN-CDS"])
    enrollment = enrollment_create(user=user, course=course)
    lesson_progress_record(enrollment=enrollment, lesson=course.lessons().get())
    client.force_login(user)
    return quiz_attempt_start(enrollment=enrollment, quiz=course.quizzes().get())


def _url(attempt: QuizAttempt) -> str:
    return reverse("learning:attempt", args=[attempt.pk])


def _form(answers: dict[str, list[str]]) -> dict:
    return {f"q-{key}": value for key, value in answers.items()}


def _assert_still_open(attempt: QuizAttempt) -> None:
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.answers == {}
    assert attempt.score is None


def test_json_body_is_refused_and_leaves_the_attempt_open(client, attempt):
    body = json.dumps(_form(factories.correct_answers(attempt)))
    response = client.post(_url(attempt), body, content_type="application/json")
    assert response.status_code == 400
    assert "không được gửi từ biểu mẫu" in response.content.decode()
    _assert_still_open(attempt)


def test_file_upload_is_refused_and_leaves_the_attempt_open(client, attempt):
    data = _form(factories.correct_answers(attempt))
    data["q-tep"] = SimpleUploadedFile("bai-lam.txt", b"0")
    response = client.post(_url(attempt), data)
    assert response.status_code == 400
    _assert_still_open(attempt)


def test_unrelated_fields_are_refused_and_leave_the_attempt_open(client, attempt):
    data = _form(factories.correct_answers(attempt))
    data["score"] = "100"
    response = client.post(_url(attempt), data)
    assert response.status_code == 400
    assert "trường dữ liệu không thuộc biểu mẫu" in response.content.decode()
    _assert_still_open(attempt)


def test_plain_text_body_is_refused(client, attempt):
    response = client.post(_url(attempt), "q-x=1", content_type="text/plain")
    assert response.status_code == 400
    _assert_still_open(attempt)


def test_form_encoded_submission_is_graded(client, attempt):
    """Positive control: the browser's own encoding is accepted."""
    body = urlencode(_form(factories.correct_answers(attempt)), doseq=True)
    response = client.post(_url(attempt), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed is True


def test_unanswered_questions_are_counted_and_the_answers_kept(client, attempt):
    first = attempt.questions[0]
    chosen = str(first["correct"][0])
    response = client.post(_url(attempt), {f"q-{first['id']}": [chosen]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Còn 2 câu chưa trả lời" in html
    assert 'name="confirm" value="1"' in html
    assert f'id="q-{first["id"]}-{chosen}" checked' in html
    assert html.count('" checked>') == 1
    _assert_still_open(attempt)


def test_confirming_submits_with_the_gaps(client, attempt):
    first = attempt.questions[0]
    data = {f"q-{first['id']}": [str(first["correct"][0])], "confirm": "1"}
    response = client.post(_url(attempt), data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert float(attempt.score) == pytest.approx(33.3)
    assert attempt.answers == {first["id"]: first["correct"]}


def test_a_complete_submission_needs_no_confirmation(client, attempt):
    response = client.post(_url(attempt), _form(factories.correct_answers(attempt)))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed is True
