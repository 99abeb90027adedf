"""Assignments follow the audience and the completions; counts follow the assignments."""

import io
import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from agencies.models import LearnerProfile
from compliance import services
from compliance.models import (
    Assignment,
    ComplianceCount,
    ComplianceEvent,
    Requirement,
    TrainingRecord,
)
from learning.services import enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return factories.agency_tree()


@pytest.fixture
def course():
    return factories.course(code="ATTT", lessons=1)


def yearly_security(course, agency=None, **kwargs) -> Requirement:
    requirement = Requirement.objects.create(
        title="An toàn thông tin hằng năm",
        agency=agency,
        categories=kwargs.pop("categories", ["cong_chuc"]),
        due_rule=Requirement.DueRule.FIXED,
        due_date=date(2026, 12, 31),
        recurrence=Requirement.Recurrence.YEARLY,
        **kwargs,
    )
    requirement.courses.add(course)
    return requirement


def bare_counts() -> dict[tuple[int, int, str], int]:
    """The counts as plain SQL over the assignments gives them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT requirement_id, agency_id, status, COUNT(*) FROM compliance_assignment "
            "WHERE active GROUP BY requirement_id, agency_id, status"
        )
        return {(r, a, s): n for r, a, s, n in cursor.fetchall()}


def stored_counts() -> dict[tuple[int, int, str], int]:
    return {
        (c.requirement_id, c.agency_id, c.status): c.count
        for c in ComplianceCount.objects.exclude(count=0)
    }


def status_of(requirement, profile) -> str:
    return Assignment.objects.get(requirement=requirement, profile=profile).status


def test_a_requirement_assigns_everyone_its_audience_holds_and_nobody_else(tree, course):
    inside = factories.staff_member(tree["SKHCN-CDS"])
    contract = factories.staff_member(tree["SKHCN"], category="nguoi_lao_dong")
    outside = factories.staff_member(tree["STC-NS"])
    gone = factories.staff_member(tree["SKHCN"], status=LearnerProfile.Status.LEFT)
    named = factories.staff_member(tree["STC"], category="vien_chuc")
    excluded = factories.staff_member(tree["SKHCN"])
    requirement = yearly_security(course, agency=tree["SKHCN"])
    requirement.people.add(named)
    requirement.excluded_people.add(excluded)

    result = services.requirement_sync(requirement, today=date(2026, 3, 1))

    assert result.created == 2
    assigned = set(Assignment.objects.filter(active=True).values_list("profile_id", flat=True))
    assert assigned == {inside.pk, named.pk}
    assert {contract.pk, outside.pk, gone.pk, excluded.pk}.isdisjoint(assigned)
    assert stored_counts() == bare_counts()


def test_titles_and_job_positions_match_whatever_the_case_spaces_or_normalisation(tree, course):
    nfd = "Tr\u01b0\u01a1\u0309ng pho\u0300ng"  # "Trưởng phòng", decomposed
    head = factories.staff_member(tree["SKHCN"], position=f"  {nfd.upper()} ")
    staff = factories.staff_member(tree["SKHCN"], position="Chuyên viên")
    requirement = yearly_security(course, positions=["Trưởng phòng"])
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    assert list(Assignment.objects.values_list("profile_id", flat=True)) == [head.pk]
    assert staff.pk != head.pk


def test_a_second_run_changes_nothing(tree, course):
    factories.staff_member(tree["SKHCN"])
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    assert services.requirement_sync(requirement, today=date(2026, 3, 1)) == services.SyncResult()


def test_people_who_start_matching_are_picked_up_and_those_who_stop_stop_counting(tree, course):
    person = factories.staff_member(tree["SKHCN"], category="vien_chuc")
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    assert not Assignment.objects.exists()

    LearnerProfile.objects.filter(pk=person.pk).update(category="cong_chuc")
    services.profiles_sync([person.pk], today=date(2026, 3, 2))
    assert Assignment.objects.get().active

    LearnerProfile.objects.filter(pk=person.pk).update(status=LearnerProfile.Status.LEFT)
    result = services.profiles_sync([person.pk], today=date(2026, 3, 3))
    assert result.deactivated == 1
    assert not Assignment.objects.get().active
    assert stored_counts() == bare_counts() == {}


def test_a_move_to_another_agency_moves_the_count(tree, course):
    person = factories.staff_member(tree["SKHCN"])
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    LearnerProfile.objects.filter(pk=person.pk).update(agency=tree["STC-NS"])
    services.profiles_sync([person.pk], today=date(2026, 3, 1))
    assert (
        stored_counts() == bare_counts() == {(requirement.pk, tree["STC-NS"].pk, "not_started"): 1}
    )


def test_completing_the_course_completes_the_requirement_in_the_same_transaction(tree, course):
    user = factories.learner(tree["SKHCN"])
    requirement = yearly_security(course)
    services.requirement_sync(requirement)
    assert status_of(requirement, user.profile) in ("not_started", "due_soon")

    enrollment_create(user=user, course=course)
    assert status_of(requirement, user.profile) in ("in_progress", "due_soon")

    factories.completed_enrollment(user, course)
    assert status_of(requirement, user.profile) == "completed"
    record = TrainingRecord.objects.get()
    assert (record.source, record.course_id, record.hours) == ("platform", course.pk, 8)
    assert record.completed_on == timezone.localdate()
    assert stored_counts() == bare_counts()


def test_the_daily_task_moves_only_what_the_calendar_changed(tree, course):
    early = factories.staff_member(tree["SKHCN"])
    requirement = yearly_security(course, due_soon_days=30)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    assert status_of(requirement, early) == "not_started"
    assert Assignment.objects.get().next_change_on == date(2026, 12, 1)

    assert services.due_changes_apply(today=date(2026, 11, 30)) == services.SyncResult()
    assert services.due_changes_apply(today=date(2026, 12, 1)).changed == 1
    assert status_of(requirement, early) == "due_soon"
    assert services.due_changes_apply(today=date(2027, 1, 1)).changed == 1
    assert status_of(requirement, early) == "overdue"
    assert stored_counts() == bare_counts()


def test_hr_extends_a_due_date_with_a_reason_kept_in_the_log(tree, course):
    person = factories.staff_member(tree["SKHCN-CDS"])
    hr = factories.hr_manager(tree["SKHCN"])
    today = timezone.localdate()
    requirement = Requirement.objects.create(
        title="Bảo mật email", due_rule="fixed", due_date=today - timedelta(days=10)
    )
    requirement.courses.add(course)
    services.requirement_sync(requirement)
    assignment = Assignment.objects.get()
    assert assignment.status == "overdue"

    services.assignment_extend(
        by=hr, assignment=assignment, due_on=today + timedelta(days=60), reason="Nghỉ thai sản"
    )
    assignment.refresh_from_db()
    assert (assignment.status, assignment.extended_due_on, assignment.extended_cycle) == (
        "not_started",
        today + timedelta(days=60),
        1,
    )
    event = ComplianceEvent.objects.get()
    assert (event.kind, event.by, event.reason, event.profile_id) == (
        "extension",
        hr,
        "Nghỉ thai sản",
        person.pk,
    )
    assert (event.before["status"], event.before["extended_due_on"]) == ("overdue", None)
    assert event.after["extended_due_on"] == (today + timedelta(days=60)).isoformat()
    assert stored_counts() == bare_counts()


def test_an_extension_needs_a_reason_a_later_date_and_a_person_in_scope(tree, course):
    factories.staff_member(tree["STC-NS"])
    hr = factories.hr_manager(tree["SKHCN"])
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    assignment = Assignment.objects.get()
    with pytest.raises(PermissionDenied):
        services.assignment_extend(
            by=hr, assignment=assignment, due_on=date(2027, 3, 31), reason="Lý do"
        )
    root = factories.UserFactory(username="root", is_superuser=True)
    with pytest.raises(ValidationError):
        services.assignment_extend(
            by=root, assignment=assignment, due_on=date(2027, 3, 31), reason=" "
        )
    with pytest.raises(ValidationError):
        services.assignment_extend(
            by=root, assignment=assignment, due_on=date(2026, 12, 31), reason="Lý do"
        )
    with pytest.raises(ValidationError):
        services.assignment_extend(
            by=root, assignment=assignment, due_on=date(2027, 3, 31), reason="a\x00b"
        )
    assert not ComplianceEvent.objects.exists()
    assert Assignment.objects.get().extended_due_on is None


def test_an_exemption_takes_the_person_out_of_the_open_counts_and_back(tree, course):
    factories.staff_member(tree["SKHCN"])
    root = factories.UserFactory(username="root", is_superuser=True)
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    assignment = Assignment.objects.get()
    services.assignment_exempt(by=root, assignment=assignment, exempt=True, reason="Biệt phái")
    assert Assignment.objects.get().status == "exempt"
    assert stored_counts() == bare_counts()
    with pytest.raises(ValidationError):
        services.assignment_exempt(by=root, assignment=assignment, exempt=True, reason="Lại")
    services.assignment_exempt(by=root, assignment=assignment, exempt=False, reason="Đã về")
    assert Assignment.objects.get().status != "exempt"
    assert list(ComplianceEvent.objects.values_list("kind", flat=True)) == [
        "exemption_lifted",
        "exemption",
    ]
    assert stored_counts() == bare_counts()


def test_the_nightly_recount_repairs_drift(tree, course):
    for _ in range(3):
        factories.staff_member(tree["SKHCN"])
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    ComplianceCount.objects.update(count=7)
    assert services.counts_rebuild() == 1
    assert stored_counts() == bare_counts()
    assert services.counts_rebuild() == 0


def test_counts_equal_bare_sql_after_random_changes(tree, course):
    """Random staff moves, category changes, leavers, completions and calendar days."""
    rng = random.Random(20261130)
    agencies = list(tree.values())
    other = factories.course(code="KNS", lessons=1)
    requirements = [
        yearly_security(course),
        yearly_security(course, agency=tree["SKHCN"], categories=[]),
    ]
    hours = Requirement.objects.create(
        title="8 tiết kỹ năng số",
        satisfaction=Requirement.Satisfaction.HOURS,
        hours_required=12,
        hours_category="ky_nang_so",
        recurrence=Requirement.Recurrence.MONTHS,
        recurrence_months=6,
    )
    requirements.append(hours)
    people = [
        factories.staff_member(
            rng.choice(agencies), category=rng.choice(["cong_chuc", "vien_chuc"])
        )
        for _ in range(12)
    ]
    for requirement in requirements:
        services.requirement_sync(requirement, today=date(2026, 3, 1))
    day = date(2026, 3, 1)
    for _ in range(40):
        person = rng.choice(people)
        change = rng.choice(["move", "category", "leave", "record", "day", "sync"])
        if change == "move":
            LearnerProfile.objects.filter(pk=person.pk).update(agency=rng.choice(agencies))
        elif change == "category":
            LearnerProfile.objects.filter(pk=person.pk).update(
                category=rng.choice(["cong_chuc", "vien_chuc"])
            )
        elif change == "leave":
            LearnerProfile.objects.filter(pk=person.pk).update(
                status=rng.choice(["left", "working"])
            )
        elif change == "record":
            chosen = rng.choice([course, other])
            TrainingRecord.objects.create(
                profile=person,
                source="imported",
                course=chosen,
                title=chosen.title,
                completed_on=day - timedelta(days=rng.randrange(0, 400)),
                hours=rng.choice([4, 8]),
                category=chosen.category,
            )
        elif change == "day":
            day += timedelta(days=rng.randrange(1, 120))
            services.due_changes_apply(today=day)
        else:
            services.requirement_sync(rng.choice(requirements), today=day)
        if change != "day":
            services.profiles_sync([person.pk], today=day)
        assert stored_counts() == bare_counts()
    assert services.counts_rebuild() == 0


def test_the_daily_command_repairs_what_drifted(tree, course):
    from django.core.management import call_command

    factories.staff_member(tree["SKHCN"])
    requirement = yearly_security(course)
    services.requirement_sync(requirement)
    Assignment.objects.all().delete()
    ComplianceCount.objects.update(count=5)
    out = io.StringIO()
    call_command("compliance_sync", stdout=out)
    assert "repaired: 1" in out.getvalue()
    assert Assignment.objects.count() == 1
    assert stored_counts() == bare_counts()


def test_nobody_extends_or_exempts_someone_the_requirement_no_longer_covers(tree, course):
    person = factories.staff_member(tree["SKHCN"])
    root = factories.UserFactory(username="root", is_superuser=True)
    requirement = yearly_security(course)
    services.requirement_sync(requirement, today=date(2026, 3, 1))
    LearnerProfile.objects.filter(pk=person.pk).update(status=LearnerProfile.Status.LEFT)
    services.profiles_sync([person.pk], today=date(2026, 3, 1))
    assignment = Assignment.objects.get()
    assert not assignment.active
    with pytest.raises(ValidationError):
        services.assignment_extend(
            by=root, assignment=assignment, due_on=date(2027, 3, 31), reason="Lý do"
        )
    with pytest.raises(ValidationError):
        services.assignment_exempt(by=root, assignment=assignment, exempt=True, reason="Lý do")
    assert not ComplianceEvent.objects.exists()
