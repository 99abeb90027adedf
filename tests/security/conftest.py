"""One world of people, courses, attempts and certificates for the matrix and the sweep.

Built once per module inside a transaction that is rolled back afterwards; each test runs in
its own savepoint (pytest-django's `db`), so a POST that writes never leaks into the next test.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from wagtail.models import PageViewRestriction

from agencies.models import LearnerProfile, StaffImport
from certificates.models import Certificate
from compliance.api.tokens import api_token_create
from compliance.export_jobs import export_job_start, subscription_create
from compliance.models import (
    ApiToken,
    Assignment,
    ComplianceEvent,
    DigestPreference,
    ExportJob,
    ReportSubscription,
    Requirement,
    TrainingRecord,
)
from compliance.services import requirement_sync
from courses.models import LessonPage
from courses.services import course_trainer_add
from learning.models import (
    Enrollment,
    ExerciseScore,
    LearningEvent,
    LessonProgress,
    QuizAttempt,
    VideoWatch,
    XBlockUserState,
)
from learning.services import (
    enrollment_create,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories

ANON = "anonymous"
LEARNER = "learner"
OTHER = "other_learner"
TRAINER = "trainer"
HR_IN = "hr_in_scope"
HR_OUT = "hr_out_of_scope"
PROVINCE = "province_hr"
SUPER = "superuser"
ROLES = (ANON, LEARNER, OTHER, TRAINER, HR_IN, HR_OUT, PROVINCE, SUPER)

RESTRICTED_PASSWORD = "mat-khau-bai-hoc"  # noqa: S105 - a test page's view restriction


@dataclass
class World:
    """What the matrix rows refer to by name: users by role, ids, paths and texts."""

    users: dict[str, object] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, name: str):
        return self.values[name]


def _page_path(page) -> str:
    """The argument `wagtail_serve` takes: the page's URL without the leading slash."""
    return page.url.lstrip("/")


def _study(enrollment: Enrollment) -> None:
    factories.lessons_study(enrollment)


