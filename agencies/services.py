"""Writes to agencies, staff and roles. Each service checks the caller's scope itself."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Agency, AgencyRole
from .selectors import agency_in_scope

# Who may grant a role: an agency administrator over the agency (or above it), or a superuser.
GRANTING_ROLES = (AgencyRole.Role.AGENCY_ADMIN,)
REASON_MAX = 255


def _reason_clean(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if "\x00" in reason:
        raise ValidationError(_("The reason contains a character that is not allowed."))
    if not reason:
        raise ValidationError(_("Give the reason for this change: it is kept in the history."))
    return reason[:REASON_MAX]


def _may_grant(by, agency: Agency) -> None:
    if not agency_in_scope(user=by, agency=agency, roles=GRANTING_ROLES):
        raise PermissionDenied(
            _("You can only manage roles in the agencies you administer and those below them.")
        )


def _group_sync(user, role: str) -> None:
    """Keep the user's membership of the group a role brings (HOCSO_ROLE_GROUPS) in step."""
    name = settings.HOCSO_ROLE_GROUPS.get(role)
    group = Group.objects.filter(name=name).first() if name else None
    if group is None:
        return
    if AgencyRole.objects.filter(user=user, role=role).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


def role_grant(*, by, user, agency: Agency, role: str, reason: str) -> AgencyRole:
    """Give `user` `role` over `agency` and everything below it."""
    _may_grant(by, agency)
    if role not in AgencyRole.Role.values:
        raise ValidationError(_("Unknown role."))
    if user.pk == by.pk and not by.is_superuser:
        raise PermissionDenied(_("You cannot grant a role to yourself."))
    if not user.is_active:
        raise ValidationError(_("This account is disabled: enable it before granting a role."))
    reason = _reason_clean(reason)
    already = ValidationError(_("This person already holds this role for this agency."))
    if AgencyRole.objects.filter(user=user, agency=agency, role=role).exists():
        raise already
    grant = AgencyRole(user=user, agency=agency, role=role)
    grant._history_user = by
    grant._change_reason = reason
    try:
        with transaction.atomic():
            grant.save()
            _group_sync(user, role)
    except IntegrityError:  # granted by someone else at the same moment
        raise already from None
    return grant


def role_revoke(*, by, grant: AgencyRole, reason: str) -> None:
    """Take a role back. The history keeps who held it, until when, and why it ended."""
    _may_grant(by, grant.agency)
    if grant.user_id == by.pk and not by.is_superuser:
        raise PermissionDenied(_("You cannot revoke your own role: ask another administrator."))
    reason = _reason_clean(reason)
    with transaction.atomic():
        grant._history_user = by
        grant._change_reason = reason
        grant.delete()
        _group_sync(grant.user, grant.role)
