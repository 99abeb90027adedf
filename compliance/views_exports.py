"""HR's export files and scheduled reports: ask for a file, follow it, download it, subscribe.

Thin views over `compliance.export_jobs`. Every view asks `user_is_hr` first; a job or a
subscription is its requester's alone — another manager, even one over a wider subtree, and a
superuser get a 404, since the file holds what the requester's scope showed.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agencies.models import Agency, LearnerProfile
from agencies.selectors import user_is_hr

from . import export_jobs
from .forms_exports import AssignmentExportForm, CourseReportExportForm, SubscriptionForm
from .models import ExportFormat, ExportJob, ReportSubscription, Requirement, Status
from .tabular import XLSX_CONTENT_TYPE

# Ids above this are not ids: answered as missing before any query (SQLite overflows on them).
LARGEST_ID = 2**63 - 1


def _hr_only(request) -> None:
    if not user_is_hr(user=request.user):
        raise PermissionDenied


def _job_of(request, job_id) -> ExportJob:
    """The requester's own job, still kept; anyone else's is not found."""
    job = ExportJob.objects.filter(
        pk=job_id, requested_by=request.user, expires_at__gt=timezone.now()
    ).first()
    if job is None:
        raise Http404(_("No such export."))
    return job


def _initial(request, form_class) -> dict:
    """A link may preselect the filters (?status=overdue&agency=…); nothing is validated until
    the form is sent."""
    initial = {}
    for name, field in form_class.base_fields.items():
        if name in request.GET:
            multiple = getattr(field.widget, "allow_multiple_selected", False)
            initial[name] = request.GET.getlist(name) if multiple else request.GET.get(name)
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export_new(request):
    """Ask for a file: the people-under-requirements list, or (kind=course_report, from the HR
    report's page) the training report by course. Always a job, whatever its size."""
    _hr_only(request)
    kind = request.POST.get("kind") if request.method == "POST" else request.GET.get("kind")
    kind = ExportJob.Kind.COURSE_REPORT if kind == ExportJob.Kind.COURSE_REPORT else None
    kind = kind or ExportJob.Kind.ASSIGNMENTS
    if kind == ExportJob.Kind.COURSE_REPORT:
        form = CourseReportExportForm(request.POST or None, user=request.user)
    elif request.method == "POST":
        form = AssignmentExportForm(request.POST, user=request.user)
    else:
        form = AssignmentExportForm(
            user=request.user, initial=_initial(request, AssignmentExportForm)
        )
    if request.method == "POST" and form.is_valid():
        filters = form.export_filters() if kind == ExportJob.Kind.COURSE_REPORT else form.filters()
        job = export_jobs.export_job_start(
            by=request.user, kind=kind, fmt=form.cleaned_data["format"], filters=filters
        )
        return redirect("compliance_exports:detail", job_id=job.pk)
    return render(
        request,
        "compliance/exports/new.html",
        {"form": form, "kind": kind, "kind_label": ExportJob.Kind(kind).label},
    )


@login_required
@require_safe
def export_list(request):
    """My exports, newest first, while they are kept."""
    _hr_only(request)
    jobs = ExportJob.objects.filter(
        requested_by=request.user, expires_at__gt=timezone.now()
    ).order_by("-created_at")
    page = Paginator(jobs, 20).get_page(request.GET.get("page"))
    return render(request, "compliance/exports/list.html", {"page": page})


@login_required
@require_safe
def export_detail(request, job_id):
    """The job's progress (polled by import-progress.js, or refreshed without JavaScript), its
    message once finished, and the download link once the file is ready."""
    _hr_only(request)
    job = _job_of(request, job_id)
    return render(request, "compliance/exports/detail.html", {"job": job})


@login_required
@require_safe
def export_status(request, job_id):
    _hr_only(request)
    job = _job_of(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "finished": job.finished,
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "percent": job.percent,
            "message": job.message,
        }
    )


@login_required
@require_safe
def export_download(request, job_id):
    _hr_only(request)
    job = _job_of(request, job_id)
    if job.status != ExportJob.Status.DONE or not job.file_path:
        raise Http404(_("This file is not ready."))
    try:
        stored = default_storage.open(job.file_path, "rb")
    except FileNotFoundError as missing:
        raise Http404(_("This file is no longer kept.")) from missing
    content_type = (
        XLSX_CONTENT_TYPE if job.format == ExportFormat.XLSX else "text/csv; charset=utf-8"
    )
    return FileResponse(
        stored, as_attachment=True, filename=job.file_name, content_type=content_type
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscriptions(request):
    """My scheduled reports, and the form to add one."""
    _hr_only(request)
    if request.method == "POST":
        form = SubscriptionForm(request.POST, user=request.user)
        if form.is_valid():
            export_jobs.subscription_create(
                user=request.user,
                frequency=form.cleaned_data["frequency"],
                fmt=form.cleaned_data["format"],
                filters=form.filters(),
            )
            return redirect("compliance_exports:subscriptions")
    else:
        form = SubscriptionForm(user=request.user, initial=_initial(request, SubscriptionForm))
    mine = list(
        ReportSubscription.objects.filter(user=request.user, active=True).order_by(
            "-created_at", "-pk"
        )
    )
    described = list(zip(mine, filters_described([s.filters for s in mine]), strict=True))
    return render(
        request,
        "compliance/exports/subscriptions.html",
        {"form": form, "subscriptions": described, "has_email": bool(request.user.email)},
    )


def filters_described(all_filters: list[dict]) -> list[str]:
    """Each stored filter set in words ("Quá hạn; Sở Tài chính"), in two queries for them all."""
    requirement_ids = {pk for f in all_filters for pk in f.get("requirements") or []}
    agency_ids = {f["agency"] for f in all_filters if f.get("agency")}
    titles = dict(Requirement.objects.filter(pk__in=requirement_ids).values_list("pk", "title"))
    names = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    statuses = dict(Status.choices)
    categories = dict(LearnerProfile.Category.choices)
    described = []
    for filters in all_filters:
        parts = [titles[pk] for pk in filters.get("requirements") or [] if pk in titles]
        if filters.get("agency") in names:
            parts.append(names[filters["agency"]])
        parts += [str(statuses.get(s, s)) for s in filters.get("statuses") or []]
        if filters.get("category"):
            parts.append(str(categories.get(filters["category"], filters["category"])))
        if filters.get("search"):
            parts.append(f"“{filters['search']}”")
        described.append("; ".join(parts) or _("Everyone in your scope"))
    return described


@login_required
@require_POST
def subscription_cancel(request, pk: int):
    _hr_only(request)
    subscription = None
    if pk <= LARGEST_ID:
        subscription = ReportSubscription.objects.filter(
            pk=pk, user=request.user, active=True
        ).first()
    if subscription is None:
        raise Http404(_("No such scheduled report."))
    export_jobs.subscription_cancel(subscription=subscription)
    return redirect("compliance_exports:subscriptions")
