"""The sign-in and sign-out pages, and the two steps of OpenID Connect sign-on (decision 0012).

The OpenID Connect views are mozilla-django-oidc's, answering 404 while OIDC_ENABLED is off and
telling people on the sign-in page why a sign-in was refused.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .oidc import BACKEND, REFUSAL_ATTRIBUTE, REFUSAL_MESSAGES, Refusal, refusal_note
from .sso import SignInForm

logger = logging.getLogger(__name__)

# Where mozilla-django-oidc keeps the ID token (OIDC_STORE_ID_TOKEN): the hint for sign-out.
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 - a session key, not a secret


class SignInView(LoginView):
    """The site's sign-in page: the password form, and the organisation's button when on."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.OIDC_ENABLED:
            start = reverse("agencies:oidc_start")
            next_url = context.get(self.redirect_field_name)
            if next_url:
                start += "?" + urlencode({self.redirect_field_name: next_url})
            context["oidc_start_url"] = start
            context["oidc_display_name"] = settings.OIDC_DISPLAY_NAME
        return context


class SignOutView(LogoutView):
    """Signs out of HọcSố and, after an OpenID Connect sign-in, of the provider when it says
    where (OIDC_OP_LOGOUT_ENDPOINT): offices share computers, and the provider's session would
    otherwise sign the next person in as the last one."""

    def post(self, request, *args, **kwargs):
        provider_sign_out = _provider_sign_out_url(request)  # before the session is flushed
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_sign_out) if provider_sign_out else response


def _provider_sign_out_url(request) -> str:
    if not (settings.OIDC_ENABLED and settings.OIDC_OP_LOGOUT_ENDPOINT):
        return ""
    if request.session.get(BACKEND_SESSION_KEY) != BACKEND:
        return ""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not isinstance(id_token, str) or not id_token:
        return ""
    endpoint = settings.OIDC_OP_LOGOUT_ENDPOINT
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class OidcStartView(OIDCAuthenticationRequestView):
    """GET only: sends the browser to the provider with a fresh state, nonce and PKCE challenge
    kept in the session."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().get(request)


class OidcCallbackView(OIDCAuthenticationCallbackView):
    """GET only: where the provider sends the browser back with a code (or an error)."""

    @property
    def failure_url(self):
        return reverse("login")

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        error = request.GET.get("error")
        if error:
            # access_denied: the person said no. Anything else is the provider refusing the
            # request (a wrong redirect URI or scope): for the operators' log.
            if error == "access_denied":
                refusal_note(request, Refusal.CANCELLED)
            else:
                logger.warning("OIDC provider answered %r", error[:100])
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this browser never started, or one already used: a replayed or forged
            # callback. The library raises; people get the sign-in page and a reason instead.
            return self.login_failure()

    def login_failure(self):
        # A lockout is answered with the lockout page by axes' middleware instead.
        if not getattr(self.request, "axes_locked_out", False):
            refusal = getattr(self.request, REFUSAL_ATTRIBUTE, None) or Refusal.FAILED
            messages.error(self.request, REFUSAL_MESSAGES[refusal])
        return super().login_failure()
