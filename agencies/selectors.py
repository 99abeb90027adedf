"""Reads over the agency tree. Scope (who may see which agencies) is decided here and only here."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Length, Substr

from .models import Agency, AgencyRole, AgencyVersion, LearnerProfile, StaffAssignment
from .names import has_diacritics, text_clean, text_fold, text_lower


def agencies_held(
    *, user, roles: Iterable[str] = (AgencyRole.Role.HR_MANAGER,)
) -> QuerySet[Agency]:
    """The agencies `user` holds one of `roles` over: the tops of their scope (some may lie
    below others). A superuser's are the roots of the tree."""
    if user.is_superuser:
        return Agency.objects.filter(depth=1)
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(
        Exists(AgencyRole.objects.filter(user=user, role__in=list(roles), agency=OuterRef("pk")))
    )


def agency_scope_paths(
    *, user, roles: Iterable[str] = (AgencyRole.Role.HR_MANAGER,)
) -> list[str] | None:
    """The paths of the top agencies `user` reaches through any of `roles` (a role below
    another of theirs adds nothing); None for a superuser, who reaches every agency."""
    if user.is_superuser:
        return None
    paths = sorted(set(agencies_held(user=user, roles=roles).values_list("path", flat=True)))
    tops: list[str] = []
    for path in paths:  # sorted: an ancestor comes before everything below it
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
    return tops


def in_scope_condition(
    *, user, roles: Iterable[str] = (AgencyRole.Role.HR_MANAGER,), path: str = "path"
) -> Q:
    """The scope of `agencies_in_scope` as one condition on agencies (`path` names their path
    field), for a query that must check scope without a query of its own: the user holds one
    of `roles` over the agency or an ancestor (whose path is a prefix of the agency's)."""
    if user.is_superuser:
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    held = AgencyRole.objects.filter(
        user=user,
        role__in=list(roles),
        agency__path=Substr(OuterRef(path), 1, Length("agency__path")),
    )
    return Q(Exists(held))


def agencies_in_scope(
    *, user, roles: Iterable[str] = (AgencyRole.Role.HR_MANAGER,)
) -> QuerySet[Agency]:
    """Agencies `user` reaches through any of `roles`: each agency they hold one of them over,
    and everything below it. Superusers reach every agency."""
    paths = agency_scope_paths(user=user, roles=roles)
    if paths is None:
        return Agency.objects.all()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return Agency.objects.filter(q)


def agency_in_scope(*, user, agency: Agency, roles: Iterable[str]) -> bool:
    """Whether `agency` is one of `user`'s agencies through `roles` (one query)."""
    if user.is_superuser:
        return True
    if not user.is_authenticated:
        return False
    # Treebeard paths: an agency's ancestors are the prefixes of its path, one step per depth.
    ancestors = [agency.path[: agency.steplen * depth] for depth in range(1, agency.depth + 1)]
    return AgencyRole.objects.filter(
        user=user, role__in=list(roles), agency__path__in=ancestors
    ).exists()


def user_is_hr(*, user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or AgencyRole.objects.filter(user=user, role=AgencyRole.Role.HR_MANAGER).exists()
    )


def roles_in_scope(*, user) -> QuerySet[AgencyRole]:
    """The roles `user` may see and revoke: those over the agencies they administer."""
    scope = agencies_in_scope(user=user, roles=(AgencyRole.Role.AGENCY_ADMIN,))
    return (
        AgencyRole.objects.filter(agency__in=scope)
        .select_related("user", "agency")
        .order_by("agency__path", "role", "user__username")
    )


def staff_search(*, profiles: QuerySet[LearnerProfile], query: str) -> QuerySet[LearnerProfile]:
    """Those of `profiles` whose name or employee code holds `query`, in Vietnamese name order.

    Typed without diacritics, "duc" finds Đức, Dục and Đúc; typed with them, "Đức" finds Đức only.
    """
    if not text_fold(query):
        return profiles.order_by("name_sort", "employee_code")
    if has_diacritics(query):
        by_name = Q(name_lower__contains=text_lower(query))
    else:
        by_name = Q(name_search__contains=text_fold(query))
    profiles = profiles.filter(by_name | Q(employee_code__icontains=text_clean(query)))
    return profiles.order_by("name_sort", "employee_code")


# --- history: the tree and the people as of a date ---------------------------------------------


@dataclass(frozen=True)
class AgencyAsOf:
    """An agency as it was on a date: its name, kind and supervising agency then."""

    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    depth: int


