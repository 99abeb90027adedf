"""Writes of the compliance app: assignments follow the audience, statuses follow the rules, and
`ComplianceCount` follows the assignments, always in the same transaction.

Every status change goes through `_write`: it locks the requirement's row (one writer per
requirement at a time, so two maintenances never count the same change twice), reads the
assignments it will change inside that lock, and applies their count deltas before committing.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyRole, LearnerProfile
from agencies.selectors import agency_in_scope
from courses.models import CoursePage
from learning.models import Enrollment

from . import rules
from .models import (
    Assignment,
    ComplianceCount,
    ComplianceEvent,
    Requirement,
    TrainingRecord,
)

CHUNK = 2000
REASON_MAX = 2000
_PROFILE_FIELDS = (
    "pk",
    "user_id",
    "agency_id",
    "category",
    "leadership_level",
    "position",
    "job_position",
    "status",
    "agency_start_date",
)


def text_key(value: str) -> str:
    """A title or job position as the audience compares it: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


@dataclass(frozen=True)
class Audience:
    """A requirement's audience rule, read once and applied to many people in Python."""

    path: str | None
    categories: frozenset[str]
    leadership_levels: frozenset[str]
    positions: frozenset[str]
    job_positions: frozenset[str]
    people: frozenset[int]
    excluded: frozenset[int]

    @classmethod
    def of(cls, requirement: Requirement) -> Audience:
        return cls(
            path=requirement.agency.path if requirement.agency_id else None,
            categories=frozenset(requirement.categories or ()),
            leadership_levels=frozenset(requirement.leadership_levels or ()),
            positions=frozenset(text_key(p) for p in requirement.positions or ()),
            job_positions=frozenset(text_key(p) for p in requirement.job_positions or ()),
            people=frozenset(requirement.people.values_list("pk", flat=True)),
            excluded=frozenset(requirement.excluded_people.values_list("pk", flat=True)),
        )

    def matches(self, person: dict, agency_path: str) -> bool:
        if person["pk"] in self.excluded or person["status"] == LearnerProfile.Status.LEFT:
            return False
        if person["pk"] in self.people:
            return True
        return (
            (self.path is None or agency_path.startswith(self.path))
            and (not self.categories or person["category"] in self.categories)
            and (not self.leadership_levels or person["leadership_level"] in self.leadership_levels)
            and (not self.positions or text_key(person["position"]) in self.positions)
            and (not self.job_positions or text_key(person["job_position"]) in self.job_positions)
        )

    def candidates(self) -> Q:
        """A filter no matching person fails (the exact test is `matches`)."""
        q = ~Q(status=LearnerProfile.Status.LEFT)
        if self.path is not None:
            q &= Q(agency__path__startswith=self.path) | Q(pk__in=self.people)
        return q


@dataclass(frozen=True)
class SyncResult:
    created: int = 0
    changed: int = 0
    deactivated: int = 0

    def __add__(self, other: SyncResult) -> SyncResult:
        return SyncResult(
            self.created + other.created,
            self.changed + other.changed,
            self.deactivated + other.deactivated,
        )


# --- Reading what the rules need ------------------------------------------------------------


def _records_filter(requirement: Requirement, course_ids: list[int]) -> Q:
    if requirement.satisfaction == Requirement.Satisfaction.COURSES:
        return Q(course_id__in=course_ids)
    q = Q()
    if requirement.hours_category:
        q &= Q(category=requirement.hours_category)
    if requirement.hours_area:
        q &= Q(areas__contains=requirement.hours_area)
    return q


def _people_filter(field: str, ids: Sequence[int]) -> Q:
    """`field` among `ids`: as a range when the ids are (nearly) consecutive, as maintenance
    reads them, since a 2,000-id IN list costs more to build and send than the rows it finds.
    The range may hold others: callers keep only the people they asked about."""
    low, high = min(ids), max(ids)
    if high - low < 4 * len(ids):
        return Q(**{f"{field}__range": (low, high)})
    return Q(**{f"{field}__in": ids})


