"""Issuing certificates in two short transactions around the slow work.

reserve (number, code, holder snapshot; pending) → render + sign + store (no transaction) →
attach (pending → valid). Every step is idempotent, so a retry, a second worker or
`certificates_reconcile` finishes a half-done issuance without a second number or a stray file.
See docs/decisions/0005-certificate-issuance-two-phase.md.
"""

import functools
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from learning.models import Enrollment
from learning.selectors import user_display_name
from learning.services import enrollment_certificate_record

from .models import Certificate, Issuer
from .pdf import SIGNATURE_BOX, CertificateContent, certificate_pdf_render
from .selectors import enrollments_awaiting_certificate
from .signing import PdfSealer

logger = logging.getLogger(__name__)


class IssuerMissing(Exception):
    """No default issuer is configured: the completion waits for `certificates_reconcile`."""


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


def certificate_pdf_name(*, code: str) -> str:
    """The storage name of a certificate's PDF: one per code, so a retry overwrites its own."""
    return f"certificates/{code}.pdf"


def certificate_reserve(*, enrollment_id: int) -> Certificate:
    """Reserve number, serial and code for a completed enrollment; a second call returns the first.

    The only transaction that touches the issuer row: it is locked for two statements, never
    while a document is rendered or signed.
    """
    existing = Certificate.objects.filter(enrollment_id=enrollment_id).first()
    if existing:
        return existing
    enrollment = Enrollment.objects.select_related("user__profile__agency", "course").get(
        pk=enrollment_id
    )
    if enrollment.completed_at is None:
        raise ValidationError("Enrollment %(id)s is not completed.", params={"id": enrollment_id})
    default_pk = Issuer.objects.filter(is_default=True).values_list("pk", flat=True).first()
    if default_pk is None:
        raise IssuerMissing
    profile = getattr(enrollment.user, "profile", None)
    try:
        with transaction.atomic():
            # Locking the issuer serialises numbering: numbers have no gaps and no duplicates.
            issuer = Issuer.objects.select_for_update().select_related("agency").get(pk=default_pk)
            existing = Certificate.objects.filter(enrollment_id=enrollment_id).first()
            if existing:
                return existing
            certificate = Certificate.objects.create(
                enrollment=enrollment,
                issuer=issuer,
                status=Certificate.Status.PENDING,
                serial=issuer.next_serial,
                number=f"{issuer.next_serial}/GCN-{issuer.number_code}",
                issued_at=timezone.now(),
                holder_name=user_display_name(user=enrollment.user),
                holder_unit=profile.agency.name if profile else "",
                course_title=enrollment.course.title,
                issuer_name=issuer.agency.name,
                result=certificate_result_text(enrollment),
            )
            Issuer.objects.filter(pk=issuer.pk).update(next_serial=F("next_serial") + 1)
    except IntegrityError:
        # Another process reserved this enrollment between our check and our insert; the
        # rollback also gave back the serial we were about to take.
        return Certificate.objects.get(enrollment_id=enrollment_id)
    logger.info("Reserved certificate %s for enrollment %s", certificate.number, enrollment_id)
    return certificate


def _certificate_pdf_signed(*, certificate: Certificate) -> bytes:
    # Everything printed comes from the reserved row, so a retry prints the same document.
    enrollment = certificate.enrollment
    issuer = certificate.issuer
    profile = getattr(enrollment.user, "profile", None)
    content = CertificateContent(
        supervising_authority=issuer.supervising_authority.upper(),
        issuer_name=certificate.issuer_name.upper(),
        number=certificate.number,
        place=issuer.place,
        issued_on=timezone.localdate(certificate.issued_at),
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
    return _sealer().sign(
        pdf, signer_label=certificate.issuer_name, signed_at=timezone.now(), box=SIGNATURE_BOX
    )


def _certificate_pdf_store(*, certificate: Certificate, signed: bytes) -> str:
    name = certificate_pdf_name(code=certificate.code)
    # The media storage replaces files under certificates/ (config/storage.py), so a retry
    # overwrites its own earlier file instead of leaving a signed orphan beside it.
    saved = certificate.pdf.field.storage.save(name, ContentFile(signed))
    if saved != name:
        certificate.pdf.field.storage.delete(saved)
        raise ImproperlyConfigured(
            f"The media storage saved {name} as {saved}: certificate files must be replaceable "
            "(use config.storage.MediaFileSystemStorage or MediaS3Storage)."
        )
    return name


def _certificate_attach(*, certificate: Certificate, name: str) -> bool:
    with transaction.atomic():
        # The conditional update is the lock: of two runs only one turns pending into valid.
        attached = Certificate.objects.filter(
            pk=certificate.pk, status=Certificate.Status.PENDING
        ).update(status=Certificate.Status.VALID, pdf=name)
        if attached:
            enrollment_certificate_record(
                enrollment_id=certificate.enrollment_id, number=certificate.number
            )
    return bool(attached)


def certificate_issue(*, enrollment_id: int) -> Certificate:
    """Issue the signed certificate of a completed enrollment; a second call returns the first.

    Raises IssuerMissing when no default issuer exists yet. Call it outside any transaction:
    it opens its own short ones and signs between them.
    """
    certificate = certificate_reserve(enrollment_id=enrollment_id)
    if certificate.status != Certificate.Status.PENDING:
        return certificate
    certificate = Certificate.objects.select_related(
        "issuer", "enrollment__user__profile", "enrollment__course"
    ).get(pk=certificate.pk)
    signed = _certificate_pdf_signed(certificate=certificate)
    # Signing takes a while: if another run attached meanwhile, its file is the certificate.
    if Certificate.objects.filter(pk=certificate.pk, status=Certificate.Status.PENDING).exists():
        name = _certificate_pdf_store(certificate=certificate, signed=signed)
        if _certificate_attach(certificate=certificate, name=name):
            logger.info(
                "Issued certificate %s for enrollment %s", certificate.number, enrollment_id
            )
    certificate.refresh_from_db()
    return certificate


@dataclass
class CertificatesReconciled:
    due: list[int] = field(default_factory=list)
    issued: list[Certificate] = field(default_factory=list)
    waiting_for_issuer: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def certificates_reconcile(
    *, dry_run: bool = False, pending_older_than: timedelta | None = None, limit: int = 500
) -> CertificatesReconciled:
    """Issue the certificates of completions that have none yet (no row, or stuck pending).

    Covers what the completion's own task could not do: a dead broker, a killed worker, a
    missing issuer. Pending rows younger than the grace are left alone, since a worker is
    probably signing them right now.
    """
    if pending_older_than is None:
        pending_older_than = timedelta(minutes=settings.CERTIFICATE_PENDING_GRACE_MINUTES)
    result = CertificatesReconciled(
        due=enrollments_awaiting_certificate(
            pending_before=timezone.now() - pending_older_than, limit=limit
        )
    )
    if dry_run:
        return result
    for enrollment_id in result.due:
        try:
            result.issued.append(certificate_issue(enrollment_id=enrollment_id))
        except IssuerMissing:
            result.waiting_for_issuer.append(enrollment_id)
        except Exception:
            # One broken enrollment must not hold back the others; the next run retries it.
            logger.exception("Could not issue the certificate of enrollment %s", enrollment_id)
            result.failed.append(enrollment_id)
    if result.waiting_for_issuer:
        logger.warning(
            "%s completions wait for a default certificate issuer", len(result.waiting_for_issuer)
        )
    return result