def _valid_on(day: date, *, prefix: str = "") -> Q:
    """Half-open periods: [valid_from, valid_to) contains `day`; null bounds are open."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def _active_on(day: date, *, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": day})
    ) & (Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gt": day}))


def agency_tree_as_of(*, on: date) -> list[AgencyAsOf]:
    """Every agency active on `on`, with its name and parent then, in tree order (two queries)."""
    rows = {
        row["agency_id"]: row
        for row in AgencyVersion.objects.filter(_valid_on(on), _active_on(on, prefix="agency__"))
        .values("agency_id", "agency__code", "name", "short_name", "kind", "parent_id")
        .order_by()
    }
    # Agencies written without history (seed data, imports) are as they are now, since before
    # records; their parent is the node whose path is theirs minus one step.
    steplen = Agency.steplen
    parent_id = Agency.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - steplen)
    ).values("pk")[:1]
    for row in (
        Agency.objects.filter(_active_on(on), versions__isnull=True)
        .annotate(parent_pk=Subquery(parent_id))
        .values("pk", "code", "name", "short_name", "kind", "parent_pk")
    ):
        rows[row["pk"]] = {
            "agency_id": row["pk"],
            "agency__code": row["code"],
            "name": row["name"],
            "short_name": row["short_name"],
            "kind": row["kind"],
            "parent_id": row["parent_pk"],
        }
    children: dict[int | None, list[dict]] = {}
    for row in rows.values():
        parent = row["parent_id"] if row["parent_id"] in rows else None
        children.setdefault(parent, []).append(row)
    ordered: list[AgencyAsOf] = []
    # Depth-first from the roots, siblings by name; an explicit stack and a seen set keep a
    # corrupted history (a parent cycle) from looping.
    stack = [(row, 1) for row in sorted(children.get(None, []), key=_by_name, reverse=True)]
    seen: set[int] = set()
    while stack:
        row, depth = stack.pop()
        if row["agency_id"] in seen:
            continue
        seen.add(row["agency_id"])
        ordered.append(
            AgencyAsOf(
                id=row["agency_id"],
                code=row["agency__code"],
                name=row["name"],
                short_name=row["short_name"],
                kind=row["kind"],
                parent_id=row["parent_id"] if row["parent_id"] in rows else None,
                depth=depth,
            )
        )
        below = sorted(children.get(row["agency_id"], []), key=_by_name, reverse=True)
        stack.extend((child, depth + 1) for child in below)
    return ordered


def _by_name(row: dict) -> tuple[str, str]:
    return (row["name"].casefold(), row["agency__code"])


def _successor_map() -> dict[int, int]:
    return dict(Agency.objects.filter(successor__isnull=False).values_list("pk", "successor_id"))


def _successor_follow(agency_id: int, successors: dict[int, int]) -> int:
    """Follow merges to the end; stop before revisiting an agency (a cycle in bad data)."""
    seen = {agency_id}
    while agency_id in successors and successors[agency_id] not in seen:
        agency_id = successors[agency_id]
        seen.add(agency_id)
    return agency_id


def agency_successor_today(*, agency: Agency) -> Agency:
    """The agency that carries `agency`'s history today (itself unless merged or dissolved)."""
    # The stored successors, not the instance's: the caller's copy may predate the merge.
    today = _successor_follow(agency.pk, _successor_map())
    return agency if today == agency.pk else Agency.objects.get(pk=today)


def staff_agencies_as_of(
    *, profiles: Iterable[LearnerProfile | int], on: date
) -> dict[int, Agency]:
    """Where each person worked on `on`, by profile id; absent when they did not work here then."""
    ids = _profile_ids(profiles)
    found = {
        row.profile_id: row.agency
        for row in StaffAssignment.objects.filter(_valid_on(on), profile__in=ids).select_related(
            "agency"
        )
    }
    missing = [pk for pk in ids if pk not in found]
    if missing:
        # People written without history (seed data, imports) are where their record says,
        # since before records.
        for profile in LearnerProfile.objects.filter(
            pk__in=missing, assignments__isnull=True
        ).select_related("agency"):
            found[profile.pk] = profile.agency
    return found


