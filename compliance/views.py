"""The HR report and its files: thin views over compliance.selectors, for HR managers only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agencies.selectors import user_is_hr

from . import exports
from .forms import ComplianceFilterForm
from .models import ExportFormat
from .selectors import compliance_profiles, compliance_rows, compliance_summary


def _hr_selection(request) -> tuple[ComplianceFilterForm, dict, QuerySet]:
    """The report's filters and the learners they select, for HR managers only."""
    if not user_is_hr(user=request.user):
        raise PermissionDenied
    form = ComplianceFilterForm(request.GET or None, user=request.user)
    # An agency id outside the manager's subtree is not a choice: answer as if it did not exist.
    if form.is_bound and not form.is_valid() and "agency" in form.errors:
        raise Http404(_("No such agency in your scope."))
    filters = form.filters()
    profiles = compliance_profiles(
        user=request.user,
        agency=filters["agency"],
        search=filters["q"],
        agencies=filters["agencies"],
    )
    return form, filters, profiles


@login_required
@require_safe
def hr_report(request):
    form, filters, profiles = _hr_selection(request)
    summary = compliance_summary(profiles=profiles, courses=filters["courses"])
    page = Paginator(profiles, 25).get_page(request.GET.get("page"))
    rows = list(
        compliance_rows(
            profiles=page.object_list, courses=filters["courses"], agencies=filters["agencies"]
        )
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "compliance/hr_report.html",
        {
            "form": form,
            "summary": summary,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "agencies": filters["agencies"],
            # The background export sends these filters again (compliance.views_exports).
            "export_filter_names": ("as_of", "view", "agency", "course", "q"),
            "export_formats": ExportFormat.choices,
        },
    )


@login_required
@require_safe
def hr_report_export(request, fmt: str):
    form, filters, profiles = _hr_selection(request)
    # A file is read away from the page that explains a bad filter: refuse rather than hand
    # out a report of another date than the one asked.
    if form.is_bound and form.errors:
        messages_text = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(messages_text, content_type="text/plain; charset=utf-8")
    rows = compliance_rows(
        profiles=profiles, courses=filters["courses"], agencies=filters["agencies"]
    )
    if fmt == "xlsx":
        return exports.compliance_xlsx_response(rows, agencies=filters["agencies"])
    return exports.compliance_csv_response(rows, agencies=filters["agencies"])
