"""Compliance report files: XLSX for Excel users, CSV (UTF-8 with BOM) for everything else."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import LearnerProfile

from .listing import AssignmentRow
from .models import Status
from .selectors import ComplianceRow, ReportAgencies, ReportView, RowStatus
from .tabular import Column, Kind, csv_response, xlsx_response


def status_label(status: str) -> str:
    return {
        RowStatus.NOT_STARTED: _("Not started"),
        RowStatus.ACTIVE: _("In progress"),
        RowStatus.COMPLETED: _("Completed"),
    }[status]


def _completed_on(row: ComplianceRow):
    return timezone.localtime(row.completed_at).date() if row.completed_at else None


def _columns(agencies: ReportAgencies) -> list[Column]:
    view = ReportView.ROLLED_UP if agencies.rolled_up else ReportView.THEN
    return [
        Column(_("Full name"), lambda row: row.profile.full_name, width=28),
        Column(_("Employee code"), lambda row: row.profile.employee_code, width=14),
        Column(_("Agency"), lambda row: row.agency.name, width=36),
        Column(_("Agency code"), lambda row: row.agency.code, width=14),
        Column(_("Category"), lambda row: row.profile.get_category_display(), width=22),
        Column(_("Position"), lambda row: row.profile.position, width=22),
        Column(_("Course"), lambda row: row.course.title, width=40),
        Column(_("Status"), lambda row: status_label(row.status), width=16),
        Column(_("Progress (%)"), lambda row: row.percent, Kind.NUMBER, width=12),
        Column(
            _("Score"),
            lambda row: float(row.score) if row.score is not None else None,
            Kind.NUMBER,
            width=10,
        ),
        Column(
            _("Exercises (%)"),
            lambda row: float(row.exercise_score) if row.exercise_score is not None else None,
            Kind.NUMBER,
            width=12,
        ),
        Column(_("Completed on"), _completed_on, Kind.DATE, width=14),
        Column(_("Certificate number"), lambda row: row.certificate_number, width=22),
        # Every row names the "as of" choice, so a sheet copied elsewhere still says it.
        Column(_("Agencies as of"), lambda _row: agencies.on, Kind.DATE, width=14),
        Column(_("Counted in"), lambda _row: view.label, width=30),
    ]


def _filename(extension: str, agencies: ReportAgencies) -> str:
    # "tinh-den" = as of; "quy-ve-hien-nay" = rolled up to today's agencies.
    view = "-quy-ve-hien-nay" if agencies.rolled_up else ""
    return (
        f"bao-cao-boi-duong-{timezone.localdate():%Y%m%d}"
        f"-tinh-den-{agencies.on:%Y%m%d}{view}.{extension}"
    )


def compliance_csv_response(
    rows: Iterable[ComplianceRow], *, agencies: ReportAgencies
) -> HttpResponse:
    return csv_response(columns=_columns(agencies), rows=rows, filename=_filename("csv", agencies))


def compliance_xlsx_response(
    rows: Iterable[ComplianceRow], *, agencies: ReportAgencies
) -> HttpResponse:
    return xlsx_response(
        columns=_columns(agencies),
        rows=rows,
        filename=_filename("xlsx", agencies),
        sheet_name=_("Training report"),
    )


def assignment_columns() -> list[Column]:
    """The columns of a people-under-requirements file (the overdue list, the full list)."""
    # Translated once per file, not once per cell: a lazy label is looked up on every str().
    labels = {value: str(label) for value, label in Status.choices}
    categories = {value: str(label) for value, label in LearnerProfile.Category.choices}

    def hours(row: AssignmentRow) -> float:
        return float(row.hours_done)

    return [
        Column(_("Full name"), lambda row: row.full_name, width=28),
        Column(_("Employee code"), lambda row: row.employee_code, width=14),
        Column(_("Category"), lambda row: categories.get(row.category, row.category), width=22),
        Column(_("Agency"), lambda row: row.agency_name, width=36),
        Column(_("Agency code"), lambda row: row.agency_code, width=14),
        Column(_("Requirement"), lambda row: row.requirement_title, width=36),
        Column(_("Status"), lambda row: labels.get(row.status, row.status), width=16),
        Column(_("Cycle"), lambda row: row.cycle, Kind.NUMBER, width=8),
        Column(_("Due on"), lambda row: row.due_on, Kind.DATE, width=14),
        Column(_("Extended to"), lambda row: row.extended_due_on, Kind.DATE, width=14),
        Column(_("Completed on"), lambda row: row.completed_on, Kind.DATE, width=14),
        Column(_("Expires on"), lambda row: row.expires_on, Kind.DATE, width=14),
        Column(_("Training periods (tiết)"), hours, Kind.NUMBER, width=12),
    ]


def course_report_columns(agencies: ReportAgencies) -> list[Column]:
    """The columns of the training report by course, for the files made in the background."""
    return _columns(agencies)
