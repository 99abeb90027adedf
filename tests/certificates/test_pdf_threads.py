"""Certificates drawn from several threads at once come out whole (threaded workers, tests)."""

import datetime
import threading
from io import BytesIO

from django.conf import settings
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates.pdf import CertificateContent, certificate_pdf_render
from certificates.signing import seal_appearance_pdf


def _content(number: str) -> CertificateContent:
    today = datetime.date(2026, 11, 29)
    return CertificateContent(
        supervising_authority="UBND TỈNH NINH BÌNH",
        issuer_name="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        number=number,
        place="Ninh Bình",
        issued_on=today,
        holder_name="Nguyễn Thị Ánh Tuyết",
        holder_birth_date=None,
        holder_unit="Phòng Chuyển đổi số",
        course_title="An toàn thông tin cho cán bộ, công chức",
        course_hours=8,
        started_on=today,
        completed_on=today,
        result="Đạt (81,8/100 điểm)",
        valid_until=None,
        verification_url="https://hocso.example/xac-thuc/ABCDEFGH2345/",
        verification_code="ABCDEFGH2345",
        signer_on_behalf="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Đức Thịnh",
    )


def test_documents_drawn_in_parallel_threads_are_whole():
    # ReportLab's font subsetting shares state between documents: unguarded, a few dozen
    # concurrent documents were enough to end one in an IndexError.
    errors: list[BaseException] = []
    documents: list[bytes] = []
    barrier = threading.Barrier(8)

    def draw(worker: int) -> None:
        barrier.wait(timeout=30)
        for index in range(40):
            try:
                documents.append(
                    certificate_pdf_render(
                        content=_content(f"{worker * 100 + index}/GCN-SKHCN"),
                        font_dir=settings.CERTIFICATE_FONT_DIR,
                    )
                )
                documents.append(
                    seal_appearance_pdf(
                        font_dir=settings.CERTIFICATE_FONT_DIR,
                        signer_label=f"Sở Khoa học và Công nghệ {worker}",
                        signed_at=datetime.datetime(2026, 11, 29, 9, index, tzinfo=datetime.UTC),
                        size=(180, 60),
                    )
                )
            except Exception as error:  # reported in the test's own thread
                errors.append(error)

    threads = [threading.Thread(target=draw, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(documents) == 8 * 40 * 2
    for document in documents:
        assert PdfFileReader(BytesIO(document)).root["/Pages"]["/Count"] == 1
