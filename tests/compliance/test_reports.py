"""The HR reports: agency × requirement, the people list (the overdue list) and the certificates
issued; figures against the hand-computed world of test_dashboard, scope, bad filters, search and
query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance import services
from learning.models import Enrollment
from tests import factories
from tests.compliance.test_dashboard import dashboard_world

pytestmark = pytest.mark.django_db

REPORT = reverse("compliance_dashboard:report")
PEOPLE = reverse("compliance_dashboard:people")
CERTIFICATES = reverse("compliance_dashboard:certificates")


@pytest.fixture
def world():
    return dashboard_world()


def _cells(response) -> dict[str, dict[str, tuple]]:
    """agency code → requirement title → (rate, completed, counted)."""
    titles = [requirement.title for requirement in response.context["requirements"]]
    return {
        row["agency"].code: {
            title: (cell.rate, cell.completed, cell.counted)
            for title, cell in zip(titles, row["cells"], strict=True)
        }
        for row in response.context["rows"]
    }


# --- agency × requirement -------------------------------------------------------------------------


def test_report_rows_are_the_drill_down_level_and_columns_the_requirements(world, client):
    client.force_login(factories.hr_manager(world["tree"]["UBND-NB"], username="tinh"))
    response = client.get(REPORT)
    assert response.status_code == 200
    assert _cells(response) == {
        "UBND-NB": {
            "A · An toàn thông tin": (33.3, 1, 3),
            "B · Kỹ năng số": (25.0, 1, 4),
            "C · Chính quyền số": (25.0, 1, 4),
        }
    }
    response = client.get(REPORT, {"agency": world["tree"]["UBND-NB"].pk})
    cells = _cells(response)
    assert list(cells) == ["UBND-NB", "SKHCN", "STC"]
    assert cells["SKHCN"]["A · An toàn thông tin"] == (50.0, 1, 2)
    assert cells["STC"]["B · Kỹ năng số"] == (0.0, 0, 1)
    html = response.content.decode()
    assert "50,0%" in html and "(1/2)" in html


def test_report_filters_requirements_and_staff_category(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    requirements = world["requirements"]
    response = client.get(REPORT, {"requirement": f"{requirements['A'].pk},{requirements['B'].pk}"})
    assert [r.title for r in response.context["requirements"]] == [
        "A · An toàn thông tin",
        "B · Kỹ năng số",
    ]
    # Viên chức in SKHCN: only Mai, exempt from A (nobody counted), overdue on B.
    response = client.get(REPORT, {"category": "vien_chuc", "agency": world["tree"]["SKHCN"].pk})
    cells = _cells(response)
    assert cells["SKHCN"]["A · An toàn thông tin"] == (None, 0, 0)
    assert cells["SKHCN"]["B · Kỹ năng số"] == (0.0, 0, 1)
    assert cells["SKHCN-CDS"]["B · Kỹ năng số"] == (0.0, 0, 1)
    # Công chức: Hà and Đức.
    response = client.get(REPORT, {"category": "cong_chuc"})
    assert _cells(response)["SKHCN"]["B · Kỹ năng số"] == (50.0, 1, 2)


def test_report_bad_filters_are_explained_and_foreign_agencies_not_found(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    response = client.get(REPORT, {"requirement": "abc", "category": "khong-co"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"requirement", "category"}
    assert 'role="alert"' in response.content.decode()
    assert len(response.context["requirements"]) == 3  # the bad filter is not applied
    assert client.get(REPORT, {"agency": world["tree"]["STC-NS"].pk}).status_code == 404


# --- the people list ------------------------------------------------------------------------------


def _names(response) -> list[str]:
    return [row.full_name for row in response.context["rows"]]


def test_people_list_is_the_hr_subtree_and_links_to_transcripts(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    response = client.get(PEOPLE, {"requirement": world["requirements"]["A"].pk})
    assert response.status_code == 200
    assert sorted(_names(response)) == ["Lê Thu Hà", "Nguyễn Văn Đức", "Trần Thị Mai"]
    html = response.content.decode()
    assert reverse("compliance_dashboard:transcript", args=[world["people"]["ha"].pk]) in html
    assert "Phạm Văn Lan" not in html


def test_overdue_list_takes_statuses_repeated_or_joined_by_commas(world, client):
    client.force_login(factories.hr_manager(world["tree"]["UBND-NB"], username="tinh"))
    repeated = client.get(PEOPLE, {"status": ["overdue", "expired"]})
    joined = client.get(PEOPLE, {"status": "overdue,expired"})
    expected = ["Nguyễn Văn Đức", "Phạm Văn Lan", "Trần Thị Mai"]
    assert sorted(_names(repeated)) == sorted(_names(joined)) == expected
    assert {row.status for row in repeated.context["rows"]} == {"overdue"}


def test_people_search_with_and_without_diacritics(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    for query in ("le thu ha", "Lê Thu Hà", "LE THU HA"):
        response = client.get(PEOPLE, {"q": query})
        assert set(_names(response)) == {"Lê Thu Hà"}, query
    assert _names(client.get(PEOPLE, {"q": "pham van lan"})) == []  # not this HR's


def test_people_filters_by_category_and_agency(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    assert set(_names(client.get(PEOPLE, {"category": "vien_chuc"}))) == {"Trần Thị Mai"}
    cds = world["tree"]["SKHCN-CDS"].pk
    assert set(_names(client.get(PEOPLE, {"agency": cds}))) == {"Lê Thu Hà", "Trần Thị Mai"}


def test_people_bad_filters_are_explained_and_change_nothing(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    response = client.get(PEOPLE, {"status": "nghi-phep", "requirement": "9" * 30, "page": "abc"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"status", "requirement"}
    assert response.context["page"].paginator.count == 9  # 3 people × 3 requirements
    assert client.get(PEOPLE, {"agency": world["tree"]["STC"].pk}).status_code == 404


def test_people_list_pages_by_25_in_bounded_queries(world, client, django_assert_max_num_queries):
    hr = factories.hr_manager(world["tree"]["UBND-NB"], username="tinh")
    client.force_login(hr)
    with django_assert_max_num_queries(20) as few:
        client.get(PEOPLE)
    for n in range(40):
        factories.staff_member(world["tree"]["STC-NS"], full_name=f"Người số {n}")
    for requirement in world["requirements"].values():
        services.requirement_sync(requirement)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(PEOPLE, {"page": 2})
    assert len(response.context["rows"]) == 25
    assert response.context["page"].paginator.count == 132  # 44 people × 3 requirements


# --- certificates issued --------------------------------------------------------------------------


def _numbers(response) -> list[str]:
    return [enrollment.certificate_number for enrollment in response.context["page"].object_list]


def test_certificates_issued_in_scope(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    response = client.get(CERTIFICATES)
    assert response.status_code == 200
    assert sorted(_numbers(response)) == ["80/GCN-SKHCN", "90/GCN-SKHCN"]  # not Lan's 70
    assert "Phạm Văn Lan" not in response.content.decode()


def test_certificates_in_a_period_given_as_dd_mm_yyyy(world, client):
    client.force_login(factories.UserFactory(username="root2", is_superuser=True))
    old = Enrollment.objects.get(certificate_number="70/GCN-SKHCN")
    Enrollment.objects.filter(pk=old.pk).update(completed_at=timezone.now() - timedelta(days=400))
    today = timezone.localdate()
    since = (today - timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.get(CERTIFICATES, {"issued_from": since})
    assert sorted(_numbers(response)) == ["80/GCN-SKHCN", "90/GCN-SKHCN"]
    until = (today - timedelta(days=300)).strftime("%d/%m/%Y")
    assert _numbers(client.get(CERTIFICATES, {"issued_to": until})) == ["70/GCN-SKHCN"]
    assert _numbers(client.get(CERTIFICATES, {"q": "nguyen van duc"})) == ["90/GCN-SKHCN"]


def test_certificates_bad_period_is_explained_in_vietnamese(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    response = client.get(CERTIFICATES, {"issued_from": "2025-01-31"})
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.context["form"].errors["issued_from"][0]
    assert len(_numbers(response)) == 2  # the bad date is not applied
    response = client.get(CERTIFICATES, {"issued_from": "31/12/2026", "issued_to": "01/01/2026"})
    assert response.context["form"].non_field_errors()
    assert len(_numbers(response)) == 2
    html = response.content.decode()
    assert "Ngày bắt đầu" in html  # the Vietnamese message


def test_certificates_page_in_bounded_queries(world, client, django_assert_max_num_queries):
    client.force_login(factories.hr_manager(world["tree"]["UBND-NB"], username="tinh"))
    with django_assert_max_num_queries(20) as few:
        client.get(CERTIFICATES)
    course = factories.course(code="CDS", lessons=1)
    for n in range(30):
        person = factories.staff_member(world["tree"]["STC-NS"], full_name=f"Người {n}")
        Enrollment.objects.create(
            user=person.user,
            course=course,
            status=Enrollment.Status.COMPLETED,
            completed_at=timezone.now(),
            score=Decimal(75),
            certificate_number=f"{n}/GCN-STC",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(CERTIFICATES)
    assert len(response.context["page"].object_list) == 25


@pytest.mark.parametrize("url", [REPORT, PEOPLE, CERTIFICATES])
def test_reports_refuse_learners_and_send_visitors_to_log_in(world, client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    client.force_login(world["people"]["ha"].user)
    assert client.get(url).status_code == 403
