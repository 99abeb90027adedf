"""Reads for training compliance: who the HR report counts, where, and how far each has got."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, LearnerProfile
from agencies.selectors import (
    AgencyAsOf,
    agencies_in_scope,
    agency_successors_today,
    agency_tree_as_of,
    staff_annotate_agency_as_of,
    staff_search,
)
from courses.models import CoursePage
from learning.models import Enrollment
from learning.selectors import enrollments_with_percent


@dataclass(frozen=True)
class ComplianceRow:
    profile: LearnerProfile
    course: CoursePage
    status: str
    percent: int
    score: Decimal | None
    completed_at: object
    certificate_number: str
    # The average of the learner's best scores at the course's exercises they attempted.
    exercise_score: Decimal | None = None
    # Where the person is counted: an AgencyAsOf (the name then, or today's when rolled up), or
    # their agency today when the caller asked no date.
    agency: AgencyAsOf | Agency | None = None


class RowStatus:
    NOT_STARTED = "not_started"
    ACTIVE = Enrollment.Status.ACTIVE
    COMPLETED = Enrollment.Status.COMPLETED


class ReportView(models.TextChoices):
    """How a report as of a past date places people: in the tree of that date, or in today's."""

    THEN = "then", _("The tree as it was then")
    ROLLED_UP = "rolled_up", _("Rolled up to today's agencies")


@dataclass(frozen=True)
class ReportAgencies:
    """The agencies a report as of `on` counts people under, and those the manager may pick.

    Scope is today's roles, whatever the date: a manager sees the people who worked, on `on`, in
    an agency whose successor today lies in their subtree, and the people in their subtree today
    wherever they were then (they manage them now, history included). An agency moved out of
    their subtree since (not merged) takes its past people with it.
    """

    on: date
    rolled_up: bool
    # The counting tree in tree order: as of `on`, or today's when rolled up.
    tree: list[AgencyAsOf]
    # The tree's agencies inside the manager's scope: the agency filter's choices.
    choices: list[AgencyAsOf]
    # Today's scope; None for a superuser, who sees everything.
    scope_ids: frozenset[int] | None
    # Merged agency → the agency carrying its history today.
    successors: dict[int, int]

    def counted_id(self, agency_id: int) -> int:
        return self.successors.get(agency_id, agency_id) if self.rolled_up else agency_id

    def reaching(self, agency_ids: Iterable[int]) -> set[int]:
        """`agency_ids` and every agency whose successor today is one of them."""
        wanted = set(agency_ids)
        return wanted | {pk for pk, today in self.successors.items() if today in wanted}

    def subtree_ids(self, agency_id: int) -> set[int]:
        """The agency and everything below it in the counting tree (tree order is depth-first)."""
        found: set[int] = set()
        depth = None
        for node in self.tree:
            if depth is not None and node.depth <= depth:
                break
            if node.id == agency_id:
                depth = node.depth
            if depth is not None:
                found.add(node.id)
        return found


def report_agencies(*, user, on: date | None = None, rolled_up: bool = False) -> ReportAgencies:
    """The agencies of the HR report as of `on` (default today), in four queries."""
    today = timezone.localdate()
    on = on or today
    tree = agency_tree_as_of(on=today if rolled_up else on)
    successors = agency_successors_today()
    scope_ids = None
    if not user.is_superuser:
        scope_ids = frozenset(agencies_in_scope(user=user).values_list("pk", flat=True))
    choices = [
        node for node in tree if scope_ids is None or successors.get(node.id, node.id) in scope_ids
    ]
    return ReportAgencies(
        on=on,
        rolled_up=rolled_up,
        tree=tree,
        choices=choices,
        scope_ids=scope_ids,
        successors=successors,
    )


