"""Reads for people and progress."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail.models import Page

from agencies.selectors import user_is_hr
from courses.models import CoursePage, LessonPage, QuizPage, course_outlines_load

from .models import Enrollment, ExerciseScore, LessonProgress, QuizAttempt


def progress_percent(
    *,
    required_lessons: int,
    lessons_done: int,
    quizzes: int,
    quizzes_passed: int,
    completed: bool,
) -> int:
    """The one progress figure: required live lessons studied and live quizzes passed, over both.

    Every page and report shows this number; a completed enrollment is 100 whatever trainers
    published since, and nothing exceeds 100 when a studied lesson is unpublished.
    """
    if completed:
        return 100
    steps = required_lessons + quizzes
    if not steps:
        return 0
    done = min(lessons_done, required_lessons) + min(quizzes_passed, quizzes)
    return min(100, round(100 * done / steps))


@dataclass
class CourseProgress:
    course: CoursePage
    enrollment: Enrollment | None
    lessons: list[LessonPage]
    done_ids: set[int] = field(default_factory=set)
    quizzes: list[QuizPage] = field(default_factory=list)
    passed_quiz_ids: set[int] = field(default_factory=set)

    @property
    def required_ids(self) -> set[int]:
        return {lesson.id for lesson in self.lessons if lesson.required}

    @property
    def percent(self) -> int:
        required = self.required_ids
        return progress_percent(
            required_lessons=len(required),
            lessons_done=len(required & self.done_ids),
            quizzes=len(self.quizzes),
            quizzes_passed=len({quiz.id for quiz in self.quizzes} & self.passed_quiz_ids),
            completed=bool(self.enrollment and self.enrollment.completed_at),
        )

    @property
    def lessons_done(self) -> bool:
        return self.required_ids <= self.done_ids

    @property
    def next_page(self) -> LessonPage | QuizPage | None:
        return next_unfinished_page(progress=self)

    @property
    def outline(self) -> list["OutlineItem"]:
        """The lessons, then the quizzes, with the learner's standing at each."""
        lessons_done = self.lessons_done
        return [
            OutlineItem(page=lesson, is_quiz=False, done=lesson.id in self.done_ids, locked=False)
            for lesson in self.lessons
        ] + [
            OutlineItem(
                page=quiz,
                is_quiz=True,
                done=quiz.id in self.passed_quiz_ids,
                locked=not lessons_done,
            )
            for quiz in self.quizzes
        ]

    def first_blocking_lesson(self, lesson: LessonPage) -> LessonPage | None:
        """A required lesson before `lesson` that is not studied yet, if any."""
        for earlier in self.lessons:
            if earlier.id == lesson.id:
                return None
            if earlier.required and earlier.id not in self.done_ids:
                return earlier
        return None


@dataclass(frozen=True)
class OutlineItem:
    page: LessonPage | QuizPage
    is_quiz: bool
    # A lesson studied, a quiz passed.
    done: bool
    # A quiz whose required lessons are not all studied yet.
    locked: bool


def next_unfinished_page(*, progress: CourseProgress) -> LessonPage | QuizPage | None:
    """Where "continue" leads: the first unstudied lesson, else the first quiz not passed.

    The one place that decides it, for the course page, the lesson pages and "my courses": when
    lessons gain exercises, "unstudied" grows here.
    """
    for lesson in progress.lessons:
        if lesson.id not in progress.done_ids:
            return lesson
    for quiz in progress.quizzes:
        if quiz.id not in progress.passed_quiz_ids:
            return quiz
    return None


def course_progress_get(*, user, course: CoursePage) -> CourseProgress:
    """Progress of one learner in one course: one query, the outline coming from the cache.

    Every study page asks this, so it is one hand-written UNION ALL rather than three ORM
    queries (or an ORM union, whose compilation alone cost more than the rest of the lookup):
    each row is the enrollment with one studied lesson or passed quiz (`kind`, `item`).
    """
    progress = CourseProgress(
        course=course, enrollment=None, lessons=course.lesson_outline, quizzes=course.quiz_outline
    )
    if not user.is_authenticated:
        return progress
    for row in Enrollment.objects.raw(_COURSE_PROGRESS_SQL, [user.pk, course.id] * 2):
        if progress.enrollment is None:
            progress.enrollment = row
        if row.item is not None:
            (progress.done_ids if row.kind == "lesson" else progress.passed_quiz_ids).add(row.item)
    return progress


