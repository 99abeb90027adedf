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
    factories.lessons_study(enrollment)
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


def _feedback_visible(html: str) -> dict[str, bool]:
    return {
        "prompt": "Mật khẩu mạnh cần có gì?" in html,
        "explanation": EXPLANATION in html,
        "correctness": 'class="right"' in html or 'class="wrong"' in html,
        "key": "✓" in html or "đáp án đúng" in html,
    }


def test_failed_attempt_shows_the_score_only_by_default(client):
    enrollment, quiz = _world(client)
    assert quiz.feedback == QuizPage.Feedback.SCORE_ONLY
    html = _result(client, _submit(enrollment, quiz, right=False))
    assert "Điểm: 0" in html
    assert "chỉ hiện điểm" in html
    assert not any(_feedback_visible(html).values()), _feedback_visible(html)


def test_passed_attempt_shows_the_score_only_by_default(client):
    enrollment, quiz = _world(client)
    html = _result(client, _submit(enrollment, quiz, right=True))
    assert "Đạt." in html
    assert not any(_feedback_visible(html).values()), _feedback_visible(html)


def test_feedback_after_passing_is_shown_only_to_a_passed_attempt(client):
    enrollment, quiz = _world(client, feedback=QuizPage.Feedback.AFTER_PASSING)
    quiz.retry_wait_minutes = 0
    quiz.save()
    failed = _result(client, _submit(enrollment, quiz, right=False))
    assert not any(_feedback_visible(failed).values()), _feedback_visible(failed)
    passed = _result(client, _submit(enrollment, quiz, right=True))
    assert all(_feedback_visible(passed).values()), _feedback_visible(passed)


def test_practice_quiz_shows_feedback_even_when_failed(client):
    enrollment, quiz = _world(client, feedback=QuizPage.Feedback.ALWAYS)
    html = _result(client, _submit(enrollment, quiz, right=False))
    assert all(_feedback_visible(html).values()), _feedback_visible(html)
    assert 'class="right"' not in html  # every answer was wrong


def test_choice_order_differs_between_attempts_and_grading_follows_it(client):
    """Six choices in each of three questions: the same order twice has odds of 1 in 720³."""
    agencies = factories.agency_tree()
    six = [(f"Phương án {letter}", letter == "C") for letter in "ABCDEF"]
    questions = [factories.question(f"Câu {n}", six) for n in (1, 2, 3)]
    course = factories.course(lessons=1, questions=questions)
    quiz = course.quizzes().get()
    quiz.retry_wait_minutes = 0
    quiz.save()
    user = factories.learner(agencies["SKHCN"])
    enrollment = enrollment_create(user=user, course=course)
    lesson_progress_record(enrollment=enrollment, lesson=course.lessons().get())

    orders = []
    for _ in range(2):
        attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
        for question in attempt.questions:
            # What was shown, the key and the map back to the trainer's order agree.
            assert sorted(question["order"]) == list(range(6))
            assert question["choices"] == [six[i][0] for i in question["order"]]
            assert [question["choices"][i] for i in question["correct"]] == ["Phương án C"]
        orders.append([question["order"] for question in attempt.questions])
        # The learner picks "C" wherever it was shown: full marks.
        answers = {q["id"]: [str(q["choices"].index("Phương án C"))] for q in attempt.questions}
        graded = quiz_attempt_submit(attempt=attempt, user=user, answers=answers)
        assert graded.score == 100
    assert orders[0] != orders[1]


def test_order_stays_fixed_within_an_attempt(client):
    enrollment, quiz = _world(client)
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    url = reverse("learning:attempt", args=[attempt.pk])
    first, second = (client.get(url).content.decode() for _ in range(2))
    # The CSRF token and the CSP nonce change on every response.
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')
    assert strip.sub("", first) == strip.sub("", second)
    assert quiz_attempt_start(enrollment=enrollment, quiz=quiz).questions == attempt.questions


def test_attempt_snapshot_from_before_shuffling_still_grades_and_shows(client):
    enrollment, quiz = _world(client, feedback=QuizPage.Feedback.ALWAYS)
    # The snapshot format attempts had before choices were shuffled: no "order".
    legacy = [
        {
            "id": "q-cu",
            "prompt": "Câu hỏi cũ?",
            "multiple": False,
            "choices": ["Sai", "Đúng"],
            "correct": [1],
            "explanation": "Giải thích cũ",
        }
    ]
    attempt = QuizAttempt.objects.create(
        enrollment=enrollment, quiz=quiz, questions=legacy, pass_mark=70
    )
    response = client.post(reverse("learning:attempt", args=[attempt.pk]), {"q-q-cu": ["1"]})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed is True
    assert float(attempt.score) == 100.0
    html = _result(client, attempt)
    assert "Câu hỏi cũ?" in html
    assert "Giải thích cũ" in html
