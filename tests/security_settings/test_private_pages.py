"""Pages for a signed-in user are never cached; idle sessions end on shared computers."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from certificates.models import Certificate
from config.middleware import IDLE_SEEN_KEY
from learning.services import (
    enrollment_create,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    course = factories.course()
    learner = factories.learner(agencies["SKHCN-CDS"], full_name="Nguyễn Văn An")
    enrollment = enrollment_create(user=learner, course=course)
    factories.lessons_study(enrollment)
    quiz = course.quizzes().get()
    passed = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    with django_capture_on_commit_callbacks(execute=True):
        quiz_attempt_submit(attempt=passed, user=learner, answers=factories.correct_answers(passed))
    return {
        "learner": learner,
        "hr": factories.hr_manager(agencies["SKHCN"]),
        "passed": passed,
        "open": quiz_attempt_start(enrollment=enrollment, quiz=quiz),
        "certificate": Certificate.objects.get(),
    }


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_learner_pages_and_downloads_are_private_no_store(client, world):
    client.force_login(world["learner"])
    urls = [
        reverse("learning:my_courses"),
        reverse("learning:attempt", args=[world["open"].pk]),
        reverse("learning:attempt_result", args=[world["passed"].pk]),
        reverse("certificates:mine"),
        reverse("certificates:download", args=[world["certificate"].code]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url


def test_hr_report_and_exports_are_private_no_store(client, world):
    client.force_login(world["hr"])
    for url in [
        reverse("compliance:hr_report"),
        reverse("compliance:hr_report_export", args=["csv"]),
        reverse("compliance:hr_report_export", args=["xlsx"]),
        reverse("certificates:download", args=[world["certificate"].code]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url


def test_public_pages_for_visitors_stay_cacheable(client, world):
    response = client.get(reverse("certificates:verify", args=[world["certificate"].code]))
    assert response.status_code == 200
    assert "no-store" not in _directives(response)


def _seen(client, minutes_ago: int) -> None:
    session = client.session
    session[IDLE_SEEN_KEY] = int(time.time()) - minutes_ago * 60
    session.save()


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_session_ends_after_the_idle_timeout(client, world, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT * 60 == 30 * 60
    client.force_login(world["learner"])
    assert client.get(reverse("learning:my_courses")).status_code == 200
    _seen(client, 31)
    response = client.get(reverse("learning:my_courses"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "Bạn đã được đăng xuất sau 30 phút không thao tác" in page.content.decode()


def test_session_slides_only_once_half_the_window_is_gone(client, world):
    client.force_login(world["learner"])
    client.get(reverse("learning:my_courses"))

    _seen(client, 5)
    before = (_expiry(client), client.session[IDLE_SEEN_KEY])
    assert client.get(reverse("learning:my_courses")).status_code == 200
    # Recent activity: the session row is not written again.
    assert (_expiry(client), client.session[IDLE_SEEN_KEY]) == before

    _seen(client, 20)
    stale = (_expiry(client), client.session[IDLE_SEEN_KEY])
    assert client.get(reverse("learning:my_courses")).status_code == 200
    assert _expiry(client) > stale[0]
    assert client.session[IDLE_SEEN_KEY] > stale[1]


def test_session_cookie_dies_with_the_browser(client, world):
    response = client.post(
        reverse("login"), {"username": world["learner"].username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
