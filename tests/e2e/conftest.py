import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from certificates.models import Certificate
from learning.services import (
    enrollment_create,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories
from tests.conftest import require_or_skip

CHROMIUM = Path("/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


# Per module, not per session: Playwright's event loop must stop before other tests run, since
# pyHanko starts loops of its own.
@pytest.fixture(scope="module")
def browser():
    require_or_skip(
        CHROMIUM.exists(),
        what="Debian's chromium (/usr/bin/chromium; apt-get install chromium)",
        required_by="CI",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # An English browser: the site must still open in Vietnamese.
    context = browser.new_context(locale="en-US", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@dataclass
class StudyWorld:
    """A learner who passed the course (with a certificate) and has a second attempt open."""

    course: object
    quiz: object
    passed: object
    open_attempt: object
    certificate: object
    exercise_lesson: object = None  # optional lesson: drag-and-drop-v2 and free-text response


def _submit_closing_connection(**kwargs):
    try:
        quiz_attempt_submit(**kwargs)
    finally:
        connection.close()


def study_world() -> StudyWorld:
    """The data the page-walking browser tests visit: learner `hocvien`, HR `nhansu`."""
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    course = factories.course()
    exercise_lesson = factories.exercise_lesson(
        course, ("drag-and-drop-v2", {}), ("freetextresponse", {}), slug="thuc-hanh"
    )
    exercise_lesson.required = False
    exercise_lesson.save_revision().publish()
    user = factories.learner(
        agencies["SKHCN-CDS"], user=factories.UserFactory(username="hocvien"), full_name="Lê Thu Hà"
    )
    enrollment = enrollment_create(user=user, course=course)
    factories.lessons_study(enrollment)
    quiz = course.quizzes().get()
    passed = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    # Issuing signs with pyHanko, which needs a thread without Playwright's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(
            _submit_closing_connection,
            attempt=passed,
            user=user,
            answers=factories.correct_answers(passed),
        ).result()
    open_attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    factories.hr_manager(agencies["SKHCN"], username="nhansu")
    return StudyWorld(
        course=course,
        quiz=quiz,
        passed=passed,
        open_attempt=open_attempt,
        certificate=Certificate.objects.get(),
        exercise_lesson=exercise_lesson,
    )
