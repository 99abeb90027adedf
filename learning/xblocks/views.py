"""The one URL every exercise handler is reached through: POST, CSRF-checked, enrolled learners.

A post that carries an `Idempotency-Key` (our exercises send theirs through
`HocSo.reliablePost`) runs once; a resend gets the first answer back.

A trainer who may edit the lesson can try its exercises without being enrolled (the preview):
the handlers run, but nothing is written, neither state nor scores nor events.
"""

import logging

import webob
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from xblock.exceptions import NoSuchHandlerError

from courses.models import LessonPage

from ..idempotency import idempotent_json
from ..models import Enrollment
from ..selectors import course_progress_get
from ..services import exercise_events_record
from .runtime import ForgedEventError, LessonRuntime, lesson_exercises
from .state import LearnerState, ReadOnlyFieldError

logger = logging.getLogger(__name__)


def _body(request) -> tuple[bytes, str]:
    """The request body as the block's handler gets it."""
    try:
        return request.body, request.content_type or "application/octet-stream"
    except RawPostDataException:
        # A multipart form already parsed by a middleware (the NUL-byte check reads POST): the
        # handler gets its fields URL-encoded. Exercises upload no files.
        return request.POST.urlencode().encode(), "application/x-www-form-urlencoded"


def _refuse(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
@idempotent_json
def xblock_handler(request, page_id: int, usage_id, handler: str, suffix: str = ""):
    if not request.user.is_authenticated:
        return _refuse(_("Sign in to do this exercise."), 403)
    lesson = LessonPage.objects.live().filter(pk=page_id).first()
    if lesson is None:
        raise Http404
    exercises = lesson_exercises(lesson)
    if usage_id not in exercises:
        raise Http404
    progress = course_progress_get(user=request.user, course=lesson.course)
    enrollment = progress.enrollment
    if enrollment is None:
        if not lesson.permissions_for_user(request.user).can_edit():
            return _refuse(_("Enroll in the course to do its exercises."), 403)
    elif progress.first_blocking_lesson(lesson) is not None:
        return _refuse(_("Study the lessons in order: continue with this one first."), 403)

    state = LearnerState(
        user_id=request.user.pk, page_id=lesson.id, writable=enrollment is not None
    )
    runtime = LessonRuntime(
        page=lesson, user=request.user, exercises=exercises, state=state, staff=enrollment is None
    )
    body, content_type = _body(request)
    xblock_request = webob.Request.blank(
        request.get_full_path(), method="POST", body=body, content_type=content_type
    )
    try:
        with transaction.atomic():
            if enrollment is not None:
                # One handler call at a time per learner and course: the update locks the row,
                # so two tabs posting together each read the state the other wrote and no write
                # is lost. The new version retires the learner's cached exercise renders.
                Enrollment.objects.filter(pk=enrollment.pk).update(
                    exercise_state_version=F("exercise_state_version") + 1
                )
            block = runtime.block_get(usage_id)
            result = runtime.handle(block, handler, xblock_request, suffix)
            state.flush()
            exercise_events_record(
                enrollment=enrollment, user=request.user, lesson=lesson, events=runtime.published
            )
    except NoSuchHandlerError as error:
        raise Http404 from error
    except ForgedEventError:
        logger.warning(
            "Refused a browser-relayed %r event from user %s on exercise %s/%s",
            handler,
            request.user.pk,
            page_id,
            usage_id,
        )
        return _refuse(_("An exercise score can only come from the exercise itself."), 403)
    except ReadOnlyFieldError:
        return _refuse(_("Learners cannot change the exercise itself."), 403)
    except ValidationError as error:
        return _refuse(" ".join(error.messages), 400)
    response = HttpResponse(result.body, status=result.status_code)
    response["Content-Type"] = result.content_type or "application/octet-stream"
    if result.charset:
        response["Content-Type"] += f"; charset={result.charset}"
    return response
