"""What the HR dashboard and the agency × requirement report read, within the user's scope.

Statuses come as stored (compliance.rules decides them, the services store them): these
functions only count and roll up. Rolling up happens in Python along today's tree, as
`compliance.figures` does (DESIGN.md: faster than grouping by path in SQL).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from agencies.models import Agency
from agencies.selectors import agencies_in_scope
from learning.models import Enrollment

from . import rules
from .figures import AgencyNode, ComplianceTree, Figures, GivenFiguresTree, compliance_tree
from .models import Assignment, Requirement, Status, TrainingRecord


@dataclass(frozen=True)
class ShownFigures:
    """Figures as a page shows them. Templates look up `name` as `figures["name"]` first, which
    `Figures.__getitem__` answers with a status count (0): pages read this instead."""

    rate: float | None
    completed: int
    counted: int
    total: int
    by_status: dict[str, int]
    # (status, label, count) for every status, in the choices' order.
    statuses: list[tuple[str, str, int]]

    @classmethod
    def of(cls, figures: Figures) -> ShownFigures:
        return cls(
            rate=figures.rate,
            completed=figures.completed,
            counted=figures.counted,
            total=figures.total,
            by_status=dict(figures.by_status),
            statuses=[(value, str(label), figures[value]) for value, label in Status.choices],
        )


def tree_visible(tree: ComplianceTree) -> list[AgencyNode]:
    """Every agency the tree's user may see, depth first from the scope's roots (for choices)."""
    ordered: list[AgencyNode] = []
    stack = list(reversed(tree.roots))
    while stack:
        pk = stack.pop()
        ordered.append(tree.nodes[pk])
        stack.extend(reversed(tree.children.get(pk, [])))
    return ordered


def tree_breadcrumb(tree: ComplianceTree, agency_id: int) -> list[AgencyNode]:
    """The agency's visible ancestors from the top of the user's scope down, the agency last."""
    visible = {node.id for node in tree_visible(tree)}
    by_path = {node.path: node.id for node in tree.nodes.values()}
    node = tree.nodes[agency_id]
    trail = []
    for depth in range(1, node.depth + 1):
        ancestor = by_path.get(node.path[: Agency.steplen * depth])
        if ancestor in visible:
            trail.append(tree.nodes[ancestor])
    return trail


def requirements_in_scope(*, tree: ComplianceTree) -> list[Requirement]:
    """The tree's requirements that count somebody the user may see, by title."""
    counted = [pk for pk in tree.requirement_ids if tree.total(pk).total]
    return list(Requirement.objects.filter(pk__in=counted).order_by("title", "pk"))


def _ancestors_shown(
    node: AgencyNode, *, by_path: dict[str, int], shown: set[int]
) -> Iterable[int]:
    for depth in range(node.depth, 0, -1):
        ancestor = by_path.get(node.path[: Agency.steplen * depth])
        if ancestor in shown:
            yield ancestor


