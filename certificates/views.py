from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from .forms import VerificationLookupForm
from .models import Certificate
from .selectors import (
    certificate_for_download,
    holder_name_masked,
    learner_certificates_list,
    learner_completions_without_certificate,
)


def _verify_rate(group, request) -> str:
    # Read per request so the rate follows settings (and tests that override them).
    return settings.VERIFY_RATELIMIT


# One budget for the lookup form and the verify pages, per client address, counted in the
# shared cache: enough for a verifier at a desk, too little to walk the code space.
verify_ratelimit = ratelimit(group="certificates:verify", key="ip", rate=_verify_rate, block=True)


@verify_ratelimit
@require_safe
def verify_lookup(request):
    """The form behind "verify a certificate": the code from the paper leads to its page."""
    if not request.GET.get("ma", "").strip():
        return render(
            request, "certificates/verify_lookup.html", {"form": VerificationLookupForm()}
        )
    form = VerificationLookupForm(request.GET)
    if form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["ma"])
    return render(request, "certificates/verify_lookup.html", {"form": form}, status=400)


@verify_ratelimit
@require_safe
def verify(request, code: str):
    certificate = (
        # A pending certificate is a reservation, not a document: not found until it is signed.
        Certificate.objects.issued()
        .filter(code=code.upper())
        .select_related("issuer__agency")
        .first()
    )
    if certificate is None:
        return render(request, "certificates/verify_not_found.html", {"code": code}, status=404)
    return render(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "masked_name": holder_name_masked(certificate.holder_name)},
    )


@login_required
@require_safe
def my_certificates(request):
    return render(
        request,
        "certificates/my_certificates.html",
        {
            "certificates": learner_certificates_list(user=request.user),
            "awaited": learner_completions_without_certificate(user=request.user),
        },
    )


@login_required
@require_safe
def download(request, code: str):
    certificate = certificate_for_download(user=request.user, code=code)
    if certificate is None:
        raise Http404(_("No such certificate."))
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"giay-chung-nhan-{certificate.code}.pdf",
        content_type="application/pdf",
    )
