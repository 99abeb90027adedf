"""Completions HR adds, corrects or removes by hand: statuses follow, the log keeps every change."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from compliance import services
from compliance.models import Assignment, ComplianceEvent, Requirement, TrainingRecord
from tests import factories
from tests.compliance.test_services import bare_counts, stored_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    tree = factories.agency_tree()
    course = factories.course(code="ATTT", lessons=1)
    person = factories.staff_member(tree["SKHCN-CDS"])
    requirement = Requirement.objects.create(
        title="8 tiết an toàn thông tin",
        satisfaction="hours",
        hours_required=8,
        hours_category="an_toan_thong_tin",
    )
    services.requirement_sync(requirement)
    return {
        "tree": tree,
        "course": course,
        "person": person,
        "requirement": requirement,
        "hr": factories.hr_manager(tree["SKHCN"]),
    }


def status(world) -> str:
    return Assignment.objects.get(requirement=world["requirement"]).status


def add(world, **overrides):
    values = {
        "title": "Tập huấn ATTT của Bộ Công an",
        "completed_on": timezone.localdate() - timedelta(days=3),
        "hours": 8,
        "category": "an_toan_thong_tin",
        "certificate_number": "12/GCN-CA",
    }
    values.update(overrides)
    return services.record_add(
        by=world["hr"], profile=world["person"], reason="Bổ sung hồ sơ giấy", **values
    )


def test_an_added_completion_completes_and_is_logged(world):
    record = add(world)
    assert record.source == "imported" and record.created_by == world["hr"]
    assert status(world) == "completed"
    event = ComplianceEvent.objects.get()
    assert (event.kind, event.record, event.after["hours"]) == ("record_added", record, "8")
    assert stored_counts() == bare_counts()


def test_a_correction_can_undo_the_completion_and_the_log_keeps_before_and_after(world):
    record = add(world)
    services.record_change(by=world["hr"], record=record, reason="Nhầm số tiết", hours="4.5")
    assert status(world) != "completed"
    event = ComplianceEvent.objects.filter(kind="record_changed").get()
    assert (event.before["hours"], event.after["hours"]) == ("8.0", "4.5")
    with pytest.raises(ValidationError):
        services.record_change(by=world["hr"], record=record, reason="Không đổi", hours="4.5")
    assert stored_counts() == bare_counts()


def test_a_removal_is_logged_with_what_was_removed(world):
    record = add(world)
    services.record_remove(by=world["hr"], record=record, reason="Trùng")
    assert not TrainingRecord.objects.exists()
    assert status(world) != "completed"
    event = ComplianceEvent.objects.filter(kind="record_removed").get()
    assert event.before["title"] == "Tập huấn ATTT của Bộ Công an"
    assert stored_counts() == bare_counts()


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "", "course_id": None},
        {"completed_on": None},
        {"completed_on": date(2999, 1, 1)},
        {"hours": -1},
        {"hours": "abc"},
        {"hours": "NaN"},
        {"category": "khong-co"},
        {"title": "a\x00b"},
    ],
)
def test_bad_completions_are_refused_and_change_nothing(world, overrides):
    with pytest.raises(ValidationError):
        add(world, **overrides)
    assert not TrainingRecord.objects.exists() and not ComplianceEvent.objects.exists()


def test_hr_of_another_subtree_cannot_add_change_or_remove(world):
    record = add(world)
    other = factories.hr_manager(world["tree"]["STC"], username="hr2")
    with pytest.raises(PermissionDenied):
        services.record_add(
            by=other,
            profile=world["person"],
            reason="x",
            title="y",
            completed_on=date(2026, 1, 1),
            hours=1,
        )
    with pytest.raises(PermissionDenied):
        services.record_change(by=other, record=record, reason="x", hours=1)
    with pytest.raises(PermissionDenied):
        services.record_remove(by=other, record=record, reason="x")
    assert TrainingRecord.objects.count() == 1 and ComplianceEvent.objects.count() == 1
