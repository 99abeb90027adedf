"""Sign-in through the organisation's OpenID Connect provider (docs/decisions/0012).

mozilla-django-oidc runs the authorization code flow (state, nonce, PKCE, the code exchange and
the ID token's signature against the provider's JWKS); this backend adds what HọcSố needs: the
person is the staff record whose employee code the provider's claim holds, nobody gets an account
from a claim, and every refusal says why on the sign-in page.
"""

import logging

import jwt
import requests
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import LearnerProfile
from .sso import staff_profile_for_code

logger = logging.getLogger(__name__)

BACKEND = "agencies.oidc.OidcBackend"
# Set on the request by the backend and the views, read by the callback view.
REFUSAL_ATTRIBUTE = "oidc_refusal"
# Set on the request once the provider has vouched for someone: what django-axes records a
# refused sign-in under (lockouts.usernames), so people the provider knows but HọcSố refuses
# do not lock everyone else at their address out of the button.
SIGN_IN_NAME_ATTRIBUTE = "sign_in_name"


class Refusal:
    """Why an OpenID Connect sign-in failed."""

    NO_CLAIM = "no_claim"
    NO_STAFF_RECORD = "no_staff_record"
    LEFT = "left"
    INACTIVE = "inactive"
    FAILED = "failed"
    UNAVAILABLE = "unavailable"
    CANCELLED = "cancelled"


REFUSAL_MESSAGES = {
    Refusal.NO_CLAIM: _(
        "Your organisation account carries no employee code, so HọcSố cannot tell which staff "
        "record is yours. Ask your IT department to add the employee code to your account."
    ),
    Refusal.NO_STAFF_RECORD: _(
        "Your organisation account is not linked to any staff record in HọcSố, so it cannot "
        "sign in yet. Ask your HR department to add your employee code."
    ),
    Refusal.LEFT: _(
        "Your staff record in HọcSố says you have left your agency, so you cannot sign in. If "
        "this is wrong, ask your HR department to correct your record."
    ),
    Refusal.INACTIVE: _(
        "Your HọcSố account has been disabled, so you cannot sign in. Ask your HR department or "
        "an administrator."
    ),
    Refusal.FAILED: _(
        "Sign-in through your organisation account could not be completed (the link was used "
        "already, had expired, or did not come from this browser). Start again from this page."
    ),
    Refusal.UNAVAILABLE: _(
        "The organisation's sign-in server cannot be reached right now. Try again in a few "
        "minutes; accounts with a HọcSố password still sign in."
    ),
    Refusal.CANCELLED: _("Sign-in through your organisation account was cancelled."),
}


def refusal_note(request, refusal: str) -> None:
    if request is not None:
        setattr(request, REFUSAL_ATTRIBUTE, refusal)


def employee_code_from_claims(claims: dict) -> str:
    """The employee code the provider vouches for, or "" when the claim is missing or not a
    single plain value (a list or an object names nobody)."""
    value = claims.get(settings.OIDC_EMPLOYEE_CODE_CLAIM)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


class OidcBackend(OIDCAuthenticationBackend):
    """Installed after axes and before ModelBackend when OIDC_ENABLED.

    Answers only the callback view's call (which carries the flow's nonce); the password form's
    calls go on to the other backends. Never creates or updates a user.
    """

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            # Unreachable, timed out, or the token endpoint refused the code (used twice,
            # expired, another client's): the provider says which in its answer, logged here.
            logger.warning("OIDC sign-in failed at the provider: %s", exc)
            response = getattr(exc, "response", None)
            refused = response is not None and 400 <= response.status_code < 500
            refusal_note(request, Refusal.FAILED if refused else Refusal.UNAVAILABLE)
            return None
        except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
            # A token that fails verification or has expired, a nonce that does not match, a
            # provider answer that is not the JSON it should be.
            logger.warning("OIDC sign-in refused: %s", exc)
            refusal_note(request, Refusal.FAILED)
            return None

    def verify_token(self, token, **kwargs):
        """The library checks the signature, algorithm, expiry and nonce; the ID token must also
        come from our issuer and be meant for our client (OpenID Connect Core 3.1.3.7)."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" not in kwargs:
            return payload  # a signed userinfo answer, not the ID token
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience
        if not isinstance(audiences, list) or self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token meant for another client")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token authorised for another client")
        if not isinstance(payload.get("exp"), int | float) or not payload.get("sub"):
            raise SuspiciousOperation("ID token without expiry or subject")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The staff record's user whose employee code the provider vouches for, or None."""
        user_info = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(user_info, dict) or user_info.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: a userinfo answer about someone else is not used.
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        request = self.request
        setattr(request, SIGN_IN_NAME_ATTRIBUTE, f"oidc:{payload['sub']}")
        # The userinfo answer is the provider's current word; the ID token is the fallback.
        code = employee_code_from_claims(user_info) or employee_code_from_claims(payload)
        if not code:
            logger.info("OIDC subject %s has no employee code claim", payload["sub"])
            refusal_note(request, Refusal.NO_CLAIM)
            return None
        profile = staff_profile_for_code(code)
        if profile is None:
            logger.info("OIDC subject %s has no staff record (code %r)", payload["sub"], code)
            refusal_note(request, Refusal.NO_STAFF_RECORD)
            return None
        if profile.status == LearnerProfile.Status.LEFT:
            refusal_note(request, Refusal.LEFT)
            return None
        user = profile.user
        if not user.is_active:
            refusal_note(request, Refusal.INACTIVE)
            return None
        # Locked out after wrong passwords from this address: locked out here too, as the
        # directory's sign-in is (axes runs before it there).
        if not AxesProxyHandler.is_allowed(request, {"username": user.get_username()}):
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("locked out")
        return user

    def filter_users_by_claims(self, claims):
        # Never by email, the library's default: only the employee code links a person.
        return get_user_model().objects.none()

    def create_user(self, claims):
        raise SuspiciousOperation("OIDC sign-in never creates accounts")

    def get_user(self, user_id):
        user = get_user_model()._default_manager.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None