def staff_agencies_rolled_up(
    *, profiles: Iterable[LearnerProfile | int], on: date
) -> dict[int, Agency]:
    """Where each person worked on `on`, mapped to that agency's successor today."""
    then = staff_agencies_as_of(profiles=profiles, on=on)
    successors = _successor_map()
    today_ids = {pk: _successor_follow(agency.pk, successors) for pk, agency in then.items()}
    known = {agency.pk: agency for agency in then.values()}
    wanted = set(today_ids.values()) - known.keys()
    if wanted:
        known |= Agency.objects.in_bulk(wanted)
    return {pk: known[agency_id] for pk, agency_id in today_ids.items()}


def _profile_ids(profiles: Iterable[LearnerProfile | int]) -> list[int]:
    return [p.pk if isinstance(p, LearnerProfile) else p for p in profiles]


def agency_successors_today() -> dict[int, int]:
    """Every merged or dissolved-into agency → the agency carrying its history today (one query).

    Agencies absent from the map are their own successor.
    """
    successors = _successor_map()
    return {pk: _successor_follow(pk, successors) for pk in successors}


def staff_annotate_agency_as_of(
    *, profiles: QuerySet[LearnerProfile], on: date
) -> QuerySet[LearnerProfile]:
    """`profiles` with `agency_as_of_id`: where each person worked on `on`, in the same query.

    Null when they did not work here then; people written without any history are where their
    record says (as staff_agencies_as_of).
    """
    period = (
        StaffAssignment.objects.filter(_valid_on(on), profile=OuterRef("pk"))
        .order_by("-valid_from")
        .values("agency_id")[:1]
    )
    has_history = Exists(StaffAssignment.objects.filter(profile=OuterRef("pk")))
    return profiles.annotate(
        agency_as_of_id=Case(
            When(has_history, then=Subquery(period)),
            default=F("agency_id"),
            output_field=IntegerField(),
        )
    )


# --- staff records and their audit history -----------------------------------------------------

# Who reads and edits staff records: HR of the agency subtree and its administrators.
STAFF_ROLES = (AgencyRole.Role.AGENCY_ADMIN, AgencyRole.Role.HR_MANAGER)


def staff_in_scope(*, user) -> QuerySet[LearnerProfile]:
    """The staff records `user` may read and edit: those of their agencies (STAFF_ROLES)."""
    if not user.is_active:
        return LearnerProfile.objects.none()
    if user.is_superuser:
        return LearnerProfile.objects.all()
    return LearnerProfile.objects.filter(agency__in=agencies_in_scope(user=user, roles=STAFF_ROLES))


# The fields a person's history shows, in the form's order; other columns are bookkeeping.
HISTORY_FIELDS = (
    "full_name",
    "employee_code",
    "agency",
    "birth_date",
    "category",
    "leadership_level",
    "position",
    "job_position",
    "rank",
    "agency_start_date",
    "phone",
    "status",
    "status_date",
)


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    why: str
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    changes: list[FieldChange]


@dataclass(frozen=True)
class StaffPeriod:
    agency: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class StaffHistory:
    entries: list[HistoryEntry]
    periods: list[StaffPeriod]


def _display(field, value, agency_names: dict[int, str]) -> str:
    if value is None or value == "":
        return ""
    if field.name == "agency":
        return agency_names.get(value, str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def staff_history(*, profile: LearnerProfile) -> StaffHistory:
    """Every recorded change to a person's staff record, newest first, with each field before →
    after, and the agencies they worked in over time (three queries)."""
    rows = list(
        LearnerProfile.history.filter(id=profile.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    periods = list(
        StaffAssignment.objects.filter(profile=profile)
        .select_related("agency")
        .order_by(F("valid_from").asc(nulls_first=True), "pk")
    )
    agency_ids = {row.agency_id for row in rows} - {period.agency_id for period in periods}
    names = {period.agency_id: period.agency.name for period in periods}
    if agency_ids:
        names.update(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    fields = [LearnerProfile._meta.get_field(name) for name in HISTORY_FIELDS]
    entries = []
    previous = None
    for row in rows:
        changes = []
        for field in fields:
            before = (
                "" if previous is None else _display(field, getattr(previous, field.attname), names)
            )
            after = _display(field, getattr(row, field.attname), names)
            if before != after:
                changes.append(FieldChange(str(field.verbose_name), before, after))
        user = row.history_user
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "",
                why=row.history_change_reason or "",
                kind=row.history_type,
                changes=changes,
            )
        )
        previous = row
    entries.reverse()
    return StaffHistory(
        entries=entries,
        periods=[StaffPeriod(p.agency.name, p.valid_from, p.valid_to) for p in periods],
    )
