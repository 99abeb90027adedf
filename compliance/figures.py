"""Compliance figures by agency, read from the maintained counts and rolled up the tree in Python.

The figures of an agency are those of everyone in it and below it. Four queries whatever the
size of the tree: the agencies, the user's scope (two), the counts (DESIGN.md: rolling up in
Python is faster than grouping by path in SQL).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from agencies.models import Agency
from agencies.selectors import agencies_in_scope

from . import rules
from .models import ComplianceCount


@dataclass(frozen=True)
class Figures:
    """How many people of an agency subtree are in each status of one requirement."""

    by_status: Mapping[str, int] = field(default_factory=dict)

    def __getitem__(self, status: str) -> int:
        return self.by_status.get(status, 0)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def counted(self) -> int:
        """People the rate counts: everyone assigned but the exempt."""
        return self.total - self[rules.Status.EXEMPT]

    @property
    def completed(self) -> int:
        return self[rules.Status.COMPLETED]

    @property
    def late(self) -> int:
        return self[rules.Status.OVERDUE] + self[rules.Status.EXPIRED]

    @property
    def rate(self) -> float | None:
        """Completed over counted, in percent to one decimal; None when nobody is counted."""
        return round(100 * self.completed / self.counted, 1) if self.counted else None


@dataclass(frozen=True)
class AgencyNode:
    id: int
    code: str
    name: str
    path: str
    depth: int

    def parent_path(self) -> str:
        return self.path[: -Agency.steplen]


@dataclass(frozen=True)
class AgencyFigures:
    agency: AgencyNode
    # Requirement id → the figures of the agency and everything below it.
    figures: Mapping[int, Figures]
    has_children: bool


@dataclass(frozen=True)
class ComplianceTree:
    """Counts rolled up to every agency a user may see, for a set of requirements."""

    nodes: Mapping[int, AgencyNode]
    children: Mapping[int | None, list[int]]
    rolled: Mapping[tuple[int, int], Figures]
    # The top agencies of the user's scope (the tree's roots for a superuser).
    roots: list[int]
    requirement_ids: list[int]

    def row(self, agency_id: int) -> AgencyFigures:
        return AgencyFigures(
            agency=self.nodes[agency_id],
            figures={
                requirement_id: self.rolled.get((requirement_id, agency_id), Figures())
                for requirement_id in self.requirement_ids
            },
            has_children=bool(self.children.get(agency_id)),
        )

    def rows(self, agency_id: int | None = None) -> list[AgencyFigures]:
        """The agency's own row then one per child (drill-down); without one, the scope's roots."""
        if agency_id is None:
            return [self.row(pk) for pk in self.roots]
        return [self.row(agency_id)] + [self.row(pk) for pk in self.children.get(agency_id, [])]

    def total(self, requirement_id: int) -> Figures:
        """The figures of everyone the user may see, for one requirement."""
        summed: Counter = Counter()
        for root in self.roots:
            summed.update(self.rolled.get((requirement_id, root), Figures()).by_status)
        return Figures(dict(summed))


def compliance_tree(*, user, requirement_ids: Iterable[int]) -> ComplianceTree:
    """The requirements' figures rolled up along today's tree, limited to the user's scope."""
    requirement_ids = sorted(set(requirement_ids))
    agencies = Agency.objects.values_list("pk", "code", "name", "path", "depth").order_by("path")
    nodes = {
        pk: AgencyNode(pk, code, name, path, depth) for pk, code, name, path, depth in agencies
    }
    by_path = {node.path: node.id for node in nodes.values()}
    if user.is_superuser:
        visible = set(nodes)
    else:
        visible = set(agencies_in_scope(user=user).values_list("pk", flat=True))
    children: dict[int | None, list[int]] = defaultdict(list)
    roots = []
    for node in nodes.values():  # in path order: parents first, children by name below
        parent = by_path.get(node.parent_path())
        if node.id not in visible:
            continue
        if parent in visible:
            children[parent].append(node.id)
        else:
            roots.append(node.id)
    for siblings in children.values():
        siblings.sort(key=lambda pk: nodes[pk].name)

    rolled: dict[tuple[int, int], Counter] = defaultdict(Counter)
    counts = ComplianceCount.objects.filter(requirement_id__in=requirement_ids, count__gt=0)
    for requirement_id, agency_id, status, n in counts.values_list(
        "requirement_id", "agency_id", "status", "count"
    ).order_by():
        node = nodes.get(agency_id)
        if node is None:
            continue
        # The agency itself and each ancestor: the prefixes of its path.
        for depth in range(node.depth, 0, -1):
            ancestor = by_path.get(node.path[: Agency.steplen * depth])
            if ancestor in visible:
                rolled[(requirement_id, ancestor)][status] += n
    return ComplianceTree(
        nodes=nodes,
        children=dict(children),
        rolled={key: Figures(dict(counter)) for key, counter in rolled.items()},
        roots=roots,
        requirement_ids=requirement_ids,
    )
