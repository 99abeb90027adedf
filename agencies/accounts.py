"""Sign-in credentials for the people a staff import created: an email with a one-time
set-password link, or a printed sheet of one-time passwords; and the password change that a
one-time password (or a flagged account) forces at the first sign-in.

Services and selectors of one concept, kept beside `services.py` (which is past the size where
STYLE.md splits by concept). Password hashing and PDF rendering happen outside transactions.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import (
    UNUSABLE_PASSWORD_PREFIX,
    PBKDF2PasswordHasher,
    get_hasher,
    make_password,
)
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import AccountInvitation, LearnerProfile, PasswordChangeRequired, StaffImport
from .selectors import agencies_in_scope

logger = logging.getLogger(__name__)

# Set in the session at sign-in when the account must change its password first.
SESSION_KEY = "agencies_password_change_required"
# Directory and OpenID Connect users are never forced: their password is the organisation's,
# not HọcSố's (decision 0012).
DIRECTORY_BACKEND = "agencies.sso.DirectoryBackend"
SSO_BACKENDS = frozenset({DIRECTORY_BACKEND, "agencies.oidc.OidcBackend"})
# No 0/O, 1/l/I: the password is read off paper and typed on a phone.
PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ"  # noqa: S105
PASSWORD_LENGTH = 12
# 12 random symbols of 54 are ~69 bits: key stretching adds nothing an attacker could feel, and
# Django's 1,000,000 PBKDF2 rounds would take minutes for a sheet of a few hundred people inside
# one request. The default hasher still checks these hashes (the rounds are in the hash) and the
# person replaces the password at their first sign-in.
ONE_TIME_PBKDF2_ITERATIONS = 20_000


class AccountsRefused(Exception):
    """The request cannot be done at all; `message` is translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Slip:
    """One person's line on a one-time password sheet: shown once, never stored."""

    full_name: str
    employee_code: str
    username: str
    password: str


# --- reads ------------------------------------------------------------------------------------


def import_created_people(*, user, job: StaffImport) -> QuerySet[LearnerProfile]:
    """The people `job` created who are still waiting for their first password and are in
    `user`'s HR scope now. Empty for anything but a finished import that was applied."""
    if job.dry_run or job.status != StaffImport.Status.DONE:
        return LearnerProfile.objects.none()
    codes = job.result.get("created_codes") or []
    if not isinstance(codes, list) or not codes:
        return LearnerProfile.objects.none()
    return (
        LearnerProfile.objects.filter(
            employee_code__in=[code for code in codes if isinstance(code, str)],
            agency__in=agencies_in_scope(user=user),
            user__is_active=True,
        )
        .exclude(status=LearnerProfile.Status.LEFT)
        .select_related("user", "agency")
        .order_by("name_sort", "employee_code")
    )


def _waiting(profiles: QuerySet[LearnerProfile]) -> QuerySet[LearnerProfile]:
    """Those who have not chosen a password yet: no usable one, or one still to change."""
    forced = PasswordChangeRequired.objects.values("user_id")
    return profiles.filter(user__password__startswith=UNUSABLE_PASSWORD_PREFIX) | profiles.filter(
        user_id__in=forced
    )


def people_for_email(*, user, job: StaffImport) -> QuerySet[LearnerProfile]:
    return _waiting(import_created_people(user=user, job=job)).exclude(user__email="")


def people_for_sheet(*, user, job: StaffImport) -> QuerySet[LearnerProfile]:
    return _waiting(import_created_people(user=user, job=job)).filter(user__email="")


def set_password_link_expiry() -> timedelta:
    return timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def password_change_required(*, user) -> bool:
    return PasswordChangeRequired.objects.filter(user=user).exists()


# --- email invitations ------------------------------------------------------------------------


def _job_refuse_unless_applied(job: StaffImport) -> None:
    if job.dry_run or job.status != StaffImport.Status.DONE:
        raise AccountsRefused(_("Accounts can be given only after the file has been imported."))


def invitation_emails_queue(*, by, job: StaffImport) -> int:
    """Queue one set-password email for each waiting person with an address; a person already
    sent one (or waiting for it) is not sent another. Returns how many were queued."""
    _job_refuse_unless_applied(job)
    people = list(people_for_email(user=by, job=job))
    if not people:
        raise AccountsRefused(_("Nobody created by this import is waiting for an email."))
    with transaction.atomic():
        existing = {
            row.user_id: row
            for row in AccountInvitation.objects.select_for_update().filter(
                job=job, method=AccountInvitation.Method.EMAIL
            )
        }
        queued = 0
        for profile in people:
            row = existing.get(profile.user_id)
            if row is None:
                AccountInvitation.objects.create(
                    job=job,
                    user=profile.user,
                    method=AccountInvitation.Method.EMAIL,
                    status=AccountInvitation.Status.QUEUED,
                    email=profile.user.email,
                    created_by=by,
                )
                queued += 1
            elif row.status == AccountInvitation.Status.FAILED:
                # A failed email is tried again when HR asks again.
                row.status = AccountInvitation.Status.QUEUED
                row.email = profile.user.email
                row.message = ""
                row.save(update_fields=["status", "email", "message"])
                queued += 1
        if queued:
            _emails_task_queue(job.pk)
    return queued


def _emails_task_queue(job_id) -> None:
    from .tasks import account_emails_task

    def send():
        try:
            account_emails_task.delay(str(job_id))
        except Exception:
            logger.exception("Could not queue account emails of import %s", job_id)
            AccountInvitation.objects.filter(
                job_id=job_id, status=AccountInvitation.Status.QUEUED
            ).update(
                status=AccountInvitation.Status.FAILED,
                message=_("The email could not be queued: try again in a few minutes."),
            )

    transaction.on_commit(send)