def _records_by_profile(
    requirement: Requirement, course_ids: list[int], profile_ids: Sequence[int] | None
) -> dict[int, list[rules.Record]]:
    records = TrainingRecord.objects.filter(_records_filter(requirement, course_ids))
    if profile_ids is not None:
        if not profile_ids:
            return {}
        records = records.filter(_people_filter("profile__pk", profile_ids))
    found: dict[int, list[rules.Record]] = defaultdict(list)
    area = requirement.hours_area
    for profile_id, completed_on, hours, areas in records.values_list(
        "profile_id", "completed_on", "hours", "areas"
    ).order_by():
        if area and area not in areas.split(","):
            continue
        found[profile_id].append(rules.Record(completed_on, hours))
    return found


def _studying_user_ids(
    requirement: Requirement, course_ids: list[int], profile_ids: Sequence[int] | None
) -> set[int]:
    """Users studying (enrolled, not completed) a course that counts for the requirement, among
    the users of `profile_ids` (and maybe others)."""
    enrollments = Enrollment.objects.filter(status=Enrollment.Status.ACTIVE)
    if requirement.satisfaction == Requirement.Satisfaction.COURSES:
        enrollments = enrollments.filter(course_id__in=course_ids)
    else:
        if requirement.hours_category:
            enrollments = enrollments.filter(course__category=requirement.hours_category)
        if requirement.hours_area:
            enrollments = enrollments.filter(course__digcomp_areas__contains=requirement.hours_area)
    if profile_ids is not None:
        if not profile_ids:
            return set()
        enrollments = enrollments.filter(_people_filter("user__profile__pk", profile_ids))
    return set(enrollments.values_list("user_id", flat=True).order_by())


def state_for(
    requirement: Requirement,
    assignment: Assignment | _Stored,
    *,
    records: Iterable[rules.Record],
    in_progress: bool,
    joined_on: date | None,
    today: date,
    rule: rules.Rule | None = None,
) -> rules.State:
    """The state the rules give one assignment: the one computation behind every status."""
    extension = None
    if assignment.extended_due_on and assignment.extended_cycle:
        extension = (assignment.extended_cycle, assignment.extended_due_on)
    return rules.assignment_state(
        rule or requirement.rule(),
        assigned_on=assignment.assigned_on,
        joined_on=joined_on,
        records=records,
        in_progress=in_progress,
        today=today,
        exempt=assignment.exempt,
        extension=extension,
    )


_STATE_FIELDS = (
    "status",
    "cycle",
    "due_on",
    "extended_due_on",
    "extended_cycle",
    "window_opens_on",
    "completed_on",
    "expires_on",
    "hours_done",
    "next_change_on",
)


def _apply_state(assignment, state: rules.State) -> None:
    assignment.status = state.status
    assignment.cycle = state.cycle
    assignment.due_on = state.due_on
    if state.extended_due_on is None:
        # An extension lapses with the cycle it was granted for.
        assignment.extended_due_on = None
        assignment.extended_cycle = None
    assignment.window_opens_on = state.window_opens_on
    assignment.completed_on = state.completed_on
    assignment.expires_on = state.expires_on
    assignment.hours_done = state.hours_done
    assignment.next_change_on = state.next_change_on


