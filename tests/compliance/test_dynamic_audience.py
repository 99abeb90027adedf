"""Audiences follow the staff records as HR changes them: by import, by edit, by agency events."""

from datetime import date

import pytest

from agencies.imports import staff_import
from agencies.models import LearnerProfile
from agencies.services import agency_merge, staff_update
from compliance import services
from compliance.models import Assignment, Requirement
from tests import factories
from tests.agencies.staff_files import csv_file, person
from tests.compliance.test_services import bare_counts, stored_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    tree = factories.agency_history_tree()
    course = factories.course(code="ATTT", lessons=1)
    requirement = Requirement.objects.create(
        title="An toàn thông tin",
        agency=tree["STTTT"],
        categories=["cong_chuc"],
        due_rule="fixed",
        due_date=date(2026, 12, 31),
        recurrence="yearly",
    )
    requirement.courses.add(course)
    services.requirement_sync(requirement)
    return {"tree": tree, "requirement": requirement}


def assigned(requirement) -> set[str]:
    return set(
        Assignment.objects.filter(requirement=requirement, active=True).values_list(
            "profile__employee_code", flat=True
        )
    )


def test_people_a_staff_import_adds_or_changes_are_assigned_after_it_commits(
    world, django_capture_on_commit_callbacks
):
    requirement = world["requirement"]
    rows = [
        person("NB0001", **{"Mã đơn vị": "STTTT-ATTT"}),
        person("NB0002", **{"Mã đơn vị": "STTTT-BC", "Loại": "Viên chức"}),
        person("NB0003", **{"Mã đơn vị": "STC-NS"}),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(csv_file(rows), by=None, dry_run=False)
    assert assigned(requirement) == {"NB0001"}

    # The second file makes NB0002 a công chức: picked up; NB0001 leaves the subtree: dropped.
    rows[0]["Mã đơn vị"] = "STC-NS"
    rows[1]["Loại"] = "Công chức"
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(csv_file(rows), by=None, dry_run=False)
    assert assigned(requirement) == {"NB0002"}
    assert stored_counts() == bare_counts()


def test_a_staff_edit_reassigns(world, django_capture_on_commit_callbacks):
    requirement = world["requirement"]
    member = factories.staff_member(world["tree"]["STTTT-BC"], employee_code="NB0100")
    services.profiles_sync([member.pk])
    assert assigned(requirement) == {"NB0100"}
    root = factories.UserFactory(username="root", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        staff_update(profile=member, by=root, reason="Nghỉ việc", status=LearnerProfile.Status.LEFT)
    assert assigned(requirement) == set()


def test_a_merge_carries_the_staff_and_their_counts_to_the_new_agency(
    world, django_capture_on_commit_callbacks
):
    tree, requirement = world["tree"], world["requirement"]
    # The requirement covers the Sở KH&CN; the Sở TT&TT merges into it, division and all.
    Requirement.objects.filter(pk=requirement.pk).update(agency=tree["SKHCN"])
    factories.staff_member(tree["STTTT-ATTT"], employee_code="NB0200")
    head = factories.staff_member(tree["STTTT"], employee_code="NB0201")
    services.requirement_sync(requirement)
    assert assigned(requirement) == set()
    root = factories.UserFactory(username="root", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        agency_merge(
            sources=[tree["STTTT"]],
            into=tree["SKHCN"],
            effective=date(2025, 3, 1),
            by=root,
            reason="Hợp nhất theo Nghị quyết 2025",
        )
    assert assigned(requirement) == {"NB0200", "NB0201"}
    head.refresh_from_db()
    assert Assignment.objects.get(profile=head).agency_id == head.agency_id == tree["SKHCN"].pk
    assert stored_counts() == bare_counts()
