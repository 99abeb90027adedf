"""The HR compliance dashboard: figures against a hand-computed world, drill-down, scope, charts'
tables, and a query count that does not grow with the people behind it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance import dashboard, services
from compliance.figures import compliance_tree
from compliance.models import Assignment, Requirement, TrainingRecord
from learning.models import Enrollment
from tests import factories

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("compliance_dashboard:dashboard")


def _requirement(title: str, course, due_in_days: int) -> Requirement:
    """Once, for everyone (no category), due by a fixed date `due_in_days` from today."""
    requirement = Requirement.objects.create(
        title=title,
        categories=[],
        due_rule=Requirement.DueRule.FIXED,
        due_date=timezone.localdate() + timedelta(days=due_in_days),
        recurrence=Requirement.Recurrence.NONE,
        due_soon_days=30,
    )
    requirement.courses.add(course)
    return requirement


def dashboard_world() -> dict:
    """Four people, three requirements, statuses and scores worked out by hand:

    | person (agency, category)          | A (due in 200 d) | B (was due 10 d ago) | C (due in 10 d) |
    | Lê Thu Hà (SKHCN-CDS, công chức)   | completed        | completed            | completed       |
    | Nguyễn Văn Đức (SKHCN, công chức)  | not started      | overdue              | due soon        |
    | Trần Thị Mai (SKHCN-CDS, viên chức)| exempt           | overdue              | due soon        |
    | Phạm Văn Lan (STC-NS, công chức)   | not started      | overdue              | due soon        |

    Ha completed the course (imported record, 5 days ago, 4 tiết); Lan has an imported record
    of another training 40 days ago (2,5 tiết). Final scores of completed enrollments of
    another course: Hà 80, Đức 90, Lan 70 (Mai none).
    """
    today = timezone.localdate()
    tree = factories.agency_tree()
    course = factories.course(code="ATTT", lessons=1)
    other_course = factories.course(code="KNS", lessons=1)
    people = {
        "ha": factories.staff_member(tree["SKHCN-CDS"], full_name="Lê Thu Hà"),
        "duc": factories.staff_member(tree["SKHCN"], full_name="Nguyễn Văn Đức"),
        "mai": factories.staff_member(
            tree["SKHCN-CDS"], full_name="Trần Thị Mai", category="vien_chuc"
        ),
        "lan": factories.staff_member(tree["STC-NS"], full_name="Phạm Văn Lan"),
    }
    TrainingRecord.objects.create(
        profile=people["ha"],
        source=TrainingRecord.Source.IMPORTED,
        course=course,
        title="An toàn thông tin cơ bản",
        completed_on=today - timedelta(days=5),
        hours=Decimal("4"),
        score=Decimal("85"),
        certificate_number="12/GCN-SKHCN",
    )
    TrainingRecord.objects.create(
        profile=people["lan"],
        source=TrainingRecord.Source.IMPORTED,
        title="Bồi dưỡng kỹ năng số",
        completed_on=today - timedelta(days=40),
        hours=Decimal("2.5"),
    )
    requirements = {
        "A": _requirement("A · An toàn thông tin", course, 200),
        "B": _requirement("B · Kỹ năng số", course, -10),
        "C": _requirement("C · Chính quyền số", course, 10),
    }
    for requirement in requirements.values():
        services.requirement_sync(requirement)
    root = factories.UserFactory(username="root", is_superuser=True)
    services.assignment_exempt(
        by=root,
        assignment=Assignment.objects.get(requirement=requirements["A"], profile=people["mai"]),
        exempt=True,
        reason="Nghỉ thai sản",
    )
    for key, score in (("ha", 80), ("duc", 90), ("lan", 70)):
        Enrollment.objects.create(
            user=people[key].user,
            course=other_course,
            status=Enrollment.Status.COMPLETED,
            completed_at=timezone.now() - timedelta(days=3),
            score=Decimal(score),
            certificate_number=f"{score}/GCN-SKHCN",
        )
    return {
        "tree": tree,
        "people": people,
        "requirements": requirements,
        "root": root,
        "course": course,
        "today": today,
    }


@pytest.fixture
def world():
    return dashboard_world()


def _statuses(world, key):
    return dict(
        Assignment.objects.filter(requirement=world["requirements"][key]).values_list(
            "profile__full_name", "status"
        )
    )


def test_the_world_has_the_statuses_worked_out_by_hand(world):
    assert _statuses(world, "A") == {
        "Lê Thu Hà": "completed",
        "Nguyễn Văn Đức": "not_started",
        "Trần Thị Mai": "exempt",
        "Phạm Văn Lan": "not_started",
    }
    assert set(_statuses(world, "B").values()) == {"completed", "overdue"}
    assert sorted(_statuses(world, "C").values()) == [
        "completed",
        "due_soon",
        "due_soon",
        "due_soon",
    ]


def test_cards_show_rates_and_counts_of_the_hr_subtree(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    cards = {card["requirement"].title: card["figures"] for card in response.context["cards"]}
    # SKHCN: Hà, Đức, Mai. A: 1 completed of 2 counted (Mai exempt) → 50 %.
    assert cards["A · An toàn thông tin"].rate == 50.0
    assert cards["A · An toàn thông tin"].counted == 2
    assert cards["A · An toàn thông tin"].by_status["exempt"] == 1
    # B: 1 of 3 → 33.3 %; two overdue.
    assert cards["B · Kỹ năng số"].rate == 33.3
    assert cards["B · Kỹ năng số"].by_status["overdue"] == 2
    html = response.content.decode()
    assert "50,0%" in html and "33,3%" in html
    assert "Phạm Văn Lan" not in html  # STC is not this HR's


def test_province_sees_everyone_and_drills_down_along_the_tree(world, client):
    client.force_login(factories.hr_manager(world["tree"]["UBND-NB"], username="tinh"))
    response = client.get(DASHBOARD)
    cards = {card["requirement"].title: card["figures"] for card in response.context["cards"]}
    assert cards["A · An toàn thông tin"].rate == 33.3  # 1 of 3 counted
    assert cards["B · Kỹ năng số"].rate == 25.0  # 1 of 4

    skhcn = world["tree"]["SKHCN"]
    response = client.get(DASHBOARD, {"agency": skhcn.pk})
    assert response.status_code == 200
    rows = response.context["rows"]
    # The agency itself, then its children: SKHCN (all together), Phòng Chuyển đổi số.
    assert [row["agency"].code for row in rows] == ["SKHCN", "SKHCN-CDS"]
    b_column = [req.title for req in response.context["requirements"]].index("B · Kỹ năng số")
    assert rows[0]["cells"][b_column].rate == 33.3
    assert rows[1]["cells"][b_column].rate == 50.0  # Hà completed, Mai overdue
    html = response.content.decode()
    # Breadcrumb back up to the province, and the child row links to its own drill-down.
    assert f'href="?agency={world["tree"]["UBND-NB"].pk}"' in html
    assert f'href="?agency={world["tree"]["SKHCN-CDS"].pk}"' in html
    assert 'aria-current="page">Sở Khoa học và Công nghệ<' in html


def test_late_and_due_soon_lists_link_to_the_full_list(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    response = client.get(DASHBOARD)
    assert response.context["late_count"] == 2  # Đức and Mai, requirement B
    assert {row.full_name for row in response.context["late_rows"]} == {
        "Nguyễn Văn Đức",
        "Trần Thị Mai",
    }
    assert response.context["due_soon_count"] == 2
    html = response.content.decode()
    assert reverse("compliance_dashboard:people") + "?status=overdue&amp;status=expired" in html
    profile = world["people"]["duc"]
    assert reverse("compliance_dashboard:transcript", args=[profile.pk]) in html


def test_completions_per_month_in_one_query_for_the_people_in_scope(
    world, django_assert_num_queries
):
    hr = factories.hr_manager(world["tree"]["SKHCN"])
    today = world["today"]
    with django_assert_num_queries(2):  # the HR scope's roles, the grouped records
        months = dashboard.completions_by_month(user=hr, agency=None, today=today)
    assert len(months) == 12
    assert months[-1].month == today.replace(day=1)
    counted = {
        month.month: (month.completions, month.hours) for month in months if month.completions
    }
    # Only Hà's record: Lan (STC) is not in this HR's subtree.
    assert counted == {(today - timedelta(days=5)).replace(day=1): (1, Decimal("4"))}
    root_months = dashboard.completions_by_month(user=world["root"], agency=None, today=today)
    assert sum(month.completions for month in root_months) == 2


def test_average_scores_roll_up_to_the_rows_shown(world):
    root = world["root"]
    tree = compliance_tree(user=root, requirement_ids=[])
    province = world["tree"]["UBND-NB"]
    rows = [row.agency for row in tree.rows(province.pk)]
    scores = {
        score.agency.code: (score.average, score.count)
        for score in dashboard.average_scores(user=root, tree=tree, rows=rows, agency=province)
    }
    assert scores == {
        "UBND-NB": (Decimal("80.0"), 3),
        "SKHCN": (Decimal("85.0"), 2),  # Hà 80 (in the division below), Đức 90
        "STC": (Decimal("70.0"), 1),
    }


def test_charts_read_tables_and_scripts_come_from_our_origin(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    html = client.get(DASHBOARD).content.decode()
    assert html.count('data-chart="') == 3
    assert "<caption>" in html and 'scope="col"' in html
    assert 'src="/static/vendor/chartjs/chart.umd.js"' in html
    assert 'src="/static/js/compliance-charts.js"' in html
    # No inline script: the Content-Security-Policy would block it.
    assert "<script>" not in html
    # The chart's values are machine numbers (a dot), whatever the page's language shows.
    assert 'data-value="50.0"' in html


def test_an_agency_outside_scope_is_not_found_and_bad_ids_are_explained(world, client):
    client.force_login(factories.hr_manager(world["tree"]["SKHCN"]))
    assert client.get(DASHBOARD, {"agency": world["tree"]["STC"].pk}).status_code == 404
    assert client.get(DASHBOARD, {"agency": "9" * 30}).status_code == 404
    response = client.get(DASHBOARD, {"agency": "abc"})
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert 'class="error" role="alert"' in response.content.decode()
    # The bad filter is ignored: the page shows the HR's whole scope.
    assert [row["agency"].code for row in response.context["rows"]] == ["SKHCN"]


def test_learners_are_refused_and_anonymous_visitors_sent_to_log_in(world, client):
    assert client.get(DASHBOARD).status_code == 302
    client.force_login(world["people"]["ha"].user)
    assert client.get(DASHBOARD).status_code == 403


def test_dashboard_queries_do_not_grow_with_people(world, client, django_assert_max_num_queries):
    client.force_login(factories.hr_manager(world["tree"]["UBND-NB"], username="tinh"))
    with django_assert_max_num_queries(30) as small:
        client.get(DASHBOARD)
    for n in range(30):
        person = factories.staff_member(world["tree"]["STC-NS"], full_name=f"Người {n}")
        Enrollment.objects.create(
            user=person.user,
            course=world["course"],
            status=Enrollment.Status.COMPLETED,
            score=Decimal(60),
        )
    for requirement in world["requirements"].values():
        services.requirement_sync(requirement)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(DASHBOARD)
    assert response.context["late_count"] > 30
    assert len(response.context["late_rows"]) == 10
