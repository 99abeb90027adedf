"""Reads for people and progress."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from courses.models import CoursePage, LessonPage, QuizPage

from .models import Agency, AgencyRole, Enrollment, LearnerProfile, LessonProgress, QuizAttempt


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
        steps = len(self.required_ids) + len(self.quizzes)
        if not steps:
            return 100 if self.enrollment and self.enrollment.completed_at else 0
        done = len(self.required_ids & self.done_ids) + len(self.passed_quiz_ids)
        return round(100 * done / steps)

    @property
    def lessons_done(self) -> bool:
        return self.required_ids <= self.done_ids

    @property
    def next_page(self):
        """Where "continue" leads: the first unstudied lesson, then the first unpassed quiz."""
        for lesson in self.lessons:
            if lesson.id not in self.done_ids:
                return lesson
        for quiz in self.quizzes:
            if quiz.id not in self.passed_quiz_ids:
                return quiz
        return None

    def first_blocking_lesson(self, lesson: LessonPage) -> LessonPage | None:
        """A required lesson before `lesson` that is not studied yet, if any."""
        for earlier in self.lessons:
            if earlier.id == lesson.id:
                return None
            if earlier.required and earlier.id not in self.done_ids:
                return earlier
        return None


def course_progress_get(*, user, course: CoursePage) -> CourseProgress:
    """Progress of one learner in one course, in a fixed number of queries."""
    lessons = course.lesson_outline
    quizzes = course.quiz_outline
    enrollment = None
    if user.is_authenticated:
        enrollment = Enrollment.objects.filter(user=user, course=course).first()
    progress = CourseProgress(
        course=course, enrollment=enrollment, lessons=lessons, quizzes=quizzes
    )
    if enrollment:
        progress.done_ids = set(
            LessonProgress.objects.filter(enrollment=enrollment).values_list("lesson_id", flat=True)
        )
        progress.passed_quiz_ids = set(
            QuizAttempt.objects.filter(enrollment=enrollment, passed=True).values_list(
                "quiz_id", flat=True
            )
        )
    return progress


def learner_enrollments_list(*, user) -> list[dict]:
    """The learner's courses with progress percentages, in two queries."""
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .select_related("course")
        .annotate(lessons_done=_required_done)
        .order_by("-enrolled_at")
    )
    counts = _required_lesson_counts([e.course for e in enrollments])
    return [
        {"enrollment": e, "course": e.course, "percent": _percent(e, counts[e.course_id])}
        for e in enrollments
    ]


def _percent(enrollment: Enrollment, required_total: int) -> int:
    if enrollment.completed_at:
        return 100
    return round(100 * enrollment.lessons_done / required_total) if required_total else 0


_required_done = Count("progress", filter=Q(progress__lesson__required=True))


def user_display_name(*, user) -> str:
    """The name to show: the profile's, else family name first, as Vietnamese names are written."""
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.full_name
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def agencies_in_scope(*, user) -> QuerySet[Agency]:
    """Agencies an HR manager may see: each agency they hold the role for, and all below it."""
    if user.is_superuser:
        return Agency.objects.all()
    roots = AgencyRole.objects.filter(user=user, role=AgencyRole.Role.HR_MANAGER).values_list(
        "agency__path", flat=True
    )
    q = Q(pk__in=[])
    for path in roots:
        q |= Q(path__startswith=path)
    return Agency.objects.filter(q)


def user_is_hr(*, user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or AgencyRole.objects.filter(user=user, role=AgencyRole.Role.HR_MANAGER).exists()
    )


@dataclass(frozen=True)
class ComplianceRow:
    profile: LearnerProfile
    course: CoursePage
    status: str
    percent: int
    score: Decimal | None
    completed_at: object
    certificate_number: str


class RowStatus:
    NOT_STARTED = "not_started"
    ACTIVE = Enrollment.Status.ACTIVE
    COMPLETED = Enrollment.Status.COMPLETED


def compliance_profiles(
    *, user, agency: Agency | None = None, search: str = ""
) -> QuerySet[LearnerProfile]:
    """Learners the HR manager may see, optionally narrowed to one agency subtree."""
    scope = agencies_in_scope(user=user)
    profiles = LearnerProfile.objects.filter(agency__in=scope)
    if agency is not None:
        profiles = profiles.filter(agency__path__startswith=agency.path)
    if search:
        profiles = profiles.filter(
            Q(full_name__icontains=search) | Q(employee_code__icontains=search)
        )
    return profiles.select_related("agency", "user").order_by("agency__path", "full_name", "id")


def compliance_rows(
    *, profiles: Iterable[LearnerProfile], courses: list[CoursePage]
) -> Iterator[ComplianceRow]:
    """One row per learner and course, in three queries whatever the number of rows."""
    profiles = list(profiles)
    user_ids = [p.user_id for p in profiles]
    course_ids = [c.id for c in courses]
    enrollments = {
        (e.user_id, e.course_id): e
        for e in Enrollment.objects.filter(user_id__in=user_ids, course_id__in=course_ids).annotate(
            lessons_done=_required_done
        )
    }
    required_counts = _required_lesson_counts(courses)
    for profile in profiles:
        for course in courses:
            enrollment = enrollments.get((profile.user_id, course.id))
            if enrollment is None:
                yield ComplianceRow(profile, course, RowStatus.NOT_STARTED, 0, None, None, "")
                continue
            yield ComplianceRow(
                profile,
                course,
                enrollment.status,
                _percent(enrollment, required_counts[course.id]),
                enrollment.score,
                enrollment.completed_at,
                enrollment.certificate_number,
            )


def _required_lesson_counts(courses: list[CoursePage]) -> dict[int, int]:
    if not courses:
        return {}
    lessons = LessonPage.objects.live().filter(required=True).values_list("path", flat=True)
    q = Q(pk__in=[])
    for course in courses:
        q |= Q(path__startswith=course.path)
    counts: dict[int, int] = {course.id: 0 for course in courses}
    for path in lessons.filter(q):
        for course in courses:
            if path.startswith(course.path):
                counts[course.id] += 1
    return counts


@dataclass(frozen=True)
class CourseSummary:
    course: CoursePage
    learners: int
    completed: int
    active: int

    @property
    def not_started(self) -> int:
        return self.learners - self.completed - self.active

    @property
    def completed_percent(self) -> int:
        return round(100 * self.completed / self.learners) if self.learners else 0


def compliance_summary(
    *, profiles: QuerySet[LearnerProfile], courses: list[CoursePage]
) -> list[CourseSummary]:
    """Per course: how many of these learners completed it or are studying it, in two queries."""
    learners = profiles.count()
    counts = {
        (row["course_id"], row["status"]): row["total"]
        for row in Enrollment.objects.filter(
            user_id__in=profiles.values("user_id"), course__in=courses
        )
        .values("course_id", "status")
        .annotate(total=Count("id"))
        .order_by()
    }
    return [
        CourseSummary(
            course=course,
            learners=learners,
            completed=counts.get((course.id, Enrollment.Status.COMPLETED), 0),
            active=counts.get((course.id, Enrollment.Status.ACTIVE), 0),
        )
        for course in courses
    ]
