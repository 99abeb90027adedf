"""Issue 7's Done-when in one browser run, on the demo data as `make run` loads it.

HR of the Sở KH&CN downloads the staff template, uploads a messy file, reads the row errors in
Vietnamese, fixes the file and imports it (created / updated / unchanged), gives the new people
their accounts by email and by a one-time password sheet, and a new person signs in; then the
province's agency administrator merges one division into another from a date in the past, and
the HR report shows the tree as it was before the merger and rolled up to today's agencies.

Each step has its own Django tests in `tests/agencies/`; this one proves they join up in a
browser, through the screens and their accessible names.
"""

import datetime
import io
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from agencies.models import Agency, LearnerProfile
from agencies.services import latest_change_date
from tests import factories
from tests.agencies.sheets import pdf_text, sheet_passwords
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "HocSo@2026"  # README: every demo account
NEW_PASSWORD = "Hoc-so-2026-an-toan"
# Django's set-password form, labels with their colon.
NEW_PASSWORD_LABEL = re.compile(r"^Mật khẩu mới:?$")
CONFIRM_LABEL = re.compile(r"^Xác nhận mật khẩu mới:?$")
HR = "nhansu.skhcn"
PROVINCE_ADMIN = "quantri.tinh"
# The Sở's two divisions the province merges: BCVT ends and goes into CDS.
SOURCE, INTO = "SKHCN-BCVT", "SKHCN-CDS"
TEMPLATE_HEADERS = [
    "Mã cán bộ *",
    "Họ và tên *",
    "Mã đơn vị",
    "Ngày sinh",
    "Loại *",
    "Cấp lãnh đạo",
    "Chức vụ",
    "Vị trí việc làm",
    "Ngạch",
    "Ngày vào cơ quan",
    "Tên đăng nhập",
    "Email",
    "Số điện thoại",
    "Trạng thái",
    "Ngày trạng thái",
]
# What Excel users really send: a name typed on a Mac (decomposed accents), no-break spaces
# pasted from a web page, dates as text in two spellings and as real date cells.
KHOA_NFD = unicodedata.normalize("NFD", "Nguyễn Văn Khoa")
MAI_NBSP = "Trần\u00a0Thị\u00a0Mai\u00a0"
NEW_PEOPLE = {
    "NB990001": {
        "Họ và tên": KHOA_NFD,
        "Mã đơn vị": INTO,
        "Ngày sinh": "05/09/1988",
        "Loại": "Công chức",
        "Chức vụ": "Chuyên viên",
        "Email": "nb990001@ninhbinh.gov.vn",
    },
    "NB990002": {
        "Họ và tên": MAI_NBSP,
        "Mã đơn vị": "SKHCN-VP",
        "Ngày sinh": "7/3/91",
        "Loại": "Viên chức",
        "Số điện thoại": "0912 345 678",
    },
    "NB990003": {
        "Họ và tên": "Lê Hoàng Nam",
        "Mã đơn vị": "SKHCN",
        "Ngày sinh": datetime.datetime(1985, 3, 25),
        "Loại": "Người lao động",
    },
}


