"""Our three exercises in a real lesson, in Chromium, by keyboard: state and score in the database.

The passphrase test watches every request the page makes and finds no prefix of the passphrase
in any URL, header or body.
"""

import pytest
from playwright.sync_api import expect

from learning.models import ExerciseScore, LearningEvent, LessonProgress, XBlockUserState
from learning.services import enrollment_create
from tests import factories
from tests.courses.test_exercise_ordering import STEPS
from tests.courses.test_exercise_phishing import EMAILS
from tests.e2e.test_accessibility import violations
from tests.e2e.test_exercise_scripts import assert_no_prefix_of

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "Ngựa-vằn ăn 7 quả TÁO đỏ!"


@pytest.fixture
def world():
    course = factories.course(lessons=1)
    lesson = factories.exercise_lesson(
        course,
        ("phishing-inbox", {"display_name": "Hộp thư sáng thứ Hai", "emails": EMAILS}),
        ("ordering-steps", {"display_name": "Nộp hồ sơ", "steps": STEPS}),
        ("passphrase-trainer", {"required_level": "strong"}),
    )
    learner = factories.UserFactory(username="hocvien")
    enrollment = enrollment_create(user=learner, course=course)
    factories.lessons_study(enrollment)
    return {"lesson": lesson, "enrollment": enrollment, "learner": learner}