def _counted(assignment) -> tuple[int, str] | None:
    return (assignment.agency_id, assignment.status) if assignment.active else None


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _counts_apply(requirement_id: int, deltas: Counter) -> None:
    """Add `deltas` ((agency id, status) → change) to the counts, creating rows as needed."""
    changes = sorted((key, n) for key, n in deltas.items() if n)
    if not changes:
        return
    table = connection.ops.quote_name(ComplianceCount._meta.db_table)
    count = connection.ops.quote_name("count")
    upsert = (
        f"ON CONFLICT (requirement_id, agency_id, status) "
        f"DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
    )
    if _postgresql():
        # Three arrays, whatever the number of changes: psycopg parses one short statement.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (requirement_id, agency_id, status, {count}) "  # noqa: S608 - names from the model, values as parameters
                f"SELECT %s, * FROM unnest(%s::bigint[], %s::varchar[], %s::int[]) {upsert}",
                [
                    requirement_id,
                    [agency_id for (agency_id, _status), _n in changes],
                    [status for (_agency_id, status), _n in changes],
                    [n for _key, n in changes],
                ],
            )
        return
    for start in range(0, len(changes), 500):
        chunk = changes[start : start + 500]
        values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        params = [
            p for (agency_id, status), n in chunk for p in (requirement_id, agency_id, status, n)
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (requirement_id, agency_id, status, {count}) "  # noqa: S608 - names from the model, values as parameters
                f"VALUES {values} {upsert}",
                params,
            )


# --- Maintenance ----------------------------------------------------------------------------

# The columns maintenance reads and writes. It works on plain rows (`_Stored`), not model
# instances: at province scale building 100,000 instances, and having the ORM quote every value
# of their INSERT, cost more than the rules themselves (bench/compliance.py).
_READ_FIELDS = (
    "pk",
    "profile_id",
    "agency_id",
    "active",
    "exempt",
    "assigned_on",
    *_STATE_FIELDS,
)
_WRITE_FIELDS = ("agency_id", "active", *_STATE_FIELDS)


@dataclass(slots=True)
class _Stored:
    """One assignment's columns, as `state_for` reads them and the writes below store them."""

    pk: int | None
    profile_id: int
    agency_id: int
    active: bool
    exempt: bool
    assigned_on: date
    status: str = ""
    cycle: int = 1
    due_on: date | None = None
    extended_due_on: date | None = None
    extended_cycle: int | None = None
    window_opens_on: date | None = None
    completed_on: date | None = None
    expires_on: date | None = None
    hours_done: object = 0
    next_change_on: date | None = None

    def written(self) -> tuple:
        return tuple(getattr(self, name) for name in _WRITE_FIELDS)


def _assignments_insert(requirement_id: int, rows: list[_Stored], now) -> None:
    if not rows:
        return
    if not _postgresql():
        Assignment.objects.bulk_create(
            [
                Assignment(
                    requirement_id=requirement_id,
                    profile_id=row.profile_id,
                    assigned_on=row.assigned_on,
                    exempt=row.exempt,
                    **dict(zip(_WRITE_FIELDS, row.written(), strict=True)),
                )
                for row in rows
            ],
            batch_size=1000,
        )
        return
    # COPY, as agencies.bulk does for a staff import: psycopg feeds the rows in C.
    table = connection.ops.quote_name(Assignment._meta.db_table)
    columns = ", ".join(
        ("requirement_id", "profile_id", "assigned_on", "exempt", "updated_at", *_WRITE_FIELDS)
    )
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                (requirement_id, row.profile_id, row.assigned_on, row.exempt, now, *row.written())
            )


# PostgreSQL types of the written columns, for the arrays of `_assignments_update`.
_WRITE_TYPES = {
    "agency_id": "bigint",
    "active": "boolean",
    "status": "varchar",
    "cycle": "smallint",
    "due_on": "date",
    "extended_due_on": "date",
    "extended_cycle": "smallint",
    "window_opens_on": "date",
    "completed_on": "date",
    "expires_on": "date",
    "hours_done": "numeric",
    "next_change_on": "date",
}


