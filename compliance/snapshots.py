"""Month-end snapshots: the compliance counts copied, immutably, on the last day of each month,
so an audit can see what the report said then (issue 8).

`ComplianceCount` is exact at every commit (docs/decisions/0015-compliance-app.md), so the
snapshot is one read of it, in one transaction, with the names the requirements and agencies
have that day.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from agencies.selectors import agencies_in_scope

from .models import ComplianceCount, ComplianceSnapshot, ComplianceSnapshotRow

BATCH = 2000
_COPIED = (
    "requirement_id",
    "requirement__title",
    "agency_id",
    "agency__code",
    "agency__name",
    "agency__path",
    "status",
    "count",
)
# The snapshot row's names for the values above, in the same order.
_FIELDS = (
    "requirement_id",
    "requirement_title",
    "agency_id",
    "agency_code",
    "agency_name",
    "agency_path",
    "status",
    "count",
)


def month_start(day: date) -> date:
    return day.replace(day=1)


def snapshot_take(*, month: date) -> ComplianceSnapshot:
    """Copy today's counts as the snapshot of `month` (its first day), unless it was taken
    already: one snapshot per month, and the first one stands."""
    if month.day != 1:
        raise ValueError(f"A snapshot's month is the first day of the month (got {month}).")
    existing = ComplianceSnapshot.objects.filter(month=month).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            snapshot = ComplianceSnapshot.objects.create(month=month)
            counts = (
                ComplianceCount.objects.filter(count__gt=0)
                .order_by("requirement_id", "agency__path", "status")
                .values_list(*_COPIED)
            )
            batch: list[ComplianceSnapshotRow] = []
            for row in counts.iterator(chunk_size=BATCH):
                batch.append(
                    ComplianceSnapshotRow(snapshot=snapshot, **dict(zip(_FIELDS, row, strict=True)))
                )
                if len(batch) == BATCH:
                    ComplianceSnapshotRow.objects.bulk_create(batch)
                    batch = []
            ComplianceSnapshotRow.objects.bulk_create(batch)
    except IntegrityError:
        # Another worker took this month's snapshot first: theirs stands.
        return ComplianceSnapshot.objects.get(month=month)
    return snapshot


def snapshot_month_end(*, today: date) -> ComplianceSnapshot | None:
    """The beat task's entry: on the month's last day, take its snapshot; other days, nothing.

    Beat runs it on days 28–31 because cron cannot say "last day of the month".
    """
    if (today + timedelta(days=1)).day != 1:
        return None
    return snapshot_take(month=month_start(today))


def snapshot_figures(*, month: date, user) -> QuerySet[ComplianceSnapshotRow]:
    """The figures of `month`'s snapshot in `user`'s scope: the agencies of their subtree as the
    tree stands today (scope is always today's roles), by requirement then along the tree."""
    return ComplianceSnapshotRow.objects.filter(
        snapshot__month=month_start(month),
        agency_id__in=agencies_in_scope(user=user).values("pk"),
    ).order_by("requirement_title", "requirement_id", "agency_path", "status")
