"""What the API reads beyond the figures and the lists: requirements and people in a user's scope,
and a person's training records with their hours per year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from agencies.models import LearnerProfile
from agencies.selectors import agencies_in_scope

from ..listing import assignments_in_scope
from ..models import Requirement, TrainingRecord


def requirements_in_scope(*, user) -> QuerySet[Requirement]:
    """Requirements with at least one active assignment of someone the user manages."""
    assigned = assignments_in_scope(user=user).order_by().values("requirement_id")
    return Requirement.objects.filter(pk__in=assigned).order_by("title", "pk")


def people_in_scope(*, user) -> QuerySet[LearnerProfile]:
    """Staff records whose agency today lies in the user's HR scope (everyone for a superuser)."""
    if user.is_superuser:
        return LearnerProfile.objects.all()
    return LearnerProfile.objects.filter(agency__in=agencies_in_scope(user=user))


@dataclass(frozen=True)
class YearHours:
    year: int
    hours: Decimal


@dataclass(frozen=True)
class PersonRecords:
    profile: LearnerProfile
    records: list[TrainingRecord]
    # Training periods (tiết) per calendar year: the figure reported upward each year.
    hours_by_year: list[YearHours]


def person_records(*, profile: LearnerProfile) -> PersonRecords:
    """Every training record of the person, oldest first, and their hours per year."""
    records = list(
        TrainingRecord.objects.filter(profile=profile)
        .select_related("course")
        .order_by("completed_on", "pk")
    )
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    for record in records:
        by_year[record.completed_on.year] += record.hours
    return PersonRecords(
        profile=profile,
        records=records,
        hours_by_year=[YearHours(year, hours) for year, hours in sorted(by_year.items())],
    )
