"""A progress post resent with the same key is answered once and counted once."""

import json
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.http import JsonResponse
from django.utils import timezone

from learning.idempotency import idempotent_json, progress_posts_purge
from learning.models import ProgressPost
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _runs() -> int:
    return Group.objects.filter(name__startswith="run-").count()


@idempotent_json
def count_view(request):
    """Writes one row per run, so the row count says how many times the work happened."""
    group = Group.objects.create(name=f"run-{uuid.uuid4()}")
    return JsonResponse({"runs": _runs(), "id": group.pk})


@idempotent_json
def failing_view(request):
    Group.objects.create(name="run-half-done")
    return JsonResponse({"error": "boom"}, status=503)


def _post(rf, user, key, path="/x/"):
    request = rf.post(path, data="{}", content_type="application/json")
    if key is not None:
        request.META["HTTP_IDEMPOTENCY_KEY"] = str(key)
    request.user = user
    return request


def test_resend_with_same_key_replays_the_first_answer(rf):
    user = UserFactory()
    key = uuid.uuid4()
    first = count_view(_post(rf, user, key))
    again = count_view(_post(rf, user, key))
    assert _runs() == 1
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")


def test_keys_are_per_user_and_new_keys_run_again(rf):
    alice, bob = UserFactory(), UserFactory()
    key = uuid.uuid4()
    count_view(_post(rf, alice, key))
    count_view(_post(rf, bob, key))
    count_view(_post(rf, alice, uuid.uuid4()))
    assert _runs() == 3


def test_post_without_key_runs_every_time(rf):
    user = UserFactory()
    count_view(_post(rf, user, None))
    count_view(_post(rf, user, None))
    assert _runs() == 2
    assert not ProgressPost.objects.exists()


@pytest.mark.parametrize("bad", ["abc", "' OR 1=1 --", "x" * 300])
def test_malformed_key_is_refused_and_nothing_runs(rf, bad):
    user = UserFactory()
    response = count_view(_post(rf, user, bad))
    assert response.status_code == 400
    assert "Khóa" in json.loads(response.content)["error"]
    assert not _runs()


def test_same_key_on_another_path_is_refused(rf):
    user = UserFactory()
    key = uuid.uuid4()
    count_view(_post(rf, user, key, path="/a/"))
    response = count_view(_post(rf, user, key, path="/b/"))
    assert response.status_code == 422
    assert _runs() == 1


def test_server_error_is_not_remembered_and_its_writes_are_undone(rf):
    user = UserFactory()
    key = uuid.uuid4()
    assert failing_view(_post(rf, user, key)).status_code == 503
    assert not _runs()
    assert not ProgressPost.objects.exists()
    # The resend runs the real work.
    assert count_view(_post(rf, user, key)).status_code == 200
    assert _runs() == 1


def test_purge_forgets_old_answers_only():
    user = UserFactory()
    old = ProgressPost.objects.create(user=user, key=uuid.uuid4(), path="/x/", status_code=200)
    ProgressPost.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=15))
    ProgressPost.objects.create(user=user, key=uuid.uuid4(), path="/x/", status_code=200)
    assert progress_posts_purge() == 1
    assert ProgressPost.objects.count() == 1
