"""The daily reminder digests (issue 8): one email a day per person listing every requirement of
theirs that is due soon, overdue, expired or about to expire, and one per HR manager listing the
people of their subtree who are late or due soon, grouped by requirement. Never one mail per
course.

Statuses are the stored ones (`compliance.rules` through the services); nothing here computes a
status. Builders read in a fixed number of queries (the manager digest: two per manager); the
sending loop adds one claim per email.

Idempotent per day: each email is claimed with a `ReminderSent(user, day, kind)` row BEFORE it is
sent, so a retried or duplicated task never sends the same digest twice in a day. The price: a
worker killed between the claim and the hand-over to the mail server loses that one email for
the day. A mail server that refuses it (an exception) releases the claim, and the task's retry
sends it then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import AgencyRole, LearnerProfile
from agencies.selectors import agencies_in_scope

from . import rules
from .models import Assignment, DigestPreference, ReminderSent, Requirement

# What a reminder is about: needing action now, or soon.
REMINDED = (rules.Status.DUE_SOON, rules.Status.OVERDUE, rules.Status.EXPIRED)
# People listed per requirement in a manager's digest; the rest are counted ("and N more").
MANAGER_LIST_CAP = 50
# Claims are kept this long: enough to see what was sent lately, not a growing table.
CLAIMS_KEPT_DAYS = 90
# The HR report the manager digest links to.
REPORT_URL_NAME = "compliance:hr_report"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(token: str) -> str:
    return _absolute(reverse("reminders:unsubscribe", args=[token]))


def _date(day: date | None) -> str:
    # Vietnamese dates are day/month/year (Decree 30/2020 on administrative documents).
    return day.strftime("%d/%m/%Y") if day else ""


# --- What a digest holds ----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonItem:
    """One requirement of a person's digest."""

    requirement_id: int
    title: str
    status: str
    due_on: date
    expires_on: date | None
    # When renewing opens (the next cycle's window), for a completion about to expire.
    renew_from: date | None
    courses: tuple[str, ...]
    hours_done: Decimal
    hours_required: Decimal | None

    @property
    def late(self) -> bool:
        return self.status in rules.Status.LATE

    def note(self) -> str:
        """The sentence saying where the person stands (read by the text and the HTML mail)."""
        day = {"date": _date(self.due_on)}
        if self.status == rules.Status.OVERDUE:
            return _("Overdue: it was due by %(date)s.") % day
        if self.status == rules.Status.EXPIRED:
            return _("Expired: it had to be renewed by %(date)s. Complete it again.") % day
        if self.status == rules.Status.DUE_SOON:
            return _("Due soon: complete it by %(date)s.") % day
        note = _("Completed; it expires on %(date)s.") % {"date": _date(self.expires_on)}
        if self.renew_from:
            note += " " + _("You can renew it from %(date)s.") % {"date": _date(self.renew_from)}
        return note

    def hours(self) -> str:
        if self.hours_required is None:
            return ""
        return _("%(done)s of %(required)s training periods (tiết) done.") % {
            "done": _number(self.hours_done),
            "required": _number(self.hours_required),
        }


def _number(value: Decimal) -> str:
    # Vietnamese decimal comma; whole numbers without ",0".
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return text.replace(".", ",")


@dataclass
class PersonDigest:
    user_id: int
    email: str
    full_name: str
    token: str | None
    items: list[PersonItem] = field(default_factory=list)


@dataclass(frozen=True)
class ManagerPerson:
    full_name: str
    agency_name: str
    status: str
    due_on: date

    def note(self) -> str:
        day = {"date": _date(self.due_on)}
        if self.status == rules.Status.OVERDUE:
            return _("overdue, it was due by %(date)s") % day
        if self.status == rules.Status.EXPIRED:
            return _("expired, it had to be renewed by %(date)s") % day
        return _("due soon, by %(date)s") % day


@dataclass
class ManagerGroup:
    requirement_id: int
    title: str
    total: int
    late: int
    people: list[ManagerPerson] = field(default_factory=list)

    @property
    def soon(self) -> int:
        return self.total - self.late

    @property
    def more(self) -> int:
        return self.total - len(self.people)


