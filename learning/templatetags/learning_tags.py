"""Learner-specific parts of course pages; `courses` templates load these, never the reverse."""

from django import template

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
    return {
        "items": [
            (item, course_url and course_url + item.page.url_path[len(course.url_path) :])
            for item in progress.outline
        ],
        "current_id": current.id if current is not None else None,
        "enrolled": progress.enrollment is not None,
    }


@register.simple_tag(takes_context=True)
def studied_lesson_ids(context, course):
    """Ids of the lessons the learner has studied, for tick marks in outlines."""
    request = context["request"]
    if not request.user.is_authenticated:
        return set()
    return _progress(request, course).done_ids


@register.inclusion_tag("learning/tags/quiz_panel.html", takes_context=True)
def quiz_panel(context, quiz):
    request = context["request"]
    progress = _progress(request, quiz.course)
    return {
        "quiz": quiz,
        "status": quiz_status_get(enrollment=progress.enrollment, quiz=quiz),
        "csrf_token": context.get("csrf_token"),
    }
