"""Sign-in against the organisation's LDAP / Active Directory (docs/decisions/0012).

The directory vouches for the password; the person is the staff record whose employee code the
directory holds. Nobody gets an account here by being in the directory: HR's staff records decide
who uses HọcSố, and a directory entry that matches none is refused with a message that says so.
"""

import logging
import ssl
from dataclasses import dataclass

import ldap3
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from ldap3.core.exceptions import LDAPException
from ldap3.core.results import (
    RESULT_INVALID_CREDENTIALS,
    RESULT_SIZE_LIMIT_EXCEEDED,
    RESULT_SUCCESS,
)
from ldap3.utils.conv import escape_filter_chars
from wagtail.admin.forms.auth import LoginForm

from .models import LearnerProfile

logger = logging.getLogger(__name__)


class Refusal:
    """Why a directory sign-in failed, when the person should be told more than "wrong password"."""

    NO_STAFF_RECORD = "no_staff_record"
    LEFT = "left"
    UNAVAILABLE = "unavailable"


REFUSAL_MESSAGES = {
    Refusal.NO_STAFF_RECORD: _(
        "Your organisation account (LDAP / Active Directory) is not linked to any staff record "
        "in HọcSố, so it cannot sign in yet. Ask your HR department to add your employee code."
    ),
    Refusal.LEFT: _(
        "Your staff record in HọcSố says you have left your agency, so you cannot sign in. If "
        "this is wrong, ask your HR department to correct your record."
    ),
    Refusal.UNAVAILABLE: _(
        "The organisation's sign-in server (LDAP / Active Directory) cannot be reached right "
        "now. Try again in a few minutes; accounts with a HọcSố password still sign in."
    ),
}

# Set on the request by the backend, read by SignInForm.
REFUSAL_ATTRIBUTE = "directory_refusal"


@dataclass(frozen=True)
class DirectoryConfig:
    """The LDAP_* settings (config/settings/base.py), read when a sign-in happens."""

    urls: tuple[str, ...]
    bind_dn: str
    bind_password: str
    search_base: str
    user_filter: str
    employee_code_attribute: str
    start_tls: bool
    ca_file: str
    tls_verify: bool
    timeout: int

    @classmethod
    def from_settings(cls) -> "DirectoryConfig":
        return cls(
            urls=tuple(settings.LDAP_URL),
            bind_dn=settings.LDAP_BIND_DN,
            bind_password=settings.LDAP_BIND_PASSWORD,
            search_base=settings.LDAP_SEARCH_BASE,
            user_filter=settings.LDAP_USER_FILTER,
            employee_code_attribute=settings.LDAP_EMPLOYEE_CODE_ATTRIBUTE,
            start_tls=settings.LDAP_START_TLS,
            ca_file=settings.LDAP_CA_FILE,
            tls_verify=settings.LDAP_TLS_VERIFY,
            timeout=settings.LDAP_TIMEOUT,
        )


@dataclass(frozen=True)
class DirectoryEntry:
    dn: str
    employee_code: str


class DirectoryUnavailable(Exception):
    """No server answered, or the service account was refused: nobody can be checked."""


def _tls(config: DirectoryConfig) -> ldap3.Tls | None:
    if not config.start_tls and not any(url.lower().startswith("ldaps://") for url in config.urls):
        return None
    return ldap3.Tls(
        validate=ssl.CERT_REQUIRED if config.tls_verify else ssl.CERT_NONE,
        ca_certs_file=config.ca_file or None,
    )


def _connection(config: DirectoryConfig, *, user: str | None, password: str | None):
    """An open (and, if configured, StartTLS-protected) connection that has not bound yet.

    Servers are tried in the order given, each once. Not ldap3's ServerPool: its active check
    sleeps ten seconds before giving up, and a sign-in must fail fast when the directory is down.
    """
    tls = _tls(config)
    failures = []
    for url in config.urls:
        connection = ldap3.Connection(
            ldap3.Server(url, connect_timeout=config.timeout, get_info=ldap3.NONE, tls=tls),
            user=user,
            password=password,
            auto_bind=ldap3.AUTO_BIND_NONE,
            receive_timeout=config.timeout,
            read_only=True,
            raise_exceptions=False,
        )
        try:
            connection.open()
            if config.start_tls and not connection.start_tls():
                raise DirectoryUnavailable(f"StartTLS refused: {connection.result}")
        except (LDAPException, DirectoryUnavailable) as exc:
            connection.unbind()
            failures.append(f"{url}: {exc}")
            continue
        return connection
    raise DirectoryUnavailable("; ".join(failures))


