"""Rendering and sealing certificates, checked by pyHanko and by poppler's pdfsig.

No database: these exercise certificates.pdf, certificates.signing and
certificates.pki directly.
"""

import dataclasses
import subprocess
import unicodedata
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates import pki
from certificates.pdf import (
    SIGNATURE_BOX,
    CertificateContent,
    certificate_pdf_render,
    date_long,
)
from certificates.signing import PdfSealer, pdf_signature_check

FONT_DIR = Path(__file__).resolve().parents[2] / "node_modules" / "dejavu-fonts-ttf" / "ttf"
PASSPHRASE = b"hocso-test-passphrase"
AGENCY = "Sở Khoa học và Công nghệ tỉnh Ninh Bình"
SIGNED_AT = datetime(2026, 9, 15, 3, 30, tzinfo=UTC)

CONTENT = CertificateContent(
    supervising_authority="UBND TỈNH NINH BÌNH",
    issuer_name="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    number="123/GCN-SKHCN",
    place="Ninh Bình",
    issued_on=date(2026, 9, 15),
    holder_name="Nguyễn Thị Thu Hằng",
    holder_birth_date=date(1985, 3, 12),
    holder_unit="Phòng Quản lý khoa học, Sở Khoa học và Công nghệ tỉnh Ninh Bình",
    course_title="Chuyển đổi số và an toàn thông tin trong cơ quan nhà nước",
    course_hours=40,
    started_on=date(2026, 9, 1),
    completed_on=date(2026, 9, 12),
    result="Đạt - 90 điểm",
    valid_until=date(2029, 9, 15),
    verification_url="https://hocso.ninhbinh.gov.vn/chung-nhan/tra-cuu/7KQ2M9XD",
    verification_code="7KQ2M9XD",
    signer_on_behalf="KT. GIÁM ĐỐC",
    signer_title="PHÓ GIÁM ĐỐC",
    signer_name="Trần Văn Bình",
)


@pytest.fixture(scope="module")
def seal_pki(tmp_path_factory) -> pki.TestPki:
    return pki.test_pki_create(
        directory=tmp_path_factory.mktemp("pki"),
        organisation=AGENCY,
        signer_common_name="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        passphrase=PASSPHRASE,
    )


@pytest.fixture(scope="module")
def unrelated_root(tmp_path_factory) -> bytes:
    other = pki.test_pki_create(
        directory=tmp_path_factory.mktemp("other-pki"),
        organisation="Sở Nội vụ tỉnh Quảng Trị",
        signer_common_name="SỞ NỘI VỤ",
        passphrase=PASSPHRASE,
    )
    return other.root_cert.read_bytes()


@pytest.fixture(scope="module")
def sealer(seal_pki) -> PdfSealer:
    return PdfSealer(pkcs12_path=seal_pki.signer_p12, passphrase=PASSPHRASE, font_dir=FONT_DIR)


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    return certificate_pdf_render(content=CONTENT, font_dir=FONT_DIR)


@pytest.fixture(scope="module")
def signed_pdf(sealer, unsigned_pdf) -> bytes:
    return sealer.sign(unsigned_pdf, signer_label=AGENCY, signed_at=SIGNED_AT, box=SIGNATURE_BOX)


