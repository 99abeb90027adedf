"""Training requirements, the assignments they expand into, completions and the counts reports read.

Dates and statuses follow `compliance.rules`; writes go through `compliance.services`, which keep
`ComplianceCount` equal to the assignments it counts (docs/decisions/0015-compliance-app.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
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
