import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from certificates.models import Certificate
from courses.models import CoursePage, LessonPage, QuizPage
from learning.models import Agency, AgencyRole, Enrollment, LearnerProfile

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
    assert first["AgencyRole"] == 2
    assert first["Certificate"] > 0
    assert first["Certificate"] == Enrollment.objects.filter(completed_at__isnull=False).count()
    for quiz in QuizPage.objects.all():
        assert len(quiz.question_snapshot()) >= 8
    certificate = Certificate.objects.first()
    assert certificate.pdf.read().startswith(b"%PDF")
    call_command("seed_demo")
    assert _counts() == first


def test_demo_trainer_reaches_images_and_documents(client):
    call_command("seed_demo", "--no-progress")
    client.force_login(get_user_model().objects.get(username="giangvien"))
    for path in ("/admin/images/", "/admin/images/chooser/", "/admin/documents/"):
        # A 302 here is Wagtail refusing: it sends the trainer back to the dashboard.
        assert client.get(path).status_code == 200, path
