"""Writes for people and progress. Views, hooks, commands and tasks call these."""

import math
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.grading import choice_question_score, quiz_percentage
from courses.models import CoursePage, LessonPage, QuizPage

from .models import Enrollment, LessonProgress, QuizAttempt, VideoWatch
from .selectors import enrollment_lessons_done, quiz_status_get
from .signals import enrollment_completed


class AttemptAlreadySubmitted(Exception):
    """The attempt was submitted before (double click, second tab)."""


class AttemptIncomplete(Exception):
    """Some questions are unanswered and the learner has not confirmed submitting anyway."""

    def __init__(self, *, unanswered: int, answers: dict[str, list[int]]):
        super().__init__(unanswered)
        self.unanswered = unanswered
        self.answers = answers


def enrollment_create(*, user, course: CoursePage) -> Enrollment:
    """Enroll the user in a live course; enrolling twice returns the first enrollment."""
    if not course.live:
        raise ValidationError(_("This course is not open for enrollment."))
    enrollment, _created = Enrollment.objects.get_or_create(user=user, course=course)
    return enrollment


@transaction.atomic
def lesson_progress_record(*, enrollment: Enrollment, lesson: LessonPage) -> bool:
    """Mark a lesson as studied; return True the first time. Completion is re-evaluated."""
    if lesson.course.id != enrollment.course_id:
        raise ValidationError(_("This lesson does not belong to the course."))
    _progress, created = LessonProgress.objects.get_or_create(
        enrollment=enrollment, lesson=lesson, defaults={"lesson_title": lesson.title[:255]}
    )
    if created:
        enrollment_completion_evaluate(enrollment=enrollment)
    return created


def quiz_attempt_start(*, enrollment: Enrollment, quiz: QuizPage) -> QuizAttempt:
    """Return the open attempt for this quiz, or start one with a snapshot of the questions.

    Every rule for starting is checked here, whoever calls: the enrollment is in the quiz's
    course, the quiz is live, the required lessons are studied, and a new attempt stays within
    the quiz's attempt limit and waiting time after a failed attempt. Refusals are
    ValidationErrors with a code the interface can act on.
    """
    if quiz.course.id != enrollment.course_id:
        raise ValidationError(_("This quiz does not belong to the course."), code="course")
    if not quiz.live:
        raise ValidationError(_("This quiz is not open."), code="not_live")
    if not enrollment_lessons_done(enrollment=enrollment):
        raise ValidationError(
            _("Finish the required lessons before taking the quiz."), code="lessons"
        )
    status = quiz_status_get(enrollment=enrollment, quiz=quiz)
    if status.open_attempt:
        return status.open_attempt
    if status.limit_reached_message:
        raise ValidationError(status.limit_reached_message, code="limit")
    if status.opens_at is not None:
        raise ValidationError(
            _("You can try again from %(time)s."),
            code="wait",
            params={"time": date_format(timezone.localtime(status.opens_at), "H:i d/m/Y")},
        )
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                enrollment=enrollment,
                quiz=quiz,
                questions=quiz.question_snapshot(),
                pass_mark=quiz.pass_mark,
            )
    except IntegrityError:
        # A concurrent request opened it first: both land on the same attempt.
        return QuizAttempt.objects.get(enrollment=enrollment, quiz=quiz, submitted_at__isnull=True)


def _answers_clean(*, attempt: QuizAttempt, answers: dict[str, list[str]]) -> dict[str, list[int]]:
    shown = {question["id"]: question for question in attempt.questions}
    unknown = set(answers) - set(shown)
    if unknown:
        raise ValidationError(_("The answers refer to a question that was not in this attempt."))
    cleaned: dict[str, list[int]] = {}
    for question_id, raw in answers.items():
        question = shown[question_id]
        try:
            selected = sorted({int(value) for value in raw})
        except (TypeError, ValueError) as error:
            raise ValidationError(_("An answer is not one of the choices shown.")) from error
        if any(index < 0 or index >= len(question["choices"]) for index in selected):
            raise ValidationError(_("An answer is not one of the choices shown."))
        if len(selected) > 1 and not question["multiple"]:
            raise ValidationError(_("Choose only one answer for a single-choice question."))
        cleaned[question_id] = selected
    return cleaned


