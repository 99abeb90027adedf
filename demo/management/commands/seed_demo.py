import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
)

from agencies.agency_import import AgencyImportRefused, agency_import
from agencies.imports import STAFF_COLUMNS, StaffImportRefused, staff_import
from agencies.models import Agency, AgencyRole, LearnerProfile
from agencies.names import text_clean
from agencies.tabular import table_read
from certificates.models import Issuer
from compliance.models import Assignment, Requirement
from compliance.records_import import RecordsImportRefused, records_import
from compliance.services import requirement_sync
from courses.models import CoursePage
from demo import data
from demo.pages import (
    course_ensure,
    course_metadata_apply,
    home_page_ensure,
    showcase_lesson_ensure,
)
from learning.models import Enrollment
from learning.services import (
    enrollment_create,
    lesson_progress_record,
    quiz_attempt_start,
    quiz_attempt_submit,
)

DEMO_PASSWORD = "HocSo@2026"  # noqa: S105 - documented in the README, demo only
TRAINERS_GROUP = "Giảng viên"


class Command(BaseCommand):
    help = (
        "Load the Ninh Bình demo: agencies and staff (imported from demo/agencies.csv and "
        "demo/staff.csv), three courses, progress and certificates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="Skip learners' progress and certificates."
        )

    def handle(self, *args, **options):
        call_command("certificates_test_pki", stdout=self.stdout)
        # The agencies and staff come in as a province's would: files through the imports, as
        # the server's operator (by=None), each import in its own short transactions and
        # idempotent, so a second run reports every row unchanged. Messages as HR reads them.
        with translation.override("vi"):
            self._agencies_import()
            staff_codes = self._staff_import()
        agencies = {agency.code: agency for agency in Agency.objects.all()}
        password = make_password(DEMO_PASSWORD)
        with transaction.atomic():
            self._demo_passwords(staff_codes, password)
            self._staff(agencies, password)
            home = home_page_ensure()
            courses = [course_ensure(home=home, data=course) for course in data.COURSES]
            for course in courses:
                course_metadata_apply(course=course, metadata=data.COURSE_METADATA[course.code])
            showcase_lesson_ensure(
                course=next(c for c in courses if c.code == data.SHOWCASE_COURSE),
                data=data.SHOWCASE_LESSON,
            )
            self._trainers_group(home)
            self._issuer(agencies)
        if not options["no_progress"] and not Enrollment.objects.exists():
            self._progress(courses)
        with translation.override("vi"):
            self._records_import()
        self._requirements(courses)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))

    def _agencies_import(self) -> None:
        path = data.AGENCIES_FILE
        with path.open("rb") as file:
            try:
                result = agency_import(
                    file,
                    by=None,
                    dry_run=False,
                    reason=_("Import of the file %(name)s") % {"name": path.name},
                )
            except AgencyImportRefused as error:
                raise CommandError(f"{path.name}: {error.message}") from error
        self._import_report(path, result)

    def _staff_import(self) -> list[str]:
        """Import the staff file; the employee codes it lists."""
        path = data.STAFF_FILE
        with path.open("rb") as file:
            try:
                result = staff_import(file, by=None, dry_run=False, file_name=path.name)
            except StaffImportRefused as error:
                raise CommandError(f"{path.name}: {error.message}") from error
        self._import_report(path, result)
        with path.open("rb") as file:
            rows = table_read(file, columns=STAFF_COLUMNS).rows
            return [text_clean(str(row.values["employee_code"])) for row in rows]

    def _import_report(self, path, result) -> None:
        """The import's summary line, or every row error and a failed command."""
        if result.errors:
            raise CommandError(
                "\n".join(
                    f"{path.name}: "
                    + _("Row %(row)s, column “%(column)s”: %(message)s")
                    % {"row": error.row, "column": error.column, "message": error.message}
                    for error in result.errors
                )
            )
        summary = _(
            "New: %(created)d · updated: %(updated)d · unchanged: %(unchanged)d · "
            "rows with errors: %(errors)d"
        ) % {
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": len(result.unchanged),
            "errors": 0,
        }
        self.stdout.write(f"{path.name}: {summary}")

    def _demo_passwords(self, codes: list[str], password: str) -> None:
        """Demo only: the README's published password for the people of the demo's staff file.

        A real import leaves new accounts without a usable password (HR hands out set-password
        links or one-time slips). Only accounts still without one get it, so a second run, or a
        demo user who chose their own password, changes nothing; accounts outside the file
        (people HR imports on the demo site) are never touched."""
        get_user_model().objects.filter(
            profile__employee_code__in=codes, password__startswith=UNUSABLE_PASSWORD_PREFIX
        ).update(password=password)

    def _user(self, *, username: str, full_name: str, password: str, **flags):
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(username=username, defaults=flags)
        if created:
            family, _sep, given = full_name.rpartition(" ")
            user.first_name, user.last_name = given, family
            user.password = password
            user.save()
        return user

    def _staff(self, agencies: dict[str, Agency], password: str) -> None:
        self._user(
            username="admin",
            full_name="Quản trị hệ thống",
            password=password,
            is_staff=True,
            is_superuser=True,
        )
        trainer = self._user(
            username="giangvien", full_name="Phạm Thu Trang", password=password, is_staff=True
        )
        trainer.groups.add(Group.objects.get_or_create(name=TRAINERS_GROUP)[0])
        # Publishing goes through Wagtail's default workflow (on the root page since Wagtail's
        # migrations; renamed "Phê duyệt của ban biên tập"): trainers submit, the moderator
        # approves and publishes. Its approving group is Wagtail's "Moderators", renamed too.
        moderator = self._user(
            username=data.MODERATOR["username"],
            full_name=data.MODERATOR["full_name"],
            password=password,
            is_staff=True,
        )
        moderator.groups.add(*self._approving_groups())
        # HR managers: the report and imports on the site, the staff screens in the admin.
        hr_group = Group.objects.get(name=settings.HOCSO_ROLE_GROUPS["hr_manager"])
        for username, full_name, code in [
            ("nhansu.skhcn", "Đỗ Thị Hương", "SKHCN"),
            ("nhansu.tinh", "Vũ Quang Huy", "UBND-NB"),
        ]:
            user = self._user(username=username, full_name=full_name, password=password)
            AgencyRole.objects.get_or_create(
                user=user, agency=agencies[code], role=AgencyRole.Role.HR_MANAGER
            )
            user.groups.add(hr_group)
        # The province's agency administrator: grants roles and changes the tree in the admin.
        administrator = self._user(
            username="quantri.tinh", full_name="Ngô Minh Tuấn", password=password
        )
        AgencyRole.objects.get_or_create(
            user=administrator, agency=agencies["UBND-NB"], role=AgencyRole.Role.AGENCY_ADMIN
        )
        administrator.groups.add(Group.objects.get(name=settings.HOCSO_ROLE_GROUPS["agency_admin"]))

    def _trainers_group(self, home) -> None:
        group = Group.objects.get(name=TRAINERS_GROUP)
        uploads = Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=[
                "add_image",
                "change_image",
                "choose_image",
                "add_document",
                "change_document",
                "choose_document",
            ],
        )
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
            *uploads,
        )
        # Wagtail grants image and document permissions per collection: without these rows the
        # trainer is sent back to the dashboard from Images, Documents and their choosers.
        for permission in uploads:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=Collection.get_first_root_node(), permission=permission
            )
        # No publish permission: trainers' changes go live through review (Moderators group).
        for codename in ["add_page", "change_page"]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        GroupPagePermission.objects.filter(
            group=group, permission__codename="publish_page"
        ).delete()

    def _approving_groups(self) -> list[Group]:
        task = GroupApprovalTask.objects.filter(active=True).order_by("pk").first()
        groups = list(task.groups.all()) if task else []
        if not groups:
            raise CommandError("Wagtail's default approval task and its group are missing.")
        return groups

    def _issuer(self, agencies: dict[str, Agency]) -> None:
        Issuer.objects.get_or_create(
            agency=agencies["SKHCN"],
            defaults={
                "supervising_authority": "UBND tỉnh Ninh Bình",
                "number_code": "SKHCN",
                "place": "Ninh Bình",
                "signer_name": "Nguyễn Đức Thịnh",
                "signer_title": "Phó Giám đốc",
                "head_title": "Giám đốc",
                "is_default": True,
            },
        )

    def _records_import(self) -> None:
        path = data.TRAINING_RECORDS_FILE
        with path.open("rb") as file:
            try:
                result = records_import(file, by=None, dry_run=False, file_name=path.name)
            except RecordsImportRefused as error:
                raise CommandError(f"{path.name}: {error.message}") from error
        if result.errors:
            self._import_report(path, result)
        self.stdout.write(
            f"{path.name}: "
            + _("New: %(created)d · unchanged: %(unchanged)d")
            % {"created": len(result.created), "unchanged": len(result.unchanged)}
        )

    def _requirements(self, courses: list[CoursePage]) -> None:
        """The province's requirements, assigned to their audiences as the nightly task would."""
        by_code = {course.code: course for course in courses}
        today = timezone.localdate()
        for spec in data.REQUIREMENTS:
            spec = dict(spec)
            codes = spec.pop("courses", [])
            due = spec.pop("due_date", None)
            if due == "last month":
                spec["due_date"] = today.replace(day=1) - datetime.timedelta(days=1)
            elif due:
                day, month = (int(part) for part in due.split("/"))
                spec["due_date"] = datetime.date(today.year, month, day)
            requirement, created = Requirement.objects.get_or_create(
                title=spec.pop("title"), defaults=spec
            )
            if created:
                requirement.courses.set([by_code[code] for code in codes])
            requirement_sync(requirement)
        assigned = Assignment.objects.filter(active=True).count()
        self.stdout.write(f"Training requirements: {assigned} assignments.")

    def _progress(self, courses: list[CoursePage]) -> None:
        """Some learners part-way, some finished (with certificates), some not started."""
        rng = random.Random(2026)
        profiles = LearnerProfile.objects.select_related("user").order_by("employee_code")
        for profile in profiles:
            if profile.user.username == data.FRESH_LEARNER_USERNAME:
                continue
            for course in courses:
                roll = rng.random()
                if roll < 0.35:
                    continue
                enrollment = enrollment_create(user=profile.user, course=course)
                lessons = list(course.lessons())
                studied = len(lessons) if roll > 0.6 else rng.randint(1, len(lessons) - 1)
                for lesson in lessons[:studied]:
                    lesson_progress_record(enrollment=enrollment, lesson=lesson)
                if studied < len(lessons):
                    continue
                for quiz in course.quizzes():
                    attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
                    wrong = rng.choice([0, 0, 1, 2, 4])
                    answers = {
                        question["id"]: [str(i) for i in question["correct"]]
                        for question in attempt.questions[wrong:]
                    }
                    quiz_attempt_submit(attempt=attempt, user=profile.user, answers=answers)
        done = Enrollment.objects.filter(completed_at__isnull=False).count()
        self.stdout.write(f"Learner progress loaded: {done} completed enrollments.")
