import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError, call_command

from agencies.agency_import import kind_parse
from agencies.models import Agency, AgencyEvent, AgencyRole, LearnerProfile
from certificates.models import Certificate
from compliance.models import Assignment, Requirement, TrainingRecord
from courses.exercises.ordering import OrderingStepsBlock
from courses.exercises.passphrase import PassphraseTrainerBlock
from courses.exercises.phishing import PhishingInboxBlock
from courses.models import CoursePage, LessonPage, QuizPage
from demo import data
from demo.data import EXERCISE, EXERCISES_LESSON
from demo.management.commands.seed_demo import DEMO_PASSWORD
from learning.models import Enrollment
from tests.courses.xblock_host import Host

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Agency, LearnerProfile, AgencyRole, CoursePage, LessonPage, QuizPage)
    } | {
        "Enrollment": Enrollment.objects.count(),
        "Certificate": Certificate.objects.count(),
        "Requirement": Requirement.objects.count(),
        "Assignment": Assignment.objects.count(),
        "Imported records": TrainingRecord.objects.filter(source="imported").count(),
    }


def test_seed_demo_loads_the_province_and_is_idempotent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    first = _counts()
    assert first["CoursePage"] == 3
    assert first["LearnerProfile"] >= 60
    assert first["AgencyRole"] == 3  # two HR managers, the province's agency administrator
    assert first["Certificate"] > 0
    assert first["Certificate"] == Enrollment.objects.filter(completed_at__isnull=False).count()
    for quiz in QuizPage.objects.all():
        assert len(quiz.question_snapshot()) >= 8
    certificate = Certificate.objects.first()
    assert certificate.pdf.read().startswith(b"%PDF")
    practice = LessonPage.objects.get(slug=EXERCISES_LESSON["slug"])
    exercises = [block.value for block in practice.body if block.block_type == "interactive"]
    assert [value[0].block_type for value in exercises] == [
        "phishing_inbox",
        "ordering_steps",
        "passphrase_trainer",
    ]
    # The province's requirements are assigned; the first one is overdue for those who did not
    # complete its course, completed for those who did (their completions counted).
    assert first["Requirement"] == len(data.REQUIREMENTS)
    assert first["Imported records"] == 7  # demo/training_records.csv
    basic = Requirement.objects.get(title=data.REQUIREMENTS[0]["title"])
    statuses = set(basic.assignments.values_list("status", flat=True))
    assert {"overdue", "completed"} <= statuses
    call_command("seed_demo")
    assert _counts() == first


def test_demo_exercises_are_valid_for_their_blocks():
    classes = {
        "phishing-inbox": PhishingInboxBlock,
        "ordering-steps": OrderingStepsBlock,
        "passphrase-trainer": PassphraseTrainerBlock,
    }
    exercises = [value for kind, value in EXERCISES_LESSON["body"] if kind == EXERCISE]
    assert [tag for tag, _fields in exercises] == list(classes)
    for tag, fields in exercises:
        block = Host(classes[tag], fields).block()
        assert block.validate().empty, tag
        assert "ex-card" in block.student_view().content


def test_demo_trainer_reaches_images_and_documents(client):
    call_command("seed_demo", "--no-progress")
    client.force_login(get_user_model().objects.get(username="giangvien"))
    for path in ("/admin/images/", "/admin/images/chooser/", "/admin/documents/"):
        # A 302 here is Wagtail refusing: it sends the trainer back to the dashboard.
        assert client.get(path).status_code == 200, path


def test_seed_demo_courses_carry_metadata_and_a_lesson_shows_the_new_blocks(client):
    call_command("seed_demo", "--no-progress")
    security = CoursePage.objects.get(code="ATTT01")
    assert security.category == CoursePage.Category.SECURITY
    assert "4.2" in security.competences
    assert [c.code for c in security.prerequisites.all()] == ["KNS01"]
    assert CoursePage.objects.filter(category="chinh_quyen_so").count() == 1
    showcase = LessonPage.objects.get(slug="tu-lieu-va-tu-kiem-tra")
    assert not showcase.required and showcase.live
    assert {block.block_type for block in showcase.body} >= {
        "document",
        "table",
        "law_reference",
        "code",
        "accordion",
        "check_question",
    }
    # Review before publishing: the trainer cannot publish, the moderator can.
    trainer = get_user_model().objects.get(username="giangvien")
    moderator = get_user_model().objects.get(username="kiemduyet")
    assert not security.permissions_for_user(trainer).can_publish()
    assert security.permissions_for_user(trainer).can_edit()
    assert security.permissions_for_user(moderator).can_publish()
    # The catalog finds the course without diacritics.
    assert (
        "An toàn thông tin cho cán bộ"
        in client.get("/", {"q": "an toan thong tin"}).content.decode()
    )


# The demo's agencies and staff come in through the import path (issue 7)

CATEGORIES = {
    "Cán bộ": LearnerProfile.Category.CAN_BO,
    "Công chức": LearnerProfile.Category.CONG_CHUC,
    "Viên chức": LearnerProfile.Category.VIEN_CHUC,
    "Người lao động": LearnerProfile.Category.NGUOI_LAO_DONG,
}


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _day(text: str) -> datetime.date | None:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", "--no-progress", stdout=out)
    return out.getvalue()


