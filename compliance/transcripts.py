"""A person's training transcript ("hồ sơ đào tạo, bồi dưỡng"): every completed training, what
is in progress, hours per year (the figure reported upward) and where they stand on their
requirements; as data for the page and as an A4 PDF.

The PDF is drawn with reportlab's platypus and the DejaVu faces the certificates use
(settings.CERTIFICATE_FONT_DIR), registered here under names of our own: compliance does not
import certificates (docs/decisions/0015-compliance-app.md).
"""

from __future__ import annotations

import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from agencies.models import LearnerProfile
from learning.models import Enrollment

from .models import Assignment, TrainingRecord


@dataclass(frozen=True)
class RecordLine:
    completed_on: date
    title: str
    course_code: str
    hours: Decimal
    score: Decimal | None
    certificate_number: str
    imported: bool
    source_label: str


@dataclass(frozen=True)
class InProgressLine:
    title: str
    course_code: str
    enrolled_on: date


@dataclass(frozen=True)
class RequirementLine:
    title: str
    status: str
    status_label: str
    due_on: date
    completed_on: date | None
    expires_on: date | None


@dataclass(frozen=True)
class Transcript:
    profile: LearnerProfile
    agency_name: str
    records: list[RecordLine]
    in_progress: list[InProgressLine]
    # (year, training periods) in year order: the yearly figure reported upward.
    hours_by_year: list[tuple[int, Decimal]]
    requirements: list[RequirementLine]

    @property
    def hours_total(self) -> Decimal:
        return sum((hours for _year, hours in self.hours_by_year), Decimal(0))


def transcript_for(*, profile: LearnerProfile) -> Transcript:
    """Everything the person's transcript shows, in four queries whatever its length."""
    records = []
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for record in (
        TrainingRecord.objects.filter(profile=profile)
        .select_related("course", "enrollment")
        .order_by("completed_on", "pk")
    ):
        enrollment = record.enrollment
        records.append(
            RecordLine(
                completed_on=record.completed_on,
                title=record.title,
                course_code=record.course.code if record.course else "",
                hours=record.hours,
                score=record.score
                if record.score is not None
                else (enrollment and enrollment.score),
                certificate_number=record.certificate_number
                or (enrollment.certificate_number if enrollment else ""),
                imported=record.source == TrainingRecord.Source.IMPORTED,
                source_label=str(record.get_source_display()),
            )
        )
        hours[record.completed_on.year] += record.hours
    in_progress = [
        InProgressLine(
            title=enrollment.course.title,
            course_code=enrollment.course.code,
            enrolled_on=timezone.localdate(enrollment.enrolled_at),
        )
        for enrollment in Enrollment.objects.filter(
            user_id=profile.user_id, status=Enrollment.Status.ACTIVE
        )
        .select_related("course")
        .order_by("enrolled_at", "pk")
    ]
    requirements = [
        RequirementLine(
            title=assignment.requirement.title,
            status=assignment.status,
            status_label=str(assignment.get_status_display()),
            due_on=assignment.effective_due_on,
            completed_on=assignment.completed_on,
            expires_on=assignment.expires_on,
        )
        for assignment in Assignment.objects.filter(profile=profile, active=True)
        .select_related("requirement")
        .order_by("requirement__title", "requirement_id")
    ]
    return Transcript(
        profile=profile,
        agency_name=profile.agency.name,
        records=records,
        in_progress=in_progress,
        hours_by_year=sorted(hours.items()),
        requirements=requirements,
    )


def pdf_url(*, profile: LearnerProfile, own: bool) -> str:
    if own:
        return reverse("compliance_dashboard:my_transcript_pdf")
    return reverse("compliance_dashboard:transcript_pdf", args=[profile.pk])


# --- PDF ----------------------------------------------------------------------------------------

_FONT_FILES = {"regular": "DejaVuSerif.ttf", "bold": "DejaVuSerif-Bold.ttf"}
_fonts: dict[Path, dict[str, str]] = {}
# ReportLab's font registry is process-wide and its subsetting is not thread-safe: one document
# at a time per process (threaded servers wait here; prefork workers are unaffected).
_lock = threading.RLock()