def new_page(browser):
    """Another person's browser, with the `page` fixture's settings."""
    context = browser.new_context(locale="en-US", accept_downloads=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def sign_in(
    page, base: str, username: str, password: str = DEMO_PASSWORD, *, start: str = ""
) -> None:
    """Sign in on the login page, or from the one a protected `start` page redirects to."""
    page.goto(base + (start or reverse("login")))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def staff(code: str, name: str, agency: str, **cells) -> dict[str, object]:
    """A row of the staff file by header (the star of required columns left out)."""
    return {"Mã cán bộ": code, "Họ và tên": name, "Mã đơn vị": agency, "Loại": "Công chức"} | cells


def workbook_fill(template: bytes, rows: dict[int, dict[str, object]]) -> bytes:
    """The downloaded template with its example row replaced by `rows` (sheet row → cells)."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    columns = {cell.value.removesuffix(" *"): cell.column for cell in sheet[1]}
    for cell in sheet[2]:
        cell.value = None
    for number, cells in rows.items():
        for header, value in cells.items():
            cell = sheet.cell(row=number, column=columns[header])
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # typed as text, as Excel keeps it after a leading '
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def person_row(profile: LearnerProfile, **changes) -> dict[str, object]:
    """A staff record as HR would write it back into the template."""

    def day(value):
        return value.strftime("%d/%m/%Y") if value else ""

    with translation.override("vi"):
        row = {
            "Mã cán bộ": profile.employee_code,
            "Họ và tên": profile.full_name,
            "Mã đơn vị": profile.agency.code,
            "Ngày sinh": day(profile.birth_date),
            "Loại": str(profile.get_category_display()),
            "Cấp lãnh đạo": str(profile.get_leadership_level_display()),
            "Chức vụ": profile.position,
            "Vị trí việc làm": profile.job_position,
            "Ngạch": profile.rank,
            "Ngày vào cơ quan": day(profile.agency_start_date),
            "Email": profile.user.email,
            "Số điện thoại": profile.phone,
            "Trạng thái": str(profile.get_status_display()),
            "Ngày trạng thái": day(profile.status_date),
        }
    return {**row, **changes}


def upload(page, base: str, name: str, data: bytes) -> None:
    page.goto(base + reverse("agencies:staff_imports"))
    page.get_by_label("Danh sách cán bộ (XLSX hoặc CSV)").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", name=f"Kiểm tra tệp {name}")).to_be_visible()
    # The check may still be running: the page follows it and reloads with the result.
    expect(page.get_by_role("heading", name="Kết quả")).to_be_visible()


def summary(page) -> dict[str, str]:
    """The result's figures, term → value."""
    terms = page.get_by_role("term").all_inner_texts()
    values = page.get_by_role("definition").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def body_rows(table) -> list[list[str]]:
    """The cells of a table's body rows, header cells of a row included."""
    rows = []
    for row in table.locator("tbody").get_by_role("row").all():
        rows.append([cell.strip() for cell in row.locator("th, td").all_inner_texts()])
    return rows


def report(page, base: str, *, as_of: datetime.date, view: str, agency: str) -> dict[str, str]:
    """Employee code → agency the HR report counts them under, for one agency subtree."""
    page.goto(base + reverse("compliance:hr_report"))
    page.get_by_label("Tính đến ngày (dd/mm/yyyy)").fill(as_of.strftime("%d/%m/%Y"))
    page.get_by_label("Tính người theo").select_option(label=view)
    page.get_by_label("Khóa học").select_option(index=1)  # one course: one row per person
    page.get_by_role("button", name="Lọc").click()
    # The agency list is the tree of the date and view asked, so it is chosen second.
    choices = page.get_by_label("Đơn vị").locator("option").all_inner_texts()
    page.get_by_label("Đơn vị").select_option(
        label=next(label for label in choices if label.strip() == agency)
    )
    page.get_by_role("button", name="Lọc").click()
    table = page.get_by_role("table", name="Tình hình bồi dưỡng theo học viên và khóa học")
    expect(table).to_be_visible()
    found = {}
    for cells in body_rows(table):
        name_and_code, counted_under = cells[0], cells[1]
        found[name_and_code.split()[-1]] = counted_under
    return found


def test_issue_7_done_when_in_the_browser(live_server, browser, page, tmp_path):
    # Earlier transactional tests flushed what migrate wrote; a fresh `make run` has it.
    factories.migration_data_restore()
    call_command("seed_demo", "--no-progress", stdout=io.StringIO())
    base = live_server.url
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__startswith="SKHCN")}
    unchanged, updated = (
        LearnerProfile.objects.filter(agency__code="SKHCN-VP")
        .select_related("agency", "user")
        .order_by("employee_code")[:2]
    )
    accessibility = {}

    # --- 1. HR signs in, opens the import screen and downloads the template. ------------------
    sign_in(page, base, HR, start=reverse("agencies:staff_imports"))
    expect(page.get_by_role("heading", name="Nhập danh sách cán bộ", exact=True)).to_be_visible()
    accessibility["import screen"] = violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp mẫu (XLSX)").click()
    template = Path(download_info.value.path()).read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(template)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == TEMPLATE_HEADERS

    # --- 2. A messy file: every row's problem is named, nothing is written. ---------------------
    messy = workbook_fill(
        template,
        {
            2: {"Mã cán bộ": "NB990001", **NEW_PEOPLE["NB990001"]},
            3: {"Mã cán bộ": "NB990002", **NEW_PEOPLE["NB990002"]},
            4: {"Mã cán bộ": "NB990003", **NEW_PEOPLE["NB990003"]},
            # row 5 left blank
            6: staff("NB990004", "Đặng Thị Thu", "SKHCN-KHONGCO"),  # no such agency
            7: staff("NB990001", "Nguyễn Văn Khoa", INTO),  # the code of row 2 again
            8: staff("NB990005", "Phạm Thu Hằng", "STC-NS"),  # another Sở: not this HR's
            9: staff("NB990006", "Vũ Minh Tâm", INTO, **{"Loại": ""}),  # a required cell empty
            10: staff(
                '=HYPERLINK("http://x.vn","NB1")', "Kẻ Xấu", "<script>window.pwned=1</script>"
            ),
        },
    )
    upload(page, base, "danh-sach-loi.xlsx", messy)
    errors = page.get_by_role("table", name="Lỗi theo dòng và cột")
    expect(errors).to_be_visible()
    assert body_rows(errors) == [
        ["2", "Mã cán bộ *", "Mã cán bộ NB990001 bị trùng với dòng 7."],
        ["6", "Mã đơn vị", "Không có đơn vị nào mang mã “SKHCN-KHONGCO”."],
        ["7", "Mã cán bộ *", "Mã cán bộ NB990001 bị trùng với dòng 2."],
        ["8", "Mã đơn vị", "Đơn vị này nằm ngoài các đơn vị bạn quản lý."],
        ["9", "Loại *", "Ô này bắt buộc phải có."],
        ["10", "Mã cán bộ *", "Chỉ dùng chữ cái không dấu, chữ số, “.”, “-” và “_”."],
        ["10", "Mã đơn vị", "Không có đơn vị nào mang mã “<script>window.pwned=1</script>”."],
    ]
    assert page.evaluate("window.pwned") is None  # shown as text, never run
    assert summary(page)["Số dòng có lỗi"] == "7"
    expect(page.get_by_text("Chưa có gì được ghi.")).to_be_visible()
    expect(page.get_by_role("button", name="Nhập tệp này")).to_have_count(0)
    assert not LearnerProfile.objects.filter(employee_code__startswith="NB99").exists()
    accessibility["check with errors"] = violations(page)

    # --- 3. The fixed file: the bad rows corrected or dropped, two demo people included. --------
    fixed = workbook_fill(
        template,
        {
            2: {"Mã cán bộ": "NB990001", **NEW_PEOPLE["NB990001"]},
            3: {"Mã cán bộ": "NB990002", **NEW_PEOPLE["NB990002"]},
            4: {"Mã cán bộ": "NB990003", **NEW_PEOPLE["NB990003"]},
            6: staff("NB990004", "Đặng Thị Thu", "SKHCN-VP"),
            7: person_row(updated, **{"Chức vụ": "Chuyên viên chính"}),
            8: person_row(unchanged),
            9: staff("NB990006", "Vũ Minh Tâm", INTO, Email="nb990006@ninhbinh.gov.vn"),
        },
    )
    upload(page, base, "danh-sach-da-sua.xlsx", fixed)
    assert summary(page) == {
        "Sẽ tạo mới": "5",
        "Sẽ cập nhật": "1",
        "Không thay đổi": "1",
        "Số dòng có lỗi": "0",
    }, body_rows(errors)  # on a failure, the errors this check found
    page.get_by_role("button", name="Nhập tệp này").click()
    expect(page.get_by_role("heading", name="Nhập tệp danh-sach-da-sua.xlsx")).to_be_visible()
    expect(page.get_by_role("heading", name="Kết quả")).to_be_visible()
    assert summary(page) == {
        "Đã tạo mới": "5",
        "Đã cập nhật": "1",
        "Không thay đổi": "1",
        "Số dòng có lỗi": "0",
    }
    written = {
        p.employee_code: p
        for p in LearnerProfile.objects.filter(employee_code__startswith="NB99").select_related(
            "agency"
        )
    }
    assert sorted(written) == ["NB990001", "NB990002", "NB990003", "NB990004", "NB990006"]
    assert (written["NB990001"].full_name, written["NB990001"].birth_date) == (
        "Nguyễn Văn Khoa",
        datetime.date(1988, 9, 5),
    )
    assert (written["NB990002"].full_name, written["NB990002"].birth_date) == (
        "Trần Thị Mai",
        datetime.date(1991, 3, 7),
    )
    assert written["NB990003"].birth_date == datetime.date(1985, 3, 25)
    updated.refresh_from_db()
    assert updated.position == "Chuyên viên chính"

    page.get_by_role("link", name="Cấp tài khoản cho cán bộ mới").click()
    expect(page.get_by_role("heading", name="Tài khoản của cán bộ mới")).to_be_visible()
    page.get_by_role("button", name="Gửi email cho 2 người").click()
    expect(page.get_by_text("Đang gửi 2 email.")).to_be_visible()
    links = {
        message.to[0]: re.search(r"(/dat-mat-khau/\S+/)", message.body).group(1)
        for message in mail.outbox
    }
    assert sorted(links) == ["nb990001@ninhbinh.gov.vn", "nb990006@ninhbinh.gov.vn"]
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tạo phiếu cho 3 người").click()
    passwords = sheet_passwords(pdf_text(Path(download_info.value.path()).read_bytes(), tmp_path))
    assert sorted(passwords) == ["NB990002", "NB990003", "NB990004"]
    page.reload()
    given = page.get_by_role("table", name="Tài khoản đã cấp cho cán bộ mới")
    expect(given).to_be_visible()
    assert sorted(row[1] for row in body_rows(given)) == [
        "NB990001",
        "NB990002",
        "NB990003",
        "NB990004",
        "NB990006",
    ]
    accessibility["accounts"] = violations(page)

    newcomer = new_page(browser)
    # From the sheet: the one-time password works once and forces a change first.
    sign_in(newcomer, base, "NB990002", passwords["NB990002"])
    expect(newcomer.get_by_role("heading", name="Chọn mật khẩu của bạn")).to_be_visible()
    newcomer.get_by_label(NEW_PASSWORD_LABEL).fill(NEW_PASSWORD)
    newcomer.get_by_label(CONFIRM_LABEL).fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Lưu mật khẩu").click()
    expect(newcomer.get_by_text("Đã đặt mật khẩu mới của bạn.")).to_be_visible()
    expect(newcomer.get_by_role("heading", name="Khóa học của tôi")).to_be_visible()
    assert newcomer.url == base + reverse("learning:my_courses")
    newcomer.context.clear_cookies()
    # From the email: the link sets the password, which then signs in with no forced change.
    newcomer.goto(base + links["nb990001@ninhbinh.gov.vn"])
    expect(newcomer.get_by_role("heading", name="Chọn mật khẩu")).to_be_visible()
    newcomer.get_by_label(NEW_PASSWORD_LABEL).fill(NEW_PASSWORD)
    newcomer.get_by_label(CONFIRM_LABEL).fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Đặt mật khẩu").click()
    expect(newcomer.get_by_role("heading", name="Đã đặt mật khẩu")).to_be_visible()
    sign_in(newcomer, base, "NB990001", NEW_PASSWORD)
    expect(newcomer.get_by_role("heading", name="Khóa học của tôi")).to_be_visible()
    newcomer.context.close()

    # --- 4. The province merges BCVT into CDS from a date in the past. ------------------------
    source_people = set(
        LearnerProfile.objects.filter(agency__code=SOURCE).values_list("employee_code", flat=True)
    )
    into_people = set(
        LearnerProfile.objects.filter(agency__code=INTO).values_list("employee_code", flat=True)
    )
    assert source_people and into_people
    today = timezone.localdate()
    # A month ago, or the day after the latest change the demo recorded for the two divisions
    # (a merger may not precede it), and never in the future.
    latest = latest_change_date([agencies[SOURCE], agencies[INTO]])
    merged_on = today - datetime.timedelta(days=30)
    if latest is not None:
        merged_on = min(max(merged_on, latest + datetime.timedelta(days=1)), today)
    before = merged_on - datetime.timedelta(days=1)

    province = new_page(browser)
    province.goto(base + "/admin/don-vi/")
    province.get_by_role("textbox", name="Tên đăng nhập").fill(PROVINCE_ADMIN)
    province.get_by_role("textbox", name="Mật khẩu").fill(DEMO_PASSWORD)
    province.get_by_role("button", name="Đăng nhập").click()
    province.get_by_role("textbox", name="Tìm kiếm").fill(INTO)
    province.get_by_role("textbox", name="Tìm kiếm").press("Enter")
    province.get_by_role("link", name=INTO, exact=True).click()
    province.get_by_role("link", name="Sáp nhập vào đơn vị này").click()
    province.get_by_label(agencies[SOURCE].name, exact=True).check()
    province.get_by_label("Ngày hiệu lực").fill(merged_on.strftime("%d/%m/%Y"))
    province.get_by_label("Lý do").fill("Quyết định 123/QĐ-UBND: hợp nhất hai phòng")
    province.get_by_role("button", name="Tiếp tục để xác nhận").click()
    expect(province.get_by_role("heading", name="Vui lòng xác nhận")).to_be_visible()
    ending = province.get_by_role("listitem").filter(has_text=agencies[SOURCE].name).first
    expect(ending).to_contain_text(merged_on.strftime("%d/%m/%Y"))
    assert Agency.objects.get(code=SOURCE).active_to is None  # nothing before confirming
    province.get_by_role("button", name="Đồng ý, thực hiện thay đổi").click()
    expect(province.get_by_text("Đã sáp nhập các đơn vị.")).to_be_visible()
    assert Agency.objects.get(code=SOURCE).active_to == merged_on
    province.context.close()

    # --- 5. The HR report before the merger and rolled up to today. ---------------------------
    old_name, new_name = agencies[SOURCE].name, agencies[INTO].name
    then = "Cây đơn vị như tại thời điểm đó"
    rolled_up = "Quy về các đơn vị hiện nay"
    assert report(page, base, as_of=before, view=then, agency=old_name) == dict.fromkeys(
        source_people, old_name
    )
    accessibility["report as of before"] = violations(page)
    assert report(page, base, as_of=before, view=then, agency=new_name) == dict.fromkeys(
        into_people, new_name
    )
    everyone = dict.fromkeys(source_people | into_people, new_name)
    assert report(page, base, as_of=before, view=rolled_up, agency=new_name) == everyone
    assert report(page, base, as_of=today, view=rolled_up, agency=new_name) == everyone
    # Today the old division is gone from the choices.
    options = page.get_by_label("Đơn vị").locator("option").all_inner_texts()
    assert old_name not in [option.strip() for option in options]

    assert {name: found for name, found in accessibility.items() if found} == {}