def test_the_demo_tree_is_the_agency_file_created_through_the_import():
    _seed()
    rows = _rows(data.AGENCIES_FILE)
    assert len(rows) >= 25
    expected = {
        row["Mã đơn vị"]: (
            row["Tên đơn vị"],
            kind_parse(row["Loại đơn vị"]),
            row["Mã đơn vị cấp trên"] or None,
            _day(row["Hoạt động từ"]),
        )
        for row in rows
    }
    stored = {
        agency.code: (
            agency.name,
            agency.kind,
            parent.code if (parent := agency.get_parent()) else None,
            agency.active_from,
        )
        for agency in Agency.objects.all()
    }
    assert stored == expected
    # Each agency was created by the import's service, its event naming the file.
    events = AgencyEvent.objects.filter(kind=AgencyEvent.Kind.CREATED)
    assert sorted(events.values_list("agency__code", flat=True)) == sorted(expected)
    assert set(events.values_list("reason", flat=True)) == {"Nhập tệp agencies.csv"}


def test_the_demo_people_are_the_staff_file_imported_with_their_user_names():
    _seed()
    rows = _rows(data.STAFF_FILE)
    assert len(rows) >= 60
    profiles = {
        profile.employee_code: profile
        for profile in LearnerProfile.objects.select_related("user", "agency")
    }
    assert set(profiles) == {row["Mã cán bộ"] for row in rows}
    for row in rows:
        profile = profiles[row["Mã cán bộ"]]
        assert (
            profile.user.username,
            profile.full_name,
            profile.agency.code,
            profile.birth_date,
            profile.category,
            profile.position,
            profile.job_position,
            profile.rank,
            profile.agency_start_date,
        ) == (
            row["Tên đăng nhập"],
            row["Họ và tên"],
            row["Mã đơn vị"],
            _day(row["Ngày sinh"]),
            CATEGORIES[row["Loại"]],
            row["Chức vụ"],
            row["Vị trí việc làm"],
            row["Ngạch"],
            _day(row["Ngày vào cơ quan"]),
        ), row["Mã cán bộ"]
    # Written by the staff import: each record's only history row is its creation, naming the
    # file (a record written any other way has none, or another reason).
    history = LearnerProfile.history.values_list("employee_code", "history_type")
    assert sorted(history) == sorted((code, "+") for code in profiles)
    reasons = set(LearnerProfile.history.values_list("history_change_reason", flat=True))
    assert reasons == {"Nhập tệp staff.csv"}
    # The accounts the README, the browser tests and bench/ sign in with.
    learner = profiles["NB900001"]
    assert (learner.user.username, learner.full_name, learner.agency.code) == (
        "hocvien",
        "Lê Thu Hà",
        "SKHCN-CDS",
    )
    assert learner.user.check_password(DEMO_PASSWORD)
    assert get_user_model().objects.get(username="phamquanghuy").check_password(DEMO_PASSWORD)


def test_a_second_seed_imports_every_row_unchanged_and_leaves_passwords_alone():
    first = _seed()
    agencies, people = len(_rows(data.AGENCIES_FILE)), len(_rows(data.STAFF_FILE))
    assert f"agencies.csv: Thêm mới: {agencies} · cập nhật: 0 · không đổi: 0" in first
    assert f"staff.csv: Thêm mới: {people} · cập nhật: 0 · không đổi: 0" in first
    User = get_user_model()
    # A demo user who chose their own password keeps it; someone HR imported on the demo site
    # (not in the demo's file) is not handed the published password.
    learner = User.objects.get(username="hocvien")
    learner.set_password("Mat-khau-rieng-2026")
    learner.save()
    outsider = User.objects.create(username="NB777777", password=make_password(None))
    LearnerProfile.objects.create(
        user=outsider,
        agency=Agency.objects.get(code="SKHCN-CDS"),
        full_name="Người Ngoài Tệp",
        category=LearnerProfile.Category.CONG_CHUC,
        employee_code="NB777777",
    )

    def state():
        return (
            sorted(User.objects.values_list("username", "password")),
            LearnerProfile.history.count(),
            Agency.history.count(),
            AgencyEvent.objects.count(),
        )

    before = state()
    second = _seed()
    assert f"agencies.csv: Thêm mới: 0 · cập nhật: 0 · không đổi: {agencies}" in second
    assert f"staff.csv: Thêm mới: 0 · cập nhật: 0 · không đổi: {people}" in second
    assert state() == before
    learner.refresh_from_db()
    outsider.refresh_from_db()
    assert learner.check_password("Mat-khau-rieng-2026")
    assert not outsider.has_usable_password()


def test_a_demo_staff_file_with_a_bad_row_fails_the_seed_and_writes_no_staff(tmp_path, monkeypatch):
    rows = _rows(data.STAFF_FILE)[:2]
    rows[1]["Tên đăng nhập"] = rows[0]["Tên đăng nhập"]
    broken = tmp_path / "staff.csv"
    with broken.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(data, "STAFF_FILE", broken)
    with pytest.raises(CommandError) as caught:
        _seed()
    assert f"Dòng 3, cột “Tên đăng nhập”: Tên đăng nhập {rows[0]['Tên đăng nhập']}" in str(
        caught.value
    )
    assert not LearnerProfile.objects.exists()