def compliance_profiles(
    *,
    user,
    agency: Agency | int | None = None,
    search: str = "",
    agencies: ReportAgencies | None = None,
) -> QuerySet[LearnerProfile]:
    """Learners the HR manager may see as of the report's date, optionally narrowed to one agency
    subtree of the counting tree, searched and ordered as Vietnamese names are.

    Each carries `agency_as_of_id`, where they worked on that date.
    """
    if agencies is None:
        agencies = report_agencies(user=user)
    profiles = staff_annotate_agency_as_of(
        profiles=LearnerProfile.objects.all(), on=agencies.on
    ).filter(agency_as_of_id__isnull=False)
    if agencies.scope_ids is not None:
        profiles = profiles.filter(
            Q(agency_as_of_id__in=agencies.reaching(agencies.scope_ids))
            | Q(agency_id__in=agencies.scope_ids)
        )
    if agency is not None:
        subtree = agencies.subtree_ids(agency.pk if isinstance(agency, Agency) else agency)
        wanted = agencies.reaching(subtree) if agencies.rolled_up else subtree
        profiles = profiles.filter(agency_as_of_id__in=wanted)
    return staff_search(profiles=profiles.select_related("agency", "user"), query=search)


def compliance_rows(
    *,
    profiles: Iterable[LearnerProfile],
    courses: list[CoursePage],
    agencies: ReportAgencies | None = None,
) -> Iterator[ComplianceRow]:
    """One row per learner and course, in four queries whatever the number of rows (five when a
    person's agency of the date lies outside the counting tree)."""
    profiles = list(profiles)
    user_ids = [p.user_id for p in profiles]
    enrollments = {
        (e.user_id, e.course_id): e
        for e in enrollments_with_percent(
            enrollments=Enrollment.objects.filter(user_id__in=user_ids), courses=courses
        )
    }
    counted = _counted_agencies(profiles, agencies)
    for profile in profiles:
        agency = counted.get(profile.pk, profile.agency)
        for course in courses:
            enrollment = enrollments.get((profile.user_id, course.id))
            if enrollment is None:
                yield ComplianceRow(
                    profile, course, RowStatus.NOT_STARTED, 0, None, None, "", agency=agency
                )
                continue
            yield ComplianceRow(
                profile,
                course,
                enrollment.status,
                enrollment.percent,
                enrollment.score,
                enrollment.completed_at,
                enrollment.certificate_number,
                exercise_score=enrollment.exercise_score,
                agency=agency,
            )


def _counted_agencies(
    profiles: list[LearnerProfile], agencies: ReportAgencies | None
) -> dict[int, AgencyAsOf | Agency]:
    """Profile id → the agency the report counts them under."""
    if agencies is None:
        return {}
    ids = {
        profile.pk: agencies.counted_id(profile.agency_as_of_id)
        for profile in profiles
        if getattr(profile, "agency_as_of_id", None) is not None
    }
    known: dict[int, AgencyAsOf | Agency] = {node.id: node for node in agencies.tree}
    # A period in an agency inactive that day, or a successor dissolved since: data the tree
    # does not hold, shown under the agency's name today rather than dropped.
    missing = set(ids.values()) - known.keys()
    if missing:
        known |= Agency.objects.in_bulk(missing)
    return {pk: known[agency_id] for pk, agency_id in ids.items() if agency_id in known}


@dataclass(frozen=True)
class CourseSummary:
    course: CoursePage
    learners: int
    completed: int
    active: int

    @property
    def not_started(self) -> int:
        return self.learners - self.completed - self.active

    @property
    def completed_percent(self) -> int:
        return round(100 * self.completed / self.learners) if self.learners else 0


def compliance_summary(
    *, profiles: QuerySet[LearnerProfile], courses: list[CoursePage]
) -> list[CourseSummary]:
    """Per course: how many of these learners completed it or are studying it, in two queries."""
    learners = profiles.count()
    counts = {
        (row["course_id"], row["status"]): row["total"]
        for row in Enrollment.objects.filter(
            user_id__in=profiles.values("user_id"), course__in=courses
        )
        .values("course_id", "status")
        .annotate(total=Count("id"))
        .order_by()
    }
    return [
        CourseSummary(
            course=course,
            learners=learners,
            completed=counts.get((course.id, Enrollment.Status.COMPLETED), 0),
            active=counts.get((course.id, Enrollment.Status.ACTIVE), 0),
        )
        for course in courses
    ]
