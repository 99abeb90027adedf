"""Writes to agencies, staff and roles. Each service checks the caller's scope itself.

Roles: granted and revoked within the granter's own subtree, with a reason kept in the history.

The tree and where people work: every change has an effective date and an event. Each service
validates everything first and raises ValidationError (a Vietnamese message through gettext)
before it writes anything; the writes then run in one short transaction. The Agency rows (a
treebeard tree) always hold today's structure; AgencyVersion and StaffAssignment hold the past as
half-open periods [valid_from, valid_to).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import Agency, AgencyEvent, AgencyRole, AgencyVersion, LearnerProfile, StaffAssignment
from .names import name_parts
from .selectors import STAFF_ROLES, agencies_in_scope, agency_in_scope, staff_in_scope
from .signals import staff_changed

# Who may grant a role: an agency administrator over the agency (or above it), or a superuser.
GRANTING_ROLES = (AgencyRole.Role.AGENCY_ADMIN,)
REASON_MAX = 255
# The history tables keep a reason of at most this many characters (simple-history's column).
HISTORY_REASON_MAX = 100


def _reason_clean(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if "\x00" in reason:
        raise ValidationError(_("The reason contains a character that is not allowed."))
    if not reason:
        raise ValidationError(_("Give the reason for this change: it is kept in the history."))
    return reason[:REASON_MAX]


def _may_grant(by, agency: Agency) -> None:
    if not agency_in_scope(user=by, agency=agency, roles=GRANTING_ROLES):
        raise PermissionDenied(
            _("You can only manage roles in the agencies you administer and those below them.")
        )


def _group_sync(user, role: str) -> None:
    """Keep the user's membership of the group a role brings (HOCSO_ROLE_GROUPS) in step.

    A member while any grant they still hold brings that group: another grant of the same role
    (over another agency), or another role the settings map to the same group.
    """
    name = settings.HOCSO_ROLE_GROUPS.get(role)
    group = Group.objects.filter(name=name).first() if name else None
    if group is None:
        return
    bringing = [
        other for other, other_name in settings.HOCSO_ROLE_GROUPS.items() if other_name == name
    ]
    if AgencyRole.objects.filter(user=user, role__in=bringing).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


def role_grant(*, by, user, agency: Agency, role: str, reason: str) -> AgencyRole:
    """Give `user` `role` over `agency` and everything below it."""
    _may_grant(by, agency)
    if role not in AgencyRole.Role.values:
        raise ValidationError(_("Unknown role."))
    if user.pk == by.pk and not by.is_superuser:
        raise PermissionDenied(_("You cannot grant a role to yourself."))
    if not user.is_active:
        raise ValidationError(_("This account is disabled: enable it before granting a role."))
    reason = _reason_clean(reason)
    already = ValidationError(_("This person already holds this role for this agency."))
    if AgencyRole.objects.filter(user=user, agency=agency, role=role).exists():
        raise already
    grant = AgencyRole(user=user, agency=agency, role=role)
    grant._history_user = by
    grant._change_reason = history_reason(reason)
    try:
        with transaction.atomic():
            grant.save()
            _group_sync(user, role)
    except IntegrityError:  # granted by someone else at the same moment
        raise already from None
    return grant


def role_revoke(*, by, grant: AgencyRole, reason: str) -> None:
    """Take a role back. The history keeps who held it, until when, and why it ended."""
    _may_grant(by, grant.agency)
    if grant.user_id == by.pk and not by.is_superuser:
        raise PermissionDenied(_("You cannot revoke your own role: ask another administrator."))
    reason = _reason_clean(reason)
    with transaction.atomic():
        grant._history_user = by
        grant._change_reason = history_reason(reason)
        grant.delete()
        _group_sync(grant.user, grant.role)


# --- the tree and where people work ----------------------------------------------------------

# A cell starting with one of these is a formula to Excel and LibreOffice: an agency name never
# starts so, and names end up in exports.
FORMULA_PREFIXES = ("=", "+", "-", "@")


@dataclass(frozen=True)
class AgencyPart:
    """One new agency a split creates."""

    code: str
    name: str
    kind: str
    short_name: str = ""
    address: str = ""


# --- validation -------------------------------------------------------------------------------


def _text_clean(value: str, *, field: str, required: bool = True, max_length: int = 255) -> str:
    """Strip a name-like value; refuse empty, control characters, formulas and overlong text."""
    value = (value if isinstance(value, str) else "").replace("\u00a0", " ").strip()
    if not value:
        if required:
            raise ValidationError(
                _("%(field)s must not be empty.") % {"field": field}, code="empty"
            )
        return value
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValidationError(
            _("%(field)s contains control characters.") % {"field": field}, code="control"
        )
    if value.startswith(FORMULA_PREFIXES):
        raise ValidationError(
            _("%(field)s must not start with =, +, - or @.") % {"field": field}, code="formula"
        )
    if len(value) > max_length:
        raise ValidationError(
            _("%(field)s is longer than %(max)s characters.") % {"field": field, "max": max_length},
            code="too_long",
        )
    return value


def _change_reason_clean(reason: str) -> str:
    reason = (reason if isinstance(reason, str) else "").strip()
    if "\x00" in reason:
        raise ValidationError(_("The reason contains a NUL character."), code="control")
    return reason


def _kind_clean(kind: str) -> str:
    if kind not in Agency.Kind.values:
        raise ValidationError(_("Unknown agency kind."), code="kind")
    return kind


def _code_clean(code: str) -> str:
    code = _text_clean(code, field=_("The agency code"), max_length=32)
    if Agency.objects.filter(code=code).exists():
        raise ValidationError(
            _("The agency code %(code)s is already used.") % {"code": code}, code="code_taken"
        )
    return code


def latest_change_date(agencies: Iterable[Agency]) -> date | None:
    """The latest effective date already recorded for any of these agencies."""
    ids = [agency.pk for agency in agencies]
    dates = [
        AgencyEvent.objects.filter(Q(agency__in=ids) | Q(counterparts__in=ids)).aggregate(
            latest=Max("effective_date")
        )["latest"],
        AgencyVersion.objects.filter(agency__in=ids).aggregate(latest=Max("valid_from"))["latest"],
        AgencyVersion.objects.filter(agency__in=ids).aggregate(latest=Max("valid_to"))["latest"],
        StaffAssignment.objects.filter(agency__in=ids).aggregate(latest=Max("valid_from"))[
            "latest"
        ],
    ]
    dates += [agency.active_from for agency in agencies]
    known = [day for day in dates if day is not None]
    return max(known) if known else None


# Who may change the tree (rename, move, merge, split, dissolve, create): agency administrators.
TREE_ROLES = (AgencyRole.Role.AGENCY_ADMIN,)
# Who may move a person to another agency: HR managers too.


def _scope_clean(
    by, *, agencies: Sequence[Agency | None], roles: Iterable[str] = TREE_ROLES
) -> None:
    """Refuse a change touching an agency outside the roles of the person making it.

    `by=None` is the system itself (a migration, a command the operator runs); None among the
    agencies is the top of the tree, which only a superuser changes.
    """
    if by is None or by.is_superuser:
        return
    ids = {agency.pk for agency in agencies if agency is not None}
    allowed = (
        set(agencies_in_scope(user=by, roles=roles).filter(pk__in=ids).values_list("pk", flat=True))
        if by.is_authenticated
        else set()
    )
    if None in agencies or ids - allowed:
        raise ValidationError(
            _("You may only change agencies within your own part of the tree."), code="out_of_scope"
        )


def _date_clean(effective: date) -> None:
    """Refuse a missing date or one in the future (the province's calendar day, UTC+7)."""
    if not isinstance(effective, date) or isinstance(effective, datetime):
        raise ValidationError(_("The effective date is missing."), code="no_date")
    if effective > timezone.localdate():
        raise ValidationError(_("The effective date is in the future."), code="future")


def _effective_clean(effective: date, *, agencies: Sequence[Agency]) -> None:
    """Refuse a date before a change already recorded for an agency involved."""
    latest = latest_change_date(agencies)
    if latest is not None and effective < latest:
        raise ValidationError(
            _(
                "The effective date is earlier than a change already recorded for these "
                "agencies (%(date)s)."
            )
            % {"date": latest.strftime("%d/%m/%Y")},
            code="before_latest",
        )


def _fresh(agency: Agency) -> Agency:
    """The agency as stored now: treebeard's path, depth and numchild go stale on other objects."""
    try:
        return Agency.objects.get(pk=agency.pk)
    except (Agency.DoesNotExist, AttributeError, TypeError, ValueError):
        raise ValidationError(_("Unknown agency."), code="unknown_agency") from None


def _active_clean(agency: Agency, *, effective: date) -> None:
    if agency.active_to is not None or not agency.is_active_on(effective):
        raise ValidationError(_("%(name)s is not active.") % {"name": agency.name}, code="inactive")


def _end_clean(agency: Agency, *, effective: date) -> None:
    """An agency ends after the day it started: a period of no days is a data-entry slip."""
    if agency.active_from is not None and effective <= agency.active_from:
        raise ValidationError(
            _("%(name)s cannot end on or before the day it started (%(date)s).")
            % {"name": agency.name, "date": agency.active_from.strftime("%d/%m/%Y")},
            code="ends_before_start",
        )


def _not_inside_clean(target: Agency, *, agency: Agency) -> None:
    """Refuse a target that is the agency itself or lies below it (that would make a cycle)."""
    if target.path.startswith(agency.path):
        raise ValidationError(
            _("%(target)s is %(name)s itself or lies below it.")
            % {"target": target.name, "name": agency.name},
            code="cycle",
        )


def _profiles_load(profiles: Iterable[LearnerProfile | int]) -> dict[int, LearnerProfile]:
    """Profiles by id; refuse an id no staff record has."""
    ids = []
    for profile in profiles:
        pk = profile.pk if isinstance(profile, LearnerProfile) else profile
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise ValidationError(_("Unknown staff member."), code="unknown_person")
        ids.append(pk)
    found = LearnerProfile.objects.in_bulk(ids)
    if len(found) != len(set(ids)):
        raise ValidationError(_("Unknown staff member."), code="unknown_person")
    return found


# --- writes shared by the services ------------------------------------------------------------


def _parent_of(agency: Agency) -> Agency | None:
    return agency.get_parent(update=True)


def history_reason(reason: str | None) -> str | None:
    """A reason as the history keeps it: one line, cut to the column's length."""
    reason = " ".join((reason or "").split())
    if len(reason) > HISTORY_REASON_MAX:
        reason = reason[: HISTORY_REASON_MAX - 1] + "…"
    return reason or None


def history_user(by):
    """The user a history row names: nobody for the command line or an anonymous caller."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def history_bulk_created(model, pks: Sequence[int], *, by, reason: str | None) -> None:
    """The history rows ("+", who, why) of records just created in bulk, copied by the database
    in one INSERT … SELECT: the rows simple-history's bulk_create_with_history writes, without
    building each one in Python, which was a third of a 20,000-row staff import."""
    if not pks:
        return
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = [quote(f.column) for f in history._meta.concrete_fields if f.name != "history_id"]
    copied = [column for column in tracked if not column.strip('"`').startswith("history_")]
    extra = [
        quote(name)
        for name in ("history_date", "history_type", "history_user_id", "history_change_reason")
    ]
    user = history_user(by)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [now, "+", user.pk if user is not None else None, history_reason(reason)]
    for start in range(0, len(pks), 500):
        chunk = list(pks[start : start + 500])
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(copied + extra)}) "  # noqa: S608 - names from the models, values as parameters
                f"SELECT {', '.join(copied)}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [*params, *chunk],
            )


def history_label(instance, *, by, reason: str | None) -> None:
    """Say who and why on an instance about to be saved or deleted (simple-history reads it)."""
    instance._history_user = history_user(by)
    instance._change_reason = history_reason(reason)


def _agency_history_record(agency: Agency, *, by, reason: str) -> None:
    """A history row for an agency changed by a queryset update or a tree move."""
    Agency.history.bulk_history_create(
        [_fresh(agency)],
        update=True,
        default_user=history_user(by),
        default_change_reason=history_reason(reason),
    )


def _agency_add(fields: dict, *, parent: Agency | None, by, reason: str) -> Agency:
    agency = Agency(**fields)
    history_label(agency, by=by, reason=reason)
    return (
        Agency.add_root(instance=agency)
        if parent is None
        else _fresh(parent).add_child(instance=agency)
    )


def _version_close(agency: Agency, *, effective: date) -> None:
    """End the agency's open version at `effective` (one from before records if it had none)."""
    agency = _fresh(agency)
    opened = AgencyVersion.objects.filter(agency=agency, valid_to__isnull=True).first()
    if opened is None:
        # Rows written outside these services (seed data, an import) have no history yet.
        opened = AgencyVersion(
            agency=agency,
            valid_from=agency.active_from,
            name=agency.name,
            short_name=agency.short_name,
            kind=agency.kind,
            parent=_parent_of(agency),
        )
    if opened.valid_from is not None and opened.valid_from >= effective:
        # A period starting at `effective` would be empty: the new version replaces it.
        if opened.pk:
            opened.delete()
        return
    opened.valid_to = effective
    opened.save()


def _version_open(agency: Agency, *, effective: date) -> None:
    """Start a version holding the agency's current values at `effective`."""
    AgencyVersion.objects.create(
        agency=agency,
        valid_from=effective,
        name=agency.name,
        short_name=agency.short_name,
        kind=agency.kind,
        parent=_parent_of(agency),
    )


def _agency_move_under(agency: Agency, *, parent: Agency, effective: date, by, reason: str) -> None:
    """Move in the current tree and record the new parent from `effective`."""
    _version_close(agency, effective=effective)
    _fresh(agency).move(_fresh(parent), pos="sorted-child")
    _agency_history_record(agency, by=by, reason=reason)
    _version_open(_fresh(agency), effective=effective)
    # The people of the subtree now work elsewhere in today's tree.
    staff_changed.send(
        sender=LearnerProfile,
        profile_ids=list(
            LearnerProfile.objects.filter(agency__path__startswith=_fresh(agency).path)
            .values_list("pk", flat=True)
            .order_by()
        ),
    )


def _staff_move(
    profile_ids: Sequence[int],
    *,
    agency: Agency,
    effective: date,
    by,
    reason: str,
    records: bool = True,
) -> None:
    """Close each person's open assignment at `effective` and open one in `agency`; with
    `records`, also point their staff records at `agency`. Every write leaves history rows
    (bulk ones: a few queries for any number of people) naming `by` and `reason`."""
    if not profile_ids:
        return
    user, why = history_user(by), history_reason(reason)
    opened = {
        row.profile_id: row
        for row in StaffAssignment.objects.filter(profile__in=profile_ids, valid_to__isnull=True)
    }
    profiles = list(LearnerProfile.objects.filter(pk__in=profile_ids).order_by("pk"))
    current = {profile.pk: profile.agency_id for profile in profiles}
    with_history = set(
        StaffAssignment.objects.filter(profile__in=profile_ids).values_list("profile_id", flat=True)
    )
    closing = []
    for row in opened.values():
        if row.valid_from == effective:
            # A period starting at `effective` would be empty: the new one replaces it.
            history_label(row, by=by, reason=reason)
            row.delete()
        else:
            row.valid_to = effective
            closing.append(row)
    bulk_update_with_history(
        closing, StaffAssignment, ["valid_to"], default_user=user, default_change_reason=why
    )
    bulk_create_with_history(
        [
            # Nobody recorded where someone without any period was before: they were where
            # their staff record says, since before records.
            StaffAssignment(profile_id=pk, agency_id=current[pk], valid_to=effective)
            for pk in profile_ids
            if pk not in with_history and current[pk] != agency.pk
        ],
        StaffAssignment,
        default_user=user,
        default_change_reason=why,
    )
    bulk_create_with_history(
        [StaffAssignment(profile_id=pk, agency=agency, valid_from=effective) for pk in profile_ids],
        StaffAssignment,
        default_user=user,
        default_change_reason=why,
    )
    if records:
        for profile in profiles:
            profile.agency = agency
        bulk_update_with_history(
            profiles, LearnerProfile, ["agency"], default_user=user, default_change_reason=why
        )
        staff_changed.send(sender=LearnerProfile, profile_ids=list(profile_ids))


def staff_assignments_move(
    profile_ids: Sequence[int], *, agency: Agency, effective: date, by, reason: str
) -> None:
    """The period bookkeeping of a move, for writers that change many records at once (the
    staff import): call it inside their transaction, before they write the records themselves
    (with their own history rows)."""
    _staff_move(
        profile_ids, agency=agency, effective=effective, by=by, reason=reason, records=False
    )


def _roles_remove(agency: Agency, *, by, reason: str) -> list[dict]:
    """Remove the roles held over an agency that ends; return them for the event's details."""
    removed = []
    for role in AgencyRole.objects.filter(agency=agency).select_related("user").order_by("pk"):
        # One by one, so an audit history on AgencyRole records each removal, by whom and why.
        role._history_user = by
        role._change_reason = history_reason(reason or _("The agency ended."))
        role.delete()
        _group_sync(role.user, role.role)
        removed.append({"user_id": role.user_id, "username": role.user.username, "role": role.role})
    return removed


def _absorb(source: Agency, *, into: Agency, effective: date, by, reason: str) -> dict:
    """Move an ending agency's active children and staff to `into` from `effective`."""
    children = _active_children(source, effective=effective)
    for child in children:
        _agency_move_under(child, parent=into, effective=effective, by=by, reason=reason)
    staff = list(source.members.order_by("pk").values_list("pk", "employee_code"))
    _staff_move([pk for pk, _code in staff], agency=into, effective=effective, by=by, reason=reason)
    return {
        "children_moved": [child.code for child in children],
        "staff_moved": [code for _pk, code in staff],
    }


def _agency_end(
    agency: Agency, *, effective: date, successor: Agency | None, by, reason: str
) -> list[dict]:
    _version_close(agency, effective=effective)
    roles = _roles_remove(agency, by=by, reason=reason)
    # The lock is the query: of two requests ending the same agency, only one finds it open.
    ended = Agency.objects.filter(pk=agency.pk, active_to__isnull=True).update(
        active_to=effective, successor=successor
    )
    if not ended:
        raise ValidationError(_("%(name)s is not active.") % {"name": agency.name}, code="inactive")
    _agency_history_record(agency, by=by, reason=reason)
    return roles


def _event_record(
    *,
    kind: str,
    agency: Agency,
    effective: date,
    by,
    reason: str,
    details: Mapping,
    counterparts: Sequence[Agency] = (),
) -> AgencyEvent:
    event = AgencyEvent.objects.create(
        kind=kind,
        agency=agency,
        effective_date=effective,
        recorded_by=by if by is not None and by.is_authenticated else None,
        reason=reason,
        details=dict(details),
    )
    if counterparts:
        event.counterparts.set(counterparts)
    return event


def _active_children(agency: Agency, *, effective: date) -> list[Agency]:
    return [
        child
        for child in agency.get_children()
        if child.active_to is None or child.active_to > effective
    ]


# --- the services -----------------------------------------------------------------------------


def agency_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Agency | None,
    effective: date,
    by,
    reason: str,
    short_name: str = "",
    address: str = "",
) -> Agency:
    """Create an agency, active from `effective`, under `parent` (a root when None)."""
    _date_clean(effective)
    if parent is not None:
        parent = _fresh(parent)
    # Scope first: someone outside it learns nothing, not even whether a code is taken.
    _scope_clean(by, agencies=[parent])
    if parent is not None:
        _active_clean(parent, effective=effective)
    code = _code_clean(code)
    name = _text_clean(name, field=_("The name"))
    short_name = _text_clean(short_name, field=_("The short name"), required=False, max_length=64)
    address = _text_clean(address, field=_("The address"), required=False)
    kind = _kind_clean(kind)
    reason = _change_reason_clean(reason)
    _effective_clean(effective, agencies=[parent] if parent else [])
    fields = {
        "code": code,
        "name": name,
        "short_name": short_name,
        "address": address,
        "kind": kind,
        "active_from": effective,
    }
    with transaction.atomic():
        agency = _agency_add(fields, parent=parent, by=by, reason=reason)
        _version_open(agency, effective=effective)
        _event_record(
            kind=AgencyEvent.Kind.CREATED,
            agency=agency,
            effective=effective,
            by=by,
            reason=reason,
            details={
                "after": {
                    **fields,
                    "active_from": effective.isoformat(),
                    "parent": parent.code if parent else None,
                }
            },
        )
    return _fresh(agency)


