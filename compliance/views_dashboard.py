"""The HR compliance dashboard, its reports and people's transcripts: thin views over the
selectors of compliance.dashboard, compliance.listing, compliance.figures and
compliance.transcripts, for HR managers over their own subtree (superusers: everything).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agencies.models import Agency, LearnerProfile
from agencies.selectors import agencies_in_scope, staff_search, user_is_hr

from . import dashboard, transcripts
from .figures import ComplianceTree, compliance_tree
from .forms_dashboard import (
    CertificateFilterForm,
    PeopleFilterForm,
    ReportFilterForm,
    ScopeFilterForm,
)
from .listing import assignment_rows, assignments_in_scope
from .models import Requirement, Status

PAGE_SIZE = 25
PREVIEW = 10


def _hr_only(request) -> None:
    if not user_is_hr(user=request.user):
        raise PermissionDenied


def _active_requirement_ids() -> list[int]:
    return list(Requirement.objects.filter(active=True).values_list("pk", flat=True))


def _agency_chosen(form: ScopeFilterForm, tree: ComplianceTree) -> Agency | None:
    """The agency of the filters, or None for the whole scope; 404 outside the user's scope."""
    if form.agency_out_of_scope():
        raise Http404(_("No such agency in your scope."))
    agency_id = form.value("agency")
    if agency_id is None:
        return None
    return Agency.objects.get(pk=agency_id)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_safe
def dashboard_view(request):
    _hr_only(request)
    tree = compliance_tree(user=request.user, requirement_ids=_active_requirement_ids())
    visible = dashboard.tree_visible(tree)
    form = ScopeFilterForm(request.GET or None, agencies=visible)
    agency = _agency_chosen(form, tree)
    requirements = dashboard.requirements_in_scope(tree=tree)
    rows = tree.rows(agency.pk if agency else None)
    cards = [
        {
            "requirement": requirement,
            "figures": dashboard.ShownFigures.of(
                rows[0].figures[requirement.pk] if agency else tree.total(requirement.pk)
            ),
        }
        for requirement in requirements
    ]
    late = assignments_in_scope(
        user=request.user, agency=agency, statuses=dashboard.late_statuses()
    )
    due_soon = assignments_in_scope(user=request.user, agency=agency, statuses=[Status.DUE_SOON])
    today = timezone.localdate()
    agency_query = f"agency={agency.pk}&" if agency else ""
    return render(
        request,
        "compliance/dashboard/dashboard.html",
        {
            "form": form,
            "agency": agency,
            "breadcrumb": dashboard.tree_breadcrumb(tree, agency.pk) if agency else [],
            "requirements": requirements,
            "cards": cards,
            "rows": [
                {
                    "agency": row.agency,
                    "has_children": row.has_children,
                    "cells": [
                        dashboard.ShownFigures.of(row.figures[requirement.pk])
                        for requirement in requirements
                    ],
                    "is_parent": agency is not None and row.agency.id == agency.pk,
                }
                for row in rows
            ],
            "late_rows": list(assignment_rows(late[:PREVIEW])),
            "late_count": late.count(),
            "due_soon_rows": list(assignment_rows(due_soon[:PREVIEW])),
            "due_soon_count": due_soon.count(),
            "late_query": agency_query + "status=overdue&status=expired",
            "due_soon_query": agency_query + "status=due_soon",
            "months": dashboard.completions_by_month(user=request.user, agency=agency, today=today),
            "scores": dashboard.average_scores(
                user=request.user, tree=tree, rows=[row.agency for row in rows], agency=agency
            ),
        },
    )


@login_required
@require_safe
def report_view(request):
    """Compliance by agency (rows: the drill-down level) × requirement (columns)."""
    _hr_only(request)
    tree = compliance_tree(user=request.user, requirement_ids=_active_requirement_ids())
    requirements = dashboard.requirements_in_scope(tree=tree)
    form = ReportFilterForm(
        request.GET or None, agencies=dashboard.tree_visible(tree), requirements=requirements
    )
    agency = _agency_chosen(form, tree)
    chosen = set(form.value("requirement", []))
    if chosen:
        requirements = [requirement for requirement in requirements if requirement.pk in chosen]
    category = form.value("category", "")
    if category:
        tree = dashboard.compliance_tree_for_category(
            user=request.user,
            requirement_ids=[requirement.pk for requirement in requirements],
            category=category,
        )
    rows = tree.rows(agency.pk if agency else None)
    return render(
        request,
        "compliance/dashboard/report.html",
        {
            "form": form,
            "agency": agency,
            "breadcrumb": dashboard.tree_breadcrumb(tree, agency.pk) if agency else [],
            "requirements": requirements,
            "rows": [
                {
                    "agency": row.agency,
                    "has_children": row.has_children,
                    "is_parent": agency is not None and row.agency.id == agency.pk,
                    "cells": [
                        dashboard.ShownFigures.of(row.figures[requirement.pk])
                        for requirement in requirements
                    ],
                }
                for row in rows
            ],
            "query": _query_without_agency(request),
        },
    )


