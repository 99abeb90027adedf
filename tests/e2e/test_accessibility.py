"""Every page a learner, an HR manager or a verifier opens passes axe-core's WCAG 2.1 AA rules."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories
from tests.e2e.conftest import study_world

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: the site's CSP rightly blocks an added <script>.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULES
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def login(page, base: str, username: str) -> None:
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_pages_pass_axe(live_server, page):
    assert AXE.exists(), "axe-core is installed by npm (make install)"
    world = study_world()
    course, quiz, passed = world.course, world.quiz, world.passed
    open_attempt, certificate = world.open_attempt, world.certificate
    base = live_server.url

    public = [
        "/",
        course.url,
        reverse("login"),
        reverse("certificates:verify_lookup"),
        reverse("certificates:verify", args=[certificate.code]),
        reverse("certificates:verify", args=["KHONGCO"]),
    ]
    learner_pages = [
        course.url,
        course.lessons().first().url,
        world.exercise_lesson.url,
        quiz.url,
        reverse("learning:attempt", args=[open_attempt.pk]),
        reverse("learning:attempt_result", args=[passed.pk]),
        reverse("learning:my_courses"),
        reverse("certificates:mine"),
    ]
    found = {}
    for path in public:
        page.goto(base + path)
        found[path] = violations(page)
    login(page, base, "hocvien")
    for path in learner_pages:
        # networkidle: the exercises render their problem after fetching the learner's state.
        page.goto(base + path, wait_until="networkidle")
        found["learner " + path] = violations(page)
    page.context.clear_cookies()
    login(page, base, "nhansu")
    page.goto(base + reverse("compliance:hr_report"))
    found["hr report"] = violations(page)
    # The API token page: the list, a new token shown once, the revocation's confirmation.
    page.goto(base + reverse("api_tokens:list"))
    found["api tokens"] = violations(page)
    page.fill("#id_name", "Hệ thống báo cáo của tỉnh")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#new-token")
    found["api token created"] = violations(page)
    page.locator("main table a").first.click()
    page.wait_for_url("**/thu-hoi/")
    found["api token revoke"] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}


def test_axe_check_catches_a_broken_page(page):
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    found = violations(page)
    assert any(v.startswith("image-alt") for v in found)
    assert any(v.startswith("label") for v in found)