def _assignments_update(rows: list[_Stored], now) -> None:
    if not rows:
        return
    if not _postgresql():
        objs = []
        for row in rows:
            obj = Assignment(pk=row.pk, **dict(zip(_WRITE_FIELDS, row.written(), strict=True)))
            obj.updated_at = now
            objs.append(obj)
        Assignment.objects.bulk_update(objs, [*_WRITE_FIELDS, "updated_at"], batch_size=500)
        return
    # One UPDATE … FROM unnest(arrays): a column per array, not a CASE per row and field.
    table = connection.ops.quote_name(Assignment._meta.db_table)
    arrays = ", ".join(f"%s::{_WRITE_TYPES[name]}[]" for name in _WRITE_FIELDS)
    sets = ", ".join(f"{name} = v.{name}" for name in _WRITE_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {sets}, updated_at = %s "  # noqa: S608 - names from the model, values as parameters
            f"FROM unnest(%s::bigint[], {arrays}) AS v(id, {', '.join(_WRITE_FIELDS)}) "
            f"WHERE {table}.id = v.id",
            [now, [row.pk for row in rows]]
            + [[getattr(row, name) for row in rows] for name in _WRITE_FIELDS],
        )


def _sync_chunk(
    requirement: Requirement,
    audience: Audience,
    people: list[dict],
    agency_paths: dict[int, str],
    *,
    course_ids: list[int],
    today: date,
    only_existing: bool = False,
) -> SyncResult:
    """Bring the assignments of `people` in line with the requirement, in one transaction."""
    profile_ids = [person["pk"] for person in people]
    rule = requirement.rule()
    records = _records_by_profile(requirement, course_ids, profile_ids)
    studying = _studying_user_ids(requirement, course_ids, profile_ids)
    created, changed, deactivated = [], [], 0
    deltas: Counter = Counter()
    now = timezone.now()
    with transaction.atomic():
        Requirement.objects.select_for_update().filter(pk=requirement.pk).first()
        existing = {
            values[1]: _Stored(*values)
            for values in Assignment.objects.filter(
                _people_filter("profile__pk", profile_ids), requirement=requirement
            )
            .values_list(*_READ_FIELDS)
            .order_by()
        }
        for person in people:
            assignment = existing.get(person["pk"])
            matches = requirement.active and audience.matches(
                person, agency_paths.get(person["agency_id"], "")
            )
            if assignment is None:
                if not matches or only_existing:
                    continue
                assignment = _Stored(
                    pk=None,
                    profile_id=person["pk"],
                    agency_id=person["agency_id"],
                    active=True,
                    exempt=False,
                    assigned_on=today,
                )
                before = old = None
            else:
                before = _counted(assignment)
                old = assignment.written()
            assignment.agency_id = person["agency_id"]
            assignment.active = matches
            state = state_for(
                requirement,
                assignment,
                records=records.get(person["pk"], ()),
                in_progress=person["user_id"] in studying,
                joined_on=person["agency_start_date"],
                today=today,
                rule=rule,
            )
            _apply_state(assignment, state)
            after = _counted(assignment)
            if before is not None:
                deltas[before] -= 1
            if after is not None:
                deltas[after] += 1
            if assignment.pk is None:
                created.append(assignment)
            elif old != assignment.written():
                changed.append(assignment)
                deactivated += before is not None and after is None
        _assignments_insert(requirement.pk, created, now)
        _assignments_update(changed, now)
        _counts_apply(requirement.pk, deltas)
    return SyncResult(len(created), len(changed), deactivated)


def _agency_paths() -> dict[int, str]:
    return dict(Agency.objects.values_list("pk", "path"))


