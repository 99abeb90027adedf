"""Issue 8's Done-when in one browser run, on the demo data as `make run` loads it.

The province's HR defines, in the admin, a yearly information-security requirement for every
công chức; the Sở KH&CN's HR finds who is overdue in their subtree, extends one person's due date
with a reason, downloads the overdue list as XLSX and the person's transcript as PDF; and the
JSON API, with a token that HR makes on the site, answers the same numbers as the dashboard.

Each step has its own tests in tests/compliance/; this one proves they join up in a browser.
"""

import datetime
import io
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import Agency
from compliance.models import Assignment, ComplianceEvent, Requirement
from courses.models import CoursePage
from tests import factories
from tests.agencies.sheets import pdf_text
from tests.e2e.test_accessibility import violations
from tests.e2e.test_agencies_journey import new_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PROVINCE_HR, SO_HR = "nhansu.tinh", "nhansu.skhcn"
TITLE = "An toàn thông tin hằng năm cho công chức"
BASIC = "Kỹ năng số cơ bản cho cán bộ, công chức"  # demo/data.py: past due since last month


def api_get(page, url: str, token: str) -> dict:
    """A reporting system's call: the token in the header (the API ignores the browser's
    session cookie)."""
    response = page.request.get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200, response.text()
    return response.json()


