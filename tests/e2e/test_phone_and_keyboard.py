"""A learner on a 360 px phone, or with a keyboard only, can study a whole course; lessons stay light."""

import gzip
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from certificates.models import Certificate
from learning.models import Enrollment
from tests import factories
from tests.e2e.conftest import study_world
from tests.e2e.test_accessibility import login, violations

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
# Issue 6: a lesson page (HTML, CSS and JS; media excluded) weighs less than this on the wire.
LESSON_BUDGET_BYTES = 150 * 1024
COUNTED_RESOURCES = {"document", "stylesheet", "script"}

# Every question multiple-choice: each choice is its own Tab stop, so Tab and Space answer it
# (a radio group would need the arrow keys).
KEYBOARD_QUESTIONS = [
    factories.question(
        "Mật khẩu mạnh cần có gì?",
        [("Ít nhất 12 ký tự", True), ("Ngày sinh", False), ("Chữ hoa và số", True)],
        multiple=True,
    ),
    factories.question(
        "Dấu hiệu của thư lừa đảo?",
        [("Thúc giục gấp", True), ("Tên miền lạ", True), ("Lời chào lịch sự", False)],
        multiple=True,
    ),
]
RIGHT_CHOICES = {"Ít nhất 12 ký tự", "Chữ hoa và số", "Thúc giục gấp", "Tên miền lạ"}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than a 360 px screen (0 or less: no sideways scroll)."""
    return page.evaluate("() => document.documentElement.scrollWidth") - PHONE["width"]


def test_study_pages_fit_a_360_px_screen_and_pass_axe(live_server, phone):
    world = study_world()
    base = live_server.url
    pages = [
        "/",
        world.course.url,
        world.course.lessons().first().url,
        world.quiz.url,
        reverse("learning:attempt", args=[world.open_attempt.pk]),
        reverse("learning:attempt_result", args=[world.passed.pk]),
        reverse("learning:my_courses"),
        reverse("certificates:mine"),
    ]
    login(phone, base, "hocvien")
    overflow, found = {}, {}
    for path in pages:
        phone.goto(base + path)
        # The page lays out at the phone's width (the viewport meta), not zoomed out to fit.
        assert phone.evaluate("() => window.innerWidth") == PHONE["width"]
        overflow[path] = horizontal_overflow(phone)
        found[path] = violations(phone)
    assert {path: px for path, px in overflow.items() if px > 0} == {}
    assert {path: v for path, v in found.items() if v} == {}


def test_overflow_check_catches_a_page_wider_than_the_screen(phone):
    phone.set_content(
        '<html><head><meta name="viewport" content="width=device-width, initial-scale=1">'
        '</head><body><div style="width: 600px">wide</div></body></html>'
    )
    assert horizontal_overflow(phone) > 0


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
            return {
                tag: el.tagName.toLowerCase(),
                type: el.type || "",
                // A field is named by its label; a link or button by its text.
                text: (label || el.innerText || "").trim(),
                checked: !!el.checked,
                outline: getComputedStyle(el).outlineStyle,
            };
        }"""
    )


def tab_to(page, pattern: str, *, limit: int = 80) -> dict:
    """Press Tab until the focused element's text matches; its focus must be visible.

    The element focused already counts (the login form focuses its first field itself).
    """
    for step in range(limit):
        if step:
            page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] != "body" and re.search(pattern, element["text"]):
            assert element["outline"] != "none", f"focus not visible on {element}"
            return element
    raise AssertionError(f"Tab never reached {pattern!r}")


def activate(page, pattern: str, key: str = "Enter") -> None:
    """Tab to a link or button and press Enter (or Space), waiting for the page it opens."""
    tab_to(page, pattern)
    with page.expect_navigation():
        page.keyboard.press(key)


