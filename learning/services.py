"""Writes for people and progress. Views, hooks, commands and tasks call these."""

import json
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

from .models import (
    Enrollment,
    ExerciseScore,
    LearningEvent,
    LessonProgress,
    QuizAttempt,
    VideoWatch,
)
from .selectors import enrollment_lessons_done, quiz_status_get
from .signals import enrollment_completed
from .xblocks.runtime import lesson_exercises


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


def lesson_progress_record(*, enrollment: Enrollment, lesson: LessonPage) -> bool:
    """Mark a lesson as studied; return True the first time. Completion is re-evaluated.

    A lesson with graded exercises is studied once each of them is passed: reading it is not
    enough, and `exercise_grade_record` calls back here when the last one is passed.
    """
    if lesson.course.id != enrollment.course_id:
        raise ValidationError(_("This lesson does not belong to the course."))
    if lesson_exercises_pending(enrollment=enrollment, lesson=lesson):
        return False
    with transaction.atomic():
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


# --- Interactive exercises (docs/decisions/0008-xblock-runtime.md) ------------------------------

# An exercise is passed with full marks: both graded XBlocks we offer let a learner try again until
# every answer is right, so anything less would let a learner finish with wrong answers standing.
EXERCISE_PASS_PERCENT = Decimal(100)
# Events are kept for statistics, not as a store for whatever a browser posts.
EVENT_DATA_MAX_CHARS = 4000


def lesson_exercises_pending(*, enrollment: Enrollment, lesson: LessonPage) -> set:
    """Block ids of the lesson's graded exercises this learner has not passed yet."""
    graded = {
        block_id
        for block_id, exercise in lesson_exercises(lesson).items()
        if exercise.xblock_type.graded
    }
    if not graded:
        return set()
    passed = set(
        ExerciseScore.objects.filter(
            enrollment=enrollment, page=lesson, passed_at__isnull=False
        ).values_list("usage_id", flat=True)
    )
    return graded - passed


def exercise_grade_record(
    *, enrollment: Enrollment, lesson: LessonPage, usage_id, block_type: str, earned, possible
) -> ExerciseScore | None:
    """Keep the learner's best grade at an exercise; a first pass may complete the lesson."""
    try:
        earned, possible = float(earned), float(possible)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The exercise reported a score that is not a number.")) from error
    if possible <= 0 or not 0 <= earned <= possible:
        raise ValidationError(_("The exercise reported a score outside its range."))
    percent = (Decimal(str(earned)) * 100 / Decimal(str(possible))).quantize(Decimal("0.1"))
    now = timezone.now()
    passed_at = now if percent >= EXERCISE_PASS_PERCENT else None
    score, created = ExerciseScore.objects.get_or_create(
        enrollment=enrollment,
        page=lesson,
        usage_id=usage_id,
        defaults={
            "block_type": block_type,
            "earned": earned,
            "possible": possible,
            "percent": percent,
            "passed_at": passed_at,
        },
    )
    if not created:
        # The conditional update is the lock: a lower or equal grade changes nothing.
        ExerciseScore.objects.filter(pk=score.pk, percent__lt=percent).update(
            earned=earned, possible=possible, percent=percent, updated_at=now
        )
        if passed_at:
            ExerciseScore.objects.filter(pk=score.pk, passed_at__isnull=True).update(
                passed_at=passed_at
            )
        score.refresh_from_db()
    if score.passed_at and not lesson_exercises_pending(enrollment=enrollment, lesson=lesson):
        lesson_progress_record(enrollment=enrollment, lesson=lesson)
    return score


def exercise_events_record(
    *, enrollment: Enrollment | None, user, lesson: LessonPage, events: list
) -> None:
    """Record what exercises published during one handler call: grades feed scores, the rest is
    kept as learning events. A preview (no enrollment) records nothing."""
    if enrollment is None:
        return
    for event in events:
        if event.event_type == "grade":
            exercise_grade_record(
                enrollment=enrollment,
                lesson=lesson,
                usage_id=event.usage.block_id,
                block_type=event.usage.tag,
                earned=event.data.get("value"),
                possible=event.data.get("max_value"),
            )
            continue
        data = event.data if isinstance(event.data, dict) else {"value": event.data}
        if len(json.dumps(data, default=str)) > EVENT_DATA_MAX_CHARS:
            raise ValidationError(_("The exercise sent too much data."))
        LearningEvent.objects.create(
            user=user,
            page=lesson,
            usage_id=event.usage.block_id,
            block_type=event.usage.tag,
            event_type=event.event_type[:128],
            data=json.loads(json.dumps(data, default=str)),
        )


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
