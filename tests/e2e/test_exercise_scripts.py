"""Our exercises' own HTML and JavaScript in Chromium, played by keyboard, with the test XBlock host.

No Django server: Playwright answers every request of a made-up origin itself, serving the
rendered fragment, our static files and the handlers (through `tests.courses.xblock_host`). This
checks the scripts and the markup apart from the lesson runtime; `test_exercises.py` plays the
same exercises in a real lesson.
"""

import json
import mimetypes
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
from django.conf import settings
from django.utils import translation

from courses.exercises.ordering import OrderingStepsBlock
from courses.exercises.passphrase import PassphraseTrainerBlock
from courses.exercises.phishing import PhishingInboxBlock
from tests.courses.test_exercise_ordering import STEPS
from tests.courses.test_exercise_phishing import EMAILS
from tests.courses.xblock_host import Host

ORIGIN = "http://exercise.test"
STATIC = Path(__file__).resolve().parents[2] / "courses" / "static"
AXE = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"


def _page_html(fragment) -> str:
    """A bare page with the fragment, its resources and a stand-in for the JS runtime."""
    tags = []
    for resource in fragment.resources:
        if resource.kind == "url" and resource.mimetype == "application/javascript":
            tags.append(f'<script src="{resource.data}"></script>')
        elif resource.kind == "url":
            tags.append(f'<link rel="stylesheet" href="{resource.data}">')
    start = (
        "<script>"
        f"{fragment.js_init_fn}({{handlerUrl: (el, name) => '/handler/' + name}},"
        f" document.querySelector('.xblock'), {json.dumps(fragment.json_init_args)});"
        "</script>"
    )
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Bài tập</title>'
        f'{"".join(tags)}</head><body><main><div class="xblock">{fragment.content}</div>'
        f"</main>{start}</body></html>"
    )


def _serve(page, host: Host, requests: list):
    """Answer the page's requests: the block, static files, handler posts (recorded)."""

    def handle(route):
        request = route.request
        requests.append(request)
        path = request.url.removeprefix(ORIGIN).partition("?")[0]
        if path.startswith("/handler/"):
            with translation.override("vi"):
                block = host.block()
                status, body = host.post(
                    block, path.removeprefix("/handler/"), None, raw=request.post_data_buffer
                )
            route.fulfill(status=status, json=body)
        elif path.startswith(settings.STATIC_URL):
            file = STATIC / path.removeprefix(settings.STATIC_URL)
            route.fulfill(
                body=file.read_bytes(),
                content_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream",
            )
        else:
            with translation.override("vi"):
                html = _page_html(host.block().student_view())
            route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route(f"{ORIGIN}/**", handle)
    page.goto(ORIGIN + "/")


def _axe_violations(page) -> list[str]:
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [violation["id"] for violation in result["violations"]]


def assert_no_prefix_of(secret: str, request) -> None:
    """No prefix of the secret (4 characters or more) in the request's URL, headers or body.

    Compared after percent-decoding (as a URL or form would carry it) and case-folding.
    """
    body = request.post_data_buffer or b""
    parts = [
        request.url,
        *(f"{name}: {value}" for name, value in request.all_headers().items()),
        body.decode("utf-8", errors="replace"),
    ]
    seen = " ".join([*parts, *(unquote_plus(part) for part in parts)]).casefold()
    for end in range(4, len(secret) + 1):
        assert secret[:end].casefold() not in seen, f"{request.method} {request.url}"