@pytest.fixture(scope="module")
def nss_db(tmp_path_factory, require_tool, seal_pki) -> str:
    certutil = require_tool("certutil")
    directory = tmp_path_factory.mktemp("nssdb")
    database = f"sql:{directory}"
    subprocess.run([certutil, "-N", "-d", database, "--empty-password"], check=True)
    subprocess.run(
        [certutil, "-A", "-n", "hocso-test-root", "-t", "CT,C,C"]
        + ["-i", str(seal_pki.root_cert), "-d", database],
        check=True,
    )
    return database


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _pdfsig(require_tool, nss_db: str, pdf: Path) -> str:
    # No -no-ocsp: poppler 22.12 misreports good chains with it.
    completed = subprocess.run(
        [require_tool("pdfsig"), "-nssdir", nss_db, str(pdf)],
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.stdout + completed.stderr


def _pdf_text(require_tool, pdf: Path) -> str:
    completed = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return unicodedata.normalize("NFC", completed.stdout)


def _flip_byte_in_page_content(signed: bytes) -> bytes:
    """Alter one byte of page 0's content stream, which the signature covers."""
    reader = PdfFileReader(BytesIO(signed))
    byte_range = reader.embedded_signatures[-1].sig_object["/ByteRange"]
    page = reader.root["/Pages"]["/Kids"][0]
    contents_id = page.raw_get("/Contents").idnum
    position = signed.index(b"stream", signed.index(f"\n{contents_id} 0 obj".encode())) + 20
    assert position < byte_range[1], "the altered byte must lie in the first signed range"
    tampered = bytearray(signed)
    tampered[position] ^= 0x01
    return bytes(tampered)


def test_signature_is_ok_against_the_test_root(signed_pdf, seal_pki):
    check = pdf_signature_check(signed_pdf, trust_roots=[seal_pki.root_cert.read_bytes()])

    assert check.ok, check.detail
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in check.signer_subject


def test_signature_is_untrusted_against_an_unrelated_root(signed_pdf, unrelated_root):
    check = pdf_signature_check(signed_pdf, trust_roots=[unrelated_root])

    assert check.intact and check.valid
    assert not check.trusted
    assert not check.ok


def test_signature_accepts_der_trust_roots(signed_pdf, seal_pki):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    der = x509.load_pem_x509_certificate(seal_pki.root_cert.read_bytes()).public_bytes(Encoding.DER)

    assert pdf_signature_check(signed_pdf, trust_roots=[der]).ok


def test_pdfsig_reports_valid_and_trusted(signed_pdf, nss_db, require_tool, tmp_path):
    output = _pdfsig(require_tool, nss_db, _write(tmp_path, "signed.pdf", signed_pdf))

    assert "Signature is Valid." in output, output
    assert "Certificate is Trusted." in output, output
    assert "ETSI.CAdES.detached" in output, output
    assert "Total document signed" in output, output


def test_one_changed_byte_breaks_the_signature(signed_pdf, seal_pki):
    tampered = _flip_byte_in_page_content(signed_pdf)

    check = pdf_signature_check(tampered, trust_roots=[seal_pki.root_cert.read_bytes()])

    assert not check.ok
    assert not check.intact


def test_pdfsig_rejects_one_changed_byte(signed_pdf, nss_db, require_tool, tmp_path):
    tampered = _flip_byte_in_page_content(signed_pdf)

    output = _pdfsig(require_tool, nss_db, _write(tmp_path, "tampered.pdf", tampered))

    assert "Signature is Valid." not in output, output
    assert "Digest Mismatch." in output, output


def test_content_appended_after_signing_is_not_ok(signed_pdf, seal_pki):
    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf))
    writer.root["/Lang"] = pdf_string("en")
    writer.update_root()
    out = BytesIO()
    writer.write(out)

    check = pdf_signature_check(out.getvalue(), trust_roots=[seal_pki.root_cert.read_bytes()])

    assert not check.ok
    assert "after it was signed" in check.detail