def world_build() -> World:
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    completed = factories.course(code="ATTT", lessons=2)  # learner passed: certificate issued
    studying = factories.course(code="KNS", lessons=2)  # learner has an open attempt
    locked = factories.course(code="CDS", lessons=2)  # learner enrolled, nothing studied
    guarded = factories.course(code="BMAT", lessons=1)  # its lesson has a password

    learner = factories.learner(agencies["SKHCN-CDS"], full_name="Trần Thị Mai")
    other = factories.learner(agencies["SKHCN-CDS"], full_name="Lê Văn Khác")
    outsider = factories.learner(agencies["STC-NS"], full_name="Phạm Thị Ngân")

    done = enrollment_create(user=learner, course=completed)
    _study(done)
    with TestCase.captureOnCommitCallbacks(execute=True):
        passed = quiz_attempt_start(enrollment=done, quiz=completed.quizzes().get())
        quiz_attempt_submit(attempt=passed, user=learner, answers=factories.correct_answers(passed))
    certificate = Certificate.objects.get(enrollment=done)

    current = enrollment_create(user=learner, course=studying)
    _study(current)
    open_attempt = quiz_attempt_start(enrollment=current, quiz=studying.quizzes().get())
    enrollment_create(user=learner, course=locked)
    enrollment_create(user=learner, course=guarded)

    guarded_lesson = guarded.lessons().get()
    restriction = PageViewRestriction.objects.create(
        page=guarded_lesson,
        restriction_type=PageViewRestriction.PASSWORD,
        password=RESTRICTED_PASSWORD,
    )
    # An exercise lesson (drag-and-drop-v2) in a course of its own, the learner enrolled.
    exercises = factories.course(code="XBT", lessons=0)
    exercise_lesson = factories.exercise_lesson(exercises, ("drag-and-drop-v2", {}))
    enrollment_create(user=learner, course=exercises)

    draft = completed.add_child(
        instance=LessonPage(title="Bài nháp", slug="bai-nhap", body=[], live=False)
    )

    superuser = factories.UserFactory(username="quan-tri", is_superuser=True, is_staff=True)
    world = World()
    world.users = {
        ANON: None,
        LEARNER: learner,
        OTHER: other,
        TRAINER: factories.trainer(username="giang-vien"),
        HR_IN: factories.hr_manager(agencies["SKHCN"], username="hr-skhcn"),
        HR_OUT: factories.hr_manager(agencies["STC"], username="hr-stc"),
        PROVINCE: factories.hr_manager(agencies["UBND-NB"], username="hr-tinh"),
        SUPER: superuser,
    }
    # A person scoped to one course (the sweep's ids go to its removal screen).
    course_trainer = course_trainer_add(
        by=superuser,
        user=factories.UserFactory(username="giang-vien-khoa"),
        course=studying,
        reason="Phụ trách khóa KNS",
    )
    # A staff import HR of the SKHCN started (its check still waiting to run).
    staff_import = StaffImport.objects.create(
        created_by=world.users[HR_IN], file="staff-imports/khong-co.csv", file_name="ds.csv"
    )
    # The learner's reminder emails, with the secret of the link they carry.
    digest = DigestPreference.objects.create(user=learner)
    # A yearly requirement every công chức has: the API's figures and lists have rows to scope.
    requirement = Requirement.objects.create(
        title="An toàn thông tin hằng năm",
        categories=["cong_chuc"],
        due_rule=Requirement.DueRule.FIXED,
        due_date=date(2026, 12, 31),
        recurrence=Requirement.Recurrence.YEARLY,
    )
    requirement.courses.add(completed)
    requirement_sync(requirement)
    # An API token for everyone signed in: HR managers and the superuser made theirs; the others'
    # were made while they were HR (written directly here) and must be refused now.
    api_tokens = {}
    for role, user in world.users.items():
        if user is None:
            continue
        if role in (HR_IN, HR_OUT, PROVINCE, SUPER):
            new = api_token_create(user=user, name=f"Báo cáo {role}")
            api_tokens[role], token = new.key, new.token
        else:
            key = f"{role}-token-made-while-hr".ljust(43, "x")
            api_tokens[role] = key
            token = ApiToken.objects.create(
                user=user,
                name="Cũ",
                prefix=key[: ApiToken.PREFIX_LENGTH],
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
            )
        if role == HR_IN:
            hr_in_token = token
    # An export HR of the SKHCN asked for, its file made, and her weekly scheduled report.
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = export_job_start(
            by=world.users[HR_IN], kind=ExportJob.Kind.ASSIGNMENTS, fmt="csv", filters={}
        )
    subscription = subscription_create(
        user=world.users[HR_IN], frequency="weekly", fmt="xlsx", filters={}
    )
    # A province-wide requirement (the course nobody studied): the learner, her colleague and
    # the outsider are assigned it; HR extends and exempts one person at a time.
    requirement_hr = Requirement.objects.create(title="Yêu cầu an toàn thông tin")
    requirement_hr.courses.add(locked)
    requirement_sync(requirement_hr)
    world.values = {
        "api_tokens": api_tokens,
        "api_token_hr_in": hr_in_token.pk,
        "path_api_tokens": reverse("api_tokens:list"),
        "requirement": requirement.pk,
        "employee_learner": learner.profile.employee_code,
        "employee_outsider": outsider.profile.employee_code,
        "agency_code_learner": agencies["SKHCN-CDS"].code,
        "agency_code_outsider": agencies["STC-NS"].code,
        "department_learner": agencies["SKHCN"].name,
        "assignment_learner": requirement_hr.assignments.get(profile=learner.profile).pk,
        "assignment_outsider": requirement_hr.assignments.get(profile=outsider.profile).pk,
        "path_compliance_learner": reverse("compliance_hr:person", args=[learner.profile.pk]),
        "path_compliance_outsider": reverse("compliance_hr:person", args=[outsider.profile.pk]),
        "path_requirement_edit": reverse("requirements:edit", args=[requirement.pk]),
        "staff_import": str(staff_import.pk),
        "digest_token": digest.token,
        "path_digest_preferences": reverse("reminders:preferences"),
        "export": str(export.pk),
        "export_missing": "00000000-0000-4000-8000-000000000000",
        "course_report_outsider": {
            "kind": "course_report",
            "format": "csv",
            "agency": agencies["STC-NS"].pk,
        },
        "subscription": subscription.pk,
        "path_subscriptions": reverse("compliance_exports:subscriptions"),
        "course_trainer": course_trainer.pk,
        "path_staff_import": reverse("agencies:staff_import", args=[staff_import.pk]),
        "path_import_accounts": reverse("agencies:import_accounts", args=[staff_import.pk]),
        "path_records_import": reverse("compliance_records:records_import"),
        "agency_learner": agencies["SKHCN-CDS"].pk,
        "agency_outsider": agencies["STC-NS"].pk,
        "profile_learner": learner.profile.pk,
        "profile_outsider": outsider.profile.pk,
        "course_completed": completed.pk,
        "course_studying": studying.pk,
        "course_locked": locked.pk,
        "quiz_completed": completed.quizzes().get().pk,
        "quiz_studying": studying.quizzes().get().pk,
        "quiz_locked": locked.quizzes().get().pk,
        "lesson_completed": completed.lessons().first().pk,
        "attempt_passed": str(passed.pk),
        "attempt_open": str(open_attempt.pk),
        "answers_open": {
            f"q-{key}": value for key, value in factories.correct_answers(open_attempt).items()
        },
        "certificate": certificate.code,
        "restriction": restriction.pk,
        "page_guarded_lesson": guarded_lesson.pk,
        "exercise_page": exercise_lesson.pk,
        "exercise_usage": next(
            str(child.id) for child in exercise_lesson.body if child.block_type == "interactive"
        ),
        "exercise_missing": "00000000-0000-4000-8000-000000000000",
        "page_home": _page_path(factories.home_page()),
        "page_course": _page_path(completed),
        "page_lesson": _page_path(completed.lessons().first()),
        "page_quiz": _page_path(completed.quizzes().get()),
        "page_guarded": _page_path(guarded_lesson),
        "page_draft": _page_path(draft),
        "page_missing": "khong-co-trang-nay/",
        "home_id": factories.home_page().pk,
        "learner_name": "Trần Thị Mai",
        "guarded_text": "Nội dung bài 1",
        "outsider_name": "Phạm Thị Ngân",
        "course_title": completed.title,
        "path_root": "/",
        "path_admin_home": reverse("wagtailadmin_home"),
        "staff_panel_heading": "Hồ sơ cán bộ",
        "path_my_courses": reverse("learning:my_courses"),
        "path_course_completed": completed.url,
        "path_course_studying": studying.url,
        "path_course_locked": locked.url,
        "path_course_guarded": guarded.url,
        "path_attempt_open": reverse("learning:attempt", args=[open_attempt.pk]),
        "path_attempt_open_result": reverse("learning:attempt_result", args=[open_attempt.pk]),
        "path_attempt_passed_result": reverse("learning:attempt_result", args=[passed.pk]),
        "path_verify": reverse("certificates:verify", args=[certificate.code]),
    }
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()  # Wagtail caches site roots; a rolled-back world must not linger there
        yield world_build()
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache(world, db):
    """Rate limits and lockouts count in the cache: each request of the matrix starts clean."""
    cache.clear()