def agency_rename(
    *,
    agency: Agency,
    name: str,
    effective: date,
    by,
    reason: str,
    short_name: str | None = None,
) -> Agency:
    """Give an agency a new name (and short name) from `effective`."""
    _date_clean(effective)
    agency = _fresh(agency)
    _scope_clean(by, agencies=[agency])
    name = _text_clean(name, field=_("The name"))
    if short_name is None:
        short_name = agency.short_name
    short_name = _text_clean(short_name, field=_("The short name"), required=False, max_length=64)
    reason = _change_reason_clean(reason)
    _active_clean(agency, effective=effective)
    if (name, short_name) == (agency.name, agency.short_name):
        raise ValidationError(_("The new name is the same as the current one."), code="unchanged")
    _effective_clean(effective, agencies=[agency])
    before = {"name": agency.name, "short_name": agency.short_name}
    with transaction.atomic():
        _version_close(agency, effective=effective)
        Agency.objects.filter(pk=agency.pk).update(name=name, short_name=short_name)
        _agency_history_record(agency, by=by, reason=reason)
        agency = _fresh(agency)
        _version_open(agency, effective=effective)
        _event_record(
            kind=AgencyEvent.Kind.RENAMED,
            agency=agency,
            effective=effective,
            by=by,
            reason=reason,
            details={"before": before, "after": {"name": name, "short_name": short_name}},
        )
    return agency


