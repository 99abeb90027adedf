"""Agencies, the staff who work in them, and the roles people hold over a part of the tree."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from .names import SORT_KEY_MAX_LENGTH, name_search_key, name_sort_key, text_lower


class Agency(MP_Node):
    """An agency in the province's tree (tỉnh → sở → phòng, xã/phường → phòng)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        DEPARTMENT = "department", _("Department (sở)")
        DIVISION = "division", _("Division (phòng)")
        COMMUNE = "commune", _("Commune / ward")
        UNIT = "unit", _("Public service unit")
        # The kinds below came with issue 7's agency history (DOMAIN.md: sở have ban, chi cục and
        # trung tâm beside their phòng).
        BOARD = "board", _("Board (ban)")
        SUB_DEPARTMENT = "sub_department", _("Sub-department (chi cục)")
        CENTER = "center", _("Center (trung tâm)")
        OTHER = "other", _("Other")

    code = models.CharField(
        _("agency code"),
        max_length=32,
        unique=True,
        help_text=_("Mã đơn vị: used in certificate numbers and imports."),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    address = models.CharField(
        _("address"), max_length=255, blank=True, help_text=_("Place name or postal address.")
    )
    # Half-open: active on D when active_from <= D < active_to; null means unbounded.
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
        help_text=_("The agency a merged or dissolved agency's history rolls up to."),
    )

    node_order_by = ["name"]

    # The tree's bookkeeping (numchild) changes with every child added: not an agency's history.
    history = HistoricalRecords(verbose_name=_("history of agency"), excluded_fields=["numchild"])

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_to__isnull=True)
                | Q(active_from__lt=F("active_to")),
                name="agency_active_period_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def is_active_on(self, day: date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day < self.active_to
        )


class LearnerProfile(models.Model):
    """A staff record: who a person is in their agency. Email lives on the user."""

    class Category(models.TextChoices):
        CAN_BO = "can_bo", _("Cadre (cán bộ)")
        CONG_CHUC = "cong_chuc", _("Civil servant (công chức)")
        VIEN_CHUC = "vien_chuc", _("Public employee (viên chức)")
        NGUOI_LAO_DONG = "nguoi_lao_dong", _("Contract staff (người lao động)")

    class LeadershipLevel(models.TextChoices):
        NONE = "none", _("Not a leader")
        COMMUNE = "commune", _("Commune level (cấp xã)")
        DIVISION = "division", _("Division level and equivalent (cấp phòng và tương đương)")
        DEPARTMENT = "department", _("Department level and equivalent (cấp sở và tương đương)")
        PROVINCE = "province", _("Province level (cấp tỉnh)")

    class Status(models.TextChoices):
        WORKING = "working", _("Working")
        ON_LEAVE = "on_leave", _("On leave")
        LEFT = "left", _("Left")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="members", verbose_name=_("agency")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    leadership_level = models.CharField(
        _("leadership level"),
        max_length=16,
        choices=LeadershipLevel.choices,
        default=LeadershipLevel.NONE,
    )
    # The title (chức vụ): kept under its first name, the HR report reads it.
    position = models.CharField(_("position"), max_length=150, blank=True)
    job_position = models.CharField(_("job position"), max_length=150, blank=True)
    rank = models.CharField(_("rank"), max_length=150, blank=True)
    agency_start_date = models.DateField(_("start date in the agency"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WORKING
    )
    status_date = models.DateField(_("status since"), null=True, blank=True)
    employee_code = models.CharField(_("employee code"), max_length=32, unique=True)
    # Written from full_name on every save (and by the import before its bulk writes): the
    # Vietnamese sort key, the name without diacritics and the name in lower case with them.
    name_sort = models.CharField(max_length=SORT_KEY_MAX_LENGTH, editable=False, default="")
    name_search = models.CharField(max_length=150, editable=False, default="")
    name_lower = models.CharField(max_length=150, editable=False, default="")

    # The name keys are derived from full_name: the history keeps what a person entered.
    history = HistoricalRecords(
        verbose_name=_("history of staff record"),
        excluded_fields=["name_sort", "name_search", "name_lower"],
    )

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")
        indexes = [
            models.Index(fields=["name_sort"], name="profile_name_sort_idx"),
            models.Index(fields=["name_search"], name="profile_name_search_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_keys_refresh()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_sort", "name_search", "name_lower"}
        super().save(*args, **kwargs)

    def name_keys_refresh(self) -> None:
        """Write the sort and search keys from the full name."""
        self.name_sort = name_sort_key(self.full_name)
        self.name_search = name_search_key(self.full_name)
        self.name_lower = text_lower(self.full_name)


class AgencyRole(models.Model):
    """A role a person holds over an agency and everything below it.

    Held over the province's root agency, a role is province-wide. Roles are granted and revoked
    through `agencies.services.role_grant` / `role_revoke`, which check the granter's own scope;
    every change is kept in the audit history with who, when and why.
    """

    class Role(models.TextChoices):
        HR_MANAGER = "hr_manager", _("HR manager")
        AGENCY_ADMIN = "agency_admin", _("Agency administrator")
        TRAINER = "trainer", _("Trainer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_roles"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    history = HistoricalRecords(verbose_name=_("history of agency role"))

    class Meta:
        verbose_name = _("agency role")
        verbose_name_plural = _("agency roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="uniq_agency_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.agency}"


def _staff_import_path(instance, filename: str) -> str:
    """Uploaded files are stored under the job's id; the name HR gave it is kept on the job."""
    extension = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"staff-imports/{instance.pk}{extension}"


class StaffImport(models.Model):
    """One run of the staff import on an uploaded file: a dry run, or the run that applies one.

    Runs in Celery (`agencies.tasks`); the HR screens show its progress and its result.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        REFUSED = "refused", _("File refused")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency of the file"),
    )
    file = models.FileField(upload_to=_staff_import_path, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("check only"), default=True)
    confirm_left = models.BooleanField(_("mark missing people as left"), default=False)
    # The dry run this run applies: one application per dry run, however often HR clicks.
    preview = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="application"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REFUSED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


def _period_ordered(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_from__isnull=True)
        | Q(valid_to__isnull=True)
        | Q(valid_from__lt=F("valid_to")),
        name=name,
    )


class AgencyVersion(models.Model):
    """What an agency was called, what kind it was and whom it reported to, over one period.

    Periods are half-open [valid_from, valid_to); a null valid_from means "since before records",
    a null valid_to "still so". The agency row itself always holds the current values.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="versions", verbose_name=_("agency")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Agency.Kind.choices)
    parent = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervising agency"),
    )

    class Meta:
        verbose_name = _("agency version")
        verbose_name_plural = _("agency versions")
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(valid_to__isnull=True),
                name="one_open_agency_version",
            ),
            _period_ordered("agency_version_period_ordered"),
        ]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="agency_version_period")]

    def __str__(self):
        return f"{self.name} [{self.valid_from or '…'}, {self.valid_to or '…'})"


