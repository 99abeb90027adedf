"""Learner-specific parts of course pages; `courses` templates load these, never the reverse."""

from django import template
from django.urls import reverse

from courses.models import LessonPage
from learning.models import VideoWatch
from learning.selectors import course_progress_get, quiz_status_get

register = template.Library()


def _progress(request, course):
    progress = getattr(request, "course_progress", None)
    if progress is None or progress.course.id != course.id:
        progress = course_progress_get(user=request.user, course=course)
        request.course_progress = progress
    return progress


@register.inclusion_tag("learning/tags/course_panel.html", takes_context=True)
def course_panel(context, course):
    request = context["request"]
    progress = _progress(request, course)
    next_page = progress.next_page
    return {
        "request": request,
        "course": course,
        "progress": progress,
        "next_url": next_page.get_url(request) if next_page else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("learning/tags/course_outline.html", takes_context=True)
def course_outline(context, course, current=None):
    """The course's lessons and quizzes with the learner's standing at each."""
    request = context["request"]
    progress = _progress(request, course)
    # Lessons and quizzes live right under the course: their addresses are the course's plus
    # their slug, without reversing a URL for each of up to dozens of links.
    course_url = course.get_url(request)
    # Consecutive lessons with the same module title are shown under it (courses' `module`).
    groups: list[tuple[str, list]] = []
    for item in progress.outline:
        entry = (item, course_url and course_url + item.page.url_path[len(course.url_path) :])
        module = "" if item.is_quiz else item.page.module
        if groups and groups[-1][0] == module:
            groups[-1][1].append(entry)
        else:
            groups.append((module, [entry]))
    return {
        "groups": groups,
        "current_id": current.id if current is not None else None,
        "enrolled": progress.enrollment is not None,
    }


@register.inclusion_tag("learning/tags/quiz_panel.html", takes_context=True)
def quiz_panel(context, quiz):
    request = context["request"]
    progress = _progress(request, quiz.course)
    return {
        "quiz": quiz,
        "status": quiz_status_get(enrollment=progress.enrollment, quiz=quiz),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def video_tracking(context, block_id):
    """Where a lesson video posts its watched time and how much is watched, or None.

    Only a lesson served to an enrolled learner (the serve hook put the progress on the
    request) tracks anything: a trainer's preview and plain pages record nothing.
    """
    request = context.get("request")
    page = context.get("page")
    progress = getattr(request, "course_progress", None)
    if not isinstance(page, LessonPage) or progress is None or progress.enrollment is None:
        return None
    watched = getattr(request, "video_watches", None)
    if watched is None:
        watched = {
            watch.block_id: watch
            for watch in VideoWatch.objects.filter(enrollment=progress.enrollment, lesson=page)
        }
        request.video_watches = watched
    watch = watched.get(block_id)
    return {
        "url": reverse("learning:video_progress", args=[page.id]),
        "percent": watch.percent if watch else 0,
    }
