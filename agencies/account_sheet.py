"""The printable one-time password sheet: one slip per person, cut apart and handed out.

Rendered with ReportLab in the DejaVu fonts the certificates use (CERTIFICATE_FONT_DIR), which
carry every Vietnamese letter. The PDF is returned to HR once and never stored.
"""

import io
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .accounts import Slip

FONT = "HocSoSheet"
FONT_BOLD = "HocSoSheet-Bold"
SLIPS_PER_PAGE = 4


def _fonts_register(font_dir: Path) -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file_name in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(Path(font_dir) / file_name)))


def account_sheet_pdf(*, slips: Sequence[Slip], agency_name: str = "") -> bytes:
    """The sheet's PDF: SLIPS_PER_PAGE slips a page, in the order given."""
    _fonts_register(settings.CERTIFICATE_FONT_DIR)
    login_url = settings.SITE_URL.rstrip("/") + reverse("login")
    buffer = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
        pdf.setTitle(_("HọcSố one-time passwords"))
        width, height = A4
        slip_height = (height - 20 * mm) / SLIPS_PER_PAGE
        for index, slip in enumerate(slips):
            position = index % SLIPS_PER_PAGE
            if index and position == 0:
                pdf.showPage()
            top = height - 10 * mm - position * slip_height
            _slip_draw(pdf, slip, top=top, left=15 * mm, width=width - 30 * mm, login=login_url)
            if agency_name and position == 0:
                pdf.setFont(FONT, 7)
                pdf.drawString(15 * mm, 5 * mm, agency_name)
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def _slip_draw(pdf, slip: Slip, *, top: float, left: float, width: float, login: str) -> None:
    line = 6.5 * mm
    y = top - 9 * mm
    pdf.setDash(3, 3)
    pdf.line(left - 5 * mm, top, left + width + 5 * mm, top)  # cut here
    pdf.setDash()
    pdf.setFont(FONT_BOLD, 12)
    pdf.drawString(left, y, _("HọcSố: your account"))
    y -= line * 1.3
    rows = [
        (_("Full name"), slip.full_name),
        (_("Employee code"), slip.employee_code),
        (_("Username"), slip.username),
        (_("One-time password"), slip.password),
        (_("Sign in at"), login),
    ]
    for label, value in rows:
        pdf.setFont(FONT, 10)
        pdf.drawString(left, y, f"{label}:")
        pdf.setFont(FONT_BOLD, 12 if label == rows[3][0] else 10)
        pdf.drawString(left + 45 * mm, y, value)
        y -= line
    pdf.setFont(FONT, 8.5)
    pdf.drawString(
        left,
        y - 1 * mm,
        _("At your first sign-in you must choose your own password. This password works once."),
    )
    pdf.drawString(
        left,
        y - 5 * mm,
        _("Keep this slip private and destroy it once you have signed in."),
    )
