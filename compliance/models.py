"""Training requirements, the assignments they expand into, completions and the counts reports read.

Dates and statuses follow `compliance.rules`; writes go through `compliance.services`, which keep
`ComplianceCount` equal to the assignments it counts (docs/decisions/0015-compliance-app.md).
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, LearnerProfile
from courses.digcomp import DigCompArea
from courses.models import CoursePage
from learning.models import Enrollment

from . import rules


class Requirement(models.Model):
    """Who must complete what, by when, and how often again."""

    class Satisfaction(models.TextChoices):
        COURSES = "courses", _("Complete one of the chosen courses")
        HOURS = "hours", _("Complete a number of training periods (tiết) in a field")

    class DueRule(models.TextChoices):
        FIXED = rules.DueRule.FIXED, _("By a fixed date")
        AFTER_JOINING = rules.DueRule.AFTER_JOINING, _("A number of days after joining the agency")
        AFTER_ASSIGNMENT = (
            rules.DueRule.AFTER_ASSIGNMENT,
            _("A number of days after being assigned"),
        )

    class Recurrence(models.TextChoices):
        NONE = rules.Recurrence.NONE, _("Once")
        MONTHS = rules.Recurrence.MONTHS, _("Again every few months")
        YEARLY = rules.Recurrence.YEARLY, _("Every calendar year, by the fixed date")

    class ExpiryBase(models.TextChoices):
        COMPLETION = rules.ExpiryBase.COMPLETION, _("From the completion date")
        PREVIOUS_EXPIRY = rules.ExpiryBase.PREVIOUS_EXPIRY, _("From the previous expiry date")

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive requirement assigns nobody.")
    )

    # Audience: everyone in the agency's subtree (the whole province when empty) who matches every
    # non-empty list, plus the named people, minus the excluded ones. Staff who have left never count.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency and the agencies below it"),
    )
    categories = models.JSONField(_("staff categories"), default=list, blank=True)
    leadership_levels = models.JSONField(_("leadership levels"), default=list, blank=True)
    positions = models.JSONField(_("titles (chức vụ)"), default=list, blank=True)
    job_positions = models.JSONField(_("job positions (vị trí việc làm)"), default=list, blank=True)
    people = models.ManyToManyField(
        LearnerProfile, blank=True, related_name="+", verbose_name=_("named people")
    )
    excluded_people = models.ManyToManyField(
        LearnerProfile, blank=True, related_name="+", verbose_name=_("excluded people")
    )

    satisfaction = models.CharField(
        _("satisfied by"), max_length=16, choices=Satisfaction.choices, default=Satisfaction.COURSES
    )
    courses = models.ManyToManyField(
        CoursePage, blank=True, related_name="+", verbose_name=_("courses (any one of them)")
    )
    hours_required = models.DecimalField(
        _("training periods required (tiết)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )
    hours_category = models.CharField(
        _("course category"), max_length=32, choices=CoursePage.Category.choices, blank=True
    )
    hours_area = models.CharField(
        _("DigComp area"), max_length=2, choices=DigCompArea.choices, blank=True
    )

    due_rule = models.CharField(
        _("due"), max_length=24, choices=DueRule.choices, default=DueRule.AFTER_ASSIGNMENT
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(_("days to complete"), default=30)
    recurrence = models.CharField(
        _("recurrence"), max_length=16, choices=Recurrence.choices, default=Recurrence.NONE
    )
    recurrence_months = models.PositiveSmallIntegerField(_("every (months)"), default=12)
    window_days = models.PositiveSmallIntegerField(
        _("recertification window (days before expiry)"), default=30
    )
    expiry_base = models.CharField(
        _("expiry counted"),
        max_length=24,
        choices=ExpiryBase.choices,
        default=ExpiryBase.COMPLETION,
    )
    minimum_active_days = models.PositiveSmallIntegerField(
        _("minimum active period (days)"), default=0
    )
    due_soon_days = models.PositiveSmallIntegerField(_("due soon (days before)"), default=30)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("history of requirement"), m2m_fields=[people, excluded_people, courses]
    )

    class Meta:
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def rule(self) -> rules.Rule:
        return rules.Rule(
            due_rule=self.due_rule,
            due_date=self.due_date,
            due_days=self.due_days,
            recurrence=self.recurrence,
            recurrence_months=self.recurrence_months,
            window_days=self.window_days,
            expiry_base=self.expiry_base,
            minimum_active_days=self.minimum_active_days,
            due_soon_days=self.due_soon_days,
            hours_required=(
                self.hours_required if self.satisfaction == self.Satisfaction.HOURS else None
            ),
        )


class Status(models.TextChoices):
    NOT_STARTED = rules.Status.NOT_STARTED, _("Not started")
    IN_PROGRESS = rules.Status.IN_PROGRESS, _("In progress")
    COMPLETED = rules.Status.COMPLETED, _("Completed")
    DUE_SOON = rules.Status.DUE_SOON, _("Due soon")
    OVERDUE = rules.Status.OVERDUE, _("Overdue")
    EXPIRED = rules.Status.EXPIRED, _("Expired")
    EXEMPT = rules.Status.EXEMPT, _("Exempt")


class Assignment(models.Model):
    """One person under one requirement: the cycle they are in and its stored status.

    Kept when the person stops matching the audience (`active` off): their history stays, and
    they count again if they match again.
    """

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="assignments"
    )
    profile = models.ForeignKey(LearnerProfile, on_delete=models.CASCADE, related_name="+")
    # The person's agency today, copied so counts and scope need no join to the staff table.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    assigned_on = models.DateField(_("assigned on"))
    due_on = models.DateField(_("due on"))
    extended_due_on = models.DateField(_("extended to"), null=True, blank=True)
    # The cycle the extension was granted for: it lapses when the next cycle starts.
    extended_cycle = models.PositiveSmallIntegerField(null=True, blank=True)
    window_opens_on = models.DateField(_("window opens on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    exempt = models.BooleanField(_("exempt"), default=False)
    hours_done = models.DecimalField(
        _("training periods done (tiết)"), max_digits=6, decimal_places=1, default=0
    )
    # The next day the status changes by the calendar alone: the daily task's work list.
    next_change_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "profile"], name="uniq_assignment"),
        ]
        indexes = [
            models.Index(
                fields=["next_change_on"],
                condition=Q(active=True, next_change_on__isnull=False),
                name="assignment_next_change_idx",
            ),
            models.Index(fields=["requirement", "agency", "status"], name="assignment_count_idx"),
        ]

    def __str__(self):
        return f"{self.requirement_id} · {self.profile_id} · {self.status}"

    @property
    def effective_due_on(self):
        return self.extended_due_on or self.due_on


class ComplianceCount(models.Model):
    """How many active assignments of a requirement, in one agency (not below it), have a status.

    Changed in the same transaction as the assignments it counts; reports roll these up the tree.
    """

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "agency", "status"], name="uniq_compliance_count"
            ),
        ]
        indexes = [
            # A drill-down sums the counts of one agency's subtree: by agency first, and with
            # the count in the index so PostgreSQL reads no table page (an index-only scan;
            # bench/compliance.py: 7 ms instead of 65 ms for a sở among 116,000 counts).
            models.Index(
                fields=["agency", "requirement", "status", "count"],
                name="compliance_count_agency_idx",
            ),
        ]

    def __str__(self):
        return f"{self.requirement_id} · {self.agency_id} · {self.status}: {self.count}"


class TrainingRecord(models.Model):
    """One completed training of a person: on the platform, or imported from before it."""

    class Source(models.TextChoices):
        PLATFORM = "platform", _("Completed on HọcSố")
        IMPORTED = "imported", _("Imported past training")

    profile = models.ForeignKey(
        LearnerProfile, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The course's title then, or the external training's name.
    title = models.CharField(_("training"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("training periods (tiết)"), max_digits=6, decimal_places=1)
    category = models.CharField(
        _("course category"), max_length=32, choices=CoursePage.Category.choices, blank=True
    )
    # DigComp areas the training covers, as "1,4".
    areas = models.CharField(_("DigComp areas"), max_length=16, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    # What an imported record is (its course, or its training's name as compared), so the same
    # row imported twice, even by two requests at once, is one record (`records_import`).
    import_key = models.CharField(max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["completed_on", "pk"]
        indexes = [models.Index(fields=["profile", "completed_on"], name="record_profile_idx")]
        constraints = [
            # A platform completion is recorded once per completion, however often the signal runs.
            models.UniqueConstraint(
                fields=["enrollment", "completed_on"],
                condition=Q(source="platform"),
                name="uniq_platform_record",
            ),
            models.UniqueConstraint(
                fields=["profile", "import_key", "completed_on"],
                condition=Q(source="imported"),
                name="uniq_imported_record",
            ),
        ]

    def __str__(self):
        return f"{self.profile_id} · {self.title} · {self.completed_on}"


class ComplianceEvent(models.Model):
    """The audit log of manual changes: extensions, exemptions, completions added or edited.

    Append-only. A separate log rather than a history table on assignments: those change in bulk
    every night, and only what a person did needs keeping with its reason.
    """

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("Due date extended")
        EXEMPTION = "exemption", _("Exempted")
        EXEMPTION_LIFTED = "exemption_lifted", _("Exemption lifted")
        RECORD_ADDED = "record_added", _("Completion added")
        RECORD_CHANGED = "record_changed", _("Completion changed")
        RECORD_REMOVED = "record_removed", _("Completion removed")
        RECORDS_IMPORTED = "records_imported", _("Past training imported")

    kind = models.CharField(_("change"), max_length=24, choices=Kind.choices)
    profile = models.ForeignKey(
        LearnerProfile, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    record = models.ForeignKey(
        TrainingRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("compliance change")
        verbose_name_plural = _("compliance changes")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["profile", "-at"], name="compliance_event_profile_idx")]

    def __str__(self):
        return f"{self.kind} · {self.profile_id} · {self.at:%Y-%m-%d}"


# --- Reminders ---------------------------------------------------------------------------------


def digest_token_new() -> str:
    """The secret of a person's unsubscribe link: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class DigestPreference(models.Model):
    """Whether a person receives the daily reminder digests, and the secret of their one-click
    unsubscribe link. A person without a row receives them (the row is made with the first
    digest, which needs its token)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    unsubscribed = models.BooleanField(_("unsubscribed from the daily reminders"), default=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=digest_token_new, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder email preference")
        verbose_name_plural = _("reminder email preferences")

    def __str__(self):
        return f"{self.user_id} · {'off' if self.unsubscribed else 'on'}"


class ReminderSent(models.Model):
    """A digest claimed for one person, one day: written before the email is sent, so a retried
    or duplicated task never sends the same digest twice in a day."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Daily digest of one's own requirements")
        MANAGER = "manager", _("Daily digest of one's staff")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day", "kind"], name="uniq_reminder_sent"),
        ]
        indexes = [models.Index(fields=["day"], name="reminder_sent_day_idx")]

    def __str__(self):
        return f"{self.user_id} · {self.day} · {self.kind}"


