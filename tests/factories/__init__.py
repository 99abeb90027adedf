"""Builders for test data. Production code never imports these."""

from datetime import date

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from agencies import models as agency_models
from agencies.models import Agency, AgencyRole, LearnerProfile  # noqa: F401 - re-exported for tests
from agencies.services import agency_create
from certificates.models import Issuer
from courses.models import CoursePage, HomePage, LessonPage, QuizPage
from learning.services import (
    enrollment_create,
    lesson_progress_record,
    quiz_attempt_start,
    quiz_attempt_submit,
)

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Học {n}")
    category = LearnerProfile.Category.CONG_CHUC
    position = "Chuyên viên"
    employee_code = factory.Sequence(lambda n: f"NB{n:06d}")


def agency_tree() -> dict[str, Agency]:
    """Province → two departments → a division each: enough to test subtree scoping."""
    province = Agency.add_root(code="UBND-NB", name="UBND tỉnh Ninh Bình", kind="province")
    skhcn = province.add_child(code="SKHCN", name="Sở Khoa học và Công nghệ", kind="department")
    province = Agency.objects.get(pk=province.pk)
    stc = province.add_child(code="STC", name="Sở Tài chính", kind="department")
    cds = skhcn.add_child(code="SKHCN-CDS", name="Phòng Chuyển đổi số", kind="division")
    ns = stc.add_child(code="STC-NS", name="Phòng Ngân sách", kind="division")
    return {a.code: Agency.objects.get(pk=a.pk) for a in (province, skhcn, stc, cds, ns)}


def learner(agency: Agency, **kwargs):
    return ProfileFactory(agency=agency, **kwargs).user


def _role_group_join(user, role: str) -> None:
    """Join the group the role brings (HOCSO_ROLE_GROUPS), as granting the role does; the group
    exists unless a transactional test flushed what migrations made."""
    group = Group.objects.filter(name=settings.HOCSO_ROLE_GROUPS.get(role)).first()
    if group is not None:
        user.groups.add(group)


def hr_manager(agency: Agency, username: str = "hr"):
    user = UserFactory(username=username)
    AgencyRole.objects.create(user=user, agency=agency, role=AgencyRole.Role.HR_MANAGER)
    _role_group_join(user, AgencyRole.Role.HR_MANAGER)
    return user


def agency_admin(agency: Agency, username: str = "quantri"):
    user = UserFactory(username=username)
    AgencyRole.objects.create(user=user, agency=agency, role=AgencyRole.Role.AGENCY_ADMIN)
    _role_group_join(user, AgencyRole.Role.AGENCY_ADMIN)
    return user


def trainer(username: str = "giangvien"):
    """A Wagtail editor: admin access and page permissions over the catalog, no HR role."""
    group, _created = Group.objects.get_or_create(name="Giảng viên")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home_page(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = UserFactory(username=username)
    user.groups.add(group)
    return user


def home_page() -> HomePage:
    home = HomePage.objects.first()
    if home:
        return home
    # Transactional tests flush the rows Wagtail's migrations made: put them back.
    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title="HọcSố", slug="hoc-so"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return home


def migration_data_restore() -> None:
    """Put back what `migrate` writes and seed_demo builds on, after a transactional test's flush
    removed it: the locale, the root page and collection, Wagtail's editors and moderators groups
    (in Vietnamese, as courses/0005 names them), its default approval workflow on the root, and
    the groups our roles bring (agencies/0002, 0008) with the HR group's requirement permissions
    (compliance/0007)."""
    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    moderators, _created = Group.objects.get_or_create(name="Ban biên tập")
    names = {"Ban biên tập", "Biên tập viên", *settings.HOCSO_ROLE_GROUPS.values()}
    for name in names:
        Group.objects.get_or_create(name=name)[0].permissions.add(access)
    Group.objects.get(name=settings.HOCSO_ROLE_GROUPS["hr_manager"]).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="compliance",
            codename__in=[
                f"{action}_requirement" for action in ("add", "change", "delete", "view")
            ],
        )
    )
    if not GroupApprovalTask.objects.filter(active=True).exists():
        task = GroupApprovalTask.objects.create(name="Ban biên tập duyệt")
        task.groups.set([moderators])
        workflow = Workflow.objects.create(name="Phê duyệt của ban biên tập")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def question(prompt: str, choices: list[tuple[str, bool]], multiple: bool = False):
    return (
        "choice_question",
        {
            "prompt": prompt,
            "multiple": multiple,
            "choices": [{"text": text, "correct": correct} for text, correct in choices],
            "explanation": "",
        },
    )


DEFAULT_QUESTIONS = [
    question("Mật khẩu mạnh cần có gì?", [("Ngày sinh", False), ("Ít nhất 12 ký tự", True)]),
    question(
        "Dấu hiệu của thư lừa đảo?",
        [("Thúc giục gấp", True), ("Tên miền lạ", True), ("Lời chào lịch sự", False)],
        multiple=True,
    ),
    question(
        "Gặp sự cố an toàn thông tin, báo cho ai?", [("Bộ phận CNTT", True), ("Không ai", False)]
    ),
]