def agency_move(*, agency: Agency, parent: Agency, effective: date, by, reason: str) -> Agency:
    """Put an agency (with its subtree) under another supervising agency from `effective`."""
    _date_clean(effective)
    agency = _fresh(agency)
    parent = _fresh(parent)
    _scope_clean(by, agencies=[agency, parent])
    reason = _change_reason_clean(reason)
    _active_clean(agency, effective=effective)
    _active_clean(parent, effective=effective)
    _not_inside_clean(parent, agency=agency)
    before = _parent_of(agency)
    if before is not None and before.pk == parent.pk:
        raise ValidationError(
            _("%(name)s is already under %(parent)s.")
            % {"name": agency.name, "parent": parent.name},
            code="unchanged",
        )
    _effective_clean(effective, agencies=[agency, parent])
    with transaction.atomic():
        _agency_move_under(agency, parent=parent, effective=effective, by=by, reason=reason)
        _event_record(
            kind=AgencyEvent.Kind.MOVED,
            agency=agency,
            effective=effective,
            by=by,
            reason=reason,
            counterparts=[parent],
            details={
                "before": {"parent": before.code if before else None},
                "after": {"parent": parent.code},
            },
        )
    return _fresh(agency)


def agency_merge(
    *, sources: Sequence[Agency], into: Agency, effective: date, by, reason: str
) -> Agency:
    """Merge agencies into another: they end, their children, staff and history go to `into`."""
    _date_clean(effective)
    if not sources:
        raise ValidationError(_("Choose at least one agency to merge."), code="no_sources")
    sources = [_fresh(source) for source in sources]
    into = _fresh(into)
    _scope_clean(by, agencies=[*sources, into])
    reason = _change_reason_clean(reason)
    if len({source.pk for source in sources}) != len(sources):
        raise ValidationError(_("An agency is listed twice."), code="duplicate")
    _active_clean(into, effective=effective)
    for source in sources:
        _active_clean(source, effective=effective)
        _end_clean(source, effective=effective)
        if source.pk == into.pk:
            raise ValidationError(_("An agency cannot be merged into itself."), code="self")
        _not_inside_clean(into, agency=source)
        for other in sources:
            if other.pk != source.pk and other.path.startswith(source.path):
                raise ValidationError(
                    _("%(other)s lies below %(name)s: merge them one at a time.")
                    % {"other": other.name, "name": source.name},
                    code="nested_sources",
                )
    children = [
        child for source in sources for child in _active_children(source, effective=effective)
    ]
    _effective_clean(effective, agencies=[*sources, *children, into])
    with transaction.atomic():
        for source in sources:
            moved = _absorb(source, into=into, effective=effective, by=by, reason=reason)
            roles = _agency_end(source, effective=effective, successor=into, by=by, reason=reason)
            _event_record(
                kind=AgencyEvent.Kind.MERGED,
                agency=source,
                effective=effective,
                by=by,
                reason=reason,
                counterparts=[into],
                details={"into": into.code, **moved, "roles_removed": roles},
            )
    return _fresh(into)


