from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from courses.models import LessonPage, QuizPage

from .selectors import course_progress_get
from .services import lesson_progress_record


# `on_serve_page` hooks wrap each other in order; Wagtail's own privacy check
# (PageViewRestriction: password, login, groups) is registered at order 0 and so runs outside
# this one, as does its request-method check (a `before_serve_page` hook). A learner who has
# not passed those checks never reaches the progress write below.
@hooks.register("on_serve_page", order=100)
def guard_study_pages(serve_page):
    """Lessons and quizzes are for enrolled learners only, in the trainer's order.

    `courses` knows nothing about learners, so the learner rules are applied here, as the
    page is served; the progress is handed to the templates on the request.
    """

    def serve(page, request, serve_args, serve_kwargs):
        if not isinstance(page, LessonPage | QuizPage):
            return serve_page(page, request, serve_args, serve_kwargs)
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
                messages.info(
                    request, _("Study the lessons in order: continue with this one first.")
                )
                return redirect(blocking.get_url(request))
        elif not progress.lessons_done:
            messages.info(request, _("Finish the required lessons before taking the quiz."))
            return redirect(progress.next_page.get_url(request))
        request.course_progress = progress
        response = serve_page(page, request, serve_args, serve_kwargs)
        # Only a page actually served to the learner counts as studied: a HEAD probe or a
        # response other than the page itself does not. Revisits are the common case, so only a
        # first visit writes.
        if (
            isinstance(page, LessonPage)
            and request.method == "GET"
            and response.status_code == 200
            and page.id not in progress.done_ids
            and lesson_progress_record(enrollment=progress.enrollment, lesson=page)
        ):
            # The template renders after this (TemplateResponse), so its outline shows the tick.
            progress.done_ids.add(page.id)
        return response

    return serve