# --- Month-end snapshots -----------------------------------------------------------------------


class SnapshotImmutable(Exception):
    """A month-end snapshot is what the report said then: it is never changed or deleted."""


class _AppendOnlyQuerySet(models.QuerySet):
    """Refuses the bulk writes that bypass `save()` and `delete()` (update, bulk_update, delete)."""

    def update(self, **kwargs):
        raise SnapshotImmutable("Month-end snapshots are never changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        # Before bulk_update's own transaction opens: refused, not half-done.
        raise SnapshotImmutable("Month-end snapshots are never changed.")

    def delete(self):
        raise SnapshotImmutable("Month-end snapshots are never deleted.")


class _AppendOnly(models.Model):
    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SnapshotImmutable("Month-end snapshots are never changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotImmutable("Month-end snapshots are never deleted.")


class ComplianceSnapshot(_AppendOnly):
    """The compliance counts as they stood at the end of a month, kept so an audit can see what
    the report said then. One per month; taken by `compliance.snapshots.snapshot_take`."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)

    class Meta:
        verbose_name = _("month-end compliance snapshot")
        verbose_name_plural = _("month-end compliance snapshots")
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%m/%Y}"


class ComplianceSnapshotRow(_AppendOnly):
    """One `ComplianceCount` at the end of the month, with the names it had then.

    Ids and names are copied, not foreign keys: a requirement or an agency renamed, merged or
    deleted later leaves the snapshot as it was. The agency's path is copied too, so the tree can
    be rolled up as it stood then.
    """

    snapshot = models.ForeignKey(ComplianceSnapshot, on_delete=models.PROTECT, related_name="rows")
    requirement_id = models.IntegerField(_("requirement id"))
    requirement_title = models.CharField(_("requirement"), max_length=255)
    agency_id = models.IntegerField(_("agency id"))
    agency_code = models.CharField(_("agency code"), max_length=64)
    agency_name = models.CharField(_("agency"), max_length=255)
    agency_path = models.CharField(max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    count = models.IntegerField(_("people"))

    class Meta:
        verbose_name = _("month-end compliance figure")
        verbose_name_plural = _("month-end compliance figures")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "requirement_id", "agency_id", "status"],
                name="uniq_snapshot_row",
            ),
        ]

    def __str__(self):
        return f"{self.snapshot_id} · {self.requirement_id} · {self.agency_id} · {self.status}"


class ApiToken(models.Model):
    """A key another system uses to read the API as one person, within that person's scope.

    Only the SHA-256 of the key is kept: the key is shown once when made and cannot be read back
    from the database. `prefix` (its first characters) lets the owner tell their keys apart.
    """

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["prefix"], name="api_token_prefix_idx")]

    def __str__(self):
        return f"{self.prefix}… · {self.name}"


# --- exports in the background and scheduled reports ----------------------------------------------

# A finished file is kept this long; the daily cleanup deletes it and its job afterwards.
EXPORT_KEEP_DAYS = 7


def _export_expiry():
    return timezone.now() + datetime.timedelta(days=EXPORT_KEEP_DAYS)


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (XLSX)")
    CSV = "csv", _("CSV (comma, decimal point)")
    # Excel set to Vietnamese reads ";" between cells and "," in decimals.
    CSV_SEMICOLON = "csv_semicolon", _("CSV for Excel in Vietnamese (semicolon, decimal comma)")


class ExportJob(models.Model):
    """One export file made in Celery (`compliance.export_jobs`) for the person who asked for it.

    Only its requester may follow or download it. The file sits in the default storage under the
    job's random id and is deleted, with the row, `EXPORT_KEEP_DAYS` after the request.
    """

    class Kind(models.TextChoices):
        ASSIGNMENTS = "assignments", _("People under requirements")
        COURSE_REPORT = "course_report", _("Training report by course")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("report"), max_length=16, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=16, choices=ExportFormat.choices)
    # Ids, codes and texts only, read again when the job runs (compliance.export_jobs).
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    subscription = models.ForeignKey(
        "ReportSubscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled report"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    # The name the download is given, and where the storage keeps the file.
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_path = models.CharField(max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), default=_export_expiry)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="exportjob_requester_idx"),
            models.Index(fields=["expires_at"], name="exportjob_expiry_idx"),
        ]

    def __str__(self):
        return f"{self.kind} · {self.format} · {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return min(100, int(100 * self.rows_done / self.rows_total)) if self.rows_total else 0


class ReportSubscription(models.Model):
    """HR's standing order for the people-under-requirements file, made and emailed (as a link)
    every Monday or every first of the month."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week (on Monday)")
        MONTHLY = "monthly", _("Every month (on the 1st)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=ExportFormat.choices)
    active = models.BooleanField(_("active"), default=True)
    # The day the report of the current period was claimed: one report per period.
    last_sent_on = models.DateField(_("last sent on"), null=True, blank=True)
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled report")
        verbose_name_plural = _("scheduled reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "active"], name="subscription_user_idx")]

    def __str__(self):
        return f"{self.user_id} · {self.frequency} · {self.format}"
