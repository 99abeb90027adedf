"""Reads over the agency tree. Scope (who may see which agencies) is decided here and only here."""

from django.db.models import Q, QuerySet

from .models import Agency, AgencyRole, LearnerProfile
from .names import text_fold


def agencies_in_scope(*, user) -> QuerySet[Agency]:
    """Agencies an HR manager may see: each agency they hold the role for, and all below it."""
    if user.is_superuser:
        return Agency.objects.all()
    roots = AgencyRole.objects.filter(user=user, role=AgencyRole.Role.HR_MANAGER).values_list(
        "agency__path", flat=True
    )
    q = Q(pk__in=[])
    for path in roots:
        q |= Q(path__startswith=path)
    return Agency.objects.filter(q)


def user_is_hr(*, user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or AgencyRole.objects.filter(user=user, role=AgencyRole.Role.HR_MANAGER).exists()
    )


def staff_search(*, profiles: QuerySet[LearnerProfile], query: str) -> QuerySet[LearnerProfile]:
    """Those of `profiles` whose name, with or without diacritics, or employee code holds `query`;
    in Vietnamese name order."""
    folded = text_fold(query)
    if folded:
        profiles = profiles.filter(
            Q(name_search__contains=folded) | Q(employee_code__icontains=query.strip())
        )
    return profiles.order_by("name_sort", "employee_code")