def sign_in(client, world: World, role: str, *, bearer: bool) -> None:
    """Sign the client in as `role`: a session, and for API rows the role's token as well."""
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    if bearer and role in world["api_tokens"]:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {world['api_tokens'][role]}"


def data_counts() -> dict[str, int]:
    """The rows a refused request must leave alone."""
    return {
        "enrollments": Enrollment.objects.count(),
        "lesson progress": LessonProgress.objects.count(),
        "attempts": QuizAttempt.objects.count(),
        "submitted attempts": QuizAttempt.objects.filter(submitted_at__isnull=False).count(),
        "certificates": Certificate.objects.count(),
        "exercise state": XBlockUserState.objects.count(),
        "exercise scores": ExerciseScore.objects.count(),
        "learning events": LearningEvent.objects.count(),
        "video watched time": VideoWatch.objects.count(),
        "staff imports": StaffImport.objects.count(),
        "staff records": LearnerProfile.objects.count(),
        "reminder preferences": DigestPreference.objects.count(),
        "reminders stopped": DigestPreference.objects.filter(unsubscribed=True).count(),
        "training records": TrainingRecord.objects.count(),
        "api tokens": ApiToken.objects.count(),
        "revoked api tokens": ApiToken.objects.filter(revoked_at__isnull=False).count(),
        "export jobs": ExportJob.objects.count(),
        "scheduled reports": ReportSubscription.objects.filter(active=True).count(),
        "requirements": Requirement.objects.count(),
        "compliance changes": ComplianceEvent.objects.count(),
        "exemptions": Assignment.objects.filter(exempt=True).count(),
        "extensions": Assignment.objects.filter(extended_due_on__isnull=False).count(),
    }
