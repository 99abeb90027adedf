import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from courses.grading import choice_question_score
from courses.models import CoursePage, LessonPage, QuizPage

from .forms import quiz_submission_parse
from .idempotency import idempotent_json
from .models import Enrollment, QuizAttempt
from .selectors import learner_enrollments_list
from .services import (
    AttemptAlreadySubmitted,
    AttemptIncomplete,
    enrollment_create,
    quiz_attempt_start,
    quiz_attempt_submit,
    video_watch_record,
)


@login_required
@require_safe
def my_courses(request):
    return render(
        request,
        "learning/my_courses.html",
        {"rows": learner_enrollments_list(user=request.user)},
    )


@login_required
@require_POST
def enroll(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrollment_create(user=request.user, course=course)
    messages.success(request, _("You are enrolled. Good luck with your studies!"))
    return redirect(course.get_url(request))


@login_required
@require_POST
def quiz_start(request, quiz_id: int):
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    course = quiz.course
    enrollment = Enrollment.objects.filter(user=request.user, course=course).first()
    if enrollment is None:
        messages.info(request, _("Enroll in the course to start studying."))
        return redirect(course.get_url(request))
    try:
        attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        # The quiz page explains the attempt limit and the wait; other refusals (lessons not
        # studied, quiz closed) are explained on the course page.
        if getattr(error, "code", None) in {"limit", "wait"}:
            return redirect(quiz.get_url(request))
        return redirect(course.get_url(request))
    return redirect("learning:attempt", attempt_id=attempt.pk)


def _own_attempt(request, attempt_id) -> QuizAttempt:
    # Someone else's attempt is reported as missing, not forbidden: ids are not to be probed.
    return get_object_or_404(
        QuizAttempt.objects.select_related("enrollment__course", "quiz"),
        pk=attempt_id,
        enrollment__user=request.user,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attempt(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if attempt.submitted_at:
        return redirect("learning:attempt_result", attempt_id=attempt.pk)
    if request.method == "POST":
        try:
            answers, confirmed = quiz_submission_parse(request)
            quiz_attempt_submit(
                attempt=attempt, user=request.user, answers=answers, allow_unanswered=confirmed
            )
        except AttemptAlreadySubmitted:
            messages.info(request, _("This attempt was already submitted; here is its result."))
        except AttemptIncomplete as incomplete:
            return _attempt_page(request, attempt, incomplete.answers, incomplete.unanswered)
        except ValidationError as error:
            return render(
                request,
                "learning/attempt_rejected.html",
                {"attempt": attempt, "errors": error.messages},
                status=400,
            )
        return redirect("learning:attempt_result", attempt_id=attempt.pk)
    return _attempt_page(request, attempt, {}, 0)


def _attempt_page(request, attempt: QuizAttempt, selected: dict[str, list[int]], unanswered: int):
    # Only what the learner may see before grading: never `correct` or `explanation`.
    questions = [
        {
            "id": question["id"],
            "prompt": question["prompt"],
            "multiple": question["multiple"],
            "choices": question["choices"],
            "selected": selected.get(question["id"], []),
        }
        for question in attempt.questions
    ]
    return render(
        request,
        "learning/attempt.html",
        {"attempt": attempt, "questions": questions, "unanswered": unanswered},
    )


@login_required
@require_safe
def attempt_result(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if not attempt.submitted_at:
        return redirect("learning:attempt", attempt_id=attempt.pk)
    # By default the result is the score only: per-question feedback on a failed attempt would
    # hand out the key a few attempts at a time. Trainers turn it on per quiz.
    feedback = attempt.quiz.feedback_shown(passed=attempt.passed)
    questions = [
        {
            **question,
            "selected": attempt.answers.get(question["id"], []),
            "right": choice_question_score(
                correct=question["correct"], selected=attempt.answers.get(question["id"], [])
            )
            == 1.0,
        }
        for question in (attempt.questions if feedback else [])
    ]
    return render(
        request,
        "learning/attempt_result.html",
        {
            "attempt": attempt,
            "feedback": feedback,
            "questions": questions,
            "course": attempt.enrollment.course,
        },
    )


@login_required
@require_POST
@idempotent_json
def video_progress(request, lesson_id: int):
    """Record the parts of a lesson video the learner played (static/js/video-progress.js)."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    enrollment = Enrollment.objects.filter(user=request.user, course_id=lesson.course.id).first()
    if enrollment is None:
        return JsonResponse({"error": _("Enroll in the course to start studying.")}, status=403)
    if request.content_type != "application/json":
        return JsonResponse({"error": _("The watched time sent is not valid.")}, status=400)
    try:
        body = json.loads(request.body)
        if not isinstance(body, dict) or not isinstance(body.get("block_id"), str):
            raise ValueError
        watch = video_watch_record(
            enrollment=enrollment,
            lesson=lesson,
            block_id=body["block_id"],
            intervals=body.get("intervals"),
            duration=body.get("duration"),
        )
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": _("The watched time sent is not valid.")}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"percent": watch.percent, "watched_seconds": watch.watched_seconds})
