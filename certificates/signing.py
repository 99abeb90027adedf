"""PAdES sealing of certificate PDFs and verification of the seal."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

from asn1crypto import pem, x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from pyhanko.pdf_utils.content import PdfContent, ResourceType
from pyhanko.pdf_utils.generic import NameObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import (
    AxisAlignment,
    BoxConstraints,
    Margins,
    SimpleBoxLayoutRule,
)
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash
from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from certificates.pdf import fonts_register, reportlab_lock

# Vietnam has used UTC+7 all year round since 1975, so a fixed offset is exact.
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")

_SEAL_RED = Color(0.78, 0.1, 0.1)
_FIELD_NAME_PREFIX = "HocsoSeal"


class _PdfPageContent(PdfContent):
    """Page 0 of an in-memory PDF, imported as a form XObject.

    pyHanko's own ImportedPdfPage only reads from a file path; this avoids a
    temporary file per signature.
    """

    def __init__(self, pdf: bytes):
        super().__init__()
        self._pdf = pdf

    def render(self) -> bytes:
        reader = PdfFileReader(BytesIO(self._pdf))
        xobject = self._ensure_writer.import_page_as_xobject(reader, page_ix=0)
        name = "/Seal"
        self.set_resource(ResourceType.XOBJECT, NameObject(name), xobject)
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return f"{name} Do".encode("ascii")


class _LoadedKeySigner(signers.SimpleSigner):
    """A SimpleSigner that parses its private key once instead of per call.

    SimpleSigner re-parses the key on every signature, and for RSA that
    check costs about 90 ms, several times the rest of the signing work.
    """

    def __init__(self, loaded: signers.SimpleSigner):
        super().__init__(
            signing_cert=loaded.signing_cert,
            signing_key=loaded.signing_key,
            cert_registry=loaded.cert_registry,
        )
        self._private_key = serialization.load_der_private_key(
            loaded.signing_key.dump(), password=None
        )

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        key = self._private_key
        if mechanism.signature_algo == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism.signature_algo == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(hash_algorithm))
        # Rarer schemes (PSS, EdDSA, ...) take pyHanko's slower generic path.
        return super().sign_raw(data, digest_algorithm)


def _signed_at_text(signed_at: datetime) -> str:
    if signed_at.tzinfo is not None:
        signed_at = signed_at.astimezone(VIETNAM_TIME)
    return f"{signed_at:%d/%m/%Y %H:%M}"


def seal_appearance_pdf(
    *, font_dir: Path, signer_label: str, signed_at: datetime, size: tuple[float, float]
) -> bytes:
    """Draw the visible seal as a one-page PDF exactly ``size`` points large.

    pyHanko's text stamps lay out Vietnamese badly, so ReportLab, which
    handles the DejaVu glyphs and their metrics, draws it instead.
    """
    with reportlab_lock:
        return _seal_appearance_draw(
            fonts=fonts_register(font_dir),
            signer_label=signer_label,
            signed_at=signed_at,
            size=size,
        )


def _seal_appearance_draw(
    *, fonts, signer_label: str, signed_at: datetime, size: tuple[float, float]
) -> bytes:
    # ReportLab does no shaping, so combining diacritics must be precomposed.
    signer_label = unicodedata.normalize("NFC", signer_label).strip()
    width, height = size
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=size, pageCompression=1, initialFontName=fonts.regular)
    canvas.setStrokeColor(_SEAL_RED)
    canvas.setFillColor(_SEAL_RED)
    canvas.setLineWidth(1.2)
    canvas.roundRect(1, 1, width - 2, height - 2, radius=6)

    padding = 8.0
    lines: list[tuple[str, str]] = []
    # Long agency names wrap; shrink until everything fits the box.
    for font_size in (11.0, 10.0, 9.0, 8.0, 7.0, 6.0):
        text_width = width - 2 * padding
        label_lines = simpleSplit(f"Ký bởi: {signer_label}", fonts.bold, font_size, text_width)
        lines = [(line, fonts.bold) for line in label_lines]
        lines.append((f"Thời gian ký: {_signed_at_text(signed_at)}", fonts.regular))
        leading = font_size * 1.3
        if len(lines) * leading <= height - 2 * padding:
            break
    block_height = len(lines) * leading
    y = (height + block_height) / 2 - font_size
    for line, font in lines:
        canvas.setFont(font, font_size)
        line_width = pdfmetrics.stringWidth(line, font, font_size)
        canvas.drawString(max(padding, (width - line_width) / 2), y, line)
        y -= leading
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class PdfSealer:
    """Apply an agency's PAdES seal; load once and reuse across requests.

    Reading and decrypting the PKCS#12 file dominates signing time, so the
    loaded signer is kept. Per-call state lives only in ``sign``'s locals,
    which makes one instance safe to share between threads.
    """

    def __init__(self, *, pkcs12_path: Path, passphrase: bytes | None, font_dir: Path):
        loaded = signers.SimpleSigner.load_pkcs12(pfx_file=str(pkcs12_path), passphrase=passphrase)
        if loaded is None:
            raise SigningError(f"Could not load a signing key from {pkcs12_path}")
        signer = _LoadedKeySigner(loaded)
        self._signer = signer
        self._font_dir = font_dir
        fonts_register(font_dir)
        # Skipping pyHanko's dry-run size estimate saves a full extra
        # signature per call. The CMS holds the certificates, the signature
        # value and a few attributes; 3 KiB covers those for RSA-8192. pyHanko
        # counts the reservation in hex digits, hence the doubling.
        certificates = [signer.signing_cert, *signer.cert_registry]
        cms_size = 3072 + sum(len(cert.dump()) for cert in certificates)
        self._bytes_reserved = 2 * cms_size

    def sign(
        self,
        pdf: bytes,
        *,
        signer_label: str,
        signed_at: datetime,
        box: tuple[float, float, float, float],
    ) -> bytes:
        """Return ``pdf`` with a visible PAdES signature in ``box`` on page 0.

        ``signed_at`` is what the seal shows; pass the current time, since the
        signature dictionary records the machine clock.
        """
        x1, y1, x2, y2 = box
        appearance = seal_appearance_pdf(
            font_dir=self._font_dir,
            signer_label=signer_label,
            signed_at=signed_at,
            size=(x2 - x1, y2 - y1),
        )
        stamp_style = StaticStampStyle(
            background=_PdfPageContent(appearance),
            background_opacity=1.0,
            border_width=0,
            background_layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MID,
                y_align=AxisAlignment.ALIGN_MID,
                margins=Margins.uniform(0),
            ),
        )
        field_name = f"{_FIELD_NAME_PREFIX}{uuid.uuid4().hex[:8]}"
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(
                field_name=field_name,
                md_algorithm="sha256",
                subfilter=fields.SigSeedSubFilter.PADES,
                name=signer_label,
            ),
            signer=self._signer,
            stamp_style=stamp_style,
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=field_name,
                on_page=0,
                box=(x1, y1, x2, y2),
            ),
        )
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        output = pdf_signer.sign_pdf(writer, bytes_reserved=self._bytes_reserved, output=BytesIO())
        return output.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    intact: bool
    valid: bool
    trusted: bool
    signer_subject: str
    detail: str

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted


def _failed(detail: str) -> SignatureCheck:
    return SignatureCheck(
        intact=False, valid=False, trusted=False, signer_subject="", detail=detail
    )


def _certificate_load(data: bytes) -> x509.Certificate:
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return x509.Certificate.load(data)


def _check_from_status(status: PdfSignatureStatus) -> SignatureCheck:
    covers_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # Content appended after signing keeps the signed bytes intact but is
    # not covered by the seal, so treat it as tampering.
    intact = bool(status.intact) and covers_file
    if not status.intact:
        detail = "The document was modified after it was signed."
    elif not covers_file:
        detail = "Content was added to the document after it was signed."
    elif not status.valid:
        detail = "The signature value is invalid."
    elif not status.trusted:
        detail = "The signing certificate does not chain to a trusted root."
    else:
        detail = "The signature is valid and trusted."
    return SignatureCheck(
        intact=intact,
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        signer_subject=status.signing_cert.subject.human_friendly,
        detail=detail,
    )


def pdf_signature_check(pdf: bytes, *, trust_roots: list[bytes]) -> SignatureCheck:
    """Validate the last signature in ``pdf`` against ``trust_roots`` only.

    Never raises: anything unreadable comes back as a failed check, because
    this backs a public verification page fed with arbitrary uploads.
    """
    try:
        roots = [_certificate_load(root) for root in trust_roots]
    except Exception as error:  # noqa: BLE001 - must never raise, see docstring
        return _failed(f"A trust root could not be read: {error}")
    if not roots:
        # An empty list would make the validator fall back to the OS store.
        return _failed("No trust roots configured.")
    try:
        # Strict parsing: a verifier should refuse the malformed or hybrid
        # cross-reference files that signature-shadowing attacks rely on.
        reader = PdfFileReader(BytesIO(pdf))
        signatures = reader.embedded_signatures
        if not signatures:
            return _failed("The document has no signature.")
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(signatures[-1], signer_validation_context=context)
        return _check_from_status(status)
    except Exception as error:  # noqa: BLE001 - must never raise, see docstring
        return _failed(f"The document could not be checked: {error}")
