"""A person's training transcript, on the page and as PDF: every record, hours per year, what is
in progress, requirements; HR sees their subtree's people, a learner only their own."""

import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance import transcripts
from compliance.models import TrainingRecord
from learning.models import Enrollment
from tests import factories
from tests.compliance.test_dashboard import dashboard_world

pytestmark = pytest.mark.django_db

MINE = reverse("compliance_dashboard:my_transcript")
MINE_PDF = reverse("compliance_dashboard:my_transcript_pdf")


def _transcript(profile) -> str:
    return reverse("compliance_dashboard:transcript", args=[profile.pk])


def _transcript_pdf(profile) -> str:
    return reverse("compliance_dashboard:transcript_pdf", args=[profile.pk])


@pytest.fixture
def world():
    world = dashboard_world()
    ha = world["people"]["ha"]
    # Two more records of Hà in 2024, one hostile, and a platform one with its enrollment.
    TrainingRecord.objects.create(
        profile=ha,
        source=TrainingRecord.Source.IMPORTED,
        title='<script>alert(1)</script> =HYPERLINK("http://x") Bồi dưỡng',
        completed_on=date(2024, 3, 5),
        hours=Decimal("1.5"),
    )
    enrollment = Enrollment.objects.get(user=ha.user, certificate_number="80/GCN-SKHCN")
    TrainingRecord.objects.create(
        profile=ha,
        source=TrainingRecord.Source.PLATFORM,
        enrollment=enrollment,
        course=enrollment.course,
        title="Kỹ năng số cơ bản",
        completed_on=date(2024, 10, 1),
        hours=Decimal("8"),
    )
    # A course Hà is studying now.
    Enrollment.objects.create(user=ha.user, course=factories.course(code="CDS-02", lessons=1))
    return world


def test_transcript_lists_records_hours_per_year_progress_and_requirements(world):
    ha = world["people"]["ha"]
    transcript = transcripts.transcript_for(profile=ha)
    assert [line.title for line in transcript.records][1:] == [
        "Kỹ năng số cơ bản",
        "An toàn thông tin cơ bản",
    ]
    platform = transcript.records[1]
    # A platform record takes the score and certificate number of its enrollment.
    assert (platform.course_code, platform.score, platform.certificate_number) == (
        "KNS",
        Decimal("80"),
        "80/GCN-SKHCN",
    )
    assert platform.imported is False and transcript.records[0].imported is True
    this_year = world["today"] - timedelta(days=5)
    assert transcript.hours_by_year == [(2024, Decimal("9.5")), (this_year.year, Decimal("4"))]
    assert transcript.hours_total == Decimal("13.5")
    assert [line.course_code for line in transcript.in_progress] == ["CDS-02"]
    assert [(line.title, line.status) for line in transcript.requirements] == [
        ("A · An toàn thông tin", "completed"),
        ("B · Kỹ năng số", "completed"),
        ("C · Chính quyền số", "completed"),
    ]


def test_transcript_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    ha = world["people"]["ha"]
    for n in range(20):
        TrainingRecord.objects.create(
            profile=ha,
            source=TrainingRecord.Source.IMPORTED,
            title=f"Khóa {n}",
            completed_on=date(2023, 1, 1) + timedelta(days=n),
            hours=Decimal(1),
        )
    with django_assert_max_num_queries(3):
        transcript = transcripts.transcript_for(profile=ha)
    assert len(transcript.records) == 23


def test_hr_in_scope_sees_the_transcript_and_its_hostile_text_as_text(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    response = client.get(_transcript(world["people"]["ha"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lê Thu Hà" in html and "12/GCN-SKHCN" in html and "13,5" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert _transcript_pdf(world["people"]["ha"]) in html


def test_hr_of_another_department_gets_not_found(world, client):
    client.force_login(factories.hr_manager(world["tree"]["STC"], username="hr-stc"))
    ha = world["people"]["ha"]
    assert client.get(_transcript(ha)).status_code == 404
    assert client.get(_transcript_pdf(ha)).status_code == 404
    assert client.get(_transcript(world["people"]["lan"])).status_code == 200
    assert client.get("/quan-ly/tuan-thu/ho-so/999999999999999999/").status_code == 404
    assert client.get(f"/quan-ly/tuan-thu/ho-so/{'9' * 30}/").status_code == 404


def test_learners_are_refused_hr_transcripts_and_visitors_sent_to_log_in(world, client):
    ha = world["people"]["ha"]
    assert client.get(_transcript(ha)).status_code == 302
    assert client.get(MINE).status_code == 302
    assert client.get(MINE_PDF).status_code == 302
    client.force_login(world["people"]["duc"].user)
    assert client.get(_transcript(ha)).status_code == 403
    assert client.get(_transcript_pdf(ha)).status_code == 403


def test_a_learner_sees_only_their_own_transcript(world, client):
    client.force_login(world["people"]["lan"].user)
    html = client.get(MINE).content.decode()
    assert "Phạm Văn Lan" in html and "Bồi dưỡng kỹ năng số" in html
    assert "Lê Thu Hà" not in html and "An toàn thông tin cơ bản" not in html
    assert "12/GCN-SKHCN" not in html


def test_an_account_without_a_staff_record_is_told_so(world, client):
    client.force_login(factories.UserFactory(username="khach"))
    response = client.get(MINE)
    assert response.status_code == 200
    assert response.context["transcript"] is None
    assert client.get(MINE_PDF).status_code == 404


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "ho-so.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603 - a fixed local program on a file we wrote
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def test_pdf_has_the_vietnamese_heading_name_hours_and_hostile_text_as_text(
    world, client, tmp_path
):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    response = client.get(_transcript_pdf(world["people"]["ha"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    assert "HỒ SƠ ĐÀO TẠO, BỒI DƯỠNG" in text
    assert "Lê Thu Hà" in text
    assert world["people"]["ha"].employee_code in text
    assert "Phòng Chuyển đổi số" in text
    assert "9,5" in text and "13,5" in text  # hours in 2024, and in all
    assert "80/GCN-SKHCN" in text
    assert "<script>alert(1)</script>" in text
    assert '=HYPERLINK("http://x")' in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text


def test_learner_downloads_their_own_pdf_only(world, client, tmp_path):
    client.force_login(world["people"]["lan"].user)
    text = _pdf_text(client.get(MINE_PDF).content, tmp_path)
    assert "Phạm Văn Lan" in text and "2,5" in text
    assert "Lê Thu Hà" not in text
