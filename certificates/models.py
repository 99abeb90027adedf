import secrets

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from learning.models import Enrollment

# Unambiguous upper-case letters and digits: read aloud over the phone, typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def verification_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


class Issuer(models.Model):
    """The agency that signs certificates, and how its signature block reads."""

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, verbose_name=_("agency"))
    supervising_authority = models.CharField(
        _("supervising authority"), max_length=255, help_text=_("e.g. UBND TỈNH NINH BÌNH")
    )
    number_code = models.CharField(
        _("number code"),
        max_length=32,
        validators=[RegexValidator(r"^[A-Z0-9-]+$")],
        help_text=_("Appears in numbers as N/GCN-<code>, e.g. SKHCN."),
    )
    place = models.CharField(_("place"), max_length=100, help_text=_("e.g. Ninh Bình"))
    signer_name = models.CharField(_("signer's name"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=150)
    head_title = models.CharField(
        _("head's title"),
        max_length=150,
        blank=True,
        help_text=_("Filled when a deputy signs on the head's behalf (KT. GIÁM ĐỐC)."),
    )
    is_default = models.BooleanField(_("default issuer"), default=False)
    next_serial = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("certificate issuer")
        verbose_name_plural = _("certificate issuers")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default"
            )
        ]

    def __str__(self):
        return self.agency.name


class CertificateQuerySet(models.QuerySet):
    def issued(self):
        """Certificates that exist as signed documents (valid or revoked), not reservations."""
        return self.exclude(status=Certificate.Status.PENDING)


class Certificate(models.Model):
    """A numbered certificate: reserved as pending, valid once its signed PDF is attached.

    See docs/decisions/0005-certificate-issuance-two-phase.md.
    """

    class Status(models.TextChoices):
        # Number, code and holder snapshot reserved; the signed PDF is not attached yet.
        PENDING = "pending", _("Being issued")
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    # One certificate per enrollment: a retried or duplicated task finds it and stops.
    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="+", verbose_name=_("enrollment")
    )
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="certificates")
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("number"), max_length=64, unique=True)
    code = models.CharField(
        _("verification code"), max_length=16, unique=True, default=verification_code_new
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    issued_at = models.DateTimeField(_("issued at"))
    # What the certificate says, kept as issued even if names or agencies change later.
    holder_name = models.CharField(_("holder's name"), max_length=150)
    holder_unit = models.CharField(_("holder's unit"), max_length=255)
    course_title = models.CharField(_("course"), max_length=255)
    issuer_name = models.CharField(_("issuer"), max_length=255)
    result = models.CharField(_("result"), max_length=100)
    # Empty while pending. The name is derived from the code (certificate_pdf_name), so a retried
    # issuance overwrites its own earlier file instead of leaving an orphan next to it.
    pdf = models.FileField(_("signed PDF"), upload_to="certificates/", blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "serial"], name="uniq_issuer_serial"),
        ]

    def __str__(self):
        return self.number
