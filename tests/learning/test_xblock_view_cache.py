"""A learner's rendered exercise is reused while what it shows is unchanged, and never otherwise.

The cache key holds the authored content, the learner's state for the exercise, the language, the
learner and the release; a block that reads anything else on render is rendered every time.
"""

import json

import pytest
from django.urls import reverse
from xblock.fields import Scope

from courses.exercises.phishing import PhishingInboxBlock
from learning.services import enrollment_create
from learning.xblocks.runtime import LessonRuntime, lesson_exercises
from learning.xblocks.state import LearnerState, Usage
from tests import factories

pytestmark = pytest.mark.django_db

FREE_TEXT = ("freetextresponse", {"prompt": "Vì sao không dùng chung mật khẩu?"})


@pytest.fixture
def renders(monkeypatch):
    """How many times each exercise class rendered its student_view (the real one runs)."""
    counts: dict[str, int] = {}

    def counting(cls):
        original = cls.student_view

        def student_view(self, *args, **kwargs):
            counts[cls.__name__] = counts.get(cls.__name__, 0) + 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "student_view", student_view)

    return counts, counting


def learner_on(course, client, username="hocvien"):
    learner = factories.UserFactory(username=username)
    factories.lessons_study(enrollment_create(user=learner, course=course))
    client.force_login(learner)
    return learner


def block_ids(lesson):
    return [child.id for child in lesson.body if child.block_type == "interactive"]


def submit(client, lesson, block_id, answer):
    url = reverse(
        "learning:xblock_handler",
        kwargs={"page_id": lesson.id, "usage_id": block_id, "handler": "submit"},
    )
    response = client.post(url, json.dumps({"student_answer": answer}), "application/json")
    assert response.status_code == 200, response.content


def page(client, lesson) -> str:
    response = client.get(lesson.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_revisit_reuses_the_render_until_the_learner_answers(client, renders):
    from freetextresponse.xblocks import FreeTextResponse

    counts, counting = renders
    counting(FreeTextResponse)
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(course, FREE_TEXT)
    learner_on(course, client)

    first = page(client, lesson)
    again = page(client, lesson)
    assert counts["FreeTextResponse"] == 1
    assert 'data-block-type="freetextresponse"' in again
    assert _exercise(again) == _exercise(first)

    submit(client, lesson, block_ids(lesson)[0], "Một mật khẩu lộ là lộ mọi nơi")
    html = page(client, lesson)
    assert "Một mật khẩu lộ là lộ mọi nơi" in html
    assert counts["FreeTextResponse"] == 2
    page(client, lesson)
    assert counts["FreeTextResponse"] == 2


def _exercise(html: str) -> str:
    """The block's own markup (the section around it carries a per-response CSRF token)."""
    start = html.index('<div class="xblock')
    return html[start : html.index('<p class="exercise-status"', start)]


def test_a_published_edit_is_shown_at_once(client):
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(course, FREE_TEXT)
    learner_on(course, client)
    assert "Vì sao không dùng chung mật khẩu?" in page(client, lesson)

    body = lesson.body.raw_data
    body[1]["value"][0]["value"]["prompt"] = "Mật khẩu mạnh trông như thế nào?"
    lesson.body = body
    lesson.save_revision().publish()
    html = page(client, lesson)
    assert "Mật khẩu mạnh trông như thế nào?" in html
    assert "Vì sao không dùng chung mật khẩu?" not in html


def test_another_learner_never_gets_someone_else_s_render(client):
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(course, FREE_TEXT)
    learner_on(course, client)
    submit(client, lesson, block_ids(lesson)[0], "Câu trả lời riêng của hocvien")
    assert "Câu trả lời riêng của hocvien" in page(client, lesson)

    learner_on(course, client, username="khac")
    assert "Câu trả lời riêng của hocvien" not in page(client, lesson)


def test_each_language_has_its_own_render(client):
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(course, ("phishing-inbox", {}))
    learner_on(course, client)
    assert "Spot the phishing emails" not in page(client, lesson)

    client.post(reverse("set_language"), {"language": "en", "next": lesson.url})
    assert "Spot the phishing emails" in page(client, lesson)


def test_a_block_asking_who_the_user_is_renders_every_time(client, renders):
    """drag-and-drop-v2 in assessment mode asks the user service whether the learner is staff."""
    from drag_and_drop_v2.drag_and_drop_v2 import DragAndDropBlock

    counts, counting = renders
    counting(DragAndDropBlock)
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(
        course, ("drag-and-drop-v2", {"mode": "assessment"}), ("drag-and-drop-v2", {})
    )
    learner_on(course, client)
    page(client, lesson)
    page(client, lesson)
    # The standard-mode block rendered once; the assessment-mode one on both visits.
    assert counts["DragAndDropBlock"] == 3


def test_a_block_reading_other_scopes_renders_every_time(client, renders, monkeypatch):
    counts, counting = renders
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(course, ("phishing-inbox", {}))
    learner_on(course, client)
    original = PhishingInboxBlock.student_view

    def reads_preferences(self, context=None):
        # What a block does when it reads a Scope.preferences field on render.
        usage = Usage.parse(self.scope_ids.usage_id, self.scope_ids.block_type)
        self.runtime.state.has(Scope.preferences, usage, "theme")
        return original(self, context)

    monkeypatch.setattr(PhishingInboxBlock, "student_view", reads_preferences)
    counting(PhishingInboxBlock)
    page(client, lesson)
    page(client, lesson)
    assert counts["PhishingInboxBlock"] == 2


def test_previews_are_never_cached(renders):
    counts, counting = renders
    counting(PhishingInboxBlock)
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(course, ("phishing-inbox", {}))
    trainer = factories.UserFactory(username="giangvien")
    block_id = block_ids(lesson)[0]
    for _visit in range(2):
        runtime = LessonRuntime(
            page=lesson,
            user=trainer,
            exercises=lesson_exercises(lesson),
            state=LearnerState(user_id=trainer.pk, page_id=lesson.id),
            staff=True,
        )
        runtime.view(block_id)
    assert counts["PhishingInboxBlock"] == 2
