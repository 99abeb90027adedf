"""The figures reports read: the maintained counts rolled up the tree, equal to bare SQL."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection

from agencies.models import LearnerProfile
from compliance import services
from compliance.figures import Figures, compliance_tree
from compliance.models import TrainingRecord
from tests import factories
from tests.compliance.test_services import yearly_security

pytestmark = pytest.mark.django_db


def bare_rolled_up(requirement_id: int) -> dict[tuple[int, str], int]:
    """Every agency's subtree figures by plain SQL over the assignments: the reference."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, s.status, COUNT(*) FROM agencies_agency a "
            "JOIN agencies_agency m ON m.path LIKE a.path || '%%' "
            "JOIN compliance_assignment s ON s.agency_id = m.id "
            "WHERE s.active AND s.requirement_id = %s GROUP BY a.id, s.status",
            [requirement_id],
        )
        return {(agency_id, status): n for agency_id, status, n in cursor.fetchall()}


def tree_rolled_up(tree, requirement_id: int) -> dict[tuple[int, str], int]:
    return {
        (agency_id, status): n
        for (rid, agency_id), figures in tree.rolled.items()
        if rid == requirement_id
        for status, n in figures.by_status.items()
        if n
    }


@pytest.fixture
def world():
    tree = factories.agency_tree()
    course = factories.course(code="ATTT", lessons=1)
    return {"tree": tree, "course": course}


def test_figures_by_hand(world):
    """Two công chức in a division, one completed; one exempt in the other sở."""
    tree, course = world["tree"], world["course"]
    done = factories.staff_member(tree["SKHCN-CDS"])
    factories.staff_member(tree["SKHCN-CDS"])
    exempt = factories.staff_member(tree["STC-NS"])
    requirement = yearly_security(course)
    TrainingRecord.objects.create(
        profile=done,
        source="imported",
        title="ATTT",
        course=course,
        completed_on=date(2026, 3, 5),
        hours=8,
    )
    services.requirement_sync(requirement, today=date(2026, 3, 10))
    root = factories.UserFactory(username="root", is_superuser=True)
    assignment = requirement.assignments.get(profile=exempt)
    services.assignment_exempt(by=root, assignment=assignment, exempt=True, reason="Biệt phái")

    figures = compliance_tree(user=root, requirement_ids=[requirement.pk])
    rows = {
        row.agency.code: row.figures[requirement.pk] for row in figures.rows(tree["UBND-NB"].pk)
    }
    assert list(rows) == ["UBND-NB", "SKHCN", "STC"]
    province = rows["UBND-NB"]
    assert (province.total, province.completed, province.counted, province.rate) == (3, 1, 2, 50.0)
    assert (rows["SKHCN"].total, rows["SKHCN"].rate) == (2, 50.0)
    assert (rows["STC"].total, rows["STC"]["exempt"], rows["STC"].rate) == (1, 1, None)
    assert figures.total(requirement.pk).by_status == province.by_status
    assert figures.row(tree["STC"].pk).figures[requirement.pk]["exempt"] == 1
    assert Figures().rate is None


def test_a_sos_hr_sees_only_their_subtree(world, django_assert_max_num_queries):
    tree, course = world["tree"], world["course"]
    factories.staff_member(tree["SKHCN-CDS"])
    factories.staff_member(tree["STC-NS"])
    requirement = yearly_security(course)
    services.requirement_sync(requirement)
    hr = factories.hr_manager(tree["SKHCN"])
    with django_assert_max_num_queries(0):
        figures = compliance_tree(user=hr, requirement_ids=[requirement.pk])
    assert [row.agency.code for row in figures.rows()] == ["SKHCN"]
    assert [row.agency.code for row in figures.rows(tree["SKHCN"].pk)] == ["SKHCN", "SKHCN-CDS"]
    assert figures.total(requirement.pk).total == 1
    assert figures.rows(tree["STC"].pk) == []
    assert figures.row(tree["STC"].pk) is None
    assert figures.rows(tree["UBND-NB"].pk) == []
    assert (requirement.pk, tree["STC"].pk) not in figures.rolled
    assert (requirement.pk, tree["SKHCN"].pk) in figures.rolled
    learner = factories.UserFactory(username="learner")
    nobody = compliance_tree(user=learner, requirement_ids=[requirement.pk])
    assert nobody.rows() == []
    assert nobody.rows(tree["SKHCN"].pk) == []
    assert nobody.rolled == {}


def test_a_drill_down_reads_what_it_shows_whatever_the_tree(world, django_assert_max_num_queries):
    """The agency with its children (scope checked in the same query), then their sums: two
    queries for any tree."""
    tree, course = world["tree"], world["course"]
    for agency in tree.values():
        factories.staff_member(agency)
    requirement = yearly_security(course, categories=[])
    services.requirement_sync(requirement)
    hr = factories.hr_manager(tree["UBND-NB"])
    with django_assert_max_num_queries(2):
        rows = compliance_tree(user=hr, requirement_ids=[requirement.pk]).rows(tree["UBND-NB"].pk)
    assert rows[0].figures[requirement.pk].total == len(tree)
    with django_assert_max_num_queries(2):
        rows = compliance_tree(user=hr, requirement_ids=[requirement.pk]).rows()
    assert [row.agency.code for row in rows] == ["UBND-NB"]


def test_rolled_up_figures_equal_bare_sql_after_random_changes(world):
    tree, course = world["tree"], world["course"]
    rng = random.Random(8)
    agencies = list(tree.values())
    requirement = yearly_security(course, categories=[])
    people = [factories.staff_member(rng.choice(agencies)) for _ in range(25)]
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    root = factories.UserFactory(username="root", is_superuser=True)
    day = date(2026, 3, 1)
    for _ in range(30):
        person = rng.choice(people)
        change = rng.random()
        if change < 0.3:
            LearnerProfile.objects.filter(pk=person.pk).update(agency=rng.choice(agencies))
        elif change < 0.5:
            LearnerProfile.objects.filter(pk=person.pk).update(
                status=rng.choice(["left", "working"])
            )
        elif change < 0.8:
            TrainingRecord.objects.create(
                profile=person,
                source="imported",
                title="ATTT",
                course=course,
                completed_on=day - timedelta(days=rng.randrange(300)),
                hours=8,
            )
        else:
            day += timedelta(days=rng.randrange(1, 90))
            services.due_changes_apply(today=day)
        services.profiles_sync([person.pk], today=day)
        figures = compliance_tree(user=root, requirement_ids=[requirement.pk])
        bare = bare_rolled_up(requirement.pk)
        assert tree_rolled_up(figures, requirement.pk) == bare
        # Each drill-down, summed in SQL for the rows it shows, says the same.
        for agency in agencies:
            for row in figures.rows(agency.pk):
                shown = row.figures[requirement.pk].by_status
                assert {s: n for s, n in shown.items() if n} == {
                    status: n
                    for (agency_id, status), n in bare.items()
                    if agency_id == row.agency.id
                }