def requirement_sync(requirement: Requirement, *, today: date | None = None) -> SyncResult:
    """Assign the requirement to everyone its audience holds today, stop counting those it no
    longer holds, and bring every status up to date. Safe to run again: it changes only drift."""
    today = today or timezone.localdate()
    requirement = Requirement.objects.select_related("agency").get(pk=requirement.pk)
    audience = Audience.of(requirement)
    course_ids = list(requirement.courses.values_list("pk", flat=True))
    agency_paths = _agency_paths()
    result = SyncResult()
    # People who may match, and people already assigned (who may have to stop counting).
    people = LearnerProfile.objects.filter(
        audience.candidates()
        | Q(pk__in=Assignment.objects.filter(requirement=requirement).values("profile_id"))
    ).order_by("pk")
    # Page by primary key, each page its own query: a server-side cursor held across the
    # chunks' commits is materialised by PostgreSQL, which cost more than these pages.
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last).values(*_PROFILE_FIELDS)[:CHUNK])
        if not batch:
            break
        result += _sync_chunk(
            requirement, audience, batch, agency_paths, course_ids=course_ids, today=today
        )
        last = batch[-1]["pk"]
    return result


def profiles_sync(profile_ids: Iterable[int], *, today: date | None = None) -> SyncResult:
    """Bring these people's assignments in line with every requirement: after a staff import,
    an edit of a staff record, an agency event or a completion."""
    today = today or timezone.localdate()
    ids = sorted(set(profile_ids))
    if not ids:
        return SyncResult()
    agency_paths = _agency_paths()
    result = SyncResult()
    requirements = Requirement.objects.select_related("agency").order_by("pk")
    for start in range(0, len(ids), CHUNK):
        people = list(
            LearnerProfile.objects.filter(pk__in=ids[start : start + CHUNK]).values(
                *_PROFILE_FIELDS
            )
        )
        result += _people_sync(requirements, people, agency_paths, today=today)
    return result


def _people_sync(requirements, people: list[dict], agency_paths, *, today: date) -> SyncResult:
    """These people's assignments under each of `requirements`, brought up to date."""
    result = SyncResult()
    for requirement in requirements:
        course_ids = list(requirement.courses.values_list("pk", flat=True))
        result += _sync_chunk(
            requirement,
            Audience.of(requirement),
            people,
            agency_paths,
            course_ids=course_ids,
            today=today,
        )
    return result


def due_changes_apply(*, today: date | None = None) -> SyncResult:
    """Move every status the calendar has changed (due soon, overdue, a window opening): the
    daily task. Reads only the assignments whose `next_change_on` has come."""
    today = today or timezone.localdate()
    result = SyncResult()
    due = (
        Assignment.objects.filter(active=True, next_change_on__lte=today)
        .values_list("requirement_id", "profile_id")
        .order_by("requirement_id", "profile_id")
    )
    by_requirement: dict[int, list[int]] = defaultdict(list)
    for requirement_id, profile_id in due.iterator(chunk_size=CHUNK):
        by_requirement[requirement_id].append(profile_id)
    if not by_requirement:
        return result
    agency_paths = _agency_paths()
    for requirement in Requirement.objects.select_related("agency").filter(pk__in=by_requirement):
        audience = Audience.of(requirement)
        course_ids = list(requirement.courses.values_list("pk", flat=True))
        ids = by_requirement[requirement.pk]
        for start in range(0, len(ids), CHUNK):
            people = list(
                LearnerProfile.objects.filter(pk__in=ids[start : start + CHUNK]).values(
                    *_PROFILE_FIELDS
                )
            )
            result += _sync_chunk(
                requirement,
                audience,
                people,
                agency_paths,
                course_ids=course_ids,
                today=today,
                only_existing=True,
            )
    return result