def _course_progress_sql() -> str:
    q = connection.ops.quote_name
    enrollment = q(Enrollment._meta.db_table)
    columns = ", ".join(
        f"{enrollment}.{q(field.column)}" for field in Enrollment._meta.concrete_fields
    )
    progress, attempt = q(LessonProgress._meta.db_table), q(QuizAttempt._meta.db_table)
    where = f"{enrollment}.{q('user_id')} = %s AND {enrollment}.{q('course_id')} = %s"
    # Identifiers come from the models' metadata; the only values are query parameters.
    return (
        f"SELECT {columns}, 'lesson' AS kind, {progress}.{q('lesson_id')} AS item "  # noqa: S608
        f"FROM {enrollment} LEFT JOIN {progress} "
        f"ON {progress}.{q('enrollment_id')} = {enrollment}.{q('id')} WHERE {where} "
        f"UNION ALL "
        f"SELECT {columns}, 'quiz' AS kind, {attempt}.{q('quiz_id')} AS item "
        f"FROM {enrollment} INNER JOIN {attempt} "
        f"ON {attempt}.{q('enrollment_id')} = {enrollment}.{q('id')} AND {attempt}.{q('passed')} "
        f"WHERE {where}"
    )


_COURSE_PROGRESS_SQL = _course_progress_sql()


def enrollment_lessons_done(*, enrollment: Enrollment) -> bool:
    """Whether every required live lesson of the enrollment's course is studied."""
    required = set(enrollment.course.lessons().filter(required=True).values_list("id", flat=True))
    done = set(enrollment.progress.values_list("lesson_id", flat=True))
    return required <= done


@dataclass(frozen=True)
class QuizStatus:
    """A learner's standing at one quiz: what they may do next and what to tell them."""

    quiz: QuizPage
    attempts: list[QuizAttempt]
    open_attempt: QuizAttempt | None
    passed: bool
    opens_at: datetime | None

    @property
    def attempts_used(self) -> int:
        return len(self.attempts)

    @property
    def attempts_left(self) -> int | None:
        """None when the quiz allows unlimited attempts."""
        if not self.quiz.max_attempts:
            return None
        return max(0, self.quiz.max_attempts - self.attempts_used)

    @property
    def limit_reached_message(self) -> str | None:
        """What to tell a learner who has no attempt left (the service refuses with it too)."""
        if self.attempts_left != 0:
            return None
        return ngettext(
            "You have used the %(total)s attempt allowed for this quiz.",
            "You have used all %(total)s attempts allowed for this quiz.",
            self.quiz.max_attempts,
        ) % {"total": self.quiz.max_attempts}

    @property
    def recent(self) -> list[QuizAttempt]:
        return self.attempts[:10]


def quiz_status_get(
    *, enrollment: Enrollment | None, quiz: QuizPage, now: datetime | None = None
) -> QuizStatus:
    """Attempts so far, the open one, and when a new one may start, in one query."""
    if enrollment is None:
        return QuizStatus(quiz=quiz, attempts=[], open_attempt=None, passed=False, opens_at=None)
    now = now or timezone.now()
    # The snapshots are the large part of a row and nothing here reads them.
    attempts = list(
        QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz)
        .defer("questions", "answers")
        .order_by("-started_at")
    )
    submitted = [attempt for attempt in attempts if attempt.submitted_at]
    last = max(submitted, key=lambda attempt: attempt.submitted_at, default=None)
    opens_at = None
    if last is not None and not last.passed and quiz.retry_wait_minutes:
        opens_at = last.submitted_at + timedelta(minutes=quiz.retry_wait_minutes)
        if opens_at <= now:
            opens_at = None
    return QuizStatus(
        quiz=quiz,
        attempts=attempts,
        open_attempt=next((attempt for attempt in attempts if not attempt.submitted_at), None),
        passed=any(attempt.passed for attempt in submitted),
        opens_at=opens_at,
    )


def learner_enrollments_list(*, user) -> list[dict]:
    """The learner's courses with progress and where "continue" leads, in three queries.

    Course outlines come from the cache; those missing are read together (two more queries).
    """
    enrollments = enrollments_with_percent(
        enrollments=Enrollment.objects.filter(user=user).order_by("-enrolled_at")
    )
    courses = [e.course for e in enrollments]
    course_outlines_load(courses)
    done: dict[int, set[int]] = {e.id: set() for e in enrollments}
    passed: dict[int, set[int]] = {e.id: set() for e in enrollments}
    if enrollments:
        studied = (
            LessonProgress.objects.filter(enrollment__in=enrollments)
            .order_by()
            .annotate(kind=Value("lesson"))
            .values_list("enrollment_id", "kind", "lesson_id")
        )
        quizzes = (
            QuizAttempt.objects.filter(enrollment__in=enrollments, passed=True)
            .order_by()
            .annotate(kind=Value("quiz"))
            .values_list("enrollment_id", "kind", "quiz_id")
        )
        for enrollment_id, kind, item in studied.union(quizzes, all=True):
            (done if kind == "lesson" else passed)[enrollment_id].add(item)
    rows = []
    for e in enrollments:
        progress = CourseProgress(
            course=e.course,
            enrollment=e,
            lessons=e.course.lesson_outline,
            quizzes=e.course.quiz_outline,
            done_ids=done[e.id],
            passed_quiz_ids=passed[e.id],
        )
        rows.append(
            {
                "enrollment": e,
                "course": e.course,
                "percent": e.percent,
                "next_page": None if e.completed_at else next_unfinished_page(progress=progress),
            }
        )
    return rows


