"""Compliance figures by agency, read from the maintained counts and rolled up the tree in Python.

The figures of an agency are those of everyone in it and below it. A report shows a few agencies
at a time (an agency and its children), so it sums only the counts below the agency it shows,
by child, in one query: whatever the size of the tree, the user's scope then two queries per
page (the agencies shown, the sums). `rolled` rolls up the whole tree at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q, Subquery, Sum
from django.db.models.functions import Substr

from agencies.models import Agency
from agencies.selectors import agencies_held, agency_scope_paths, in_scope_condition

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


_NODE_FIELDS = ("pk", "code", "name", "path", "depth", "numchild")


def _nodes(agencies) -> list[tuple[AgencyNode, bool]]:
    return [
        (AgencyNode(pk, code, name, path, depth), numchild > 0)
        for pk, code, name, path, depth, numchild in agencies.values_list(*_NODE_FIELDS)
    ]


class ComplianceTree:
    """Counts rolled up the tree for the agencies a user may see, for a set of requirements.

    Each call reads only what it shows: `rows(agency)` sums the maintained counts below one
    agency, grouped by child, in one query (bench/compliance.py: a province's 3,000 agencies
    hold some 116,000 counts, and a sở's drill-down needs 5,000 of them). `rolled` rolls up
    every agency in scope at once, for figures across the whole tree.
    """

    def __init__(self, *, user, requirement_ids: list[int]):
        self.user = user
        self.requirement_ids = requirement_ids
        # Rows already read, by agency (None: the scope's tops): a page asks for totals per
        # requirement, each from the same rows.
        self._rows: dict[int | None, list[AgencyFigures]] = {}

    @cached_property
    def scope_paths(self) -> list[str] | None:
        """The tops of the user's scope (None: everything, for a superuser)."""
        return agency_scope_paths(user=self.user)

    def _visible(self, path: str) -> bool:
        return self.scope_paths is None or path.startswith(tuple(self.scope_paths))

    def _roots(self) -> list[tuple[AgencyNode, bool]]:
        held = sorted(_nodes(agencies_held(user=self.user)), key=lambda item: item[0].path)
        roots: list[tuple[AgencyNode, bool]] = []
        for node, has_children in held:  # in path order: an ancestor before its subtree
            if not any(node.path.startswith(root.path) for root, _ in roots):
                roots.append((node, has_children))
        return sorted(roots, key=lambda item: (item[0].name, item[0].path))

    def _sums(self, path: str, length: int) -> dict[tuple[str, int], Counter]:
        """Counts below `path`, summed by the first `length` characters of their agency's path
        (the child they lie under, or `path` itself for the agency's own people)."""
        counts = (
            ComplianceCount.objects.filter(
                agency__path__startswith=path,
                requirement_id__in=self.requirement_ids,
                count__gt=0,
            )
            .annotate(prefix=Substr("agency__path", 1, length))
            .values("prefix", "requirement_id", "status")
            .annotate(n=Sum("count"))
            .values_list("prefix", "requirement_id", "status", "n")
            .order_by()
        )
        sums: dict[tuple[str, int], Counter] = defaultdict(Counter)
        for prefix, requirement_id, status, n in counts:
            sums[(prefix, requirement_id)][status] += n
        return sums

    def _row(self, node: AgencyNode, has_children: bool, sums) -> AgencyFigures:
        return AgencyFigures(
            agency=node,
            figures={
                requirement_id: Figures(dict(sums.get((node.path, requirement_id), {})))
                for requirement_id in self.requirement_ids
            },
            has_children=has_children,
        )

    def rows(self, agency_id: int | None = None) -> list[AgencyFigures]:
        """The agency's own row then one per child (drill-down); without one, the scope's roots.
        An agency outside the user's scope gives no rows."""
        if agency_id not in self._rows:
            self._rows[agency_id] = self._rows_read(agency_id)
        return self._rows[agency_id]

    def _rows_read(self, agency_id: int | None) -> list[AgencyFigures]:
        if agency_id is None:
            rows = []
            for node, has_children in self._roots():
                sums = self._sums(node.path, len(node.path))
                rows.append(self._row(node, has_children, sums))
            return rows
        # The agency and its children in one query, which also checks the user's scope.
        chosen = Agency.objects.filter(pk=agency_id)
        found = _nodes(
            Agency.objects.filter(in_scope_condition(user=self.user))
            .filter(
                Q(pk=agency_id)
                | Q(
                    path__startswith=Subquery(chosen.values("path")),
                    depth=Subquery(chosen.values("depth")) + 1,
                )
            )
            .order_by("depth", "name", "path")
        )
        if not found or found[0][0].id != agency_id:
            return []
        (parent, has_children), children = found[0], found[1:]
        sums = self._sums(parent.path, len(parent.path) + Agency.steplen)
        # The agency's own figures: everything below it, its own people included.
        own: dict[tuple[str, int], Counter] = defaultdict(Counter)
        for (_prefix, requirement_id), counter in sums.items():
            own[(parent.path, requirement_id)].update(counter)
        return [self._row(parent, has_children, own)] + [
            self._row(node, child_has_children, sums) for node, child_has_children in children
        ]

    def row(self, agency_id: int) -> AgencyFigures | None:
        """One agency's figures (None when it is outside the user's scope)."""
        rows = self.rows(agency_id)
        return rows[0] if rows else None

    def total(self, requirement_id: int) -> Figures:
        """The figures of everyone the user may see, for one requirement."""
        summed: Counter = Counter()
        for row in self.rows():
            summed.update(row.figures[requirement_id].by_status)
        return Figures(dict(summed))

    @cached_property
    def _shape(self) -> tuple[dict[int, AgencyNode], dict[int | None, list[int]], list[int]]:
        """Every agency, the visible children of each visible agency (by name) and the scope's
        tops (in tree order): one query, for pages that walk the tree themselves."""
        agencies = Agency.objects.values_list("pk", "code", "name", "path", "depth").order_by(
            "path"
        )
        nodes = {
            pk: AgencyNode(pk, code, name, path, depth) for pk, code, name, path, depth in agencies
        }
        by_path = {node.path: node.id for node in nodes.values()}
        children: dict[int | None, list[int]] = defaultdict(list)
        roots = []
        for node in nodes.values():  # in path order: parents first
            if not self._visible(node.path):
                continue
            parent = by_path.get(node.parent_path())
            if parent is not None and self._visible(nodes[parent].path):
                children[parent].append(node.id)
            else:
                roots.append(node.id)
        for siblings in children.values():
            siblings.sort(key=lambda pk: nodes[pk].name)
        return nodes, dict(children), roots

    @property
    def nodes(self) -> dict[int, AgencyNode]:
        return self._shape[0]

    @property
    def children(self) -> dict[int | None, list[int]]:
        return self._shape[1]

    @property
    def roots(self) -> list[int]:
        return self._shape[2]

    @cached_property
    def rolled(self) -> Mapping[tuple[int, int], Figures]:
        """(requirement id, agency id) → figures, for every agency in scope: the whole tree
        rolled up in Python, one pass over the counts (DESIGN.md: faster than SQL grouping)."""
        agencies = Agency.objects.values_list("pk", "path", "depth")
        by_path = {path: pk for pk, path, _depth in agencies}
        depth_of = {pk: (path, depth) for pk, path, depth in agencies}
        rolled: dict[tuple[int, int], Counter] = defaultdict(Counter)
        counts = ComplianceCount.objects.filter(
            requirement_id__in=self.requirement_ids, count__gt=0
        ).values_list("requirement_id", "agency_id", "status", "count")
        for requirement_id, agency_id, status, n in counts.order_by():
            if agency_id not in depth_of:
                continue
            path, depth = depth_of[agency_id]
            # The agency itself and each ancestor: the prefixes of its path.
            for level in range(depth, 0, -1):
                ancestor = path[: Agency.steplen * level]
                if self._visible(ancestor):
                    rolled[(requirement_id, by_path[ancestor])][status] += n
        return {key: Figures(dict(counter)) for key, counter in rolled.items()}


class GivenFiguresTree(ComplianceTree):
    """The tree walk of `ComplianceTree` over figures counted elsewhere (for one staff category,
    say, which the maintained counts do not keep): `rolled` is given, rows are read from it."""

    def __init__(
        self, *, user, requirement_ids: list[int], rolled: Mapping[tuple[int, int], Figures]
    ):
        super().__init__(user=user, requirement_ids=requirement_ids)
        self.__dict__["rolled"] = rolled  # in place of the cached property's own reading

    def _rows_read(self, agency_id: int | None) -> list[AgencyFigures]:
        visible = set(self.roots).union(*self.children.values())
        if agency_id is None:
            ids = list(self.roots)
        elif agency_id in visible:
            ids = [agency_id, *self.children.get(agency_id, [])]
        else:
            return []
        return [
            AgencyFigures(
                agency=self.nodes[pk],
                figures={
                    requirement_id: self.rolled.get((requirement_id, pk), Figures())
                    for requirement_id in self.requirement_ids
                },
                has_children=bool(self.children.get(pk)),
            )
            for pk in ids
        ]


def compliance_tree(*, user, requirement_ids: Iterable[int]) -> ComplianceTree:
    """The requirements' figures rolled up along today's tree, limited to the user's HR scope
    (every agency for a superuser). No query here; each `rows()` call reads what it shows."""
    return ComplianceTree(user=user, requirement_ids=sorted(set(requirement_ids)))
