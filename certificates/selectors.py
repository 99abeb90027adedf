from learning.selectors import agencies_in_scope

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
        Certificate.objects.select_related("enrollment__user__profile").filter(code=code).first()
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
    return Certificate.objects.filter(enrollment__user=user).order_by("-issued_at")
