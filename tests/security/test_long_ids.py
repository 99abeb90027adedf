"""Numbers too long to be database ids are answered as missing, never with a 500 (SQLite)."""

from django.urls import reverse

from learning.models import Enrollment, QuizAttempt

from .conftest import HR_IN, LEARNER

TOO_LONG = "9" * 30


def test_enroll_and_quiz_start_with_a_too_long_id_are_not_found(world, client):
    client.force_login(world.users[LEARNER])
    enrollments, attempts = Enrollment.objects.count(), QuizAttempt.objects.count()
    for url in (f"/khoa-hoc/{TOO_LONG}/dang-ky/", f"/bai-kiem-tra/{TOO_LONG}/bat-dau/"):
        assert client.post(url).status_code == 404, url
    assert (Enrollment.objects.count(), QuizAttempt.objects.count()) == (enrollments, attempts)


def test_hr_report_with_a_too_long_course_id_shows_every_course(world, client):
    client.force_login(world.users[HR_IN])
    response = client.get(reverse("compliance:hr_report"), {"course": TOO_LONG})
    assert response.status_code == 200
    assert world["learner_name"] in response.content.decode()
    assert client.get(reverse("compliance:hr_report"), {"agency": TOO_LONG}).status_code == 404


def test_document_with_an_id_past_pythons_digit_limit_is_not_found(world, client):
    assert client.get(f"/documents/{'9' * 8192}/giay-to.pdf").status_code == 404
