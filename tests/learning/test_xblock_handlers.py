"""The exercise handler URL: state per learner, atomic writes, scores, and every refusal."""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from learning.models import (
    ExerciseScore,
    LearningEvent,
    LessonProgress,
    XBlockUserState,
)
from learning.services import enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db

# drag-and-drop-v2's default problem: items 0-3 belong in these zones, item 4 is a decoy.
CORRECT_DROPS = [(0, "top"), (1, "middle"), (2, "bottom"), (3, "top")]


@pytest.fixture
def world():
    course = factories.course(lessons=1)
    lesson = factories.exercise_lesson(course, ("drag-and-drop-v2", {}))
    learner = factories.UserFactory(username="hocvien")
    enrollment = enrollment_create(user=learner, course=course)
    factories.lessons_study(enrollment)
    block_id = next(child.id for child in lesson.body if child.block_type == "interactive")
    return {
        "course": course,
        "lesson": lesson,
        "learner": learner,
        "enrollment": enrollment,
        "block_id": block_id,
    }


def handler_url(world, handler, block_id=None):
    return reverse(
        "learning:xblock_handler",
        kwargs={
            "page_id": world["lesson"].id,
            "usage_id": block_id or world["block_id"],
            "handler": handler,
        },
    )


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def signed_in(user, *, csrf_checks=False) -> Client:
    client = Client(enforce_csrf_checks=csrf_checks)
    client.force_login(user)
    return client


def test_a_drop_is_saved_for_the_learner_only(world):
    client = signed_in(world["learner"])
    response = post_json(client, handler_url(world, "drop_item"), {"val": 0, "zone": "top"})
    assert response.status_code == 200, response.content
    assert response.json()["correct"] is True
    state = XBlockUserState.objects.get(
        user=world["learner"], usage_id=world["block_id"], field_name="item_state"
    )
    assert state.value == {"0": {"zone": "top", "correct": True}}

    other = factories.UserFactory(username="khac")
    factories.lessons_study(enrollment_create(user=other, course=world["course"]))
    own = post_json(signed_in(other), handler_url(world, "student_view_user_state"), {})
    assert own.status_code == 200
    assert own.json()["items"] == {}
    mine = post_json(client, handler_url(world, "student_view_user_state"), {})
    assert mine.json()["items"] == {"0": {"zone": "top", "correct": True}}


def test_full_marks_make_a_score_row_and_complete_the_lesson(world):
    client = signed_in(world["learner"])
    assert not LessonProgress.objects.filter(lesson=world["lesson"]).exists()
    for item, zone in CORRECT_DROPS:
        response = post_json(client, handler_url(world, "drop_item"), {"val": item, "zone": zone})
        assert response.status_code == 200
    score = ExerciseScore.objects.get(enrollment=world["enrollment"], usage_id=world["block_id"])
    assert (score.earned, score.possible, float(score.percent)) == (1.0, 1.0, 100.0)
    assert score.passed_at is not None
    assert LessonProgress.objects.filter(
        enrollment=world["enrollment"], lesson=world["lesson"]
    ).exists()
    # The block's own non-grade events are kept as learning events.
    assert LearningEvent.objects.filter(event_type="edx.drag_and_drop_v2.item.dropped").count() == 4


def test_a_partial_score_does_not_complete_the_lesson(world):
    client = signed_in(world["learner"])
    post_json(client, handler_url(world, "drop_item"), {"val": 0, "zone": "top"})
    score = ExerciseScore.objects.get(enrollment=world["enrollment"])
    assert score.passed_at is None and 0 < score.percent < 100
    # Viewing the lesson is not enough while its graded exercise is not passed.
    assert signed_in(world["learner"]).get(world["lesson"].url).status_code == 200
    assert not LessonProgress.objects.filter(lesson=world["lesson"]).exists()


