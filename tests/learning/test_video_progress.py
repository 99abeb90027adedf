import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents.models import Document

from learning.models import VideoWatch
from learning.services import enrollment_create, video_watch_record
from tests import factories

pytestmark = pytest.mark.django_db

BLOCK_ID = "5f0c3a4e-1111-4222-8333-444455556666"


@pytest.fixture
def setup():
    agencies = factories.agency_tree()
    course = factories.course(lessons=2)
    lesson = course.lessons().first()
    video = Document.objects.create(title="Bài giảng", file=SimpleUploadedFile("bai.webm", b"x"))
    lesson.body = [
        {
            "type": "video",
            "id": BLOCK_ID,
            "value": {
                "title": "Ký số",
                "video": video.pk,
                "embed_url": "",
                "captions": None,
                "transcript": "<p>Lời thoại</p>",
            },
        },
        {"type": "heading", "value": "Tiếp theo"},
    ]
    lesson.save_revision().publish()
    user = factories.learner(agencies["SKHCN-CDS"])
    return lesson, enrollment_create(user=user, course=course)


def _record(setup, intervals, duration=100):
    lesson, enrollment = setup
    return video_watch_record(
        enrollment=enrollment,
        lesson=lesson,
        block_id=BLOCK_ID,
        intervals=intervals,
        duration=duration,
    )


def test_overlapping_and_repeated_posts_count_each_second_once(setup):
    assert _record(setup, [[0, 20]]).watched_seconds == 20
    assert _record(setup, [[0, 20]]).watched_seconds == 20  # resent
    watch = _record(setup, [[10, 30], [50, 60]])
    assert watch.watched_seconds == 40
    assert watch.intervals == [[0, 30], [50, 60]]
    assert watch.percent == 40
    assert VideoWatch.objects.count() == 1


def test_seeking_to_the_end_counts_only_what_was_played(setup):
    # The browser's played ranges after watching 5 s, jumping to 95 s and watching to the end.
    watch = _record(setup, [[0, 5], [95, 100.4]])
    assert watch.watched_seconds == 10
    assert watch.percent == 10


@pytest.mark.parametrize(
    ("intervals", "duration"),
    [
        ([[10, 5]], 100),
        ([[-1, 5]], 100),
        ([["0", 5]], 100),
        ([[0, 5, 9]], 100),
        ([[0, float("inf")]], 100),
        ([[0, 5]], 0),
        ([[0, 5]], 10**9),
        ([[0, 5]], True),
        ([[0, 1]] * 201, 100),
        ("0-5", 100),
    ],
)
def test_invalid_intervals_are_refused_and_change_nothing(setup, intervals, duration):
    with pytest.raises(ValidationError):
        _record(setup, intervals, duration)
    assert not VideoWatch.objects.exists()


def test_a_block_that_is_not_a_video_of_the_lesson_is_refused(setup):
    lesson, enrollment = setup
    with pytest.raises(ValidationError):
        video_watch_record(
            enrollment=enrollment, lesson=lesson, block_id="khong-co", intervals=[], duration=9
        )


def _post(client, lesson, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        reverse("learning:video_progress", args=[lesson.id]),
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_endpoint_records_for_the_enrolled_learner_and_replays_a_resent_key(client, setup):
    lesson, enrollment = setup
    client.force_login(enrollment.user)
    key = str(uuid.uuid4())
    body = {"block_id": BLOCK_ID, "duration": 200, "intervals": [[0, 50]]}
    first = _post(client, lesson, body, key)
    assert first.status_code == 200
    assert first.json() == {"percent": 25, "watched_seconds": 50.0}
    again = _post(client, lesson, body, key)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert VideoWatch.objects.get().watched_seconds == 50


def test_endpoint_refuses_learners_not_enrolled_and_bad_bodies(client, setup):
    lesson, enrollment = setup
    outsider = factories.learner(factories.Agency.objects.get(code="STC-NS"))
    client.force_login(outsider)
    body = {"block_id": BLOCK_ID, "duration": 200, "intervals": [[0, 50]]}
    assert _post(client, lesson, body).status_code == 403
    client.force_login(enrollment.user)
    for bad in ([1, 2], {"block_id": 5}, {"block_id": BLOCK_ID, "duration": "x"}):
        response = _post(client, lesson, bad)
        assert response.status_code == 400
        assert "không hợp lệ" in response.json()["error"]
    response = client.post(
        reverse("learning:video_progress", args=[lesson.id]),
        b"\xff{",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not VideoWatch.objects.exists()


def test_lesson_page_shows_the_watched_percent_and_where_to_post(client, setup):
    lesson, enrollment = setup
    _record(setup, [[0, 30]])
    client.force_login(enrollment.user)
    html = client.get(lesson.url).content.decode()
    assert "data-watched-percent>30</span>" in html
    assert reverse("learning:video_progress", args=[lesson.id]) in html
    assert f'data-block-id="{BLOCK_ID}"' in html


def test_lesson_page_reads_watched_time_in_one_query_whatever_the_videos(
    client, setup, django_assert_max_num_queries
):
    lesson, enrollment = setup
    client.force_login(enrollment.user)
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as one_video:
        client.get(lesson.url)
    baseline = len(one_video)  # read now: the next request empties the query log
    video_block = lesson.body.raw_data[0]
    lesson.body = [{**video_block, "id": f"{BLOCK_ID[:-1]}{n}"} for n in range(5)]
    lesson.save_revision().publish()
    client.get(lesson.url)
    with django_assert_max_num_queries(baseline):
        html = client.get(lesson.url).content.decode()
    assert html.count("data-watched-percent") == 5