def compliance_tree_for_category(
    *, user, requirement_ids: Iterable[int], category: str
) -> ComplianceTree:
    """As `compliance_tree`, counting only staff of one category: the maintained counts do not
    keep categories, so this groups the stored statuses of the assignments themselves."""
    shape = compliance_tree(user=user, requirement_ids=[])
    requirement_ids = sorted(set(requirement_ids))
    by_path = {node.path: node.id for node in shape.nodes.values()}
    visible = {node.id for node in tree_visible(shape)}
    rolled: dict[tuple[int, int], Counter] = defaultdict(Counter)
    counts = (
        Assignment.objects.filter(
            active=True, requirement_id__in=requirement_ids, profile__category=category
        )
        .values_list("requirement_id", "agency_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for requirement_id, agency_id, status, n in counts:
        node = shape.nodes.get(agency_id)
        if node is None:
            continue
        for ancestor in _ancestors_shown(node, by_path=by_path, shown=visible):
            rolled[(requirement_id, ancestor)][status] += n
    tree = GivenFiguresTree(
        user=user,
        requirement_ids=requirement_ids,
        rolled={key: Figures(dict(counter)) for key, counter in rolled.items()},
    )
    tree.__dict__["_shape"] = shape._shape  # the tree walk already read
    return tree


def _people_filter(*, user, agency: Agency | None, prefix: str) -> Q:
    """People whose agency today lies in the user's HR scope (and in `agency`'s subtree)."""
    q = Q()
    if not user.is_superuser:
        q &= Q(**{f"{prefix}agency__in": agencies_in_scope(user=user)})
    if agency is not None:
        q &= Q(**{f"{prefix}agency__path__startswith": agency.path})
    return q


@dataclass(frozen=True)
class MonthFigures:
    month: date
    completions: int
    hours: Decimal


def _months_back(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def completions_by_month(
    *, user, agency: Agency | None, today: date, months: int = 12
) -> list[MonthFigures]:
    """Training records of the people in scope, per month over the last `months` months
    (this one included), zero for a month without any: one query."""
    first = _months_back(today, months)
    found = {
        (row["month"].date() if hasattr(row["month"], "date") else row["month"]): row
        for row in TrainingRecord.objects.filter(
            _people_filter(user=user, agency=agency, prefix="profile__"),
            completed_on__gte=first[0],
            completed_on__lte=today,
        )
        .annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(completions=Count("pk"), hours=Sum("hours"))
        .order_by("month")
    }
    return [
        MonthFigures(
            month=month,
            completions=found[month]["completions"] if month in found else 0,
            hours=found[month]["hours"] if month in found else Decimal(0),
        )
        for month in first
    ]


@dataclass(frozen=True)
class ScoreFigures:
    agency: AgencyNode
    average: Decimal | None
    count: int


def average_scores(
    *, user, tree: ComplianceTree, rows: list[AgencyNode], agency: Agency | None
) -> list[ScoreFigures]:
    """The average final score of completed enrollments, by the person's agency today, rolled
    up to each of `rows` (an agency counts everyone in it and below it)."""
    by_path = {node.path: node.id for node in tree.nodes.values()}
    shown = {node.id for node in rows}
    totals: dict[int, list] = defaultdict(lambda: [Decimal(0), 0])
    sums = (
        Enrollment.objects.filter(
            _people_filter(user=user, agency=agency, prefix="user__profile__"),
            status=Enrollment.Status.COMPLETED,
            score__isnull=False,
        )
        .values_list("user__profile__agency_id")
        .annotate(total=Sum("score"), n=Count("pk"))
        .order_by()
    )
    for agency_id, total, n in sums:
        node = tree.nodes.get(agency_id)
        if node is None:
            continue
        for ancestor in _ancestors_shown(node, by_path=by_path, shown=shown):
            totals[ancestor][0] += total
            totals[ancestor][1] += n
    result = []
    for node in rows:
        total, n = totals.get(node.id, (Decimal(0), 0))
        average = (total / n).quantize(Decimal("0.1")) if n else None
        result.append(ScoreFigures(agency=node, average=average, count=n))
    return result


def late_statuses() -> list[str]:
    return sorted(rules.Status.LATE)


def certificates_in_scope(
    *,
    user,
    agency: Agency | None = None,
    issued_from: date | None = None,
    issued_to: date | None = None,
    profile_ids: QuerySet | None = None,
) -> QuerySet[Enrollment]:
    """Completed enrollments with a certificate number, of people in the user's scope, issued
    (completed) within the period, newest first."""
    enrollments = Enrollment.objects.filter(
        _people_filter(user=user, agency=agency, prefix="user__profile__"),
        status=Enrollment.Status.COMPLETED,
        # Accounts without a staff record (a trainer trying a course) are nobody's staff.
        user__profile__isnull=False,
    ).exclude(certificate_number="")
    if issued_from is not None:
        enrollments = enrollments.filter(completed_at__date__gte=issued_from)
    if issued_to is not None:
        enrollments = enrollments.filter(completed_at__date__lte=issued_to)
    if profile_ids is not None:
        enrollments = enrollments.filter(user__profile__in=profile_ids)
    return enrollments.select_related("course", "user__profile__agency").order_by(
        "-completed_at", "-pk"
    )