def enrollments_with_percent(
    *, enrollments: QuerySet[Enrollment], courses: list[CoursePage] | None = None
) -> list[Enrollment]:
    """The enrollments, each with `percent` (progress_percent's figure) and `exercise_score` (the
    average of the best exercise scores, None before any), in two queries whatever their number.

    `courses`: the courses the enrollments may belong to, when the caller already holds them (a
    report with thousands of rows); the enrollments are then narrowed to them and their own
    `course` is not read. Without it each enrollment comes with its course.
    """
    if courses is None:
        rows = list(_with_steps_done(enrollments).select_related("course"))
        courses = list({e.course_id: e.course for e in rows}.values())
    else:
        course_ids = [course.id for course in courses]
        rows = list(_with_steps_done(enrollments.filter(course_id__in=course_ids)))
    steps = _course_steps(courses)
    for enrollment in rows:
        enrollment.percent = _enrollment_percent(enrollment, steps[enrollment.course_id])
    return rows


@dataclass(frozen=True)
class _CourseSteps:
    required_lessons: int = 0
    quizzes: int = 0


def _with_steps_done(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Annotate each enrollment with its studied required live lessons, passed live quizzes and
    average exercise score.

    Subqueries rather than two joined counts: joining progress and attempts would multiply rows.
    """
    lessons_done = (
        LessonProgress.objects.filter(
            enrollment=OuterRef("pk"), lesson__required=True, lesson__live=True
        )
        .order_by()
        .values("enrollment")
        .annotate(total=Count("id"))
        .values("total")
    )
    quizzes_passed = (
        QuizAttempt.objects.filter(enrollment=OuterRef("pk"), passed=True, quiz__live=True)
        .order_by()
        .values("enrollment")
        .annotate(total=Count("quiz", distinct=True))
        .values("total")
    )
    exercise_score = (
        ExerciseScore.objects.filter(enrollment=OuterRef("pk"))
        .order_by()
        .values("enrollment")
        .annotate(average=Avg("percent"))
        .values("average")
    )
    return enrollments.annotate(
        lessons_done=Coalesce(Subquery(lessons_done), 0),
        quizzes_passed=Coalesce(Subquery(quizzes_passed), 0),
        exercise_score=Subquery(exercise_score),
    )


def _enrollment_percent(enrollment: Enrollment, steps: _CourseSteps) -> int:
    return progress_percent(
        required_lessons=steps.required_lessons,
        lessons_done=enrollment.lessons_done,
        quizzes=steps.quizzes,
        quizzes_passed=enrollment.quizzes_passed,
        completed=enrollment.completed_at is not None,
    )


def user_display_name(*, user) -> str:
    """The name to show: the profile's, else family name first, as Vietnamese names are written."""
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.full_name
    return user.get_full_name() or user.get_username()


# The header shows every signed-in page the person's name and, for HR managers, the report link.
# Both are cached per user and dropped when the user, their profile or their roles change
# (learning/receivers.py); the expiry bounds staleness where the cache is per process. The report
# itself checks the role again, so a stale link never opens it.
NAVIGATION_CACHE_SECONDS = 300


def navigation_cache_key(user_id: int) -> str:
    return f"learning:navigation:v1:{user_id}"


def user_navigation_get(*, user) -> dict:
    """The header's name and HR flag for a signed-in user, from the cache when it has them."""
    key = navigation_cache_key(user.pk)
    navigation = cache.get(key)
    if navigation is None:
        navigation = {
            "nav_is_hr": user_is_hr(user=user),
            "nav_user_name": user_display_name(user=user),
        }
        cache.set(key, navigation, NAVIGATION_CACHE_SECONDS)
    return navigation


def _course_steps(courses: list[CoursePage]) -> dict[int, _CourseSteps]:
    """Required live lessons and live quizzes per course, in one query for any number."""
    if not courses:
        return {}
    q = Q(pk__in=[])
    for course in courses:
        q |= Q(path__startswith=course.path, depth=course.depth + 1)
    steps = (
        Page.objects.live()
        .filter(q)
        .filter(Q(lessonpage__required=True) | Q(quizpage__isnull=False))
        .values_list("path", "quizpage__page_ptr_id")
    )
    by_path = {course.path: course.id for course in courses}
    lessons: dict[int, int] = dict.fromkeys(by_path.values(), 0)
    quizzes: dict[int, int] = dict.fromkeys(by_path.values(), 0)
    for path, quiz_id in steps:
        counts = quizzes if quiz_id else lessons
        counts[by_path[path[: -Page.steplen]]] += 1
    return {
        course_id: _CourseSteps(required_lessons=lessons[course_id], quizzes=quizzes[course_id])
        for course_id in by_path.values()
    }
