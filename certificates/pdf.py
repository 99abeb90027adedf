"""Render a course-completion certificate ("giấy chứng nhận") as PDF.

The header follows the administrative-document layout of Decree 30/2020
(issuing body top-left, national motto top-right). All coordinates are in
PDF points on an A4 landscape page with the origin at the bottom left.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)

# Where the visible signature goes on page 0: (x1, y1, x2, y2).
SIGNATURE_BOX: tuple[float, float, float, float] = (505.0, 86.0, 715.0, 186.0)

_ACCENT = Color(0.58, 0.08, 0.08)
_LEFT_CX = 215.0
_RIGHT_CX = 590.0
_LEFT_COLUMN_WIDTH = 330.0
_SIGNER_CX = (SIGNATURE_BOX[0] + SIGNATURE_BOX[2]) / 2
_BODY_X = 95.0
_BODY_WIDTH = PAGE_WIDTH - 2 * _BODY_X
_BODY_TOP = 390.0
# The body must end above the signer's title lines.
_BODY_BOTTOM = 232.0
_QR_X, _QR_Y, _QR_SIZE = 78.0, 64.0, 96.0


@dataclass(frozen=True)
class CertificateContent:
    supervising_authority: str
    issuer_name: str
    number: str
    place: str
    issued_on: date
    holder_name: str
    holder_birth_date: date | None
    holder_unit: str
    course_title: str
    course_hours: int | None
    started_on: date | None
    completed_on: date
    result: str
    valid_until: date | None
    verification_url: str
    verification_code: str
    signer_on_behalf: str
    signer_title: str
    signer_name: str


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str
    bold_italic: str


_FONT_FILES = {
    "regular": "DejaVuSerif.ttf",
    "bold": "DejaVuSerif-Bold.ttf",
    "italic": "DejaVuSerif-Italic.ttf",
    "bold_italic": "DejaVuSerif-BoldItalic.ttf",
}
_font_sets: dict[Path, FontSet] = {}
_font_lock = threading.Lock()
# ReportLab shares each registered TTF face between documents, and its font subsetting is not
# thread-safe: two threads saving at once can corrupt a subset (IndexError in makeSubset). A
# process draws one document at a time; prefork workers are unaffected, threaded ones wait here.
reportlab_lock = threading.RLock()


def fonts_register(font_dir: Path) -> FontSet:
    """Register the serif family from ``font_dir`` with ReportLab, once.

    Parsing a TTF costs tens of milliseconds, and ReportLab's registry is
    process-global, so each directory is registered a single time.
    """
    key = font_dir.resolve()
    with _font_lock:
        fonts = _font_sets.get(key)
        if fonts is None:
            # Distinct names per directory, so two font dirs cannot clash.
            prefix = f"HocsoSerif{len(_font_sets)}"
            names = {style: f"{prefix}-{style}" for style in _FONT_FILES}
            for style, file_name in _FONT_FILES.items():
                pdfmetrics.registerFont(TTFont(names[style], str(key / file_name)))
            pdfmetrics.registerFontFamily(
                names["regular"],
                normal=names["regular"],
                bold=names["bold"],
                italic=names["italic"],
                boldItalic=names["bold_italic"],
            )
            fonts = FontSet(**names)
            _font_sets[key] = fonts
        return fonts


def _text(value: str) -> str:
    # Decomposed diacritics would be drawn as separate, misplaced glyphs
    # because ReportLab does no shaping.
    return unicodedata.normalize("NFC", value).strip()


def _markup(value: str) -> str:
    return escape(_text(value))


def date_short(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def date_long(place: str, value: date) -> str:
    """Place and date line; Decree 30 zero-pads days below 10 and months 1-2."""
    day = f"{value.day:02d}"
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{_text(place)}, ngày {day} tháng {month} năm {value.year}"


def _centred_lines(
    canvas: Canvas, lines: list[str], cx: float, top: float, font: str, size: float
) -> float:
    """Draw centred lines from baseline ``top`` down; return the last baseline."""
    canvas.setFont(font, size)
    y = top
    for index, line in enumerate(lines):
        y = top - index * size * 1.3
        canvas.drawCentredString(cx, y, line)
    return y


def _rule(canvas: Canvas, cx: float, y: float, width: float) -> None:
    canvas.setLineWidth(0.6)
    canvas.line(cx - width / 2, y, cx + width / 2, y)


def _header_left_lines(
    content: CertificateContent, fonts: FontSet
) -> tuple[float, list[str], list[str]]:
    """Pick the largest size at which each name takes at most two lines."""
    authority_text = _text(content.supervising_authority).upper()
    issuer_text = _text(content.issuer_name).upper()
    for size in (12.0, 11.0, 10.0, 9.0):
        authority = simpleSplit(authority_text, fonts.regular, size, _LEFT_COLUMN_WIDTH)
        issuer = simpleSplit(issuer_text, fonts.bold, size, _LEFT_COLUMN_WIDTH)
        if len(authority) <= 2 and len(issuer) <= 2:
            break
    return size, authority, issuer


def _draw_header(canvas: Canvas, content: CertificateContent, fonts: FontSet) -> None:
    top = PAGE_HEIGHT - 64
    size, authority, issuer = _header_left_lines(content, fonts)
    y = _centred_lines(canvas, authority, _LEFT_CX, top, fonts.regular, size)
    y = _centred_lines(canvas, issuer, _LEFT_CX, y - size * 1.3, fonts.bold, size)
    # Decree 30: a short rule, about a third to a half of the name's width.
    issuer_width = max(pdfmetrics.stringWidth(line, fonts.bold, size) for line in issuer)
    _rule(canvas, _LEFT_CX, y - 8, min(issuer_width * 0.45, 120))
    canvas.setFont(fonts.regular, 12.5)
    canvas.drawCentredString(_LEFT_CX, y - 28, f"Số: {_text(content.number)}")

    motto = "Độc lập - Tự do - Hạnh phúc"
    motto_y = top - 12 * 1.3
    canvas.setFont(fonts.bold, 12)
    canvas.drawCentredString(_RIGHT_CX, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    canvas.setFont(fonts.bold, 12.5)
    canvas.drawCentredString(_RIGHT_CX, motto_y, motto)
    # The motto's rule is as long as the motto itself.
    _rule(canvas, _RIGHT_CX, motto_y - 8, pdfmetrics.stringWidth(motto, fonts.bold, 12.5))
    canvas.setFont(fonts.italic, 12.5)
    canvas.drawCentredString(_RIGHT_CX, y - 28, date_long(content.place, content.issued_on))


def _body_paragraphs(content: CertificateContent, fonts: FontSet, size: float) -> list[Paragraph]:
    style = ParagraphStyle(
        "certificate-body",
        fontName=fonts.regular,
        fontSize=size,
        leading=size * 1.5,
        spaceAfter=size * 0.6,
    )
    spacer = "&nbsp;" * 8

    holder = f"Ông/Bà: <b>{_markup(content.holder_name)}</b>"
    if content.holder_birth_date is not None:
        holder += f"{spacer}Ngày sinh: {date_short(content.holder_birth_date)}"

    course = f"Đã hoàn thành khóa bồi dưỡng: <b>{_markup(content.course_title)}</b>"
    if content.course_hours is not None:
        course += f" ({content.course_hours} tiết)"
    if content.started_on is not None:
        course += (
            f", từ ngày {date_short(content.started_on)}"
            f" đến ngày {date_short(content.completed_on)}"
        )
    else:
        course += f", hoàn thành ngày {date_short(content.completed_on)}"

    result = f"Kết quả: <b>{_markup(content.result)}</b>"
    if content.valid_until is not None:
        result += f"{spacer}Có giá trị đến: {date_short(content.valid_until)}"

    lines = [holder, f"Đơn vị công tác: {_markup(content.holder_unit)}", course, result]
    return [Paragraph(line, style) for line in lines]


def _draw_body(canvas: Canvas, content: CertificateContent, fonts: FontSet) -> None:
    canvas.setFillColor(_ACCENT)
    canvas.setFont(fonts.bold, 26)
    canvas.drawCentredString(PAGE_WIDTH / 2, _BODY_TOP + 26, "GIẤY CHỨNG NHẬN")
    canvas.setFillColor(black)

    # Long unit names or course titles wrap; shrink the type rather than
    # run into the signature block.
    for size in (15.0, 14.0, 13.0, 12.0, 11.0, 10.0):
        paragraphs = _body_paragraphs(content, fonts, size)
        heights = [p.wrap(_BODY_WIDTH, PAGE_HEIGHT)[1] for p in paragraphs]
        total = sum(heights) + sum(p.style.spaceAfter for p in paragraphs)
        if total <= _BODY_TOP - _BODY_BOTTOM:
            break
    y = _BODY_TOP
    for paragraph, height in zip(paragraphs, heights, strict=True):
        y -= height
        paragraph.drawOn(canvas, _BODY_X, y)
        y -= paragraph.style.spaceAfter


def _draw_qr(canvas: Canvas, url: str) -> None:
    qr = segno.make(url, error="m", micro=False)
    rows = [list(row) for row in qr.matrix_iter(border=0)]
    module = _QR_SIZE / len(rows)
    top = _QR_Y + _QR_SIZE
    path = canvas.beginPath()
    # One rectangle per horizontal run keeps the content stream small.
    for row_index, row in enumerate(rows):
        y = top - (row_index + 1) * module
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(_QR_X + start * module, y, (column - start) * module, module)
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)


def _split_anywhere(text: str, font: str, size: float, width: float) -> list[str]:
    # URLs have no spaces, so simpleSplit would leave them on one long line.
    lines, current = [], ""
    for char in text:
        if current and pdfmetrics.stringWidth(current + char, font, size) > width:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines


def _draw_verification(canvas: Canvas, content: CertificateContent, fonts: FontSet) -> None:
    _draw_qr(canvas, content.verification_url)
    x = _QR_X + _QR_SIZE + 12
    width = SIGNATURE_BOX[0] - x - 20
    y = _QR_Y + _QR_SIZE - 14
    canvas.setFont(fonts.regular, 11)
    canvas.drawString(x, y, "Mã tra cứu:")
    canvas.setFont(fonts.bold, 13)
    canvas.drawString(x, y - 18, _text(content.verification_code))
    canvas.setFont(fonts.italic, 8.5)
    canvas.drawString(x, y - 38, "Quét mã QR hoặc truy cập:")
    canvas.setFont(fonts.regular, 8.5)
    url_lines = _split_anywhere(content.verification_url, fonts.regular, 8.5, width)
    for index, line in enumerate(url_lines[:3]):
        canvas.drawString(x, y - 50 - index * 11, line)


def _draw_signer(canvas: Canvas, content: CertificateContent, fonts: FontSet) -> None:
    size = 12.5
    titles = [
        _text(line).upper()
        for line in (content.signer_on_behalf, content.signer_title)
        if _text(line)
    ]
    base = SIGNATURE_BOX[3] + 8
    canvas.setFont(fonts.bold, size)
    for index, line in enumerate(reversed(titles)):
        canvas.drawCentredString(_SIGNER_CX, base + index * size * 1.35, line)
    canvas.drawCentredString(_SIGNER_CX, SIGNATURE_BOX[1] - 18, _text(content.signer_name))


def _draw_frame(canvas: Canvas) -> None:
    canvas.setStrokeColor(_ACCENT)
    canvas.setLineWidth(2.2)
    canvas.rect(22, 22, PAGE_WIDTH - 44, PAGE_HEIGHT - 44)
    canvas.setLineWidth(0.7)
    canvas.rect(28, 28, PAGE_WIDTH - 56, PAGE_HEIGHT - 56)
    canvas.setStrokeColor(black)


def certificate_pdf_render(*, content: CertificateContent, font_dir: Path) -> bytes:
    """Return a one-page unsigned certificate PDF with embedded font subsets."""
    with reportlab_lock:
        return _certificate_pdf_draw(content=content, fonts=fonts_register(font_dir))


def _certificate_pdf_draw(*, content: CertificateContent, fonts: FontSet) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageCompression=1,
        # Otherwise ReportLab references a non-embedded Helvetica.
        initialFontName=fonts.regular,
    )
    canvas.setTitle(f"Giấy chứng nhận {_text(content.number)}")
    canvas.setAuthor(_text(content.issuer_name))
    canvas.setSubject(_text(content.course_title))
    canvas.setCreator("HọcSố")

    _draw_frame(canvas)
    _draw_header(canvas, content, fonts)
    _draw_body(canvas, content, fonts)
    _draw_verification(canvas, content, fonts)
    _draw_signer(canvas, content, fonts)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
