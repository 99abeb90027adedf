"""People under requirements, one row per assignment: the lists HR reads, exports and the API.

The rows are plain tuples read with `values_list` and streamed with `iterator()`, so a 100,000-row
export holds one chunk in memory, never the whole list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from agencies.models import Agency, LearnerProfile
from agencies.selectors import agencies_in_scope, staff_search

from .models import Assignment

CHUNK = 2000


@dataclass(frozen=True)
class AssignmentRow:
    assignment_id: int
    profile_id: int
    employee_code: str
    full_name: str
    category: str
    agency_code: str
    agency_name: str
    requirement_id: int
    requirement_title: str
    status: str
    cycle: int
    due_on: date
    extended_due_on: date | None
    completed_on: date | None
    expires_on: date | None
    hours_done: Decimal

    @property
    def effective_due_on(self) -> date:
        return self.extended_due_on or self.due_on


_FIELDS = (
    "pk",
    "profile_id",
    "profile__employee_code",
    "profile__full_name",
    "profile__category",
    "agency__code",
    "agency__name",
    "requirement_id",
    "requirement__title",
    "status",
    "cycle",
    "due_on",
    "extended_due_on",
    "completed_on",
    "expires_on",
    "hours_done",
)


def assignments_in_scope(
    *,
    user,
    requirement_ids: Iterable[int] | None = None,
    agency: Agency | None = None,
    statuses: Iterable[str] | None = None,
    category: str = "",
    search: str = "",
) -> QuerySet[Assignment]:
    """Active assignments of people the user manages (their agency today lies in the user's HR
    scope), narrowed by requirement, agency subtree, status, staff category and name or code
    (with or without diacritics), in requirement then Vietnamese name order."""
    assignments = Assignment.objects.filter(active=True)
    if not user.is_superuser:
        assignments = assignments.filter(agency__in=agencies_in_scope(user=user))
    if requirement_ids is not None:
        assignments = assignments.filter(requirement_id__in=list(requirement_ids))
    if agency is not None:
        assignments = assignments.filter(agency__path__startswith=agency.path)
    if statuses:
        assignments = assignments.filter(status__in=list(statuses))
    if category:
        assignments = assignments.filter(profile__category=category)
    if search.strip():
        found = staff_search(profiles=LearnerProfile.objects.all(), query=search)
        assignments = assignments.filter(profile__in=found.order_by().values("pk"))
    return assignments.order_by("requirement__title", "requirement_id", "profile__name_sort", "pk")


def assignment_rows(assignments: QuerySet[Assignment]) -> Iterator[AssignmentRow]:
    """The rows of `assignments`, read in chunks: memory stays flat however many there are."""
    for values in assignments.values_list(*_FIELDS).iterator(chunk_size=CHUNK):
        yield AssignmentRow(*values)
