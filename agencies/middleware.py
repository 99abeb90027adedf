"""Sends an account that must change its password to the change form, whatever it asks for."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .accounts import SESSION_KEY


class PasswordChangeRequiredMiddleware:
    """After AuthenticationMiddleware and the session. Reads the session flag set at sign-in
    (`accounts.password_change_flag_on_sign_in`): no query on ordinary requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(SESSION_KEY) and request.user.is_authenticated:
            change = reverse("agencies:password_change_required")
            allowed = (change, reverse("logout"), settings.STATIC_URL, "/i18n/")
            if not request.path.startswith(allowed):
                target = change
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)