def agency_split(
    *,
    source: Agency,
    parts: Sequence[AgencyPart],
    staff_by_part: Mapping[str, Iterable[LearnerProfile | int]],
    effective: date,
    by,
    reason: str,
    dissolve_source: bool = False,
) -> list[Agency]:
    """Create new agencies from one; listed staff move to them; the source continues or ends.

    `staff_by_part` maps a part's code to the people who move there. A source that ends must have
    every person placed and no active child left.
    """
    _date_clean(effective)
    source = _fresh(source)
    parent = _parent_of(source)
    _scope_clean(by, agencies=[source, parent])
    reason = _change_reason_clean(reason)
    _active_clean(source, effective=effective)
    if not parts:
        raise ValidationError(_("Name at least one new agency."), code="no_parts")
    cleaned = []
    for part in parts:
        cleaned.append(
            AgencyPart(
                code=_code_clean(part.code),
                name=_text_clean(part.name, field=_("The name")),
                kind=_kind_clean(part.kind),
                short_name=_text_clean(
                    part.short_name, field=_("The short name"), required=False, max_length=64
                ),
                address=_text_clean(part.address, field=_("The address"), required=False),
            )
        )
    codes = [part.code for part in cleaned]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Two new agencies have the same code."), code="duplicate")
    unknown_parts = set(staff_by_part) - set(codes)
    if unknown_parts:
        raise ValidationError(
            _("Staff are listed for an agency that is not one of the new parts: %(codes)s.")
            % {"codes": ", ".join(sorted(map(str, unknown_parts)))},
            code="unknown_part",
        )
    placed: dict[str, list[int]] = {}
    seen: set[int] = set()
    for code, people in staff_by_part.items():
        profiles = _profiles_load(people)
        if seen & profiles.keys():
            raise ValidationError(
                _("A staff member is listed for two new agencies."), code="duplicate_person"
            )
        seen |= profiles.keys()
        outsiders = [p.full_name for p in profiles.values() if p.agency_id != source.pk]
        if outsiders:
            raise ValidationError(
                _("%(names)s do not work in %(source)s.")
                % {"names": ", ".join(sorted(outsiders)), "source": source.name},
                code="not_in_source",
            )
        placed[code] = sorted(profiles)
    if dissolve_source:
        _end_clean(source, effective=effective)
        if source.members.exclude(pk__in=seen).exists():
            raise ValidationError(
                _("%(source)s ends: every staff member must be placed in a new agency.")
                % {"source": source.name},
                code="unplaced_staff",
            )
        if _active_children(source, effective=effective):
            raise ValidationError(
                _("%(source)s ends but still has active agencies below it.")
                % {"source": source.name},
                code="active_children",
            )
    _effective_clean(effective, agencies=[source, *([parent] if parent else [])])
    created = []
    with transaction.atomic():
        for part in cleaned:
            fields = {
                "code": part.code,
                "name": part.name,
                "short_name": part.short_name,
                "address": part.address,
                "kind": part.kind,
                "active_from": effective,
            }
            agency = _agency_add(fields, parent=parent, by=by, reason=reason)
            _version_open(agency, effective=effective)
            _staff_move(
                placed.get(part.code, []), agency=agency, effective=effective, by=by, reason=reason
            )
            created.append(agency)
        roles = (
            _agency_end(source, effective=effective, successor=None, by=by, reason=reason)
            if dissolve_source
            else []
        )
        employee_codes = dict(
            LearnerProfile.objects.filter(pk__in=seen).values_list("pk", "employee_code")
        )
        _event_record(
            kind=AgencyEvent.Kind.SPLIT,
            agency=source,
            effective=effective,
            by=by,
            reason=reason,
            counterparts=created,
            details={
                "parts": codes,
                "staff_moved": {
                    code: [employee_codes[pk] for pk in placed.get(code, [])] for code in codes
                },
                "source_dissolved": dissolve_source,
                "roles_removed": roles,
            },
        )
    return [_fresh(agency) for agency in created]