@pytest.mark.parametrize(
    "data",
    [b"", b"not a pdf at all", b"%PDF-1.7\n%garbage\n", "signed-truncated", "unsigned"],
)
def test_check_never_raises_on_bad_input(data, signed_pdf, unsigned_pdf, seal_pki):
    if data == "signed-truncated":
        data = signed_pdf[: len(signed_pdf) // 2]
    elif data == "unsigned":
        data = unsigned_pdf

    check = pdf_signature_check(data, trust_roots=[seal_pki.root_cert.read_bytes()])

    assert not check.ok
    assert check.detail


def test_check_without_trust_roots_is_not_ok(signed_pdf):
    assert not pdf_signature_check(signed_pdf, trust_roots=[]).ok
    assert not pdf_signature_check(signed_pdf, trust_roots=[b"not a certificate"]).ok


def test_rendered_text_is_vietnamese(signed_pdf, require_tool, tmp_path):
    text = _pdf_text(require_tool, _write(tmp_path, "signed.pdf", signed_pdf))

    for expected in [
        "UBND TỈNH NINH BÌNH",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 123/GCN-SKHCN",
        "Ninh Bình, ngày 15 tháng 9 năm 2026",
        "GIẤY CHỨNG NHẬN",
        "Ông/Bà: Nguyễn Thị Thu Hằng",
        "Ngày sinh: 12/03/1985",
        "(40 tiết), từ ngày 01/09/2026 đến ngày 12/09/2026",
        "Kết quả: Đạt - 90 điểm",
        "Có giá trị đến: 15/09/2029",
        "Mã tra cứu:",
        "7KQ2M9XD",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Văn Bình",
        # The seal appearance, shown in Vietnam time (UTC+7).
        "Thời gian ký: 15/09/2026 10:30",
    ]:
        assert expected in text, expected
    assert "Ký bởi:" in text


def test_optional_lines_are_omitted(require_tool, tmp_path):
    content = dataclasses.replace(
        CONTENT,
        holder_birth_date=None,
        course_hours=None,
        started_on=None,
        valid_until=None,
        signer_on_behalf="",
        signer_title="GIÁM ĐỐC",
    )
    pdf = certificate_pdf_render(content=content, font_dir=FONT_DIR)

    text = _pdf_text(require_tool, _write(tmp_path, "plain.pdf", pdf))

    for absent in ["Ngày sinh", "tiết", "từ ngày", "Có giá trị đến", "KT.", "None"]:
        assert absent not in text, absent
    assert "hoàn thành ngày 12/09/2026" in text
    assert "GIÁM ĐỐC" in text


def _fonts_in(resources) -> list:
    """Fonts in a resource dictionary and in the form XObjects it uses."""
    # Indexing a pyHanko dictionary dereferences; .get() and .values() do not.
    resources = resources.get_object()
    fonts = []
    if "/Font" in resources:
        fonts += [font.get_object() for font in resources["/Font"].values()]
    if "/XObject" in resources:
        for xobject in resources["/XObject"].values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                fonts += _fonts_in(xobject["/Resources"])
    return fonts


def test_fonts_are_embedded(signed_pdf):
    page = PdfFileReader(BytesIO(signed_pdf)).root["/Pages"]["/Kids"][0]
    fonts = _fonts_in(page["/Resources"])
    for annotation in page["/Annots"]:
        fonts += _fonts_in(annotation.get_object()["/AP"]["/N"]["/Resources"])

    assert len(fonts) >= 4, "the page's three faces plus the seal's"
    for font in fonts:
        assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]


def test_place_and_date_line_pads_small_numbers_as_decree_30_requires():
    assert date_long("Ninh Bình", date(2026, 9, 15)) == "Ninh Bình, ngày 15 tháng 9 năm 2026"
    assert date_long("Hà Nội", date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert date_long("Huế", date(2026, 12, 31)) == "Huế, ngày 31 tháng 12 năm 2026"


def test_pki_ensure_keeps_existing_keys(tmp_path):
    arguments = {
        "directory": tmp_path,
        "organisation": "Trường Chính trị tỉnh Ninh Bình",
        "signer_common_name": "TRƯỜNG CHÍNH TRỊ",
        "passphrase": PASSPHRASE,
    }
    first = pki.test_pki_ensure(**arguments)
    before = first.signer_p12.read_bytes()

    second = pki.test_pki_ensure(**arguments)

    assert second == first
    assert second.signer_p12.read_bytes() == before