@dataclass
class ManagerDigest:
    user_id: int
    email: str
    full_name: str
    token: str | None
    groups: list[ManagerGroup] = field(default_factory=list)


# --- Builders ----------------------------------------------------------------------------------


def _subscribed(user_field: str) -> Q:
    """People who did not unsubscribe from the digests (no preference row: subscribed)."""
    return ~Q(
        Exists(DigestPreference.objects.filter(user_id=OuterRef(user_field), unsubscribed=True))
    )


def _token(user_field: str) -> Subquery:
    return Subquery(DigestPreference.objects.filter(user_id=OuterRef(user_field)).values("token"))


def _tokens_fill(digests: list) -> None:
    """Give every digest its person's unsubscribe token, making the preference rows that do not
    exist yet (three queries, only on the days someone is mailed for the first time)."""
    missing = [d for d in digests if d.token is None]
    if not missing:
        return
    DigestPreference.objects.bulk_create(
        [DigestPreference(user_id=d.user_id) for d in missing],
        batch_size=1000,
        ignore_conflicts=True,
    )
    # Read back what is stored: a concurrent run may have made some of them first.
    ids = [d.user_id for d in missing]
    stored: dict[int, str] = {}
    for start in range(0, len(ids), 1000):
        stored.update(
            DigestPreference.objects.filter(user_id__in=ids[start : start + 1000]).values_list(
                "user_id", "token"
            )
        )
    for digest in missing:
        digest.token = stored[digest.user_id]


def _courses_by_requirement(requirement_ids) -> dict[int, tuple[str, ...]]:
    through = Requirement.courses.through
    titles: dict[int, list[str]] = defaultdict(list)
    for requirement_id, title in (
        through.objects.filter(requirement_id__in=requirement_ids)
        .order_by("requirement_id", "coursepage__title")
        .values_list("requirement_id", "coursepage__title")
    ):
        titles[requirement_id].append(title)
    return {pk: tuple(names) for pk, names in titles.items()}


def person_digests(*, today: date) -> list[PersonDigest]:
    """Everyone to remind today with everything to remind them of, one digest each (five
    queries whatever the number of people; two more on days new people are mailed).

    A person is reminded of their active assignments that are due soon, overdue or expired, and
    of completed ones expiring within the requirement's "due soon" days. People without an
    email address, who unsubscribed, whose account is inactive or who have left are skipped.
    """
    requirements = {
        row["pk"]: row
        for row in Requirement.objects.filter(active=True).values(
            "pk", "title", "due_soon_days", "satisfaction", "hours_required"
        )
    }
    if not requirements:
        return []
    # Completed, expiring within the requirement's own due-soon days: one range per value.
    by_days: dict[int, list[int]] = defaultdict(list)
    for pk, row in requirements.items():
        by_days[row["due_soon_days"]].append(pk)
    expiring = Q(pk__in=[])
    for days, ids in by_days.items():
        expiring |= Q(
            requirement_id__in=ids,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=days),
        )
    rows = (
        Assignment.objects.filter(active=True, requirement_id__in=list(requirements))
        .filter(Q(status__in=REMINDED) | (Q(status=rules.Status.COMPLETED) & expiring))
        .filter(
            _subscribed("profile__user_id"),
            profile__user__is_active=True,
        )
        .exclude(profile__status=LearnerProfile.Status.LEFT)
        .exclude(profile__user__email="")
        .annotate(
            late=Case(
                When(status__in=rules.Status.LATE, then=0), default=1, output_field=IntegerField()
            ),
            due=Coalesce("extended_due_on", "due_on"),
            token=_token("profile__user_id"),
        )
        .order_by("profile__user_id", "late", "due", "expires_on", "requirement_id")
        .values_list(
            "profile__user_id",
            "profile__user__email",
            "profile__full_name",
            "token",
            "requirement_id",
            "status",
            "due",
            "expires_on",
            "next_change_on",
            "hours_done",
        )
    )
    digests: dict[int, PersonDigest] = {}
    used: set[int] = set()
    found = []
    for user_id, email, full_name, token, requirement_id, *rest in rows.iterator(chunk_size=2000):
        if user_id not in digests:
            digests[user_id] = PersonDigest(user_id, email, full_name, token)
        found.append((user_id, requirement_id, rest))
        used.add(requirement_id)
    courses = _courses_by_requirement(used) if used else {}
    for user_id, requirement_id, (status, due, expires_on, next_change, hours_done) in found:
        requirement = requirements[requirement_id]
        by_hours = requirement["satisfaction"] == Requirement.Satisfaction.HOURS
        digests[user_id].items.append(
            PersonItem(
                requirement_id=requirement_id,
                title=requirement["title"],
                status=status,
                due_on=due,
                expires_on=expires_on,
                # A completed cycle changes next when the renewal window opens.
                renew_from=next_change if status == rules.Status.COMPLETED else None,
                courses=() if by_hours else courses.get(requirement_id, ()),
                hours_done=hours_done,
                hours_required=requirement["hours_required"] if by_hours else None,
            )
        )
    result = list(digests.values())
    _tokens_fill(result)
    return result


