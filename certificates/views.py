from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .models import Certificate
from .selectors import (
    certificate_for_download,
    holder_name_masked,
    learner_certificates_list,
    learner_completions_without_certificate,
)


@require_safe
def verify_lookup(request):
    """The form behind "verify a certificate": the code from the paper leads to its page."""
    code = request.GET.get("ma", "").strip().upper().replace(" ", "")
    if code:
        return redirect("certificates:verify", code=code)
    return render(request, "certificates/verify_lookup.html")


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
