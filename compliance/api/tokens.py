"""API tokens: held by HR managers and superusers only, stored as a hash, refused once revoked.

A token is `secrets.token_urlsafe(32)` (256 random bits). Only its SHA-256 is kept, so a copy of
the database reads nothing; the first characters are kept apart so the owner can tell tokens
apart in their list.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.selectors import user_is_hr

from ..models import ApiToken

# The last use is written at most this often: a busy client must not turn every read into a write.
LAST_USED_EVERY = timedelta(minutes=1)
# Active tokens one person may hold: enough for a few systems, not a way to fill the table.
MAX_ACTIVE_TOKENS = 20
# token_urlsafe(32) is 43 characters; anything much longer is not one of ours.
MAX_KEY_LENGTH = 100


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    # The token itself: shown once to its owner, never stored.
    key: str


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_tokens_of(*, user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, revoked ones included (their list says so)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_create(*, user, name: str) -> NewToken:
    """A new token for `user`, who must be an HR manager or a superuser."""
    if not user.is_active or not user_is_hr(user=user):
        raise PermissionDenied(_("Only HR managers may hold API tokens."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the system that uses it.")})
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You already hold %(count)d active tokens: revoke one you no longer use first.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=key[: ApiToken.PREFIX_LENGTH], key_hash=_digest(key)
    )
    token.full_clean()
    token.save()
    return NewToken(token=token, key=key)


def api_token_revoke(*, user, token: ApiToken) -> bool:
    """Revoke one of the user's own tokens; False when it was already revoked."""
    if token.user_id != user.pk:
        raise PermissionDenied
    # The condition is the lock: two revocations at once write the time once.
    return bool(
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The live token `key` is, with its user; None for an unknown or revoked token, or one whose
    owner is inactive or no longer an HR manager."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    digest = _digest(key)
    found = None
    candidates = ApiToken.objects.select_related("user").filter(
        prefix=key[: ApiToken.PREFIX_LENGTH]
    )
    for candidate in candidates:
        # Compared in constant time: the answer's timing says nothing about how close a guess was.
        if hmac.compare_digest(candidate.key_hash, digest):
            found = candidate
    if found is None or found.revoked_at is not None or not found.user.is_active:
        return None
    # A person who lost their HR role keeps no access through a token made before.
    if not user_is_hr(user=found.user):
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found
