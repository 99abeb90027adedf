from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors import holder_name_masked
from certificates.services import certificate_issue, certificate_result_text
from certificates.signing import pdf_signature_check
from learning.models import Enrollment
from learning.services import (
    enrollment_create,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db


def complete(user, course):
    enrollment = enrollment_create(user=user, course=course)
    factories.lessons_study(enrollment)
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=course.quizzes().get())
    quiz_attempt_submit(attempt=attempt, user=user, answers=factories.correct_answers(attempt))
    return enrollment


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    course = factories.course()
    holder = factories.learner(agencies["SKHCN-CDS"], full_name="Nguyễn Văn An")
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = complete(holder, course)
    return {
        "agencies": agencies,
        "course": course,
        "holder": holder,
        "enrollment": enrollment,
        "certificate": Certificate.objects.get(),
    }


def test_issued_pdf_is_signed_and_verifies_against_the_test_root(world, trust_roots):
    certificate = world["certificate"]
    pdf = certificate.pdf.read()
    assert pdf_signature_check(pdf, trust_roots=trust_roots).ok
    tampered = bytearray(pdf)
    position = pdf.index(b"stream") + 20
    tampered[position] ^= 0x01
    assert not pdf_signature_check(bytes(tampered), trust_roots=trust_roots).ok


def test_issuing_twice_returns_the_same_certificate(world):
    again = certificate_issue(enrollment_id=world["enrollment"].pk)
    assert again.pk == world["certificate"].pk
    assert Certificate.objects.count() == 1


def test_numbers_follow_the_issuer_sequence(world, django_capture_on_commit_callbacks):
    second = factories.learner(world["agencies"]["STC-NS"])
    with django_capture_on_commit_callbacks(execute=True):
        complete(second, world["course"])
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [
        "1/GCN-SKHCN",
        "2/GCN-SKHCN",
    ]


def test_verification_page_shows_status_and_masked_name(client, world):
    certificate = world["certificate"]
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Còn hiệu lực" in html
    assert "N***** V** An" in html
    assert "Nguyễn Văn An" not in html
    assert world["course"].title in html
    assert certificate.number in html


def test_verification_of_unknown_code_is_a_clear_not_found(client, db):
    response = client.get(reverse("certificates:verify", args=["KHONGCOMA"]))
    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in response.content.decode()


def test_lookup_form_leads_to_the_certificate(client, world):
    code = world["certificate"].code
    response = client.get(reverse("certificates:verify_lookup"), {"ma": code.lower()})
    assert response["Location"] == reverse("certificates:verify", args=[code])


@pytest.mark.parametrize(
    ("name", "masked"),
    [("Nguyễn Văn An", "N***** V** An"), ("Lê Thị Ánh Tuyết", "L* T** Á** Tuyết"), ("An", "A*")],
)
def test_holder_name_masking(name, masked):
    assert holder_name_masked(name) == masked


def test_holder_downloads_own_certificate(client, world):
    client.force_login(world["holder"])
    response = client.get(reverse("certificates:download", args=[world["certificate"].code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_other_learner_cannot_download(client, world):
    client.force_login(factories.learner(world["agencies"]["SKHCN-CDS"]))
    response = client.get(reverse("certificates:download", args=[world["certificate"].code]))
    assert response.status_code == 404


def test_hr_in_scope_downloads_and_out_of_scope_is_refused(client, world):
    client.force_login(factories.hr_manager(world["agencies"]["SKHCN"], username="hr-in"))
    url = reverse("certificates:download", args=[world["certificate"].code])
    assert client.get(url).status_code == 200
    client.force_login(factories.hr_manager(world["agencies"]["STC"], username="hr-out"))
    assert client.get(url).status_code == 404


def test_anonymous_download_goes_to_login(client, world):
    response = client.get(reverse("certificates:download", args=[world["certificate"].code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_my_certificates_lists_only_mine(client, world, django_assert_max_num_queries):
    client.force_login(world["holder"])
    with django_assert_max_num_queries(6):
        html = client.get(reverse("certificates:mine")).content.decode()
    assert world["certificate"].number in html
    client.force_login(factories.learner(world["agencies"]["STC"]))
    assert (
        world["certificate"].number not in client.get(reverse("certificates:mine")).content.decode()
    )


def test_admin_lists_issuers_and_refuses_learners(client, world):
    admin = factories.UserFactory(username="quantri", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/snippets/certificates/issuer/")
    assert response.status_code == 200
    assert "SKHCN" in response.content.decode()
    client.force_login(world["holder"])
    assert client.get("/admin/snippets/certificates/issuer/").status_code == 302


@pytest.mark.parametrize(
    ("score", "text"),
    [("81.8", "Đạt (81,8/100 điểm)"), ("100.0", "Đạt (100/100 điểm)"), (None, "Hoàn thành")],
)
def test_result_text_reads_as_vietnamese(score, text):
    enrollment = Enrollment(score=Decimal(score) if score else None)
    assert certificate_result_text(enrollment) == text