class StaffAssignment(models.Model):
    """Where a person worked over one half-open period [valid_from, valid_to)."""

    profile = models.ForeignKey(
        LearnerProfile,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("staff member"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("agency")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("history of staff assignment"))

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["profile"],
                condition=Q(valid_to__isnull=True),
                name="one_open_staff_assignment",
            ),
            _period_ordered("staff_assignment_period_ordered"),
        ]

    def __str__(self):
        return f"{self.profile} · {self.agency} [{self.valid_from or '…'}, {self.valid_to or '…'})"


class AgencyEvent(models.Model):
    """One change to the tree, as recorded: what, from when, why and by whom."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        RENAMED = "renamed", _("Renamed")
        MOVED = "moved", _("Moved")
        MERGED = "merged", _("Merged")
        SPLIT = "split", _("Split")
        DISSOLVED = "dissolved", _("Dissolved")
        STAFF_TRANSFERRED = "staff_transferred", _("Staff transferred")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="events", verbose_name=_("agency")
    )
    counterparts = models.ManyToManyField(
        Agency, blank=True, related_name="counterpart_events", verbose_name=_("other agencies")
    )
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("agency event")
        verbose_name_plural = _("agency events")
        ordering = ["effective_date", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.effective_date} · {self.get_kind_display()} · {self.agency}"


class AccountInvitation(models.Model):
    """How one person created by a staff import was given their way in: an email with a
    set-password link, or a slip on a printed one-time password sheet. Never holds a password."""

    class Method(models.TextChoices):
        EMAIL = "email", _("Email with a set-password link")
        SHEET = "sheet", _("One-time password sheet")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        ISSUED = "issued", _("On a sheet")
        REPLACED = "replaced", _("Replaced by a newer sheet")

    job = models.ForeignKey(
        StaffImport, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("import")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    # The address the email went to (the user's may change later).
    email = models.EmailField(_("email"), blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("account invitation")
        verbose_name_plural = _("account invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One email per person per import: a double click or a resend reuses the row.
            models.UniqueConstraint(
                fields=["job", "user"],
                condition=Q(method="email"),
                name="one_invitation_email_per_job",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_method_display()} · {self.get_status_display()}"


class PasswordChangeRequired(models.Model):
    """The user must choose a new password before going anywhere else (a one-time password,
    or an account flagged so). Removed when they have."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("user"),
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("password change required")
        verbose_name_plural = _("passwords to change")

    def __str__(self):
        return str(self.user)