def _managers():
    """The HR managers to mail: active accounts with an address, subscribed, not left."""
    user_model = get_user_model()
    managers = (
        user_model.objects.filter(
            Exists(
                AgencyRole.objects.filter(user_id=OuterRef("pk"), role=AgencyRole.Role.HR_MANAGER)
            ),
            _subscribed("pk"),
            is_active=True,
        )
        .exclude(email="")
        .exclude(profile__status=LearnerProfile.Status.LEFT)
        .annotate(
            token=_token("pk"),
            full_name=Coalesce("profile__full_name", F("username")),
        )
        .order_by("pk")
    )
    return list(managers)


def manager_digests(*, today: date) -> list[ManagerDigest]:
    """Each HR manager with the people of their subtree who are overdue, expired or due soon,
    grouped by requirement, the first MANAGER_LIST_CAP of each named (late first, then by due
    date and name) and the others counted. One query for the managers, two per manager."""
    digests = []
    for manager in _managers():
        scope = agencies_in_scope(user=manager)
        rows = (
            Assignment.objects.filter(
                active=True,
                requirement__active=True,
                status__in=REMINDED,
                agency__in=scope,
            )
            .annotate(
                late=Case(
                    When(status__in=rules.Status.LATE, then=0),
                    default=1,
                    output_field=IntegerField(),
                ),
                due=Coalesce("extended_due_on", "due_on"),
            )
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("requirement_id")],
                    order_by=[F("late"), F("due"), F("profile__name_sort"), F("pk")],
                ),
                total=Window(Count("pk"), partition_by=[F("requirement_id")]),
                late_total=Window(
                    Count("pk", filter=Q(status__in=rules.Status.LATE)),
                    partition_by=[F("requirement_id")],
                ),
            )
            .filter(rank__lte=MANAGER_LIST_CAP)
            .order_by("requirement__title", "requirement_id", "rank")
            .values_list(
                "requirement_id",
                "requirement__title",
                "total",
                "late_total",
                "profile__full_name",
                "agency__name",
                "status",
                "due",
            )
        )
        groups: dict[int, ManagerGroup] = {}
        for requirement_id, title, total, late, full_name, agency_name, status, due in rows:
            group = groups.get(requirement_id)
            if group is None:
                group = groups[requirement_id] = ManagerGroup(requirement_id, title, total, late)
            group.people.append(ManagerPerson(full_name, agency_name, status, due))
        if groups:
            digests.append(
                ManagerDigest(
                    manager.pk,
                    manager.email,
                    manager.full_name,
                    manager.token,
                    list(groups.values()),
                )
            )
    _tokens_fill(digests)
    return digests


# --- Emails ------------------------------------------------------------------------------------


