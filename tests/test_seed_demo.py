import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from agencies.models import Agency, AgencyRole, LearnerProfile
from certificates.models import Certificate
from courses.exercises.ordering import OrderingStepsBlock
from courses.exercises.passphrase import PassphraseTrainerBlock
from courses.exercises.phishing import PhishingInboxBlock
from courses.models import CoursePage, LessonPage, QuizPage
from demo.data import EXERCISE, EXERCISES_LESSON
from learning.models import Enrollment
from tests.courses.xblock_host import Host

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Agency, LearnerProfile, AgencyRole, CoursePage, LessonPage, QuizPage)
    } | {"Enrollment": Enrollment.objects.count(), "Certificate": Certificate.objects.count()}


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
