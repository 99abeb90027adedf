"""Learner, HR and admin pages run under the Content-Security-Policy without a single violation."""

import pytest
from django.urls import reverse

from tests import factories
from tests.e2e.conftest import study_world

pytestmark = pytest.mark.django_db(transaction=True)

LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, plus every CSP violation and console error it meets, across navigations."""
    problems = []
    page.expose_function("reportViolation", lambda text: problems.append(f"{page.url}: {text}"))
    page.add_init_script(LISTENER)
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: console {message.type}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return page, problems


def _login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")


def _visit(page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url


def test_site_and_admin_pages_raise_no_csp_violation(live_server, watched):
    page, problems = watched
    world = study_world()
    course, quiz, passed = world.course, world.quiz, world.passed
    open_attempt, certificate = world.open_attempt, world.certificate
    factories.UserFactory(username="quantri", is_superuser=True, is_staff=True)
    base = live_server.url

    for path in [
        "/",
        course.url,
        reverse("certificates:verify_lookup"),
        reverse("certificates:verify", args=[certificate.code]),
    ]:
        _visit(page, base + path)

    _login(page, base, "hocvien")
    for path in [
        course.url,
        course.lessons().first().url,
        world.exercise_lesson.url,
        quiz.url,
        reverse("learning:my_courses"),
        reverse("certificates:mine"),
        reverse("learning:attempt_result", args=[passed.pk]),
    ]:
        _visit(page, base + path)
    # The attempt page's inline script (answers kept across reloads) must run under the policy.
    _visit(page, base + reverse("learning:attempt", args=[open_attempt.pk]))
    page.locator("input[type=checkbox], input[type=radio]").first.check()
    page.reload(wait_until="networkidle")
    assert page.locator("input:checked").count() == 1

    _login(page, base, "nhansu")
    _visit(page, base + reverse("compliance:hr_report"))

    _login(page, base, "quantri")
    lesson = course.lessons().first()
    for path in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[course.pk]),
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        reverse("wagtailsnippets_certificates_issuer:list"),
        reverse("lockouts:index"),
    ]:
        _visit(page, base + path)
    # Back in the editor: Wagtail's date widgets were started by static/js/admin-widgets.js.
    _visit(page, base + reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert page.locator("script[data-csp-init][data-csp-done]").count() >= 1
    assert page.locator("script[data-csp-init]:not([data-csp-done])").count() == 0
    assert "\n".join(problems) == ""


def test_collector_catches_a_violation(live_server, watched):
    page, problems = watched
    _visit(page, live_server.url + reverse("certificates:verify_lookup"))
    # An injected inline script without the nonce: it must not run, and must be reported.
    blocked = page.evaluate(
        """() => new Promise((resolve) => {
            document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective));
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
        })"""
    )
    assert blocked.startswith("script-src")
    assert page.evaluate("window.injected") is None
    # The collector hears of it through a binding call, which may land a moment later.
    for _ in range(50):
        if problems:
            break
        page.wait_for_timeout(100)
    assert any("script-src" in problem for problem in problems)
