"""Agencies, the staff who work in them, and the roles people hold over a part of the tree."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node


class Agency(MP_Node):
    """An agency in the province's tree (tỉnh → sở → phòng, xã/phường → phòng)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        DEPARTMENT = "department", _("Department (sở)")
        DIVISION = "division", _("Division (phòng)")
        COMMUNE = "commune", _("Commune / ward")
        UNIT = "unit", _("Public service unit")

    code = models.CharField(
        _("agency code"),
        max_length=32,
        unique=True,
        help_text=_("Mã đơn vị: used in certificate numbers and imports."),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name


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
