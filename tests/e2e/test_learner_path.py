"""A learner walks the whole path in a real browser: enroll, study, pass, get a certificate."""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.signing import pdf_signature_check
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    agencies = factories.agency_tree()
    factories.issuer(agencies["SKHCN"])
    course = factories.course(lessons=2)
    factories.learner(
        agencies["SKHCN-CDS"],
        user=factories.UserFactory(username="lethuha"),
        full_name="Lê Thu Hà",
    )
    return course


def test_learner_studies_passes_and_downloads_a_signed_certificate(
    live_server, page, world, trust_roots
):
    course = world
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Khóa học", exact=True)).to_be_visible()
    page.get_by_role("link", name=course.title).click()
    page.get_by_role("link", name="Đăng nhập để ghi danh").click()

    page.get_by_label("Tên đăng nhập").fill("lethuha")
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=course.title)).to_be_visible()

    page.get_by_role("button", name="Ghi danh khóa học").click()
    expect(page.get_by_text("Bạn đã ghi danh")).to_be_visible()
    page.get_by_role("link", name="Bắt đầu học").click()
    expect(page.get_by_role("heading", name="Bài 1", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Tiếp theo: Bài 2")).click()
    expect(page.get_by_role("heading", name="Bài 2", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Tiếp theo: Bài kiểm tra")).click()

    # Resume: the course page now offers the quiz as the next step.
    page.goto(live_server.url + course.url)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "67")
    page.get_by_role("link", name="Tiếp tục học").click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    assert "correct" not in page.content().lower()
    page.get_by_label("Ít nhất 12 ký tự").check()
    page.get_by_label("Thúc giục gấp").check()
    page.get_by_label("Tên miền lạ").check()
    # A reload on a weak link keeps what the learner chose.
    page.reload()
    expect(page.get_by_label("Tên miền lạ")).to_be_checked()
    # Submitting with a question left open asks first, and keeps the answers chosen.
    page.get_by_role("button", name="Nộp bài", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Còn 1 câu chưa trả lời")
    expect(page.get_by_label("Ít nhất 12 ký tự")).to_be_checked()
    expect(page.get_by_label("Thúc giục gấp")).to_be_checked()
    page.get_by_label("Bộ phận CNTT").check()
    page.get_by_role("button", name="Nộp bài", exact=True).click()
    expect(page.get_by_text("Đạt.")).to_be_visible()

    page.get_by_role("link", name="Chứng nhận của tôi").click()
    certificate = Certificate.objects.get()
    expect(page.get_by_text(certificate.number)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải bản PDF có chữ ký số").click()
    pdf = Path(download_info.value.path()).read_bytes()
    # pyHanko runs its own event loop; Playwright's owns this thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(pdf_signature_check, pdf, trust_roots=trust_roots).result().ok

    page.get_by_role("link", name="Trang xác thực công khai").click()
    expect(page.get_by_text("Còn hiệu lực")).to_be_visible()
    expect(page.get_by_text("L* T** Hà")).to_be_visible()
