"""Third-party XBlocks in a lesson, in a real browser: played by keyboard, state and score stored."""

import pytest
from playwright.sync_api import expect

from learning.models import ExerciseScore, LessonProgress, XBlockUserState
from learning.services import enrollment_create
from tests import factories
from tests.e2e.test_exercises import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    course = factories.course(lessons=1)
    lesson = factories.exercise_lesson(
        course, ("drag-and-drop-v2", {}), ("freetextresponse", {"weight": 1})
    )
    learner = factories.UserFactory(username="hocvien")
    enrollment = enrollment_create(user=learner, course=course)
    factories.lessons_study(enrollment)
    return {"lesson": lesson, "enrollment": enrollment}


def place_by_keyboard(page, item: int, zone: str):
    """Pick an item up with Enter (the block moves focus to the first zone), drop it with Enter."""
    page.locator(f'.option[data-value="{item}"]').focus()
    page.keyboard.press("Enter")
    if zone != "top":
        page.locator(f'.zone[data-uid="{zone}"]').focus()
    with page.expect_response(lambda response: "/drop_item/" in response.url):
        page.keyboard.press("Enter")
    # The block re-renders and opens its feedback: let it settle before the next key.
    expect(page.locator(".item-feedback-popup")).to_be_visible()
    page.keyboard.press("Escape")


def test_drag_and_drop_by_keyboard_scores_and_completes_the_lesson(live_server, page, world):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    lesson = world["lesson"]
    sign_in(page, live_server, lesson.url)
    exercise = page.locator('[data-block-type="drag-and-drop-v2"]')
    expect(exercise.locator(".option").first).to_be_visible()
    # Default problem: zones top, middle, bottom; item 3 goes anywhere; item 4 is a decoy.
    for item, zone in [(0, "top"), (1, "middle"), (2, "bottom"), (3, "top")]:
        place_by_keyboard(page, item, zone)
        expect(
            exercise.locator(f'.zone[data-uid="{zone}"] .option[data-value="{item}"]')
        ).to_be_visible()
    expect(exercise.locator(".message.final")).to_contain_text("Good work!")
    assert errors == []

    state = XBlockUserState.objects.get(field_name="item_state")
    assert set(state.value) == {"0", "1", "2", "3"}
    score = ExerciseScore.objects.get(enrollment=world["enrollment"])
    assert float(score.percent) == 100.0 and score.passed_at is not None

    # The state is the learner's: a reload shows the items where they were placed.
    page.reload()
    expect(exercise.locator(".zone .option")).to_have_count(4)
    # The free-text exercise is graded too: the lesson is done only after it.
    assert not LessonProgress.objects.filter(lesson=lesson).exists()


def test_free_text_response_is_saved_and_scored(live_server, page, world):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    lesson = world["lesson"]
    sign_in(page, live_server, lesson.url)
    exercise = page.locator('[data-block-type="freetextresponse"]')
    answer = exercise.locator("textarea")
    expect(answer).to_be_visible()
    answer.fill("Không bấm vào đường link lạ và báo cho bộ phận CNTT.")
    exercise.get_by_role("button", name="Submit").click()
    expect(exercise.locator(".submission-received")).to_be_visible()
    assert errors == []
    state = XBlockUserState.objects.get(field_name="student_answer")
    assert state.value.startswith("Không bấm")
    score = ExerciseScore.objects.get(enrollment=world["enrollment"])
    assert float(score.percent) == 100.0
