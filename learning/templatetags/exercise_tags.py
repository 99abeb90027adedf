"""Exercises on lesson pages: the learner's XBlock fragment for an "Interactive exercise" block.

`courses` renders a placeholder for the block; the lesson template asks this tag instead, which
knows who is studying. All exercises of a page share one runtime, so the learner's state for
every one of them is read in a single query.
"""

import logging
import uuid
from dataclasses import dataclass, field

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from learning.xblocks.runtime import LessonRuntime, lesson_exercises, resources_html
from learning.xblocks.state import LearnerState

logger = logging.getLogger(__name__)
register = template.Library()


@dataclass
class _PageExercises:
    runtime: LessonRuntime
    seen: set = field(default_factory=set)
    started: bool = False


def _page_exercises(request, page) -> _PageExercises:
    cache = getattr(request, "_page_exercises", None)
    if cache is None or cache.runtime.page.id != page.id:
        user = request.user
        state = LearnerState(
            user_id=user.pk if user.is_authenticated else None, page_id=page.id, writable=False
        )
        # The learner's enrollment, read by the study-page guard in the same query as progress.
        progress = getattr(request, "course_progress", None)
        enrollment = progress.enrollment if progress is not None else None
        cache = _PageExercises(
            runtime=LessonRuntime(
                page=page,
                user=user,
                exercises=lesson_exercises(page),
                state=state,
                staff=bool(getattr(request, "is_preview", False)),
                state_version=(
                    f"{enrollment.pk}.{enrollment.exercise_state_version}" if enrollment else None
                ),
            )
        )
        request._page_exercises = cache
    return cache


@register.simple_tag(takes_context=True)
def exercise(context, block):
    """The learner's view of one interactive block (a StreamField child), with its assets."""
    request = context["request"]
    page = context["page"]
    exercises = _page_exercises(request, page)
    block_id = uuid.UUID(str(block.id)) if block.id else None
    if block_id not in exercises.runtime.exercises:
        return render_to_string("learning/tags/exercise_unavailable.html", request=request)
    runtime = exercises.runtime
    try:
        rendered = runtime.view(block_id)
    except Exception:
        # A third-party block that fails must not take the lesson down with it.
        logger.exception("Exercise %s/%s failed to render", page.id, block_id)
        return render_to_string("learning/tags/exercise_unavailable.html", request=request)
    head = ""
    if not exercises.started:
        exercises.started = True
        # jQuery (87 KB) only where a block on the page needs it: the lesson page budget is
        # 150 KB of HTML, CSS and JavaScript.
        if any(exercise.xblock_type.uses_jquery for exercise in runtime.exercises.values()):
            head = format_html('<script src="{}"></script>', static("vendor/jquery/jquery.min.js"))
        head += format_html(
            '<script src="{}"></script><script src="{}"></script>',
            static("js/reliable-post.js"),
            static("js/xblock-runtime.js"),
        )
    assets = resources_html(
        rendered.resources, seen=exercises.seen, nonce=getattr(request, "csp_nonce", "")
    )
    return render_to_string(
        "learning/tags/exercise.html",
        {
            "fragment_html": mark_safe(rendered.html),  # noqa: S308 - rendered by the block
            "assets": mark_safe(head + assets),  # noqa: S308 - built with format_html
            "csrf_token": get_token(request),
            "preview": runtime.staff,
        },
        request=request,
    )
