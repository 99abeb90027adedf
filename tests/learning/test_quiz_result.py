"""What a learner sees after submitting: the title, and how much of the key the result reveals."""

import re

import pytest
from django.urls import reverse

from courses.models import QuizPage
from learning.models import Enrollment, QuizAttempt
from learning.services import (
    enrollment_create,
    lesson_progress_record,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db

EXPLANATION = "Giải thích: mật khẩu dài khó dò hơn."


def _world(client, *, title: str = "Bài kiểm tra cuối khóa", feedback: str | None = None):
    agencies = factories.agency_tree()
    questions = [
        factories.question(
            "Mật khẩu mạnh cần có gì?", [("Ngày sinh", False), ("Ít nhất 12 ký tự", True)]
        ),
        factories.question("Báo sự cố cho ai?", [("Bộ phận CNTT", True), ("Không ai", False)]),
    ]
    questions[0][1]["explanation"] = EXPLANATION
    course = factories.course(lessons=1, questions=questions)
    quiz = course.quizzes().get()
    quiz.title = title
    if feedback is not None:
        quiz.feedback = feedback
    quiz.save()
    user = factories.learner(agencies["SKHCN-CDS"])
    enrollment = enrollment_create(user=user, course=course)
    for lesson in course.lessons():
        lesson_progress_record(enrollment=enrollment, lesson=lesson)
    client.force_login(user)
    return enrollment, QuizPage.objects.get(pk=quiz.pk)


def _submit(enrollment: Enrollment, quiz: QuizPage, *, right: bool) -> QuizAttempt:
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    answers = {
        q["id"]: [str(i) for i in (q["correct"] if right else _wrong(q))] for q in attempt.questions
    }
    return quiz_attempt_submit(attempt=attempt, user=enrollment.user, answers=answers)


def _wrong(question: dict) -> list[int]:
    return [next(i for i in range(len(question["choices"])) if i not in question["correct"])]


def _result(client, attempt: QuizAttempt) -> str:
    response = client.get(reverse("learning:attempt_result", args=[attempt.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _title(html: str) -> str:
    (title,) = re.findall(r"<title>(.*?)</title>", html, flags=re.DOTALL)
    return title


def test_result_title_escapes_the_quiz_title_and_holds_no_script(client):
    enrollment, quiz = _world(client, title="<script>alert(1)</script>")
    attempt = _submit(enrollment, quiz, right=True)
    title = _title(_result(client, attempt))
    assert title == "Kết quả bài kiểm tra: &lt;script&gt;alert(1)&lt;/script&gt; · HọcSố"
    assert "<" not in title
    assert "localStorage" not in title