def counts_rebuild(*, requirement_ids: Iterable[int] | None = None) -> int:
    """Recount every requirement's counts from its assignments (the nightly repair): returns how
    many (requirement, agency, status) counts were wrong."""
    requirements = Requirement.objects.order_by("pk")
    if requirement_ids is not None:
        requirements = requirements.filter(pk__in=list(requirement_ids))
    wrong = 0
    for requirement_id in requirements.values_list("pk", flat=True):
        with transaction.atomic():
            Requirement.objects.select_for_update().filter(pk=requirement_id).first()
            truth = Counter(
                {
                    (agency_id, status): n
                    for agency_id, status, n in Assignment.objects.filter(
                        requirement_id=requirement_id, active=True
                    )
                    .values("agency_id", "status")
                    .annotate(n=Count("pk"))
                    .values_list("agency_id", "status", "n")
                    .order_by()
                }
            )
            stored = Counter(
                {
                    (agency_id, status): n
                    for agency_id, status, n in ComplianceCount.objects.filter(
                        requirement_id=requirement_id
                    ).values_list("agency_id", "status", "count")
                }
            )
            deltas = Counter()
            for key in truth.keys() | stored.keys():
                if truth[key] != stored[key]:
                    deltas[key] = truth[key] - stored[key]
            wrong += len(deltas)
            _counts_apply(requirement_id, deltas)
            ComplianceCount.objects.filter(requirement_id=requirement_id, count=0).delete()
    return wrong


# --- Completions ----------------------------------------------------------------------------


def _requirements_counting(course: CoursePage):
    """Requirements a completion of `course` can count for."""
    return Requirement.objects.filter(
        Q(satisfaction=Requirement.Satisfaction.COURSES, courses=course)
        | Q(
            Q(hours_category="") | Q(hours_category=course.category),
            satisfaction=Requirement.Satisfaction.HOURS,
        )
    ).select_related("agency")


def _resync(requirements, profile_id: int, *, today: date | None = None) -> SyncResult:
    today = today or timezone.localdate()
    people = list(LearnerProfile.objects.filter(pk=profile_id).values(*_PROFILE_FIELDS))
    if not people:
        return SyncResult()
    return _people_sync(requirements, people, _agency_paths(), today=today)


def record_from_enrollment(*, enrollment: Enrollment) -> TrainingRecord | None:
    """Keep a completed enrollment as a training record and move the statuses it changes.

    Runs inside the transaction that completes the enrollment (the `enrollment_completed`
    signal), so the counts change with it. Idempotent: a second signal adds nothing.
    """
    profile_id = (
        LearnerProfile.objects.filter(user_id=enrollment.user_id)
        .values_list("pk", flat=True)
        .first()
    )
    if profile_id is None or enrollment.completed_at is None:
        return None
    course = enrollment.course
    record, created = TrainingRecord.objects.get_or_create(
        source=TrainingRecord.Source.PLATFORM,
        enrollment=enrollment,
        completed_on=timezone.localdate(enrollment.completed_at),
        defaults={
            "profile_id": profile_id,
            "course": course,
            "title": course.title,
            "hours": course.hours or 0,
            "category": course.category,
            "areas": course.digcomp_areas,
            "score": enrollment.score,
        },
    )
    if created:
        _resync(_requirements_counting(course), profile_id)
    return record


def enrollment_started(*, enrollment: Enrollment) -> None:
    """A person began a course: requirements it counts for move to "in progress"."""
    profile_id = (
        LearnerProfile.objects.filter(user_id=enrollment.user_id)
        .values_list("pk", flat=True)
        .first()
    )
    if profile_id is not None:
        _resync(_requirements_counting(enrollment.course), profile_id)


# --- Manual changes (HR), each kept in the audit log ----------------------------------------------


def _reason_clean(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if "\x00" in reason:
        raise ValidationError(_("The reason contains a character that is not allowed."))
    if not reason:
        raise ValidationError(_("Give the reason for this change: it is kept in the history."))
    return reason[:REASON_MAX]


def _may_manage(by, profile: LearnerProfile) -> None:
    if not agency_in_scope(user=by, agency=profile.agency, roles=(AgencyRole.Role.HR_MANAGER,)):
        raise PermissionDenied(_("This person is not in the agencies you manage."))


def _snapshot(assignment: Assignment) -> dict:
    return {
        "status": assignment.status,
        "cycle": assignment.cycle,
        "due_on": assignment.due_on.isoformat() if assignment.due_on else None,
        "extended_due_on": (
            assignment.extended_due_on.isoformat() if assignment.extended_due_on else None
        ),
        "exempt": assignment.exempt,
    }


def _locked(assignment: Assignment) -> Assignment:
    Requirement.objects.select_for_update().filter(pk=assignment.requirement_id).first()
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("requirement__agency", "profile__agency")
        .get(pk=assignment.pk)
    )