def agency_dissolve(
    *, agency: Agency, effective: date, by, reason: str, successor: Agency | None = None
) -> Agency:
    """End an agency; a successor takes its active children, staff and history."""
    _date_clean(effective)
    agency = _fresh(agency)
    if successor is not None:
        successor = _fresh(successor)
    _scope_clean(by, agencies=[agency, *([successor] if successor else [])])
    reason = _change_reason_clean(reason)
    _active_clean(agency, effective=effective)
    _end_clean(agency, effective=effective)
    involved = [agency]
    if successor is not None:
        _active_clean(successor, effective=effective)
        _not_inside_clean(successor, agency=agency)
        involved += [successor, *_active_children(agency, effective=effective)]
    elif agency.members.exists() or _active_children(agency, effective=effective):
        raise ValidationError(
            _("%(name)s still has staff or active agencies below it: name a successor.")
            % {"name": agency.name},
            code="not_empty",
        )
    _effective_clean(effective, agencies=involved)
    with transaction.atomic():
        moved = (
            _absorb(agency, into=successor, effective=effective, by=by, reason=reason)
            if successor
            else {"children_moved": [], "staff_moved": []}
        )
        roles = _agency_end(agency, effective=effective, successor=successor, by=by, reason=reason)
        _event_record(
            kind=AgencyEvent.Kind.DISSOLVED,
            agency=agency,
            effective=effective,
            by=by,
            reason=reason,
            counterparts=[successor] if successor else [],
            details={
                "successor": successor.code if successor else None,
                **moved,
                "roles_removed": roles,
            },
        )
    return _fresh(agency)


