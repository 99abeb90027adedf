""" "Tiếp tục học" leads straight to the next unfinished step; the outline shows the quiz."""

import pytest
from django.urls import reverse

from learning.models import Enrollment
from learning.selectors import course_progress_get, next_unfinished_page
from learning.services import enrollment_create, lesson_progress_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    return factories.learner(agencies["SKHCN-CDS"])


def _continue_href(html: str) -> str:
    # The first button-styled link after the progress: "Tiếp tục học" / "Bắt đầu học".
    marker = html.index("Tiếp tục học")
    start = html.rindex('href="', 0, marker) + len('href="')
    return html[start : html.index('"', start)]


def test_my_courses_continue_goes_to_the_next_unstudied_lesson(client, learner):
    course = factories.course(lessons=3)
    enrollment = enrollment_create(user=learner, course=course)
    first, second, _third = course.lessons()
    lesson_progress_record(enrollment=enrollment, lesson=first)
    client.force_login(learner)
    html = client.get(reverse("learning:my_courses")).content.decode()
    assert _continue_href(html) == second.url
    # One click: the link opens the lesson itself, not the course page.
    assert client.get(second.url).status_code == 200


def test_continue_goes_to_the_quiz_when_every_lesson_is_studied(client, learner):
    course = factories.course(lessons=2)
    factories.studied_enrollment(learner, course)
    quiz = course.quizzes().get()
    client.force_login(learner)
    assert _continue_href(client.get(reverse("learning:my_courses")).content.decode()) == quiz.url
    assert _continue_href(client.get(course.url).content.decode()) == quiz.url


def test_continue_skips_optional_lessons_only_when_studied(learner):
    course = factories.course(lessons=3)
    enrollment = enrollment_create(user=learner, course=course)
    first, second, third = course.lessons()
    second.required = False
    second.save()
    lesson_progress_record(enrollment=enrollment, lesson=first)
    lesson_progress_record(enrollment=enrollment, lesson=third)
    course.refresh_from_db()
    progress = course_progress_get(user=learner, course=course)
    # An optional lesson not studied yet is still the next step in the trainer's order.
    assert next_unfinished_page(progress=progress).id == second.id


def test_completed_course_has_no_continue_button(client, learner):
    course = factories.course(lessons=2)
    factories.completed_enrollment(learner, course)
    client.force_login(learner)
    html = client.get(reverse("learning:my_courses")).content.decode()
    assert "Tiếp tục học" not in html
    assert "Đã hoàn thành" in html


def test_course_outline_shows_the_quiz_locked_then_open_then_passed(client, learner):
    course = factories.course(lessons=2)
    quiz = course.quizzes().get()
    enrollment = enrollment_create(user=learner, course=course)
    client.force_login(learner)

    html = client.get(course.url).content.decode()
    assert quiz.title in html
    assert "mở khi đã học xong các bài bắt buộc" in html
    # Locked: named, not linked (the quiz would only send the learner back).
    assert f'href="{quiz.url}"' not in html

    factories.lessons_study(enrollment)
    html = client.get(course.url).content.decode()
    assert f'href="{quiz.url}"' in html
    assert "chưa đạt" in html

    attempt = factories.quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    factories.quiz_attempt_submit(
        attempt=attempt, user=learner, answers=factories.correct_answers(attempt)
    )
    html = client.get(course.url).content.decode()
    assert "Bài kiểm tra cuối khóa" in html and "· đạt)" in html


def test_lesson_sidebar_lists_the_quiz_with_its_status(client, learner):
    course = factories.course(lessons=2)
    quiz = course.quizzes().get()
    enrollment = enrollment_create(user=learner, course=course)
    client.force_login(learner)
    first = course.lessons().first()
    html = client.get(first.url).content.decode()
    assert 'aria-current="page">Bài 1<' in html
    assert quiz.title in html and "mở khi đã học xong các bài bắt buộc" in html
    assert enrollment.progress.count() == 1


def test_passed_result_links_to_the_certificate(
    client, learner, django_capture_on_commit_callbacks
):
    course = factories.course(lessons=2)
    enrollment = factories.studied_enrollment(learner, course)
    attempt = factories.quiz_attempt_start(enrollment=enrollment, quiz=course.quizzes().get())
    client.force_login(learner)
    with django_capture_on_commit_callbacks() as issuance:
        factories.quiz_attempt_submit(
            attempt=attempt, user=learner, answers=factories.correct_answers(attempt)
        )
    # Completed, the certificate not issued yet (issuance waits for the commit).
    html = client.get(reverse("learning:attempt_result", args=[attempt.pk])).content.decode()
    assert f'href="{reverse("certificates:mine")}"' in html
    assert "Giấy chứng nhận đang được ký" in html
    for callback in issuance:
        callback()
    enrollment.refresh_from_db()
    assert enrollment.certificate_number
    html = client.get(reverse("learning:attempt_result", args=[attempt.pk])).content.decode()
    assert f'href="{reverse("certificates:mine")}"' in html
    assert enrollment.certificate_number in html


def test_failed_result_has_no_certificate_link(client, learner):
    course = factories.course(lessons=2)
    enrollment = factories.studied_enrollment(learner, course)
    quiz = course.quizzes().get()
    attempt = factories.quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    factories.quiz_attempt_submit(attempt=attempt, user=learner, answers={})
    client.force_login(learner)
    html = client.get(reverse("learning:attempt_result", args=[attempt.pk])).content.decode()
    assert "Xem giấy chứng nhận" not in html
    assert not Enrollment.objects.get().completed_at
