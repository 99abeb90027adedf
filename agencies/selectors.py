"""Reads over the agency tree. Scope (who may see which agencies) is decided here and only here."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import Agency, AgencyRole


def agencies_in_scope(
    *, user, roles: Iterable[str] = (AgencyRole.Role.HR_MANAGER,)
) -> QuerySet[Agency]:
    """Agencies `user` reaches through any of `roles`: each agency they hold one of them over,
    and everything below it. Superusers reach every agency."""
    if user.is_superuser:
        return Agency.objects.all()
    if not user.is_authenticated:
        return Agency.objects.none()
    roots = AgencyRole.objects.filter(user=user, role__in=list(roles)).values_list(
        "agency__path", flat=True
    )
    q = Q(pk__in=[])
    for path in roots:
        q |= Q(path__startswith=path)
    return Agency.objects.filter(q)


def agency_in_scope(*, user, agency: Agency, roles: Iterable[str]) -> bool:
    """Whether `agency` is one of `user`'s agencies through `roles` (one query)."""
    if user.is_superuser:
        return True
    if not user.is_authenticated:
        return False
    # Treebeard paths: an agency's ancestors are the prefixes of its path, one step per depth.
    ancestors = [agency.path[: agency.steplen * depth] for depth in range(1, agency.depth + 1)]
    return AgencyRole.objects.filter(
        user=user, role__in=list(roles), agency__path__in=ancestors
    ).exists()


def user_is_hr(*, user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or AgencyRole.objects.filter(user=user, role=AgencyRole.Role.HR_MANAGER).exists()
    )


def roles_in_scope(*, user) -> QuerySet[AgencyRole]:
    """The roles `user` may see and revoke: those over the agencies they administer."""
    scope = agencies_in_scope(user=user, roles=(AgencyRole.Role.AGENCY_ADMIN,))
    return (
        AgencyRole.objects.filter(agency__in=scope)
        .select_related("user", "agency")
        .order_by("agency__path", "role", "user__username")
    )