def _message(*, to: str, token: str, subject: str, template: str, context: dict):
    link = unsubscribe_url(token)
    context = {
        **context,
        "unsubscribe_url": link,
        "preferences_url": _absolute(reverse("reminders:preferences")),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    text = render_to_string(f"compliance/email/{template}.txt", context)
    html = render_to_string(f"compliance/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[to],
        headers={
            # One click from the mail client (RFC 8058): a POST to the link, no sign-in needed.
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # An automatic message (RFC 3834): out-of-office replies should not answer it.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def person_digest_message(digest: PersonDigest, *, today: date) -> EmailMultiAlternatives:
    """The person's digest as an email, in Vietnamese."""
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            to=digest.email,
            token=digest.token,
            subject=_("HọcSố: your training reminders for %(date)s") % {"date": _date(today)},
            template="digest_person",
            context={
                "digest": digest,
                "items": [
                    {"item": item, "note": item.note(), "hours": item.hours()}
                    for item in digest.items
                ],
                "today": _date(today),
                "courses_url": _absolute(reverse("learning:my_courses")),
            },
        )


def manager_digest_message(digest: ManagerDigest, *, today: date) -> EmailMultiAlternatives:
    """The manager's digest as an email, in Vietnamese."""
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            to=digest.email,
            token=digest.token,
            subject=_("HọcSố: staff to follow up on %(date)s") % {"date": _date(today)},
            template="digest_manager",
            context={
                "digest": digest,
                "groups": [
                    {
                        "group": group,
                        "people": [{"person": p, "note": p.note()} for p in group.people],
                    }
                    for group in digest.groups
                ],
                "today": _date(today),
                "report_url": _absolute(reverse(REPORT_URL_NAME)),
            },
        )


def _claim(*, user_id: int, day: date, kind: str) -> bool:
    """Claim today's digest of `kind` for a person; False when it was claimed already."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user_id=user_id, day=day, kind=kind)
    except IntegrityError:
        return False
    return True


def _send_all(digests, *, kind: str, build, today: date, connection) -> tuple[int, int]:
    claimed = set(
        ReminderSent.objects.filter(day=today, kind=kind).values_list("user_id", flat=True)
    )
    sent = skipped = 0
    for digest in digests:
        if digest.user_id in claimed:
            skipped += 1
            continue
        # Built before the claim: a template error must not leave a claim without a mail.
        message = build(digest, today=today)
        message.connection = connection
        if not _claim(user_id=digest.user_id, day=today, kind=kind):
            skipped += 1
            continue
        try:
            message.send()
        except Exception:
            # Not handed over: release the claim so the task's retry sends it.
            ReminderSent.objects.filter(user_id=digest.user_id, day=today, kind=kind).delete()
            raise
        sent += 1
    return sent, skipped


def reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Send today's digests, each person's and each HR manager's, at most once a day each."""
    today = today or timezone.localdate()
    with get_connection() as connection:
        people, people_skipped = _send_all(
            person_digests(today=today),
            kind=ReminderSent.Kind.PERSON,
            build=person_digest_message,
            today=today,
            connection=connection,
        )
        managers, managers_skipped = _send_all(
            manager_digests(today=today),
            kind=ReminderSent.Kind.MANAGER,
            build=manager_digest_message,
            today=today,
            connection=connection,
        )
    ReminderSent.objects.filter(day__lt=today - timedelta(days=CLAIMS_KEPT_DAYS)).delete()
    return {
        "people": people,
        "managers": managers,
        "already_sent": people_skipped + managers_skipped,
    }


# --- The preference ----------------------------------------------------------------------------


def digest_subscribed(*, user) -> bool:
    """Whether `user` receives the digests (reads only: a GET changes nothing)."""
    return not DigestPreference.objects.filter(user=user, unsubscribed=True).exists()


def digest_preference_set(*, user, subscribed: bool) -> bool:
    """Turn `user`'s digests on or off; True when that changed something."""
    if subscribed:
        return bool(
            DigestPreference.objects.filter(user=user, unsubscribed=True).update(
                unsubscribed=False, unsubscribed_at=None
            )
        )
    preference, _created = DigestPreference.objects.get_or_create(user=user)
    return digest_unsubscribe(preference=preference)


def digest_unsubscribe(*, preference: DigestPreference) -> bool:
    """Stop the digests of the person whose link this is; True when they were still on."""
    return bool(
        DigestPreference.objects.filter(pk=preference.pk, unsubscribed=False).update(
            unsubscribed=True, unsubscribed_at=timezone.now()
        )
    )
