"""/tai-khoan/api/: an HR manager makes, lists and revokes their own API tokens.

A new token is shown once, in the answer to the POST that made it: it is not stored, so it cannot
be shown again, and the page says so.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from agencies.selectors import user_is_hr

from ..models import ApiToken
from .tokens import api_token_create, api_token_revoke, api_tokens_of


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=gettext_lazy("What the token is for, e.g. the province's reporting system."),
    )


def _hr_only(request) -> None:
    if not user_is_hr(user=request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens_page(request):
    _hr_only(request)
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            new_key = created.key
            form = ApiTokenForm()
    return render(
        request,
        "compliance/api_tokens.html",
        {"form": form, "tokens": api_tokens_of(user=request.user), "new_key": new_key},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_token_revoke_page(request, token_id: int):
    _hr_only(request)
    # Someone else's token, or one already revoked, is not there for this person.
    token = get_object_or_404(
        api_tokens_of(user=request.user).filter(revoked_at__isnull=True), pk=token_id
    )
    if request.method == "POST":
        api_token_revoke(user=request.user, token=token)
        messages.success(
            request,
            _("The token %(prefix)s… is revoked: it no longer opens the API.")
            % {"prefix": token.prefix},
        )
        return redirect("api_tokens:list")
    return render(request, "compliance/api_token_revoke.html", {"token": token})
