"""Reads over the agency tree. Scope (who may see which agencies) is decided here and only here."""

from django.db.models import Q, QuerySet

from .models import Agency, AgencyRole, LearnerProfile
from .names import has_diacritics, text_clean, text_fold, text_lower


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
    """Those of `profiles` whose name or employee code holds `query`, in Vietnamese name order.

    Typed without diacritics, "duc" finds Đức, Dục and Đúc; typed with them, "Đức" finds Đức only.
    """
    if not text_fold(query):
        return profiles.order_by("name_sort", "employee_code")
    if has_diacritics(query):
        by_name = Q(name_lower__contains=text_lower(query))
    else:
        by_name = Q(name_search__contains=text_fold(query))
    profiles = profiles.filter(by_name | Q(employee_code__icontains=text_clean(query)))
    return profiles.order_by("name_sort", "employee_code")