@transaction.atomic
def quiz_attempt_submit(
    *,
    attempt: QuizAttempt,
    user,
    answers: dict[str, list[str]],
    allow_unanswered: bool = True,
) -> QuizAttempt:
    """Grade and close an attempt exactly once; a second submission raises AttemptAlreadySubmitted.

    With `allow_unanswered=False` (the learner has not confirmed yet) an attempt with unanswered
    questions raises AttemptIncomplete and stays open.
    """
    if attempt.enrollment.user_id != user.pk:
        raise PermissionDenied
    cleaned = _answers_clean(attempt=attempt, answers=answers)
    if not allow_unanswered:
        unanswered = sum(1 for question in attempt.questions if not cleaned.get(question["id"]))
        if unanswered:
            raise AttemptIncomplete(unanswered=unanswered, answers=cleaned)
    scores = [
        choice_question_score(correct=question["correct"], selected=cleaned.get(question["id"], []))
        for question in attempt.questions
    ]
    percentage = Decimal(str(quiz_percentage(scores)))
    passed = percentage >= attempt.pass_mark
    # The conditional update is the lock: of two concurrent submissions only one matches.
    updated = QuizAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=timezone.now(), answers=cleaned, score=percentage, passed=passed
    )
    if not updated:
        raise AttemptAlreadySubmitted
    attempt.refresh_from_db()
    if passed:
        enrollment_completion_evaluate(enrollment=attempt.enrollment)
    return attempt


@transaction.atomic
def enrollment_completion_evaluate(*, enrollment: Enrollment) -> bool:
    """Complete the enrollment when every required lesson is done and every quiz passed.

    Returns True only for the call that completed it; the completion signal is sent once.
    """
    course = enrollment.course
    if not enrollment_lessons_done(enrollment=enrollment):
        return False
    quiz_ids = set(course.quizzes().values_list("id", flat=True))
    best_scores = dict(
        enrollment.attempts.filter(passed=True, quiz_id__in=quiz_ids)
        .values_list("quiz_id")
        .annotate(best=Max("score"))
    )
    if set(best_scores) != quiz_ids:
        return False
    score = (
        Decimal(sum(best_scores.values()) / len(best_scores)).quantize(Decimal("0.1"))
        if best_scores
        else None
    )
    updated = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=True).update(
        status=Enrollment.Status.COMPLETED, completed_at=timezone.now(), score=score
    )
    if not updated:
        return False
    enrollment.refresh_from_db()
    enrollment_completed.send(sender=Enrollment, enrollment=enrollment)
    return True


def enrollment_certificate_record(*, enrollment_id: int, number: str) -> None:
    """Note the certificate number on the enrollment so reports need not join certificates."""
    Enrollment.objects.filter(pk=enrollment_id).update(certificate_number=number)


# A lesson video longer than a working day is not a lesson video; posts claiming one are refused.
VIDEO_MAX_SECONDS = 8 * 60 * 60
VIDEO_MAX_INTERVALS = 200


def _intervals_merge(intervals: list[list[float]]) -> list[list[float]]:
    merged: list[list[float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _intervals_clean(*, intervals, duration) -> tuple[list[list[float]], float]:
    invalid = ValidationError(_("The watched time sent is not valid."))
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise invalid
    duration = float(duration)
    if not math.isfinite(duration) or not 0 < duration <= VIDEO_MAX_SECONDS:
        raise invalid
    if not isinstance(intervals, list) or len(intervals) > VIDEO_MAX_INTERVALS:
        raise invalid
    cleaned = []
    for pair in intervals:
        if not isinstance(pair, list) or len(pair) != 2:
            raise invalid
        if any(isinstance(x, bool) or not isinstance(x, int | float) for x in pair):
            raise invalid
        start, end = (float(x) for x in pair)
        if not (math.isfinite(start) and math.isfinite(end)) or not 0 <= start <= end:
            raise invalid
        # Browsers report the end of the last frame a little past the stated length.
        cleaned.append([round(start, 1), round(min(end, duration), 1)])
    return cleaned, duration


def video_watch_record(
    *, enrollment: Enrollment, lesson: LessonPage, block_id: str, intervals, duration
) -> VideoWatch:
    """Add the intervals a learner played to what is recorded for one lesson video.

    The union of intervals is stored, so posting the same or overlapping intervals again never
    counts a second twice. Recorded for information: it does not complete anything.
    """
    if lesson.course.id != enrollment.course_id:
        raise ValidationError(_("This lesson does not belong to the course."))
    video_ids = {
        block.id
        for block in lesson.body
        if block.block_type == "video" and block.value["video"] is not None
    }
    if block_id not in video_ids:
        raise ValidationError(_("This lesson has no such video."))
    cleaned, duration = _intervals_clean(intervals=intervals, duration=duration)
    with transaction.atomic():
        try:
            with transaction.atomic():
                VideoWatch.objects.create(
                    enrollment=enrollment, lesson=lesson, block_id=block_id, duration=duration
                )
        except IntegrityError:
            pass  # recorded before, or by a concurrent post: merge into that row
        watch = VideoWatch.objects.select_for_update().get(
            enrollment=enrollment, lesson=lesson, block_id=block_id
        )
        watch.intervals = _intervals_merge(watch.intervals + cleaned)
        watch.duration = duration
        watch.watched_seconds = round(sum(end - start for start, end in watch.intervals), 1)
        watch.save(update_fields=["intervals", "duration", "watched_seconds", "updated_at"])
    return watch
