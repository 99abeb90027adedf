from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from courses.models import LessonPage, QuizPage

from .selectors import course_progress_get
from .services import lesson_progress_record


@hooks.register("before_serve_page")
def guard_study_pages(page, request, serve_args, serve_kwargs):
    """Lessons and quizzes are for enrolled learners only, in the trainer's order.

    `courses` knows nothing about learners, so the learner rules are applied here, as the
    page is served; the progress is handed to the templates on the request.
    """
    if not isinstance(page, LessonPage | QuizPage):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = page.course
    progress = course_progress_get(user=request.user, course=course)
    if progress.enrollment is None:
        messages.info(request, _("Enroll in the course to start studying."))
        return redirect(course.get_url(request))
    if isinstance(page, LessonPage):
        blocking = progress.first_blocking_lesson(page)
        if blocking is not None:
            messages.info(request, _("Study the lessons in order: continue with this one first."))
            return redirect(blocking.get_url(request))
        # Revisits are the common case: only a first visit writes.
        if page.id not in progress.done_ids and lesson_progress_record(
            enrollment=progress.enrollment, lesson=page
        ):
            progress.done_ids.add(page.id)
    elif not progress.lessons_done:
        messages.info(request, _("Finish the required lessons before taking the quiz."))
        return redirect(progress.next_page.get_url(request))
    request.course_progress = progress
    return None