def staff_transfer(
    *, profile: LearnerProfile | int, agency: Agency, effective: date, by, reason: str
) -> LearnerProfile:
    """Move one person to another agency from `effective`, keeping where they were before."""
    _date_clean(effective)
    profile = next(iter(_profiles_load([profile]).values()))
    agency = _fresh(agency)
    previous = profile.agency
    _scope_clean(by, agencies=[previous, agency], roles=STAFF_ROLES)
    reason = _change_reason_clean(reason)
    _active_clean(agency, effective=effective)
    if profile.agency_id == agency.pk:
        raise ValidationError(
            _("%(person)s already works in %(agency)s.")
            % {"person": profile.full_name, "agency": agency.name},
            code="unchanged",
        )
    _effective_clean(effective, agencies=[previous, agency])
    started = (
        StaffAssignment.objects.filter(profile=profile, valid_to__isnull=True)
        .values_list("valid_from", flat=True)
        .first()
    )
    if started is not None and effective < started:
        raise ValidationError(
            _("%(person)s has worked in their current agency only since %(date)s.")
            % {"person": profile.full_name, "date": started.strftime("%d/%m/%Y")},
            code="before_latest",
        )
    with transaction.atomic():
        _staff_move([profile.pk], agency=agency, effective=effective, by=by, reason=reason)
        _event_record(
            kind=AgencyEvent.Kind.STAFF_TRANSFERRED,
            agency=agency,
            effective=effective,
            by=by,
            reason=reason,
            counterparts=[previous],
            details={
                "employee_code": profile.employee_code,
                "before": {"agency": previous.code},
                "after": {"agency": agency.code},
            },
        )
    profile.refresh_from_db()
    return profile


