"""An HR manager filters the report to an agency and downloads it as Excel."""

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from learning.services import enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_manager_filters_and_exports_their_subtree(live_server, page):
    agencies = factories.agency_tree()
    course = factories.course()
    mine = factories.learner(agencies["SKHCN-CDS"], full_name="Phạm Thị Hoa")
    factories.learner(agencies["SKHCN"], full_name="Đinh Văn Lâm")
    factories.learner(agencies["STC-NS"], full_name="Bùi Văn Nam")
    enrollment_create(user=mine, course=course)
    factories.hr_manager(agencies["SKHCN"], username="nhansu")

    page.goto(live_server.url + "/quan-ly/bao-cao/")
    page.get_by_label("Tên đăng nhập").fill("nhansu")
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name="Báo cáo bồi dưỡng")).to_be_visible()
    expect(page.get_by_role("cell", name="Đinh Văn Lâm")).to_be_visible()
    expect(page.get_by_text("Bùi Văn Nam")).to_have_count(0)
    page.get_by_label("Đơn vị").select_option(label="\u2003Phòng Chuyển đổi số")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Đinh Văn Lâm")).to_have_count(0)
    expect(page.get_by_role("cell", name="Đang học")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên"
    assert [(row[0], row[7]) for row in rows[1:]] == [("Phạm Thị Hoa", "Đang học")]