def set_password_link(*, user) -> str:
    """The one-time set-password address: Django's password-reset token, which stops working
    when the password changes (single use) or after PASSWORD_RESET_TIMEOUT seconds."""
    path = reverse(
        "agencies:account_password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def _local(moment: datetime) -> str:
    # Vietnamese order and UTC+7, as the reader's clock shows it.
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def invitation_emails_send(job_id) -> dict[str, int]:
    """Send the queued emails of one import (the Celery task's body); each is claimed first,
    so a task run twice never sends one email twice."""
    counts = {"sent": 0, "failed": 0}
    pending = AccountInvitation.objects.filter(
        job_id=job_id,
        method=AccountInvitation.Method.EMAIL,
        status=AccountInvitation.Status.QUEUED,
    ).values_list("pk", flat=True)
    for invitation_id in list(pending):
        claimed = AccountInvitation.objects.filter(
            pk=invitation_id, status=AccountInvitation.Status.QUEUED
        ).update(status=AccountInvitation.Status.SENDING)
        if not claimed:
            continue
        invitation = AccountInvitation.objects.select_related("user", "user__profile").get(
            pk=invitation_id
        )
        try:
            _invitation_email_send(invitation)
        except Exception as exc:
            logger.warning("Account email %s failed: %s", invitation_id, exc)
            with translation.override(settings.LANGUAGE_CODE):
                message = _("The mail server refused the email: %(error)s") % {
                    "error": str(exc)[:200]
                }
            AccountInvitation.objects.filter(pk=invitation_id).update(
                status=AccountInvitation.Status.FAILED, message=message
            )
            counts["failed"] += 1
        else:
            AccountInvitation.objects.filter(pk=invitation_id).update(
                status=AccountInvitation.Status.SENT, sent_at=timezone.now()
            )
            counts["sent"] += 1
    return counts


def _invitation_email_send(invitation: AccountInvitation) -> None:
    user = invitation.user
    profile = getattr(user, "profile", None)
    now = timezone.now()
    context = {
        "full_name": profile.full_name if profile else user.get_username(),
        "username": user.get_username(),
        "link": set_password_link(user=user),
        "expires": _local(now + set_password_link_expiry()),
        "login_url": settings.SITE_URL.rstrip("/") + reverse("login"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your HọcSố account")
        body = render_to_string("agencies/email/account_invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


# --- one-time password sheets -----------------------------------------------------------------


def one_time_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def one_time_password_hash(password: str) -> str:
    """The stored hash of a one-time password (see ONE_TIME_PBKDF2_ITERATIONS)."""
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=ONE_TIME_PBKDF2_ITERATIONS)
    return make_password(password)


def account_sheet_issue(*, by, job: StaffImport) -> list[Slip]:
    """Give each waiting person without email a new one-time password and return the slips.

    Only the hashes are stored; any earlier sheet of these people stops working. Two requests
    at once are serialised on the import's row, so the sheet issued last is valid as a whole.
    """
    _job_refuse_unless_applied(job)
    people = list(people_for_sheet(user=by, job=job))
    if not people:
        raise AccountsRefused(_("Nobody created by this import is waiting for a password sheet."))
    slips = [
        Slip(
            full_name=profile.full_name,
            employee_code=profile.employee_code,
            username=profile.user.get_username(),
            password=one_time_password(),
        )
        for profile in people
    ]
    # Hashing is the slow part: done before the transaction, not inside it.
    hashes = [one_time_password_hash(slip.password) for slip in slips]
    User = get_user_model()
    user_ids = [profile.user_id for profile in people]
    with transaction.atomic():
        StaffImport.objects.select_for_update().filter(pk=job.pk).first()
        for profile, password_hash in zip(people, hashes, strict=True):
            User.objects.filter(pk=profile.user_id).update(password=password_hash)
        AccountInvitation.objects.filter(
            job=job,
            method=AccountInvitation.Method.SHEET,
            status=AccountInvitation.Status.ISSUED,
            user_id__in=user_ids,
        ).update(status=AccountInvitation.Status.REPLACED)
        AccountInvitation.objects.bulk_create(
            AccountInvitation(
                job=job,
                user_id=user_id,
                method=AccountInvitation.Method.SHEET,
                status=AccountInvitation.Status.ISSUED,
                created_by=by,
                sent_at=timezone.now(),
            )
            for user_id in user_ids
        )
        PasswordChangeRequired.objects.bulk_create(
            [PasswordChangeRequired(user_id=user_id) for user_id in user_ids],
            ignore_conflicts=True,
        )
    return slips


# --- the forced change ------------------------------------------------------------------------


def password_change_flag_on_sign_in(*, request, user) -> None:
    """At sign-in: remember in the session that this account must change its password first
    (one query per sign-in, none per page). Sign-ins through the organisation (directory,
    OpenID Connect) are never forced."""
    if request is None or not hasattr(request, "session"):
        return
    if getattr(user, "backend", "") in SSO_BACKENDS:
        request.session.pop(SESSION_KEY, None)
        return
    if password_change_required(user=user):
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


def password_change_done(*, user) -> None:
    """The user chose their own password: nothing is forced any more."""
    PasswordChangeRequired.objects.filter(user=user).delete()


def password_change_require(*, user) -> None:
    """Flag an account: at its next sign-in it must choose a new password first."""
    PasswordChangeRequired.objects.get_or_create(user=user)


def invitations_of(*, job: StaffImport) -> QuerySet[AccountInvitation]:
    return (
        AccountInvitation.objects.filter(job=job)
        .exclude(status=AccountInvitation.Status.REPLACED)
        .select_related("user", "user__profile")
        .order_by("user__profile__name_sort", "method")
    )
