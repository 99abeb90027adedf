"""Screens for new accounts: HR gives the people an import created their way in; a person
sets a password from an emailed link, or changes a one-time password at first sign-in. Thin: the
work is in `agencies.accounts` and `agencies.account_sheet`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .account_sheet import account_sheet_pdf
from .accounts import (
    SESSION_KEY,
    AccountsRefused,
    account_sheet_issue,
    import_created_people,
    invitation_emails_queue,
    invitations_of,
    password_change_done,
    people_for_email,
    people_for_sheet,
    set_password_link_expiry,
)
from .views import _hr_only, _job_of


@login_required
@require_safe
def import_accounts(request, job_id):
    _hr_only(request)
    job = _job_of(request, job_id)
    created = import_created_people(user=request.user, job=job)
    return render(
        request,
        "agencies/import_accounts.html",
        {
            "job": job,
            "created_count": created.count(),
            "email_count": people_for_email(user=request.user, job=job).count(),
            "sheet_count": people_for_sheet(user=request.user, job=job).count(),
            "invitations": invitations_of(job=job),
            "link_days": set_password_link_expiry().days,
        },
    )


@login_required
@require_POST
def import_accounts_email(request, job_id):
    _hr_only(request)
    job = _job_of(request, job_id)
    try:
        queued = invitation_emails_queue(by=request.user, job=job)
    except AccountsRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if queued:
            messages.success(request, _("%(count)s emails are being sent.") % {"count": queued})
        else:
            messages.info(request, _("Everyone with an address has been sent an email already."))
    return redirect("agencies:import_accounts", job_id=job.pk)


@login_required
@require_POST
def import_accounts_sheet(request, job_id):
    _hr_only(request)
    job = _job_of(request, job_id)
    try:
        slips = account_sheet_issue(by=request.user, job=job)
    except AccountsRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("agencies:import_accounts", job_id=job.pk)
    pdf = account_sheet_pdf(slips=slips, agency_name=job.agency.name if job.agency else "")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="phieu-mat-khau.pdf"'
    # The passwords are in this response only: no cache may keep it.
    response["Cache-Control"] = "no-store"
    return response


class AccountPasswordSetView(auth_views.PasswordResetConfirmView):
    """The emailed link: Django's reset token (single use, expires with PASSWORD_RESET_TIMEOUT)."""

    template_name = "agencies/account_password_set.html"
    success_url = reverse_lazy("agencies:account_password_set_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_change_done(user=form.user)
        return response


class AccountPasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "agencies/account_password_set_done.html"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def password_change_required(request):
    """The change a one-time password (or a flagged account) must make before anything else."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if not request.session.get(SESSION_KEY):
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        password_change_done(user=user)
        update_session_auth_hash(request, user)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Your new password is set."))
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(
        request, "agencies/password_change_required.html", {"form": form, "next": next_url}
    )
