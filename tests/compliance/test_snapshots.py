"""Month-end snapshots: the counts as they stood, once a month, never changed, read in scope."""

from datetime import date

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.contrib import admin
from wagtail.snippets.models import get_snippet_models

from agencies.models import Agency, LearnerProfile
from compliance import services, snapshots
from compliance.models import (
    ComplianceCount,
    ComplianceSnapshot,
    ComplianceSnapshotRow,
    Requirement,
    SnapshotImmutable,
)
from compliance.tasks import snapshot_month_task
from tests import factories

pytestmark = pytest.mark.django_db

MONTH_END = date(2026, 6, 30)
JUNE = date(2026, 6, 1)


@pytest.fixture
def tree():
    return factories.agency_tree()


@pytest.fixture
def figures(tree):
    """Two people overdue in SKHCN's subtree, one not started in STC's."""
    course = factories.course(code="ATTT", lessons=1)
    requirement = Requirement.objects.create(
        title="An toàn thông tin cơ bản",
        categories=["cong_chuc"],
        due_rule=Requirement.DueRule.FIXED,
        due_date=date(2026, 6, 1),
        due_soon_days=10,
    )
    requirement.courses.add(course)
    factories.staff_member(tree["SKHCN"])
    factories.staff_member(tree["SKHCN-CDS"])
    later = Requirement.objects.create(
        title="Chuyển đổi số",
        categories=["cong_chuc"],
        due_rule=Requirement.DueRule.FIXED,
        due_date=date(2026, 12, 31),
        agency=tree["STC"],
    )
    later.courses.add(course)
    factories.staff_member(tree["STC-NS"])
    for each in (requirement, later):
        services.requirement_sync(each, today=MONTH_END)
    return {"overdue": requirement, "later": later}


def rows_of(snapshot) -> set[tuple]:
    return set(
        snapshot.rows.values_list(
            "requirement_title", "agency_code", "agency_name", "status", "count"
        )
    )


def test_a_snapshot_copies_the_counts_with_the_names_they_had(tree, figures):
    snapshot = snapshots.snapshot_take(month=JUNE)

    assert snapshot.month == JUNE
    assert rows_of(snapshot) == {
        ("An toàn thông tin cơ bản", "SKHCN", "Sở Khoa học và Công nghệ", "overdue", 1),
        ("An toàn thông tin cơ bản", "SKHCN-CDS", "Phòng Chuyển đổi số", "overdue", 1),
        ("An toàn thông tin cơ bản", "STC-NS", "Phòng Ngân sách", "overdue", 1),
        ("Chuyển đổi số", "STC-NS", "Phòng Ngân sách", "not_started", 1),
    }
    # What the counts say later, and what things are called later, leave it as it was.
    Requirement.objects.filter(pk=figures["overdue"].pk).update(title="Tên mới")
    Agency.objects.filter(pk=tree["SKHCN"].pk).update(name="Sở đã đổi tên")
    factories.staff_member(tree["SKHCN"])
    services.requirement_sync(figures["overdue"], today=MONTH_END)
    assert ComplianceCount.objects.get(agency=tree["SKHCN"], status="overdue").count == 2
    snapshot = ComplianceSnapshot.objects.get(pk=snapshot.pk)
    assert ("An toàn thông tin cơ bản", "SKHCN", "Sở Khoa học và Công nghệ", "overdue", 1) in (
        rows_of(snapshot)
    )


