"""Issuing certificates: numbering, rendering, signing. Idempotent per enrollment."""

import functools
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from learning.models import Enrollment
from learning.selectors import user_display_name
from learning.services import enrollment_certificate_record

from .models import Certificate, Issuer
from .pdf import SIGNATURE_BOX, CertificateContent, certificate_pdf_render
from .signing import PdfSealer

logger = logging.getLogger(__name__)


@functools.cache
def _sealer() -> PdfSealer:
    # Loading and checking the PKCS#12 key costs more than the signature itself: do it once.
    path = settings.CERTIFICATE_SIGNER_PKCS12
    if not path.exists():
        raise ImproperlyConfigured(
            f"No signing key at {path}: run `manage.py certificates_test_pki` or set "
            "CERTIFICATE_SIGNER_PKCS12."
        )
    passphrase = settings.CERTIFICATE_SIGNER_PASSPHRASE.encode() or None
    return PdfSealer(
        pkcs12_path=path, passphrase=passphrase, font_dir=settings.CERTIFICATE_FONT_DIR
    )


def certificate_result_text(enrollment: Enrollment) -> str:
    # The certificate is a Vietnamese administrative document whatever the UI language.
    if enrollment.score is None:
        return "Hoàn thành"
    # Vietnamese writes decimals with a comma: 81,8 điểm.
    score = f"{enrollment.score.normalize():f}".replace(".", ",")
    return f"Đạt ({score}/100 điểm)"


def certificate_verification_url(*, code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("certificates:verify", args=[code])


def certificate_issue(*, enrollment_id: int) -> Certificate:
    """Issue the signed certificate of a completed enrollment; a second call returns the first."""
    existing = Certificate.objects.filter(enrollment_id=enrollment_id).first()
    if existing:
        return existing
    enrollment = Enrollment.objects.select_related("user", "course").get(pk=enrollment_id)
    if enrollment.completed_at is None:
        raise ValidationError("Enrollment %(id)s is not completed.", params={"id": enrollment_id})
    default = Issuer.objects.filter(is_default=True).first()
    if default is None:
        raise ImproperlyConfigured("No default certificate issuer is configured.")
    profile = getattr(enrollment.user, "profile", None)
    holder_name = user_display_name(user=enrollment.user)
    with transaction.atomic():
        # Locking the issuer serialises numbering: numbers have no gaps and no duplicates.
        issuer = Issuer.objects.select_for_update().select_related("agency").get(pk=default.pk)
        existing = Certificate.objects.filter(enrollment_id=enrollment_id).first()
        if existing:
            return existing
        now = timezone.now()
        certificate = Certificate(
            enrollment=enrollment,
            issuer=issuer,
            serial=issuer.next_serial,
            number=f"{issuer.next_serial}/GCN-{issuer.number_code}",
            issued_at=now,
            holder_name=holder_name,
            holder_unit=profile.agency.name if profile else "",
            course_title=enrollment.course.title,
            issuer_name=issuer.agency.name,
            result=certificate_result_text(enrollment),
        )
        content = CertificateContent(
            supervising_authority=issuer.supervising_authority.upper(),
            issuer_name=issuer.agency.name.upper(),
            number=certificate.number,
            place=issuer.place,
            issued_on=timezone.localdate(now),
            holder_name=certificate.holder_name,
            holder_birth_date=profile.birth_date if profile else None,
            holder_unit=certificate.holder_unit,
            course_title=certificate.course_title,
            course_hours=enrollment.course.hours,
            started_on=timezone.localdate(enrollment.enrolled_at),
            completed_on=timezone.localdate(enrollment.completed_at),
            result=certificate.result,
            valid_until=None,
            verification_url=certificate_verification_url(code=certificate.code),
            verification_code=certificate.code,
            signer_on_behalf=f"KT. {issuer.head_title.upper()}" if issuer.head_title else "",
            signer_title=issuer.signer_title.upper(),
            signer_name=issuer.signer_name,
        )
        pdf = certificate_pdf_render(content=content, font_dir=settings.CERTIFICATE_FONT_DIR)
        signed = _sealer().sign(
            pdf, signer_label=issuer.agency.name, signed_at=now, box=SIGNATURE_BOX
        )
        certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(signed), save=False)
        certificate.save()
        issuer.next_serial += 1
        issuer.save(update_fields=["next_serial"])
        enrollment_certificate_record(enrollment_id=enrollment.pk, number=certificate.number)
    logger.info("Issued certificate %s for enrollment %s", certificate.number, enrollment_id)
    return certificate
