"""Learner state of exercises: one row per field, read in bulk, authored fields read-only."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import XBlockUserState
from learning.services import enrollment_create
from learning.xblocks.runtime import LessonRuntime, lesson_exercises
from learning.xblocks.state import LearnerState, ReadOnlyFieldError
from tests import factories

pytestmark = pytest.mark.django_db

FREE_TEXT = ("freetextresponse", {"prompt": "Vì sao không dùng chung mật khẩu?"})


@pytest.fixture
def world(client):
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(course, FREE_TEXT, FREE_TEXT, FREE_TEXT)
    learner = factories.UserFactory(username="hocvien")
    factories.lessons_study(enrollment_create(user=learner, course=course))
    client.force_login(learner)
    block_ids = [child.id for child in lesson.body if child.block_type == "interactive"]
    return {"lesson": lesson, "learner": learner, "block_ids": block_ids}


def submit(client, world, block_id, answer):
    url = reverse(
        "learning:xblock_handler",
        kwargs={"page_id": world["lesson"].id, "usage_id": block_id, "handler": "submit"},
    )
    response = client.post(url, json.dumps({"student_answer": answer}), "application/json")
    assert response.status_code == 200, response.content
    return response


def test_each_field_is_a_row_and_every_exercise_is_read_in_one_query(client, world):
    for number, block_id in enumerate(world["block_ids"], start=1):
        submit(client, world, block_id, f"Câu trả lời số {number}")
    rows = XBlockUserState.objects.filter(user=world["learner"], field_name="student_answer")
    assert sorted(row.value for row in rows) == [f"Câu trả lời số {n}" for n in (1, 2, 3)]
    assert XBlockUserState.objects.filter(field_name="count_attempts").count() == 3

    with CaptureQueriesContext(connection) as queries:
        html = client.get(world["lesson"].url).content.decode()
    state_reads = [
        q["sql"] for q in queries.captured_queries if XBlockUserState._meta.db_table in q["sql"]
    ]
    assert len(state_reads) == 1
    for number in (1, 2, 3):
        assert f"Câu trả lời số {number}" in html


def test_learners_do_not_see_each_other_s_answers(client, world):
    submit(client, world, world["block_ids"][0], "Bí mật của học viên")
    other = factories.UserFactory(username="khac")
    factories.lessons_study(enrollment_create(user=other, course=world["lesson"].course))
    client.force_login(other)
    assert "Bí mật của học viên" not in client.get(world["lesson"].url).content.decode()


def test_two_tabs_keep_both_writes(client, world):
    """Tab A's page was loaded before tab B wrote: A's handler still sees B's answer."""
    block_id = world["block_ids"][0]
    client.get(world["lesson"].url)  # tab A renders
    submit(client, world, block_id, "Từ thẻ B")  # tab B submits: attempt 1
    submit(client, world, block_id, "Từ thẻ A")  # tab A submits: attempt 2, not a second 1
    attempts = XBlockUserState.objects.get(field_name="count_attempts", usage_id=block_id)
    assert attempts.value == 2


def test_authored_fields_are_read_only_to_learners(world):
    lesson = world["lesson"]
    exercises = lesson_exercises(lesson)
    state = LearnerState(user_id=world["learner"].pk, page_id=lesson.id, writable=True)
    runtime = LessonRuntime(page=lesson, user=world["learner"], exercises=exercises, state=state)
    block = runtime.block_get(world["block_ids"][0])
    assert block.prompt == "Vì sao không dùng chung mật khẩu?"
    block.prompt = "Đã bị sửa"
    with pytest.raises(ReadOnlyFieldError):
        block.save()
    state.flush()
    assert not XBlockUserState.objects.exists()