def _query_without_agency(request) -> str:
    query = request.GET.copy()
    query.pop("agency", None)
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_safe
def people_view(request):
    """People under requirements, one row per assignment, filtered, searched and paginated."""
    _hr_only(request)
    tree = compliance_tree(user=request.user, requirement_ids=[])
    requirements = Requirement.objects.filter(active=True).order_by("title", "pk")
    form = PeopleFilterForm(
        request.GET or None, agencies=dashboard.tree_visible(tree), requirements=requirements
    )
    agency = _agency_chosen(form, tree)
    requirement_id = form.value("requirement")
    assignments = assignments_in_scope(
        user=request.user,
        requirement_ids=[requirement_id] if requirement_id else None,
        agency=agency,
        statuses=form.value("status", []),
        category=form.value("category", ""),
        search=form.value("q", ""),
    )
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "compliance/dashboard/people.html",
        {
            "form": form,
            "page": page,
            "rows": list(assignment_rows(page.object_list)),
            "query": _query_without_page(request),
        },
    )


@login_required
@require_safe
def certificates_view(request):
    """Certificates issued to people in scope, in a period, newest first, paginated."""
    _hr_only(request)
    tree = compliance_tree(user=request.user, requirement_ids=[])
    form = CertificateFilterForm(request.GET or None, agencies=dashboard.tree_visible(tree))
    agency = _agency_chosen(form, tree)
    # A period with its ends swapped is explained on the page and not applied.
    period_ok = not (form.is_bound and form.non_field_errors())
    search = form.value("q", "").strip()
    enrollments = dashboard.certificates_in_scope(
        user=request.user,
        agency=agency,
        issued_from=form.value("issued_from") if period_ok else None,
        issued_to=form.value("issued_to") if period_ok else None,
        profile_ids=(
            staff_search(profiles=LearnerProfile.objects.all(), query=search)
            .order_by()
            .values("pk")
            if search
            else None
        ),
    )
    page = Paginator(enrollments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "compliance/dashboard/certificates.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


def _profile_in_scope(request, profile_id: int) -> LearnerProfile:
    """A staff record of the HR manager's subtree; 404 for anyone else's (or none)."""
    _hr_only(request)
    profiles = LearnerProfile.objects.select_related("agency", "user")
    if not request.user.is_superuser:
        profiles = profiles.filter(agency__in=agencies_in_scope(user=request.user))
    profile = profiles.filter(pk=profile_id).first()
    if profile is None:
        raise Http404(_("No such person in your scope."))
    return profile


def _own_profile(request) -> LearnerProfile | None:
    return (
        LearnerProfile.objects.select_related("agency", "user")
        .filter(user_id=request.user.pk)
        .first()
    )


def _transcript_page(request, profile: LearnerProfile | None, *, own: bool):
    return render(
        request,
        "compliance/dashboard/transcript.html",
        {
            "transcript": transcripts.transcript_for(profile=profile) if profile else None,
            "own": own,
            "pdf_url": (
                transcripts.pdf_url(profile=profile, own=own) if profile is not None else None
            ),
        },
    )


def _transcript_pdf(profile: LearnerProfile) -> HttpResponse:
    pdf = transcripts.transcript_pdf(
        transcript=transcripts.transcript_for(profile=profile), generated_on=timezone.localdate()
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"ho-so-dao-tao-{profile.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def transcript_view(request, profile_id: int):
    return _transcript_page(request, _profile_in_scope(request, int(profile_id)), own=False)


@login_required
@require_safe
def transcript_pdf_view(request, profile_id: int):
    return _transcript_pdf(_profile_in_scope(request, int(profile_id)))


@login_required
@require_safe
def my_transcript_view(request):
    return _transcript_page(request, _own_profile(request), own=True)


@login_required
@require_safe
def my_transcript_pdf_view(request):
    profile = _own_profile(request)
    if profile is None:
        raise Http404(_("Your account has no staff record."))
    return _transcript_pdf(profile)