def _fonts_register(font_dir: Path) -> dict[str, str]:
    key = font_dir.resolve()
    with _lock:
        if key not in _fonts:
            prefix = f"HocsoTranscript{len(_fonts)}"
            names = {style: f"{prefix}-{style}" for style in _FONT_FILES}
            for style, file_name in _FONT_FILES.items():
                pdfmetrics.registerFont(TTFont(names[style], str(key / file_name)))
            pdfmetrics.registerFontFamily(
                names["regular"],
                normal=names["regular"],
                bold=names["bold"],
                italic=names["regular"],
                boldItalic=names["bold"],
            )
            _fonts[key] = names
        return _fonts[key]


def _text(value) -> str:
    """Text as text: NFC (reportlab does no shaping) and escaped, so markup in a name or a title
    (`<script>`, `<b>`) is printed, never interpreted."""
    return escape(unicodedata.normalize("NFC", str(value)).strip())


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


def _number(value: Decimal | None) -> str:
    # The active language's decimal separator: a comma in Vietnamese.
    return number_format(value, decimal_pos=1) if value is not None else "—"


def transcript_pdf(*, transcript: Transcript, generated_on: date) -> bytes:
    """The transcript on A4 portrait pages with Vietnamese headings."""
    fonts = _fonts_register(Path(settings.CERTIFICATE_FONT_DIR))
    regular, bold = fonts["regular"], fonts["bold"]
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, alignment=1)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=11.5, leading=15, spaceBefore=8)
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5)
    head_cell = ParagraphStyle("head", parent=cell, fontName=bold)

    def table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
        data = [[Paragraph(_text(text), head_cell) for text in header]]
        data += [[Paragraph(_text(text), cell) for text in row] for row in rows]
        grid = Table(data, colWidths=widths, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return grid

    profile = transcript.profile
    story = [
        Paragraph(_text(_("TRAINING TRANSCRIPT")), title),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>{_text(_('Full name'))}:</b> {_text(profile.full_name)}", body),
        Paragraph(f"<b>{_text(_('Employee code'))}:</b> {_text(profile.employee_code)}", body),
        Paragraph(f"<b>{_text(_('Agency'))}:</b> {_text(transcript.agency_name)}", body),
        Paragraph(_text(_("Completed training")), heading),
    ]
    if transcript.records:
        story.append(
            table(
                [
                    _("Date"),
                    _("Training"),
                    _("Course code"),
                    _("Periods (tiết)"),
                    _("Score"),
                    _("Certificate number"),
                    _("Source"),
                ],
                [
                    [
                        _day(line.completed_on),
                        line.title,
                        line.course_code or "—",
                        _number(line.hours),
                        _number(line.score),
                        line.certificate_number or "—",
                        line.source_label,
                    ]
                    for line in transcript.records
                ],
                [20 * mm, 52 * mm, 20 * mm, 16 * mm, 14 * mm, 32 * mm, 26 * mm],
            )
        )
    else:
        story.append(Paragraph(_text(_("No completed training yet.")), body))
    story.append(Paragraph(_text(_("Training periods per year")), heading))
    story.append(
        table(
            [_("Year"), _("Periods (tiết)")],
            [[str(year), _number(hours)] for year, hours in transcript.hours_by_year]
            + [[_("Total"), _number(transcript.hours_total)]],
            [30 * mm, 30 * mm],
        )
    )
    if transcript.in_progress:
        story.append(Paragraph(_text(_("In progress on HọcSố")), heading))
        story.append(
            table(
                [_("Course"), _("Course code"), _("Enrolled on")],
                [
                    [line.title, line.course_code, _day(line.enrolled_on)]
                    for line in transcript.in_progress
                ],
                [100 * mm, 30 * mm, 30 * mm],
            )
        )
    if transcript.requirements:
        story.append(Paragraph(_text(_("Training requirements")), heading))
        story.append(
            table(
                [_("Requirement"), _("Status"), _("Due on"), _("Completed on"), _("Expires on")],
                [
                    [
                        line.title,
                        line.status_label,
                        _day(line.due_on),
                        _day(line.completed_on),
                        _day(line.expires_on),
                    ]
                    for line in transcript.requirements
                ],
                [66 * mm, 30 * mm, 22 * mm, 22 * mm, 22 * mm],
            )
        )
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(_text(_("Generated on %(date)s by HọcSố.") % {"date": _day(generated_on)}), body)
    )
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=unicodedata.normalize("NFC", f"{_('Training transcript')} · {profile.full_name}"),
        author="HọcSố",
    )
    with _lock:
        document.build(story)
    return buffer.getvalue()
