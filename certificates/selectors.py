from datetime import datetime

from django.db.models import Exists, OuterRef, Q

from agencies.selectors import agencies_in_scope
from learning.models import Enrollment

from .models import Certificate


def holder_name_masked(name: str) -> str:
    """Keep the given name, hide the rest: "Nguyễn Văn An" → "N***** V** An".

    Enough for a verifier holding the paper to match it, too little to harvest names.
    """
    words = name.split()
    if len(words) <= 1:
        return name[:1] + "*" * max(len(name) - 1, 0)
    masked = [word[0] + "*" * (len(word) - 1) for word in words[:-1]]
    return " ".join([*masked, words[-1]])


def certificate_for_download(*, user, code: str) -> Certificate | None:
    """The certificate if the user may download it: the holder, HR over the holder, an admin."""
    certificate = (
        # A pending certificate has no signed document yet: nothing to download.
        Certificate.objects.issued()
        .select_related("enrollment__user__profile")
        .filter(code=code)
        .first()
    )
    if certificate is None:
        return None
    holder = certificate.enrollment.user
    if user.pk == holder.pk or user.is_superuser:
        return certificate
    profile = getattr(holder, "profile", None)
    if profile and agencies_in_scope(user=user).filter(pk=profile.agency_id).exists():
        return certificate
    return None


def learner_certificates_list(*, user):
    """The learner's certificates, pending ones included (shown as being issued)."""
    return Certificate.objects.filter(enrollment__user=user).order_by("-issued_at")


def learner_completions_without_certificate(*, user):
    """Completed enrollments with no certificate row yet: the issuance is queued or delayed."""
    return (
        Enrollment.objects.filter(user=user, completed_at__isnull=False)
        .filter(~Exists(Certificate.objects.filter(enrollment=OuterRef("pk"))))
        .select_related("course")
        .order_by("-completed_at")
    )


def enrollments_awaiting_certificate(*, pending_before: datetime, limit: int) -> list[int]:
    """Completed enrollments with no valid certificate: no row, or a row pending since before."""
    certificates = Certificate.objects.filter(enrollment=OuterRef("pk"))
    stuck = certificates.filter(status=Certificate.Status.PENDING, issued_at__lt=pending_before)
    return list(
        Enrollment.objects.filter(completed_at__isnull=False)
        .filter(Q(~Exists(certificates)) | Q(Exists(stuck)))
        .order_by("completed_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
