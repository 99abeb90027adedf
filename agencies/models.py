"""Agencies, the staff who work in them, and the roles people hold over a part of the tree."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


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
    class Category(models.TextChoices):
        CAN_BO = "can_bo", _("Cadre (cán bộ)")
        CONG_CHUC = "cong_chuc", _("Civil servant (công chức)")
        VIEN_CHUC = "vien_chuc", _("Public employee (viên chức)")
        NGUOI_LAO_DONG = "nguoi_lao_dong", _("Contract staff (người lao động)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="members", verbose_name=_("agency")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    position = models.CharField(_("position"), max_length=150, blank=True)
    employee_code = models.CharField(_("employee code"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")

    def __str__(self):
        return self.full_name


class AgencyRole(models.Model):
    """A role a person holds over an agency and everything below it."""

    class Role(models.TextChoices):
        HR_MANAGER = "hr_manager", _("HR manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_roles"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("agency role")
        verbose_name_plural = _("agency roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="uniq_agency_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.agency}"


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