# The fields of a staff record HR edits by hand (the agency changes by a transfer only).
STAFF_EDITABLE_TEXT = {
    "full_name": 150,
    "position": 150,
    "job_position": 150,
    "rank": 150,
    "phone": 20,
}
STAFF_EDITABLE = (
    "full_name",
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


def staff_update(*, profile: LearnerProfile | int, by, reason: str, **values) -> LearnerProfile:
    """Change a person's staff record; the history keeps who, when, why and each field before
    and after. A person who leaves is never deleted: their status becomes "left" with its date."""
    pk = profile.pk if isinstance(profile, LearnerProfile) else profile
    profile = staff_in_scope(user=by).filter(pk=pk).first() if by is not None else None
    if profile is None:
        raise PermissionDenied(_("You may not change this staff record."))
    unknown = set(values) - set(STAFF_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here."), code="field")
    reason = _change_reason_clean(reason)
    if not reason:
        raise ValidationError(_("Give a reason for the change."), code="no_reason")
    if len(reason) > HISTORY_REASON_MAX:
        raise ValidationError(
            _("The reason is longer than %(max)s characters.") % {"max": HISTORY_REASON_MAX},
            code="too_long",
        )
    labels = {"full_name": _("The full name")}
    for name, max_length in STAFF_EDITABLE_TEXT.items():
        if name in values:
            field = labels.get(name) or str(LearnerProfile._meta.get_field(name).verbose_name)
            values[name] = _text_clean(
                values[name],
                field=field[:1].upper() + field[1:],
                required=name == "full_name",
                max_length=max_length,
            )
    for name, choices in (
        ("category", LearnerProfile.Category),
        ("leadership_level", LearnerProfile.LeadershipLevel),
        ("status", LearnerProfile.Status),
    ):
        if name in values and values[name] not in choices.values:
            raise ValidationError(_("Unknown value."), code="choice")
    if values.get("status", profile.status) != profile.status and not values.get("status_date"):
        # A new status dates from today unless HR says otherwise.
        values["status_date"] = timezone.localdate()
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    if not changed:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    for name in changed:
        setattr(profile, name, values[name])
    history_label(profile, by=by, reason=reason)
    user = profile.user
    if "full_name" in changed:
        user.first_name, user.last_name = name_parts(profile.full_name)
    with transaction.atomic():
        profile.save(update_fields=changed)
        if "full_name" in changed:
            user.save(update_fields=["first_name", "last_name"])
        staff_changed.send(sender=LearnerProfile, profile_ids=[profile.pk])
    return profile