def _tab_to(page, predicate: str, limit: int = 60):
    """Press Tab until the focused element matches the JS `predicate(el)`; fail otherwise."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    pytest.fail(f"no focusable element matched {predicate}")


def test_phishing_inbox_by_keyboard(page):
    host = Host(PhishingInboxBlock, {"display_name": "Hộp thư", "emails": EMAILS})
    _serve(page, host, [])
    assert "CUE-" not in page.content()
    assert _axe_violations(page) == []

    # First try: only one of the two phishing emails flagged.
    _tab_to(page, "el.value === 'dvc'")
    page.keyboard.press("Space")
    _tab_to(page, "el.type === 'submit'")
    page.keyboard.press("Enter")
    score = page.locator(".ex-score")
    score.wait_for()
    assert score.inner_text() == "Bạn nhận định đúng 2/3 thư."
    assert page.evaluate("document.activeElement.classList.contains('ex-score')")
    assert "CUE-THREAT" in page.locator(".ex-results").inner_text()
    assert host.events()[0] == ("grade", {"value": 2, "max_value": 3})
    assert _axe_violations(page) == []

    # Try again: the form comes back empty with focus on its first checkbox.
    _tab_to(page, "el.classList.contains('ex-retry')")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.value === 'dvc'")
    assert page.locator(".ex-results").is_hidden()
    assert page.locator("input[name=flagged]:checked").count() == 0
    assert host.user_state()["submitted"] is False
    page.keyboard.press("Space")
    _tab_to(page, "el.value === 'bca'")
    page.keyboard.press("Space")
    _tab_to(page, "el.type === 'submit'")
    page.keyboard.press("Enter")
    page.locator(".ex-score").filter(has_text="3/3").wait_for()
    assert host.user_state()["flagged"] == ["dvc", "bca"]
    assert host.events()[2] == ("grade", {"value": 3, "max_value": 3})

    # A reload shows the verdict from the stored state.
    page.reload()
    assert page.locator(".ex-score").inner_text() == "Bạn nhận định đúng 3/3 thư."
    assert page.locator(".ex-form").is_hidden()


def test_ordering_steps_by_keyboard(page):
    host = Host(OrderingStepsBlock, {"steps": STEPS, "explanation": "Vì sao"})
    _serve(page, host, [])
    assert _axe_violations(page) == []
    shown = host.user_state()["shown_order"]

    # Selection sort with the Down buttons: bring the right step to each position in turn.
    order = list(shown)
    for target in range(len(order)):
        while order.index(target) > target:
            position = order.index(target)
            label = f"Chuyển “{STEPS[target]}” lên"
            button = page.get_by_role("button", name=label)
            button.focus()
            page.keyboard.press("Enter")
            order[position - 1], order[position] = order[position], order[position - 1]
            assert page.locator(".ex-feedback").inner_text() == (
                f"Đã chuyển “{STEPS[target]}” tới vị trí {position} trên {len(STEPS)}."
            )
            assert page.evaluate("document.activeElement.getAttribute('data-move')") == "up"
    texts = page.locator(".ex-form .step-text").all_inner_texts()
    assert texts == STEPS

    _tab_to(page, "el.type === 'submit'")
    page.keyboard.press("Enter")
    page.locator(".ex-score").wait_for()
    assert page.locator(".ex-score").inner_text() == "5/5 bước đúng vị trí."
    assert host.user_state()["submitted_order"] == [0, 1, 2, 3, 4]
    assert host.events()[0] == ("grade", {"value": 5, "max_value": 5})
    assert _axe_violations(page) == []


def test_passphrase_never_leaves_the_browser(page):
    secret = "Ngựa-vằn ăn 7 quả TÁO đỏ!"
    host = Host(PassphraseTrainerBlock, {"required_level": "strong"})
    requests = []
    _serve(page, host, requests)
    assert _axe_violations(page) == []

    page.get_by_label("Cụm mật khẩu cần thử").focus()
    page.keyboard.type(secret, delay=15)
    page.locator(".passphrase-label").filter(has_text="Mạnh").wait_for()
    page.wait_for_function("document.querySelector('.ex-feedback').textContent.includes('Tốt lắm')")
    assert host.user_state()["reached"] is True
    assert host.events() == [("completion", {"completion": 1.0})]

    posts = [request for request in requests if request.method == "POST"]
    assert [json.loads(request.post_data) for request in posts][-1] == {"level": "strong"}
    for request in requests:
        assert_no_prefix_of(secret, request)
    assert _axe_violations(page) == []