def test_issue_8_done_when_in_the_browser(live_server, browser, page, tmp_path):
    factories.migration_data_restore()
    call_command("seed_demo", "--no-progress", stdout=io.StringIO())
    base = live_server.url
    today = timezone.localdate()
    security = CoursePage.objects.get(code="ATTT01")
    accessibility = {}

    # --- 1. The province's HR defines the yearly requirement in the admin. ---------------------
    sign_in(page, base, PROVINCE_HR)
    page.goto(base + reverse("requirements:add"))
    page.locator("#id_title").fill(TITLE)
    page.locator("input[name=categories][value=cong_chuc]").check()
    page.locator(f"input[name=courses][value='{security.pk}']").check()
    page.locator("#id_due_rule").select_option("fixed")
    page.locator("#id_due_date").fill(f"{today.year}-12-31")
    page.locator("#id_recurrence").select_option("yearly")
    page.get_by_role("button", name="Tạo", exact=True).click()
    expect(page.get_by_text(re.compile(r"Đang giao yêu cầu cho \d+ người"))).to_be_visible()
    requirement = Requirement.objects.get(title=TITLE)
    assigned = Assignment.objects.filter(requirement=requirement, active=True)
    assert assigned.exists()
    assert set(assigned.values_list("profile__category", flat=True)) == {"cong_chuc"}

    # --- 2. The Sở's HR sees who is overdue in their subtree. ----------------------------------
    hr = new_page(browser)
    sign_in(hr, base, SO_HR, start=reverse("compliance_dashboard:dashboard"))
    expect(hr.get_by_role("heading", name="Bảng theo dõi tuân thủ bồi dưỡng")).to_be_visible()
    expect(hr.get_by_role("heading", name=TITLE)).to_be_visible()
    accessibility["dashboard"] = violations(hr)
    basic = Requirement.objects.get(title=BASIC)
    hr.goto(
        base
        + reverse("compliance_dashboard:people")
        + f"?requirement={basic.pk}&status=overdue,expired"
    )
    people = hr.get_by_role("table", name="Người thuộc diện yêu cầu bồi dưỡng và tình trạng của họ")
    expect(people).to_be_visible()
    accessibility["overdue list"] = violations(hr)
    subtree = Agency.objects.get(code="SKHCN").path
    overdue_in_scope = Assignment.objects.filter(
        requirement=basic,
        active=True,
        status__in=["overdue", "expired"],
        agency__path__startswith=subtree,
    )
    assert overdue_in_scope.exists()
    shown = people.locator("tbody tr")
    expect(shown).to_have_count(min(overdue_in_scope.count(), 25))
    first = shown.first.get_by_role("link")
    name = first.inner_text().strip()

    # --- 3. …opens that person's transcript, extends the due date with a reason. ----------------
    first.click()
    expect(hr.get_by_role("heading", name="Hồ sơ đào tạo")).to_be_visible()
    accessibility["transcript"] = violations(hr)
    with hr.expect_download() as pdf_download:
        hr.get_by_role("link", name="Tải về bản PDF").click()
    text = pdf_text(Path(pdf_download.value.path()).read_bytes(), tmp_path)
    assert name in text and "HỒ SƠ ĐÀO TẠO, BỒI DƯỠNG" in text
    hr.get_by_role("link", name="Yêu cầu, gia hạn và miễn").click()
    hr.get_by_role("link", name=f"Gia hạn yêu cầu “{BASIC}”").click()
    new_due = today + timedelta(days=45)
    hr.get_by_label("Hạn mới").fill(new_due.strftime("%d/%m/%Y"))
    hr.get_by_label("Lý do").fill("Đi học tập trung tại Học viện, về sau 30 ngày")
    hr.get_by_role("button", name="Tiếp tục").click()
    hr.get_by_role("button", name="Đồng ý gia hạn").click()
    extended = Assignment.objects.get(requirement=basic, profile__full_name=name)
    assert extended.extended_due_on == new_due
    assert extended.status in ("not_started", "in_progress", "due_soon")
    event = ComplianceEvent.objects.get(kind="extension", profile=extended.profile)
    assert event.by.username == SO_HR and event.reason.startswith("Đi học tập trung")
    expect(hr.get_by_text("Đi học tập trung tại Học viện, về sau 30 ngày")).to_be_visible()

    # --- 4. …and downloads the overdue list as XLSX, made in the background. -------------------
    hr.goto(base + reverse("compliance_exports:new") + f"?requirement={basic.pk}&status=overdue")
    hr.get_by_label("Định dạng tệp").select_option("xlsx")
    hr.get_by_role("button", name="Tạo tệp").click()
    download_link = hr.get_by_role("link", name=re.compile("^Tải xuống"))
    expect(download_link).to_be_visible(timeout=30_000)
    with hr.expect_download() as xlsx_download:
        download_link.click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    workbook = Path(xlsx_download.value.path()).read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=True))
        for row in sheet.iter_rows(min_row=2)
    ]
    still_overdue = overdue_in_scope.filter(status="overdue").count()
    assert len(rows) == still_overdue
    assert name not in {row["Họ và tên"] for row in rows}  # extended: no longer overdue
    assert all(row["Trạng thái"] == "Quá hạn" for row in rows)
    assert all(isinstance(row["Hạn hoàn thành"], datetime.datetime) for row in rows)
    assert sheet.freeze_panes == "A2"

    # --- 5. The API, with a token HR makes on the site, gives the dashboard's numbers. --------
    hr.goto(base + reverse("api_tokens:list"))
    hr.get_by_label("Tên").fill("Hệ thống báo cáo của tỉnh")
    hr.get_by_role("button", name="Tạo mã").click()
    token = hr.get_by_role("textbox", name="Mã truy cập").input_value()
    assert len(token) >= 40
    accessibility["API tokens"] = violations(hr)
    answer = api_get(hr, f"{base}/api/v1/compliance/?requirement={basic.pk}", token)
    assert [row["code"] for row in answer["agencies"]] == ["SKHCN"]
    assert answer["total"]["overdue"] == still_overdue
    hr.goto(base + reverse("compliance_dashboard:dashboard"))
    card = hr.locator("li.card").filter(has=hr.get_by_role("heading", name=BASIC))
    shown_figures = dict(
        zip(
            card.locator("dt").all_inner_texts(),
            (int(value) for value in card.locator("dd").all_inner_texts()),
            strict=True,
        )
    )
    assert shown_figures["Quá hạn"] == answer["total"]["overdue"]
    assert sum(shown_figures.values()) == answer["total"]["total"]
    mine = api_get(hr, f"{base}/api/v1/compliance/?requirement={requirement.pk}", token)
    assert mine["total"]["total"] == assigned.filter(agency__path__startswith=subtree).count()

    assert accessibility == {key: [] for key in accessibility}
