"""A lesson page with exercises: one query for the learner's state, whatever their number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import XBlockUserState
from learning.services import enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db

DND = ("drag-and-drop-v2", {})


def lesson_queries(client, lesson) -> list[str]:
    client.get(lesson.url)  # first visit: progress is written; measure a revisit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(lesson.url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_three_exercises_cost_one_state_query(client):
    course = factories.course(lessons=0)
    plain = factories.exercise_lesson(course, slug="doc", title="Đọc")
    three = factories.exercise_lesson(course, DND, DND, DND, slug="ba", title="Ba bài tập")
    learner = factories.UserFactory()
    enrollment = enrollment_create(user=learner, course=course)
    factories.lessons_study(enrollment)
    client.force_login(learner)

    baseline = lesson_queries(client, plain)
    measured = lesson_queries(client, three)
    state_reads = [sql for sql in measured if XBlockUserState._meta.db_table in sql]
    # drag-and-drop-v2 reads its state through a handler, not on render: none here. A block
    # that reads it on render costs one query for all exercises (test_xblock_state.py).
    assert len(state_reads) <= 1
    # What exercises add: the check that the lesson's graded exercises are not all passed yet
    # (the lesson is not marked studied until they are).
    assert len(measured) <= len(baseline) + 1, measured
    html = client.get(three.url).content.decode()
    assert html.count('data-block-type="drag-and-drop-v2"') == 3
    # Assets once per page, not per exercise, and none inline.
    assert html.count("drag_and_drop.js") == 1
    assert html.count("jquery.min.js") == 1
    assert "<script>" not in html


def test_lesson_page_queries_bounded(client, django_assert_max_num_queries):
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(course, DND, DND, DND)
    learner = factories.UserFactory()
    factories.lessons_study(enrollment_create(user=learner, course=course))
    client.force_login(learner)
    client.get(lesson.url)
    with django_assert_max_num_queries(19):
        assert client.get(lesson.url).status_code == 200