def course(
    *, code: str = "ATTT", lessons: int = 2, questions=None, pass_mark: int = 70
) -> CoursePage:
    """A live course with `lessons` required lessons and a final quiz."""
    home = home_page()
    page = home.add_child(
        instance=CoursePage(
            title=f"Khóa học {code}", slug=code.lower(), code=code, summary="Tóm tắt", hours=8
        )
    )
    for number in range(1, lessons + 1):
        page.add_child(
            instance=LessonPage(
                title=f"Bài {number}",
                slug=f"bai-{number}",
                body=[("heading", f"Nội dung bài {number}"), ("paragraph", "<p>Bài học.</p>")],
            )
        )
    page.add_child(
        instance=QuizPage(
            title="Bài kiểm tra cuối khóa",
            slug="kiem-tra",
            pass_mark=pass_mark,
            questions=questions if questions is not None else DEFAULT_QUESTIONS,
        )
    )
    return CoursePage.objects.get(pk=page.pk)


def issuer(agency: Agency) -> Issuer:
    return Issuer.objects.create(
        agency=agency,
        supervising_authority="UBND tỉnh Ninh Bình",
        number_code="SKHCN",
        place="Ninh Bình",
        signer_name="Nguyễn Đức Thịnh",
        signer_title="Phó Giám đốc",
        head_title="Giám đốc",
        is_default=True,
    )


def lessons_study(enrollment) -> None:
    """Record every live lesson of the enrollment's course as studied, through the service."""
    for lesson in enrollment.course.lessons():
        lesson_progress_record(enrollment=enrollment, lesson=lesson)


def studied_enrollment(user, course):
    """Enrolled with every lesson studied: only the final quiz is left."""
    enrollment = enrollment_create(user=user, course=course)
    lessons_study(enrollment)
    return enrollment


def completed_enrollment(user, course):
    """Enrolled, every lesson studied and the final quiz passed, through the learning services."""
    enrollment = studied_enrollment(user, course)
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=course.quizzes().get())
    quiz_attempt_submit(attempt=attempt, user=user, answers=correct_answers(attempt))
    enrollment.refresh_from_db()
    return enrollment


def correct_answers(attempt) -> dict[str, list[str]]:
    return {q["id"]: [str(i) for i in q["correct"]] for q in attempt.questions}


def exercise_lesson(course: CoursePage, *exercises, slug: str = "bai-tap", title: str = "Bài tập"):
    """A live lesson of `course` holding interactive exercises, each `(xblock tag, fields)`.

    Unset fields keep the XBlock's defaults (drag-and-drop-v2's default is a scored triangle).
    """
    body = [("paragraph", "<p>Thực hành.</p>")]
    body += [("interactive", [(tag.replace("-", "_"), fields)]) for tag, fields in exercises]
    lesson = course.add_child(instance=LessonPage(title=title, slug=slug, body=body))
    return LessonPage.objects.get(pk=lesson.pk)


def document(name: str, content: bytes = b"x", *, title: str = ""):
    """A Wagtail document in the root collection (re-made when a transactional test flushed it)."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return Document.objects.create(
        title=title or name,
        file=ContentFile(content, name=name),
        collection=root,
        file_size=len(content),
    )


# --- agency history (the tree with effective-dated changes) ------------------------------------
# Built through agencies.services, so versions and events exist as a real deployment has them.

HISTORY_START = date(2020, 1, 1)


def agency_history_tree() -> dict[str, Agency]:
    """Ninh Bình before the 2025 reorganisation (DOMAIN.md), recorded from 1 Jan 2020."""

    def create(code, name, kind, parent=None, short_name=""):
        return agency_create(
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            short_name=short_name,
            effective=HISTORY_START,
            by=None,
            reason="Dữ liệu ban đầu",
        )

    province = create("UBND-NB", "UBND tỉnh Ninh Bình", "province")
    created = [
        province,
        create("SKHCN", "Sở Khoa học và Công nghệ", "department", province, "Sở KH&CN"),
        create("STTTT", "Sở Thông tin và Truyền thông", "department", province, "Sở TT&TT"),
        create("STC", "Sở Tài chính", "department", province),
        create("CA", "Công an tỉnh Ninh Bình", "other", province),
    ]
    by_code = {agency.code: agency for agency in created}
    created += [
        create("STTTT-BC", "Phòng Bưu chính", "division", by_code["STTTT"]),
        create("STTTT-ATTT", "Phòng An toàn thông tin", "division", by_code["STTTT"]),
        create("SKHCN-CDS", "Phòng Chuyển đổi số", "division", by_code["SKHCN"]),
        create("STC-NS", "Phòng Ngân sách", "division", by_code["STC"]),
    ]
    return {agency.code: Agency.objects.get(pk=agency.pk) for agency in created}


def staff_member(agency: Agency, *, since: date | None = HISTORY_START, **kwargs) -> LearnerProfile:
    """A staff record with its open assignment to `agency` since `since`."""
    profile = ProfileFactory(agency=agency, **kwargs)
    agency_models.StaffAssignment.objects.create(profile=profile, agency=agency, valid_from=since)
    return profile
