"""HR's staff import screens: upload, follow the check, read the errors, apply. Thin: the work is
in `agencies.import_jobs` and `agencies.imports`; every view asks `user_is_hr` first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .forms import StaffApplyForm, StaffUploadForm
from .import_jobs import staff_import_apply, staff_import_start
from .import_template import staff_template_xlsx
from .models import AgencyRole, StaffImport
from .selectors import STAFF_ROLES, staff_history, staff_in_scope, user_is_hr

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _hr_only(request) -> None:
    if not user_is_hr(user=request.user):
        raise PermissionDenied


def _job_of(request, job_id) -> StaffImport:
    """A job its creator (or a superuser) may see; anyone else's is not found."""
    jobs = StaffImport.objects.select_related("agency", "application")
    if not request.user.is_superuser:
        jobs = jobs.filter(created_by=request.user)
    job = jobs.filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_imports(request):
    _hr_only(request)
    form = StaffUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = staff_import_start(
            by=request.user,
            upload=form.cleaned_data["file"],
            file_name=form.file_name(),
            agency=form.cleaned_data["agency"],
        )
        return redirect("agencies:staff_import", job_id=job.pk)
    jobs = StaffImport.objects.filter(created_by=request.user).select_related("agency")
    page = Paginator(jobs, 20).get_page(request.GET.get("page"))
    return render(request, "agencies/staff_imports.html", {"form": form, "page": page})


@login_required
@require_safe
def staff_template(request):
    _hr_only(request)
    response = HttpResponse(staff_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-can-bo.xlsx"'
    return response


@login_required
@require_safe
def staff_import_detail(request, job_id):
    _hr_only(request)
    job = _job_of(request, job_id)
    errors = Paginator(job.result.get("errors", []), 100).get_page(request.GET.get("page"))
    can_apply = (
        job.dry_run
        and job.status == StaffImport.Status.DONE
        and not job.result.get("error_count")
        and not hasattr(job, "application")
    )
    return render(
        request,
        "agencies/staff_import.html",
        {
            "job": job,
            "errors": errors,
            "can_apply": can_apply,
            "apply_form": StaffApplyForm(),
            "application": getattr(job, "application", None),
        },
    )


@login_required
@require_safe
def staff_import_status(request, job_id):
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
        }
    )


@login_required
@require_POST
def staff_import_apply_view(request, job_id):
    _hr_only(request)
    job = _job_of(request, job_id)
    if not (
        job.dry_run and job.status == StaffImport.Status.DONE and not job.result.get("error_count")
    ):
        messages.error(request, _("Only a finished check without errors can be imported."))
        return redirect("agencies:staff_import", job_id=job.pk)
    form = StaffApplyForm(request.POST)
    form.is_valid()
    application = staff_import_apply(
        by=request.user, preview=job, confirm_left=form.cleaned_data.get("confirm_left", False)
    )
    return redirect("agencies:staff_import", job_id=application.pk)


@login_required
@require_safe
def staff_history_page(request, pk: int):
    """A person's audit history: each change (when, who, why, each field before → after) and
    the agencies they worked in. HR and administrators of their agency (or above) only."""
    user = request.user
    if not (
        user.is_superuser or AgencyRole.objects.filter(user=user, role__in=STAFF_ROLES).exists()
    ):
        raise PermissionDenied
    profile = staff_in_scope(user=user).select_related("agency").filter(pk=pk).first()
    if profile is None:
        raise Http404
    return render(
        request,
        "agencies/staff_history.html",
        {"profile": profile, "history": staff_history(profile=profile)},
    )