def test_one_snapshot_per_month_the_first_stands(tree, figures):
    first = snapshots.snapshot_take(month=JUNE)
    factories.staff_member(tree["SKHCN"])
    services.requirement_sync(figures["overdue"], today=MONTH_END)

    again = snapshots.snapshot_take(month=JUNE)

    assert again.pk == first.pk
    assert ComplianceSnapshot.objects.count() == 1
    assert ComplianceSnapshotRow.objects.count() == 4
    with pytest.raises(ValueError):
        snapshots.snapshot_take(month=date(2026, 6, 15))


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (date(2026, 6, 30), date(2026, 6, 1)),
        (date(2026, 2, 28), date(2026, 2, 1)),
        (date(2028, 2, 29), date(2028, 2, 1)),
        (date(2026, 12, 31), date(2026, 12, 1)),
        (date(2026, 6, 29), None),
        (date(2026, 7, 30), None),
        (date(2028, 2, 28), None),
    ],
)
def test_the_month_end_task_acts_on_the_last_day_only(today, month):
    snapshot_id = snapshot_month_task.delay(today.isoformat()).get()
    if month is None:
        assert snapshot_id is None
        assert not ComplianceSnapshot.objects.exists()
    else:
        assert ComplianceSnapshot.objects.get(pk=snapshot_id).month == month


def test_beat_runs_the_snapshot_on_the_last_days_before_midnight():
    entry = settings.CELERY_BEAT_SCHEDULE["compliance-month-snapshot"]
    assert entry["task"] == "compliance.tasks.snapshot_month_task"
    assert entry["schedule"] == crontab(day_of_month="28-31", hour=23, minute=50)


def test_a_snapshot_is_never_changed_or_deleted(figures):
    snapshot = snapshots.snapshot_take(month=JUNE)
    row = snapshot.rows.first()

    snapshot.taken_at = snapshot.taken_at.replace(year=2020)
    with pytest.raises(SnapshotImmutable):
        snapshot.save()
    row.count = 999
    with pytest.raises(SnapshotImmutable):
        row.save()
    with pytest.raises(SnapshotImmutable):
        ComplianceSnapshotRow.objects.bulk_update([row], ["count"])
    with pytest.raises(SnapshotImmutable):
        ComplianceSnapshotRow.objects.filter(pk=row.pk).update(count=999)
    with pytest.raises(SnapshotImmutable):
        snapshot.rows.update(count=0)
    with pytest.raises(SnapshotImmutable):
        row.delete()
    with pytest.raises(SnapshotImmutable):
        snapshot.delete()
    with pytest.raises(SnapshotImmutable):
        ComplianceSnapshot.objects.all().delete()
    with pytest.raises(SnapshotImmutable):
        ComplianceSnapshotRow.objects.all().delete()

    assert ComplianceSnapshot.objects.get().taken_at.year == 2026
    assert set(ComplianceSnapshotRow.objects.values_list("count", flat=True)) == {1}
    assert ComplianceSnapshotRow.objects.count() == 4


def test_no_admin_screen_edits_snapshots():
    for model in (ComplianceSnapshot, ComplianceSnapshotRow):
        assert not admin.site.is_registered(model)
        assert model not in get_snippet_models()


def test_figures_are_read_in_the_readers_scope(tree, figures, django_assert_max_num_queries):
    snapshots.snapshot_take(month=JUNE)
    hr_skhcn = factories.hr_manager(tree["SKHCN"], username="hr-skhcn")
    hr_stc = factories.hr_manager(tree["STC"], username="hr-stc")
    province = factories.hr_manager(tree["UBND-NB"], username="hr-tinh")
    superuser = factories.UserFactory(username="quan-tri", is_superuser=True)
    learner = LearnerProfile.objects.filter(agency=tree["SKHCN"]).first().user

    def codes(user) -> list[str]:
        with django_assert_max_num_queries(2):
            return [
                row.agency_code for row in snapshots.snapshot_figures(month=MONTH_END, user=user)
            ]

    assert codes(hr_skhcn) == ["SKHCN", "SKHCN-CDS"]
    assert codes(hr_stc) == ["STC-NS", "STC-NS"]
    assert (
        sorted(codes(province))
        == sorted(codes(superuser))
        == [
            "SKHCN",
            "SKHCN-CDS",
            "STC-NS",
            "STC-NS",
        ]
    )
    assert codes(learner) == []
    # Another month has no snapshot: nothing, not this month's figures.
    assert list(snapshots.snapshot_figures(month=date(2026, 5, 1), user=province)) == []
