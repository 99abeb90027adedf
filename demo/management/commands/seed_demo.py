import random
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
)

from agencies.models import Agency, AgencyRole, LearnerProfile
from certificates.models import Issuer
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
    help = "Load the Ninh Bình demo: agencies, people, three courses, progress and certificates."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="Skip learners' progress and certificates."
        )

    def handle(self, *args, **options):
        call_command("certificates_test_pki", stdout=self.stdout)
        with transaction.atomic():
            agencies = self._agencies()
            password = make_password(DEMO_PASSWORD)
            self._people(agencies, password)
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
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))

    def _agencies(self) -> dict[str, Agency]:
        by_code = {agency.code: agency for agency in Agency.objects.all()}

        def add(node: dict, parent: Agency | None) -> None:
            agency = by_code.get(node["code"])
            if agency is None:
                fields = {"code": node["code"], "name": node["name"], "kind": node["kind"]}
                if parent is None:
                    agency = Agency.add_root(**fields)
                else:
                    agency = Agency.objects.get(pk=parent.pk).add_child(**fields)
                by_code[agency.code] = agency
            for child in node.get("children", []):
                add(child, agency)

        for root in data.AGENCIES:
            add(root, None)
        return by_code

    def _user(self, *, username: str, full_name: str, password: str, **flags):
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(username=username, defaults=flags)
        if created:
            family, _sep, given = full_name.rpartition(" ")
            user.first_name, user.last_name = given, family
            user.password = password
            user.save()
        return user

    def _people(self, agencies: dict[str, Agency], password: str) -> None:
        for person in [*data.PEOPLE, data.FRESH_LEARNER]:
            user = self._user(
                username=person["username"], full_name=person["full_name"], password=password
            )
            LearnerProfile.objects.get_or_create(
                user=user,
                defaults={
                    "agency": agencies[person["agency"]],
                    "full_name": person["full_name"],
                    "birth_date": date.fromisoformat(person["birth_date"]),
                    "category": person["category"],
                    "position": person["position"],
                    "employee_code": person["employee_code"],
                },
            )

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

    def _progress(self, courses: list[CoursePage]) -> None:
        """Some learners part-way, some finished (with certificates), some not started."""
        rng = random.Random(2026)
        profiles = LearnerProfile.objects.select_related("user").order_by("employee_code")
        for profile in profiles:
            if profile.user.username == data.FRESH_LEARNER["username"]:
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