@pytest.mark.parametrize("event_type", ["grade", "completion", "progress"])
def test_a_browser_sent_grade_is_refused_and_writes_nothing(world, event_type):
    client = signed_in(world["learner"])
    response = post_json(
        client,
        handler_url(world, "publish_event"),
        {"event_type": event_type, "value": 1, "max_value": 1, "completion": 1.0},
    )
    assert response.status_code == 403
    assert not ExerciseScore.objects.exists()
    assert not LearningEvent.objects.exists()
    assert not LessonProgress.objects.filter(lesson=world["lesson"]).exists()


def test_other_browser_events_are_recorded(world):
    client = signed_in(world["learner"])
    response = post_json(
        client,
        handler_url(world, "publish_event"),
        {"event_type": "edx.drag_and_drop_v2.feedback.opened", "content": "x"},
    )
    assert response.status_code == 200
    assert LearningEvent.objects.get().event_type == "edx.drag_and_drop_v2.feedback.opened"


def test_a_learner_cannot_change_the_authored_exercise(world):
    client = signed_in(world["learner"])
    # studio_submit is Open edX Studio's editor handler: it is not reachable here.
    response = post_json(
        client, handler_url(world, "studio_submit"), {"display_name": "Hacked", "data": {}}
    )
    assert response.status_code == 404
    world["lesson"].refresh_from_db()
    assert "Hacked" not in json.dumps(list(world["lesson"].body.raw_data))


def test_not_enrolled_anonymous_get_and_missing_csrf_are_refused(world):
    url = handler_url(world, "drop_item")
    drop = {"val": 0, "zone": "top"}
    stranger = factories.UserFactory(username="nguoila")
    assert post_json(signed_in(stranger), url, drop).status_code == 403
    assert post_json(Client(), url, drop).status_code == 403
    assert signed_in(world["learner"]).get(url).status_code == 405
    assert post_json(signed_in(world["learner"], csrf_checks=True), url, drop).status_code == 403
    assert (
        post_json(signed_in(world["learner"]), handler_url(world, "no_such"), drop).status_code
        == 404
    )
    missing = handler_url(world, "drop_item", block_id=uuid.uuid4())
    assert post_json(signed_in(world["learner"]), missing, drop).status_code == 404
    assert not XBlockUserState.objects.exists()
    assert not ExerciseScore.objects.exists()


def test_csrf_header_is_accepted(world):
    client = signed_in(world["learner"], csrf_checks=True)
    client.get(world["lesson"].url)
    token = client.cookies["csrftoken"].value
    response = post_json(
        client, handler_url(world, "drop_item"), {"val": 0, "zone": "top"}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200


def test_a_trainer_previewing_writes_nothing(world):
    trainer = factories.trainer()
    response = post_json(
        signed_in(trainer), handler_url(world, "drop_item"), {"val": 0, "zone": "top"}
    )
    assert response.status_code == 200
    assert response.json()["correct"] is True
    assert not XBlockUserState.objects.exists()
    assert not ExerciseScore.objects.exists()
    assert not LearningEvent.objects.exists()


def test_state_survives_reordering_and_editing_the_lesson(world):
    client = signed_in(world["learner"])
    post_json(client, handler_url(world, "drop_item"), {"val": 0, "zone": "top"})
    lesson = world["lesson"]
    raw = list(lesson.body.raw_data)
    # A new paragraph first, the exercise's own text edited: its block id is unchanged.
    raw.insert(0, {"type": "paragraph", "value": "<p>Mới.</p>", "id": str(uuid.uuid4())})
    raw[-1]["value"][0]["value"]["question_text"] = "Kéo từng tầng vào tháp."
    lesson.body = raw
    lesson.save_revision().publish()
    response = post_json(client, handler_url(world, "student_view_user_state"), {})
    assert response.json()["items"] == {"0": {"zone": "top", "correct": True}}


def test_a_resent_post_with_the_same_key_counts_once(world):
    client = signed_in(world["learner"])
    url = handler_url(world, "drop_item")
    key = str(uuid.uuid4())
    first = post_json(client, url, {"val": 0, "zone": "top"}, HTTP_IDEMPOTENCY_KEY=key)
    again = post_json(client, url, {"val": 0, "zone": "top"}, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    dropped = LearningEvent.objects.filter(event_type="edx.drag_and_drop_v2.item.dropped")
    assert dropped.count() == 1