def directory_entry_find(*, config: DirectoryConfig, username: str) -> DirectoryEntry | None:
    """The one entry the login name matches, through the service account; None if none."""
    search_filter = config.user_filter.replace("{username}", escape_filter_chars(username))
    attribute = config.employee_code_attribute
    try:
        connection = _connection(
            config, user=config.bind_dn or None, password=config.bind_password or None
        )
        try:
            if not connection.bind():
                raise DirectoryUnavailable(f"service bind refused: {connection.result}")
            connection.search(
                config.search_base,
                search_filter,
                search_scope=ldap3.SUBTREE,
                attributes=[attribute],
                size_limit=2,
            )
            # Anything but "found" or "found too many" (a wrong base, a refused search) would
            # otherwise look like "nobody by that name" and fail every directory user quietly.
            if connection.result["result"] not in (RESULT_SUCCESS, RESULT_SIZE_LIMIT_EXCEEDED):
                raise DirectoryUnavailable(f"search failed: {connection.result}")
            entries = [e for e in connection.response or [] if e.get("type") == "searchResEntry"]
        finally:
            connection.unbind()
    except LDAPException as exc:
        raise DirectoryUnavailable(str(exc)) from exc
    if not entries:
        return None
    if len(entries) > 1:
        # A filter that matches two people would let one sign in as the other's record.
        logger.error("LDAP filter %r matches more than one entry", search_filter)
        raise PermissionDenied
    values = entries[0].get("attributes", {}).get(attribute) or []
    if isinstance(values, str | bytes):
        values = [values]
    code = str(values[0]).strip() if values else ""
    return DirectoryEntry(dn=entries[0]["dn"], employee_code=code)


def directory_password_check(*, config: DirectoryConfig, dn: str, password: str) -> bool:
    """Whether the directory accepts this password for this entry (a bind as the person)."""
    try:
        connection = _connection(config, user=dn, password=password)
        try:
            if connection.bind():
                return True
            # Wrong, expired or disabled (AD says which in the message): a failed sign-in.
            # Any other refusal (busy, unavailable) is the directory's trouble, not the person's.
            if connection.result["result"] == RESULT_INVALID_CREDENTIALS:
                return False
            raise DirectoryUnavailable(f"bind failed: {connection.result}")
        finally:
            connection.unbind()
    except LDAPException as exc:
        raise DirectoryUnavailable(str(exc)) from exc


class DirectoryBackend(BaseBackend):
    """Installed after axes and before ModelBackend when LDAP_URL is set.

    A login name the directory knows is decided by the directory alone: a person who left and
    was disabled there cannot fall back to an old HọcSố password. A name it does not know goes on
    to ModelBackend (local accounts). With the directory down, everyone goes on to ModelBackend
    and the form says why a directory user could not sign in.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        # An empty password would be an anonymous bind, which directories accept: never send it.
        if not username or not password:
            return None
        config = DirectoryConfig.from_settings()
        try:
            entry = directory_entry_find(config=config, username=username)
            if entry is None:
                return None
            accepted = directory_password_check(config=config, dn=entry.dn, password=password)
        except DirectoryUnavailable as exc:
            logger.warning("LDAP sign-in unavailable: %s", exc)
            _refusal_note(request, Refusal.UNAVAILABLE)
            return None
        if not accepted:
            raise PermissionDenied
        profile = staff_profile_for_code(entry.employee_code)
        if profile is None:
            logger.info(
                "LDAP entry %s has no staff record (code %r)", entry.dn, entry.employee_code
            )
            _refusal_note(request, Refusal.NO_STAFF_RECORD)
            raise PermissionDenied
        if not profile.user.is_active:
            raise PermissionDenied
        if profile.status == LearnerProfile.Status.LEFT:
            # The directory may keep an account for months after HR marked the person as left.
            _refusal_note(request, Refusal.LEFT)
            raise PermissionDenied
        return profile.user

    def get_user(self, user_id):
        user = get_user_model()._default_manager.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None


def staff_profile_for_code(employee_code: str) -> LearnerProfile | None:
    """The staff record (with its user) an organisation's sign-on vouches for; None if none.

    Shared by the directory and OpenID Connect backends: the employee code is the one link
    between an outside identity and a person in HọcSố.
    """
    max_length = LearnerProfile._meta.get_field("employee_code").max_length
    # No stored code is longer or holds a NUL, which PostgreSQL would refuse in a query anyway.
    if not employee_code or len(employee_code) > max_length or "\x00" in employee_code:
        return None
    return LearnerProfile.objects.select_related("user").filter(employee_code=employee_code).first()


def _refusal_note(request, refusal: str) -> None:
    if request is not None:
        setattr(request, REFUSAL_ATTRIBUTE, refusal)


class SignInForm(AuthenticationForm):
    """The site's sign-in form: says why a directory sign-in was refused, when it was."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Your username and password didn't match. Please try again."),
    }

    def get_invalid_login_error(self):
        refusal = getattr(self.request, REFUSAL_ATTRIBUTE, None)
        if refusal is not None:
            return ValidationError(REFUSAL_MESSAGES[refusal], code=refusal)
        return super().get_invalid_login_error()


class AdminSignInForm(LoginForm):
    """Wagtail's admin sign-in, its password field labelled: Wagtail gives it no label, so
    Django showed the field's English name ("Password") on a Vietnamese page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