def test_learner_completes_a_course_with_the_keyboard_only(live_server, page):
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    course = factories.course(lessons=2, questions=KEYBOARD_QUESTIONS)
    factories.learner(
        agencies["SKHCN-CDS"], user=factories.UserFactory(username="banphim"), full_name="Võ Văn An"
    )
    base = live_server.url

    page.goto(base + course.url)
    activate(page, "^Đăng nhập để ghi danh$")
    tab_to(page, "Tên đăng nhập")
    page.keyboard.type("banphim")
    tab_to(page, "Mật khẩu")
    page.keyboard.type(factories.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=course.title)).to_be_visible()

    # Space presses a button as Enter does.
    activate(page, "^Ghi danh khóa học$", key="Space")
    expect(page.get_by_text("Bạn đã ghi danh")).to_be_visible()
    activate(page, "^Bắt đầu học$")
    expect(page.get_by_role("heading", name="Bài 1", exact=True)).to_be_visible()

    # Resume from "my courses": one Enter lands on the next lesson, not on the course page.
    activate(page, "^Khóa học của tôi$")
    activate(page, "^Tiếp tục học")
    expect(page.get_by_role("heading", name="Bài 2", exact=True)).to_be_visible()
    activate(page, "^Tiếp theo: Bài kiểm tra")
    activate(page, "^Bắt đầu làm bài$")

    # The quiz: Tab through every choice, Space on the right ones, Enter on "submit".
    for _ in range(80):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["type"] == "checkbox" and element["text"] in RIGHT_CHOICES:
            page.keyboard.press("Space")
            assert focused(page)["checked"]
        if element["text"] == "Nộp bài":
            break
    else:
        raise AssertionError("Tab never reached the submit button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Đạt.")).to_be_visible()

    enrollment = Enrollment.objects.get(user__username="banphim")
    assert enrollment.completed_at is not None
    assert enrollment.progress.count() == 2
    certificate = Certificate.objects.get(enrollment=enrollment)
    activate(page, "^Xem giấy chứng nhận$")
    expect(page.get_by_text(certificate.number)).to_be_visible()


def _wire_bytes(request) -> int:
    """What one response costs on the wire in production.

    Production serves static files through whitenoise's CompressedManifestStaticFilesStorage,
    gzip-compressed for every browser that asks (all do); the test server sends them plain, so
    they are counted here as gzip would send them. Pages are counted as sent, uncompressed.
    """
    sizes = request.sizes()
    body = sizes["responseBodySize"]
    if "/static/" in request.url:
        body = len(gzip.compress(request.response().body(), compresslevel=9))
    return body + sizes["responseHeadersSize"]


def test_each_lesson_page_transfers_less_than_150_kb(live_server, browser):
    agencies = factories.agency_tree()
    course = factories.course(lessons=3)
    # Lessons carrying exercises too: ours (plain DOM scripts) and drag-and-drop-v2 (jQuery).
    ours = factories.exercise_lesson(
        course,
        ("phishing-inbox", {}),
        ("ordering-steps", {}),
        ("passphrase-trainer", {}),
        slug="bai-tap-cua-hoc-so",
    )
    # Optional, so that the next lesson opens before these exercises are done.
    ours.required = False
    ours.save_revision().publish()
    factories.exercise_lesson(course, ("drag-and-drop-v2", {}), slug="keo-tha")
    user = factories.learner(agencies["SKHCN-CDS"], user=factories.UserFactory(username="nhe"))
    factories.studied_enrollment(user, course)
    # A fresh context per lesson: nothing comes from the browser's cache.
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    login(page, live_server.url, "nhe")
    cookies = context.cookies()
    context.close()

    lessons = list(course.lessons())
    assert len(lessons) == 5
    for lesson in lessons:
        context = browser.new_context(locale="en-US")
        context.add_cookies(cookies)
        page = context.new_page()
        counted: list = []
        page.on(
            "requestfinished",
            lambda request, counted=counted: (
                counted.append(request) if request.resource_type in COUNTED_RESOURCES else None
            ),
        )
        response = page.goto(live_server.url + lesson.url)
        assert response.status == 200 and response.url.endswith(lesson.url)
        page.wait_for_load_state("networkidle")
        sizes = {request.url: _wire_bytes(request) for request in counted}
        # Positive control: the stylesheet is among what was counted, not only the HTML.
        assert any(url.endswith(".css") for url in sizes), sizes
        assert sum(sizes.values()) < LESSON_BUDGET_BYTES, sizes
        context.close()