def sign_in(page, live_server, next_url):
    page.goto(f"{live_server.url}/dang-nhap/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill("hocvien")
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # Keys pressed before the exercises' scripts bind would submit their forms natively.
    expect(page.locator(".xblock[data-initialized]").first).to_be_attached()
    expect(page.locator(".xblock[data-init]:not([data-initialized])")).to_have_count(0)


def tab_to(page, predicate: str, limit: int = 80):
    """Press Tab until the focused element matches the JS `predicate(el)`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    pytest.fail(f"no focusable element matched {predicate}")


def state(field_name: str):
    return XBlockUserState.objects.get(field_name=field_name).value


def watch_errors(page) -> list[str]:
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def test_the_three_exercises_by_keyboard_score_and_complete_the_lesson(live_server, page, world):
    errors = watch_errors(page)
    lesson, enrollment = world["lesson"], world["enrollment"]
    sign_in(page, live_server, lesson.url)
    inbox = page.locator('[data-block-type="phishing-inbox"]')
    expect(inbox.locator("input[name=flagged]").first).to_be_visible()
    assert "CUE-" not in page.content()
    assert violations(page) == []

    # Phishing inbox: flag the two phishing emails by keyboard, submit.
    for email_id in ("dvc", "bca"):
        tab_to(page, f"el.name === 'flagged' && el.value === '{email_id}'")
        page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit' && !!el.closest('.phishing-inbox')")
    page.keyboard.press("Enter")
    expect(inbox.locator(".ex-score")).to_have_text("Bạn nhận định đúng 3/3 thư.")
    expect(inbox.locator(".ex-score")).to_be_focused()
    assert sorted(state("flagged")) == ["bca", "dvc"]
    assert not LessonProgress.objects.filter(lesson=lesson).exists()  # ordering still to do

    # Ordering steps: bring each step up to its place with the Up buttons (Enter).
    ordering = page.locator('[data-block-type="ordering-steps"]')
    shown = [
        int(step)
        for step in ordering.locator(".ex-form .step").evaluate_all(
            "items => items.map(item => item.dataset.step)"
        )
    ]
    order = list(shown)
    for target in range(len(order)):
        while order.index(target) > target:
            position = order.index(target)
            ordering.get_by_role("button", name=f"Chuyển “{STEPS[target]}” lên").focus()
            page.keyboard.press("Enter")
            order[position - 1], order[position] = order[position], order[position - 1]
            expect(ordering.locator(".ex-feedback")).to_have_text(
                f"Đã chuyển “{STEPS[target]}” tới vị trí {position} trên {len(STEPS)}."
            )
    tab_to(page, "el.type === 'submit' && !!el.closest('.ordering-steps')")
    page.keyboard.press("Enter")
    expect(ordering.locator(".ex-score")).to_have_text("5/5 bước đúng vị trí.")
    assert state("submitted_order") == [0, 1, 2, 3, 4]
    assert state("shown_order") == shown

    scores = {
        score.block_type: score for score in ExerciseScore.objects.filter(enrollment=enrollment)
    }
    assert set(scores) == {"phishing-inbox", "ordering-steps"}
    assert all(float(score.percent) == 100.0 and score.passed_at for score in scores.values())
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists()
    assert violations(page) == []
    assert errors == []

    # A reload shows both verdicts from the stored state.
    page.reload()
    expect(inbox.locator(".ex-score")).to_have_text("Bạn nhận định đúng 3/3 thư.")
    expect(ordering.locator(".ex-score")).to_have_text("5/5 bước đúng vị trí.")


def test_a_wrong_first_try_can_be_tried_again_to_full_marks(live_server, page, world):
    lesson, enrollment = world["lesson"], world["enrollment"]
    sign_in(page, live_server, lesson.url)
    inbox = page.locator('[data-block-type="phishing-inbox"]')
    tab_to(page, "el.type === 'submit' && !!el.closest('.phishing-inbox')")
    page.keyboard.press("Enter")
    expect(inbox.locator(".ex-score")).to_have_text("Bạn nhận định đúng 1/3 thư.")
    score = ExerciseScore.objects.get(enrollment=enrollment)
    assert (score.earned, score.possible, score.passed_at) == (1, 3, None)

    tab_to(page, "el.classList.contains('ex-retry')")
    page.keyboard.press("Enter")
    expect(inbox.locator("input[value=dvc]")).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, "el.value === 'bca'")
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit' && !!el.closest('.phishing-inbox')")
    page.keyboard.press("Enter")
    expect(inbox.locator(".ex-score")).to_have_text("Bạn nhận định đúng 3/3 thư.")
    score.refresh_from_db()
    assert float(score.percent) == 100.0 and score.passed_at is not None


def test_the_passphrase_never_leaves_the_browser(live_server, page, world):
    errors = watch_errors(page)
    requests = []
    page.on("request", lambda request: requests.append(request))
    lesson = world["lesson"]
    sign_in(page, live_server, lesson.url)
    trainer = page.locator('[data-block-type="passphrase-trainer"]')
    expect(trainer.get_by_text("Cụm mật khẩu của bạn ở lại trên thiết bị này.")).to_be_visible()

    trainer.get_by_label("Cụm mật khẩu cần thử").focus()
    page.keyboard.type(SECRET, delay=20)
    expect(trainer.locator(".passphrase-label")).to_have_text("Mạnh")
    expect(trainer.locator(".ex-feedback")).to_contain_text("Tốt lắm")
    assert errors == []

    assert state("reached") is True
    assert state("best_level") == "strong"
    event = LearningEvent.objects.get(event_type="completion")
    assert event.block_type == "passphrase-trainer"
    assert event.data == {"completion": 1.0}
    handler_posts = [r for r in requests if r.method == "POST" and "/xblock/" in r.url]
    assert handler_posts, "the level was reported"
    assert all(r.post_data_json.keys() == {"level"} for r in handler_posts)
    assert len(requests) > 3
    for request in requests:
        assert_no_prefix_of(SECRET, request)
    # Nothing in the database holds it either.
    stored = " ".join(str(row.value) for row in XBlockUserState.objects.all())
    assert SECRET[:4].casefold() not in stored.casefold()


def test_the_exercises_fit_a_360_px_phone(live_server, page, world):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, world["lesson"].url)
    expect(page.locator(".ex-card")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # After a submission too: the verdicts are the widest part.
    tab_to(page, "el.type === 'submit' && !!el.closest('.phishing-inbox')")
    page.keyboard.press("Enter")
    expect(page.locator(".phishing-inbox .ex-score")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