def assignment_extend_refusal(*, assignment: Assignment, due_on: date) -> str | None:
    """Why `assignment` cannot be extended to `due_on` (None: it can). The service's own check,
    which a form asks too before its confirmation step."""
    if not assignment.active:
        return _("This person no longer falls under this requirement.")
    if assignment.status in (rules.Status.COMPLETED, rules.Status.EXEMPT):
        return _("Only a requirement still to be completed can be extended.")
    if assignment.extended_due_on == due_on and assignment.extended_cycle == assignment.cycle:
        # The same extension twice (a double submit, two HR officers at once): one event only.
        return _("The due date is already extended to %(date)s.") % {
            "date": due_on.strftime("%d/%m/%Y")
        }
    if due_on <= assignment.due_on:
        return _("The new due date must be later than the due date %(date)s.") % {
            "date": assignment.due_on.strftime("%d/%m/%Y")
        }
    return None


def assignment_extend(*, by, assignment: Assignment, due_on: date, reason: str) -> Assignment:
    """Give one person until `due_on` for the cycle they are in now."""
    reason = _reason_clean(reason)
    _may_manage(by, assignment.profile)
    with transaction.atomic():
        assignment = _locked(assignment)
        refusal = assignment_extend_refusal(assignment=assignment, due_on=due_on)
        if refusal:
            raise ValidationError(refusal)
        before = _snapshot(assignment)
        Assignment.objects.filter(pk=assignment.pk).update(
            extended_due_on=due_on, extended_cycle=assignment.cycle
        )
        _resync([assignment.requirement], assignment.profile_id)
        assignment.refresh_from_db()
        ComplianceEvent.objects.create(
            kind=ComplianceEvent.Kind.EXTENSION,
            profile_id=assignment.profile_id,
            requirement_id=assignment.requirement_id,
            before=before,
            after=_snapshot(assignment),
            reason=reason,
            by=by if getattr(by, "is_authenticated", False) else None,
        )
    return assignment


def assignment_exempt(*, by, assignment: Assignment, exempt: bool, reason: str) -> Assignment:
    """Exempt one person from a requirement (or lift the exemption)."""
    reason = _reason_clean(reason)
    _may_manage(by, assignment.profile)
    with transaction.atomic():
        assignment = _locked(assignment)
        if not assignment.active:
            raise ValidationError(_("This person no longer falls under this requirement."))
        if assignment.exempt == exempt:
            raise ValidationError(
                _("This person is already exempt.") if exempt else _("This person is not exempt.")
            )
        before = _snapshot(assignment)
        Assignment.objects.filter(pk=assignment.pk).update(exempt=exempt)
        _resync([assignment.requirement], assignment.profile_id)
        assignment.refresh_from_db()
        ComplianceEvent.objects.create(
            kind=ComplianceEvent.Kind.EXEMPTION
            if exempt
            else ComplianceEvent.Kind.EXEMPTION_LIFTED,
            profile_id=assignment.profile_id,
            requirement_id=assignment.requirement_id,
            before=before,
            after=_snapshot(assignment),
            reason=reason,
            by=by if getattr(by, "is_authenticated", False) else None,
        )
    return assignment


# --- Completions HR records or corrects by hand ------------------------------------------------

RECORD_FIELDS = ("title", "completed_on", "hours", "category", "certificate_number", "course_id")


def _record_snapshot(record: TrainingRecord) -> dict:
    return {
        "title": record.title,
        "completed_on": record.completed_on.isoformat(),
        "hours": str(record.hours),
        "category": record.category,
        "certificate_number": record.certificate_number,
        "course_id": record.course_id,
        "source": record.source,
    }


