import pytest

from certificates.models import Certificate
from learning.models import Enrollment
from learning.services import (
    enrollment_completion_evaluate,
    enrollment_create,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from learning.signals import enrollment_completed
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment():
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    course = factories.course(lessons=2)
    user = factories.learner(agencies["SKHCN-CDS"], full_name="Trần Thị Mai")
    return enrollment_create(user=user, course=course)


def pass_quiz(enrollment):
    quiz = enrollment.course.quizzes().get()
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=quiz)
    quiz_attempt_submit(
        attempt=attempt, user=enrollment.user, answers=factories.correct_answers(attempt)
    )


def test_lessons_alone_do_not_complete(enrollment):
    factories.lessons_study(enrollment)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None


def test_completion_happens_once_and_queues_the_certificate_on_commit(
    enrollment, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, enrollment, **kwargs):
        received.append(enrollment.pk)

    enrollment_completed.connect(listener)
    try:
        factories.lessons_study(enrollment)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            pass_quiz(enrollment)
        assert Certificate.objects.count() == 0  # nothing before the commit
        assert enrollment_completion_evaluate(enrollment=enrollment) is False
        pass_quiz(enrollment)  # a second passed attempt does not complete again
    finally:
        enrollment_completed.disconnect(listener)
    assert received == [enrollment.pk]
    assert len(callbacks) == 1
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert float(enrollment.score) == 100.0


def test_completed_enrollment_gets_its_certificate(enrollment, django_capture_on_commit_callbacks):
    factories.lessons_study(enrollment)
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(enrollment)
    certificate = Certificate.objects.get()
    assert certificate.number == "1/GCN-SKHCN"
    assert certificate.holder_name == "Trần Thị Mai"
    enrollment.refresh_from_db()
    assert enrollment.certificate_number == "1/GCN-SKHCN"
