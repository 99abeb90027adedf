"""Idempotency keys for progress posts (exercise state, video watched time).

The browser (static/js/reliable-post.js) gives every post a UUID in the `Idempotency-Key` header
and resends it with the same key until it sees an answer. The first request with a key runs the
view and stores its answer in the same transaction as the view's writes; any later request with
that key gets the stored answer back and changes nothing. A request without the header runs as
usual, so third-party blocks that post on their own still work.
"""

import uuid
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ProgressPost

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Longer than any outbox keeps a post: reliable-post.js gives up on a post after 7 days.
KEEP_FOR = timedelta(days=14)


class _NotStored(Exception):
    """The view failed on the server side: undo the claim so a resend runs again."""

    def __init__(self, response):
        self.response = response


def _replay(*, user, key: uuid.UUID, path: str) -> HttpResponse | None:
    post = ProgressPost.objects.filter(user=user, key=key).first()
    if post is None or post.status_code is None:
        return None
    if post.path != path:
        return JsonResponse(
            {"error": _("This key was already used for another request.")}, status=422
        )
    response = HttpResponse(post.body, status=post.status_code, content_type="application/json")
    response[REPLAYED_HEADER] = "true"
    return response


def idempotent_json(view):
    """Run a POST view once per (user, `Idempotency-Key`); replay its JSON answer afterwards."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        raw = request.headers.get(HEADER)
        if raw is None or request.method != "POST" or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            key = uuid.UUID(raw)
        except ValueError:
            return JsonResponse(
                {"error": _("The request key is not valid; reload the page and try again.")},
                status=400,
            )
        path = request.path[:255]
        replayed = _replay(user=request.user, key=key, path=path)
        if replayed is not None:
            return replayed
        try:
            with transaction.atomic():
                # The claim and the view's writes commit together: a resend racing the first
                # request waits on the unique key, then finds the stored answer.
                try:
                    with transaction.atomic():
                        post = ProgressPost.objects.create(user=request.user, key=key, path=path)
                except IntegrityError:
                    post = None
                if post is not None:
                    response = view(request, *args, **kwargs)
                    if response.status_code >= 500 or response.streaming:
                        raise _NotStored(response)
                    post.status_code = response.status_code
                    post.body = response.content.decode()
                    post.save(update_fields=["status_code", "body"])
        except _NotStored as failed:
            return failed.response
        if post is None:
            replayed = _replay(user=request.user, key=key, path=path)
            if replayed is not None:
                return replayed
            # The first request with this key is still running: the browser tries again.
            return JsonResponse({"error": _("Still saving; please wait.")}, status=409)
        return response

    return wrapper


def progress_posts_purge(*, now=None) -> int:
    """Forget answers older than any browser still resends; returns how many were deleted."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _counts = ProgressPost.objects.filter(created_at__lt=cutoff).delete()
    return deleted
