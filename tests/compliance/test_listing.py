"""The people lists: scope, filters, Vietnamese search, and a query count that does not grow."""

from datetime import date

import pytest

from compliance import services
from compliance.listing import assignment_rows, assignments_in_scope
from tests import factories
from tests.compliance.test_services import yearly_security

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    tree = factories.agency_tree()
    course = factories.course(code="ATTT", lessons=1)
    people = {
        "ha": factories.staff_member(tree["SKHCN-CDS"], full_name="Lê Thu Hà"),
        "duc": factories.staff_member(tree["SKHCN"], full_name="Nguyễn Văn Đức"),
        "lan": factories.staff_member(tree["STC-NS"], full_name='=HYPERLINK("x") Lan'),
    }
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    return {"tree": tree, "people": people, "requirement": requirement}


def names(assignments) -> list[str]:
    return [row.full_name for row in assignment_rows(assignments)]


def test_hr_sees_the_people_of_their_subtree_only(world):
    hr = factories.hr_manager(world["tree"]["SKHCN"])
    # Vietnamese order: by the given name first (Đức before Hà).
    assert names(assignments_in_scope(user=hr)) == ["Nguyễn Văn Đức", "Lê Thu Hà"]
    other = factories.hr_manager(world["tree"]["STC"], username="hr2")
    assert names(assignments_in_scope(user=other)) == ['=HYPERLINK("x") Lan']
    learner = factories.UserFactory(username="learner")
    assert names(assignments_in_scope(user=learner)) == []


def test_search_finds_names_with_or_without_diacritics(world):
    root = factories.UserFactory(username="root", is_superuser=True)
    assert names(assignments_in_scope(user=root, search="le thu ha")) == ["Lê Thu Hà"]
    assert names(assignments_in_scope(user=root, search="Lê Thu Hà")) == ["Lê Thu Hà"]
    assert names(assignments_in_scope(user=root, search="Lệ")) == []


def test_filters_by_agency_subtree_and_status(world):
    root = factories.UserFactory(username="root", is_superuser=True)
    tree = world["tree"]
    assert names(assignments_in_scope(user=root, agency=tree["SKHCN"])) == [
        "Nguyễn Văn Đức",
        "Lê Thu Hà",
    ]
    assert names(assignments_in_scope(user=root, statuses=["overdue"])) == []
    assert len(names(assignments_in_scope(user=root, statuses=["not_started"]))) == 3


def test_the_list_reads_in_one_query_whatever_its_length(world, django_assert_max_num_queries):
    hr = factories.hr_manager(world["tree"]["UBND-NB"])
    for _ in range(20):
        factories.staff_member(world["tree"]["STC"])
    services.requirement_sync(world["requirement"], today=date(2026, 3, 1))
    with django_assert_max_num_queries(2):
        rows = list(assignment_rows(assignments_in_scope(user=hr)))
    assert len(rows) == 23