def _record_clean(values: dict, *, today: date) -> dict:
    title = " ".join(str(values.get("title") or "").split())
    if "\x00" in title or "\x00" in str(values.get("certificate_number") or ""):
        raise ValidationError(_("The text contains a character that is not allowed."))
    if not title and values.get("course_id") is None:
        raise ValidationError(_("Name the course or the training."))
    completed_on = values.get("completed_on")
    if not isinstance(completed_on, date):
        raise ValidationError(_("Give the completion date."))
    if completed_on > today:
        raise ValidationError(_("The completion date cannot be in the future."))
    try:
        hours = Decimal(str(values.get("hours")))
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite() or not 0 <= hours <= 10000:
        raise ValidationError(_("The number of training periods must be between 0 and 10,000."))
    category = values.get("category") or ""
    if category and category not in CoursePage.Category.values:
        raise ValidationError(_("Unknown course category."))
    return {
        **values,
        "title": title[:255],
        "hours": hours,
        "category": category,
        "certificate_number": " ".join(str(values.get("certificate_number") or "").split())[:64],
    }


def _requirements_of(profile_id: int):
    """The requirements a person is assigned (a completion changes nothing else)."""
    return Requirement.objects.filter(
        pk__in=Assignment.objects.filter(profile_id=profile_id).values("requirement_id")
    ).select_related("agency")


def record_add(*, by, profile: LearnerProfile, reason: str, **values) -> TrainingRecord:
    """Record a training the person completed outside the platform (kept as imported)."""
    reason = _reason_clean(reason)
    _may_manage(by, profile)
    values = _record_clean(values, today=timezone.localdate())
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            profile=profile,
            source=TrainingRecord.Source.IMPORTED,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            **{name: values[name] for name in RECORD_FIELDS if name in values},
        )
        ComplianceEvent.objects.create(
            kind=ComplianceEvent.Kind.RECORD_ADDED,
            profile=profile,
            record=record,
            after=_record_snapshot(record),
            reason=reason,
            by=record.created_by,
        )
        _resync(_requirements_of(profile.pk), profile.pk)
    return record


def record_change(*, by, record: TrainingRecord, reason: str, **values) -> TrainingRecord:
    """Correct a recorded completion; the log keeps it before and after."""
    reason = _reason_clean(reason)
    _may_manage(by, record.profile)
    with transaction.atomic():
        record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
        before = _record_snapshot(record)
        merged = _record_clean(
            {**{name: getattr(record, name) for name in RECORD_FIELDS}, **values},
            today=timezone.localdate(),
        )
        for name in RECORD_FIELDS:
            setattr(record, name, merged[name])
        after = _record_snapshot(record)
        if after == before:
            raise ValidationError(_("Nothing was changed."))
        record.save()
        ComplianceEvent.objects.create(
            kind=ComplianceEvent.Kind.RECORD_CHANGED,
            profile_id=record.profile_id,
            record=record,
            before=before,
            after=after,
            reason=reason,
            by=by if getattr(by, "is_authenticated", False) else None,
        )
        _resync(_requirements_of(record.profile_id), record.profile_id)
    return record


def record_remove(*, by, record: TrainingRecord, reason: str) -> None:
    """Remove a completion recorded by mistake; the log keeps what it was."""
    reason = _reason_clean(reason)
    _may_manage(by, record.profile)
    with transaction.atomic():
        record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
        ComplianceEvent.objects.create(
            kind=ComplianceEvent.Kind.RECORD_REMOVED,
            profile_id=record.profile_id,
            before=_record_snapshot(record),
            reason=reason,
            by=by if getattr(by, "is_authenticated", False) else None,
        )
        profile_id = record.profile_id
        record.delete()
        _resync(_requirements_of(profile_id), profile_id)
