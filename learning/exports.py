"""Compliance report files: XLSX for Excel users, CSV (UTF-8 with BOM) for everything else."""

import csv
import io
from collections.abc import Iterable

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import ComplianceRow, RowStatus


def _headers() -> list[str]:
    return [
        _("Full name"),
        _("Employee code"),
        _("Agency"),
        _("Agency code"),
        _("Category"),
        _("Position"),
        _("Course"),
        _("Status"),
        _("Progress (%)"),
        _("Score"),
        _("Completed on"),
        _("Certificate number"),
    ]


def status_label(status: str) -> str:
    return {
        RowStatus.NOT_STARTED: _("Not started"),
        RowStatus.ACTIVE: _("In progress"),
        RowStatus.COMPLETED: _("Completed"),
    }[status]


def _values(row: ComplianceRow) -> list:
    completed = timezone.localtime(row.completed_at).date() if row.completed_at else None
    return [
        row.profile.full_name,
        row.profile.employee_code,
        row.profile.agency.name,
        row.profile.agency.code,
        row.profile.get_category_display(),
        row.profile.position,
        row.course.title,
        status_label(row.status),
        row.percent,
        float(row.score) if row.score is not None else None,
        completed,
        row.certificate_number,
    ]


def _filename(extension: str) -> str:
    return f"bao-cao-boi-duong-{timezone.localdate():%Y%m%d}.{extension}"


def compliance_csv_response(rows: Iterable[ComplianceRow]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    # The BOM is what makes Excel read the file as UTF-8 and show Vietnamese correctly.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(_headers())
    for row in rows:
        values = _values(row)
        values[10] = values[10].strftime("%d/%m/%Y") if values[10] else ""
        writer.writerow(["" if value is None else value for value in values])
    return response


def compliance_xlsx_response(rows: Iterable[ComplianceRow]) -> HttpResponse:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    sheet = workbook.add_worksheet(_("Training report")[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    headers = _headers()
    sheet.write_row(0, 0, headers, bold)
    sheet.freeze_panes(1, 0)
    widths = [28, 14, 36, 14, 22, 22, 40, 16, 12, 10, 14, 22]
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    count = 0
    for count, row in enumerate(rows, start=1):
        values = _values(row)
        for column, value in enumerate(values):
            if value is None:
                continue
            if column == 10:
                sheet.write_datetime(count, column, value, date_format)
            else:
                sheet.write(count, column, value)
    sheet.autofilter(0, 0, max(count, 1), len(headers) - 1)
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
