"""The HR report as of a date: the tree as it was then, or rolled up to today's agencies.

The Done-when of issue 7: the province merges two departments on an effective date through
agency_merge, and the report shows both "as of" views correctly.
"""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from agencies.models import Agency, AgencyRole, LearnerProfile
from agencies.services import agency_merge, staff_transfer
from learning.services import enrollment_create
from tests import factories
from tests.factories import agency_admin, agency_history_tree, hr_manager, staff_member

pytestmark = pytest.mark.django_db

MERGER = date(2025, 3, 1)  # Decree 45/2025: the Sở TT&TT went into the Sở KH&CN.
BEFORE = "28/02/2025"
TRANSFER = date(2025, 6, 1)

REPORT = reverse("compliance:hr_report")
EXPORT_CSV = reverse("compliance:hr_report_export", args=["csv"])
EXPORT_XLSX = reverse("compliance:hr_report_export", args=["xlsx"])


@pytest.fixture
def world():
    tree = agency_history_tree()
    admin = agency_admin(tree["UBND-NB"], username="tochuc")
    course = factories.course()
    people = {
        "an": staff_member(tree["STTTT"], full_name="Trần Thị An"),
        "binh": staff_member(tree["STTTT-BC"], full_name="Lê Văn Bình"),
        "hoa": staff_member(tree["SKHCN"], full_name="Phạm Thị Hoa"),
        "nam": staff_member(tree["STC"], full_name="Bùi Văn Nam"),
    }
    enrollment_create(user=people["an"].user, course=course)
    agency_merge(
        sources=[tree["STTTT"]],
        into=tree["SKHCN"],
        effective=MERGER,
        by=admin,
        reason="Nghị định 45/2025",
    )
    return {
        "tree": {code: Agency.objects.get(pk=agency.pk) for code, agency in tree.items()},
        "admin": admin,
        "people": people,
        "province_hr": hr_manager(tree["UBND-NB"], username="hr-tinh"),
    }


def counted(response) -> dict[str, str]:
    """Full name → the name of the agency the report counts them under."""
    assert response.status_code == 200
    return {row.profile.full_name: row.agency.name for row in response.context["rows"]}


def agency_choices(response) -> set[str]:
    return {label.strip() for value, label in response.context["form"].fields["agency"].choices}


# --- the Done-when scenario -----------------------------------------------------------------------


def test_as_of_the_day_before_the_merger_shows_both_departments_with_their_people(client, world):
    client.force_login(world["province_hr"])
    response = client.get(REPORT, {"as_of": BEFORE, "view": "then"})
    assert counted(response) == {
        "Trần Thị An": "Sở Thông tin và Truyền thông",
        "Lê Văn Bình": "Phòng Bưu chính",
        "Phạm Thị Hoa": "Sở Khoa học và Công nghệ",
        "Bùi Văn Nam": "Sở Tài chính",
    }
    choices = agency_choices(response)
    assert {"Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"} <= choices
    html = response.content.decode()
    assert "28/02/2025" in html
    assert "cây đơn vị như tại thời điểm đó" in html

    ttt = client.get(REPORT, {"as_of": BEFORE, "agency": world["tree"]["STTTT"].pk})
    assert set(counted(ttt)) == {"Trần Thị An", "Lê Văn Bình"}
    khcn = client.get(REPORT, {"as_of": BEFORE, "agency": world["tree"]["SKHCN"].pk})
    assert set(counted(khcn)) == {"Phạm Thị Hoa"}


def test_as_of_today_shows_one_department(client, world):
    client.force_login(world["province_hr"])
    response = client.get(REPORT)
    assert counted(response)["Trần Thị An"] == "Sở Khoa học và Công nghệ"
    assert "Sở Thông tin và Truyền thông" not in agency_choices(response)

    khcn = client.get(REPORT, {"agency": world["tree"]["SKHCN"].pk})
    assert set(counted(khcn)) == {"Trần Thị An", "Lê Văn Bình", "Phạm Thị Hoa"}
    # The merged department is no agency of today's tree: not a choice, so not found.
    assert client.get(REPORT, {"agency": world["tree"]["STTTT"].pk}).status_code == 404


def test_rolled_up_puts_the_old_people_under_the_successor(client, world):
    client.force_login(world["province_hr"])
    response = client.get(REPORT, {"as_of": BEFORE, "view": "rolled_up"})
    assert counted(response) == {
        "Trần Thị An": "Sở Khoa học và Công nghệ",
        "Lê Văn Bình": "Phòng Bưu chính",
        "Phạm Thị Hoa": "Sở Khoa học và Công nghệ",
        "Bùi Văn Nam": "Sở Tài chính",
    }
    assert "Sở Thông tin và Truyền thông" not in agency_choices(response)
    assert "quy về các đơn vị hiện nay" in response.content.decode()

    khcn = client.get(
        REPORT, {"as_of": BEFORE, "view": "rolled_up", "agency": world["tree"]["SKHCN"].pk}
    )
    assert set(counted(khcn)) == {"Trần Thị An", "Lê Văn Bình", "Phạm Thị Hoa"}
    (summary,) = khcn.context["summary"]
    assert (summary.learners, summary.active, summary.not_started) == (3, 1, 2)
    gone = {"as_of": BEFORE, "view": "rolled_up", "agency": world["tree"]["STTTT"].pk}
    assert client.get(REPORT, gone).status_code == 404


def test_a_person_who_joined_later_is_not_counted_before(client, world):
    late = staff_member(world["tree"]["STC"], full_name="Đỗ Minh Khoa", since=date(2025, 5, 1))
    client.force_login(world["province_hr"])
    assert late.full_name not in counted(client.get(REPORT, {"as_of": BEFORE}))
    assert counted(client.get(REPORT))[late.full_name] == "Sở Tài chính"


def test_people_without_history_are_where_their_record_says(client, world):
    plain = factories.learner(world["tree"]["STC"], full_name="Hồ Văn Tú")
    client.force_login(world["province_hr"])
    assert counted(client.get(REPORT, {"as_of": "01/01/2019"}))["Hồ Văn Tú"] == "Sở Tài chính"
    assert plain.profile.full_name == "Hồ Văn Tú"


# --- scope: today's roles ----------------------------------------------------------------------


def test_successor_hr_sees_the_merged_departments_past_people(client, world):
    client.force_login(hr_manager(world["tree"]["SKHCN"], username="hr-khcn"))
    then = client.get(REPORT, {"as_of": BEFORE})
    assert counted(then) == {
        "Trần Thị An": "Sở Thông tin và Truyền thông",
        "Lê Văn Bình": "Phòng Bưu chính",
        "Phạm Thị Hoa": "Sở Khoa học và Công nghệ",
    }
    assert "Sở Tài chính" not in agency_choices(then)
    ttt = client.get(REPORT, {"as_of": BEFORE, "agency": world["tree"]["STTTT"].pk})
    assert set(counted(ttt)) == {"Trần Thị An", "Lê Văn Bình"}


def test_out_of_scope_agency_is_not_found_on_every_date_and_view(client, world):
    client.force_login(hr_manager(world["tree"]["STC"], username="hr-stc"))
    assert set(counted(client.get(REPORT, {"as_of": BEFORE}))) == {"Bùi Văn Nam"}
    for agency in ("STTTT", "SKHCN", "UBND-NB"):
        for view in ("then", "rolled_up"):
            params = {"as_of": BEFORE, "view": view, "agency": world["tree"][agency].pk}
            assert client.get(REPORT, params).status_code == 404, (agency, view)
            assert client.get(EXPORT_CSV, params).status_code == 404, (agency, view)


def test_someone_transferred_in_is_seen_by_their_hr_today_and_their_hr_then(client, world):
    """The scope is today's roles: the people of my subtree today, wherever they were then,
    and the people then in the agencies my subtree carries today."""
    nam = world["people"]["nam"]
    staff_transfer(
        profile=nam, agency=world["tree"]["SKHCN"], effective=TRANSFER, by=world["admin"], reason=""
    )
    client.force_login(hr_manager(world["tree"]["SKHCN"], username="hr-khcn"))
    assert counted(client.get(REPORT, {"as_of": BEFORE}))["Bùi Văn Nam"] == "Sở Tài chính"
    client.force_login(hr_manager(world["tree"]["STC"], username="hr-stc"))
    assert set(counted(client.get(REPORT, {"as_of": BEFORE}))) == {"Bùi Văn Nam"}
    assert "Bùi Văn Nam" not in counted(client.get(REPORT))


def test_learner_and_anonymous_are_refused_whatever_the_date(client, world):
    client.force_login(world["people"]["an"].user)
    assert client.get(REPORT, {"as_of": BEFORE}).status_code == 403
    assert client.get(EXPORT_XLSX, {"as_of": BEFORE, "view": "rolled_up"}).status_code == 403
    client.logout()
    assert client.get(REPORT, {"as_of": BEFORE}).status_code == 302


# --- bad and hostile input ---------------------------------------------------------------------

BAD_DATES = [
    "31/02/2025",
    "2025-02-28",
    "28/02",
    "hôm qua",
    '=HYPERLINK("http://evil.example","x")',
    "<script>alert(1)</script>",
    "9" * 4000,
]


@pytest.mark.parametrize("value", BAD_DATES)
def test_a_bad_date_is_explained_in_vietnamese_and_the_report_stays_today(client, world, value):
    client.force_login(world["province_hr"])
    before = LearnerProfile.objects.count(), AgencyRole.objects.count()
    response = client.get(REPORT, {"as_of": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy ghi ngày theo dạng dd/mm/yyyy" in html
    assert "<script>alert(1)</script>" not in html
    assert counted(response)["Trần Thị An"] == "Sở Khoa học và Công nghệ"
    export = client.get(EXPORT_CSV, {"as_of": value})
    assert export.status_code == 400
    assert "Hãy ghi ngày theo dạng dd/mm/yyyy" in export.content.decode()
    assert (LearnerProfile.objects.count(), AgencyRole.objects.count()) == before


def test_a_nul_byte_in_a_parameter_is_refused_by_the_site(client, world):
    client.force_login(world["province_hr"])
    for params in ({"as_of": "28/02/2025\x00"}, {"view": "then\x00"}):
        assert client.get(REPORT, params).status_code == 400
        assert client.get(EXPORT_CSV, params).status_code == 400


@pytest.mark.parametrize("value", ["<script>", "=1+1", "ROLLED_UP", "9" * 100])
def test_a_bad_view_is_refused_without_breaking(client, world, value):
    client.force_login(world["province_hr"])
    response = client.get(REPORT, {"as_of": BEFORE, "view": value})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]
    assert client.get(EXPORT_CSV, {"as_of": BEFORE, "view": value}).status_code == 400


def test_search_uses_the_vietnamese_name_search_and_order(client, world):
    client.force_login(world["province_hr"])
    names = list(counted(client.get(REPORT, {"as_of": BEFORE})))
    # Given name first: An, Bình, Hoa, Nam.
    assert names == ["Trần Thị An", "Lê Văn Bình", "Phạm Thị Hoa", "Bùi Văn Nam"]
    assert list(counted(client.get(REPORT, {"as_of": BEFORE, "q": "binh"}))) == ["Lê Văn Bình"]
    assert list(counted(client.get(REPORT, {"q": "Bình"}))) == ["Lê Văn Bình"]
    assert counted(client.get(REPORT, {"q": "Bính"})) == {}


# --- exports -----------------------------------------------------------------------------------


def test_csv_names_the_date_and_view_and_counts_people_then(client, world):
    client.force_login(world["province_hr"])
    response = client.get(EXPORT_CSV, {"as_of": BEFORE, "view": "then"})
    assert response.status_code == 200
    assert "tinh-den-20250228" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[-2:] == ["Đơn vị tính đến ngày", "Tính theo"]
    by_name = {row[0]: row for row in rows[1:]}
    an = by_name["Trần Thị An"]
    assert an[header.index("Đơn vị")] == "Sở Thông tin và Truyền thông"
    assert an[header.index("Mã đơn vị")] == "STTTT"
    assert an[-2:] == ["28/02/2025", "Cây đơn vị như tại thời điểm đó"]


def test_xlsx_rolled_up_names_the_view_and_counts_under_the_successor(client, world):
    client.force_login(world["province_hr"])
    response = client.get(EXPORT_XLSX, {"as_of": BEFORE, "view": "rolled_up"})
    assert response.status_code == 200
    assert "tinh-den-20250228-quy-ve-hien-nay" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    by_name = {row[0]: row for row in rows[1:]}
    an = by_name["Trần Thị An"]
    assert an[header.index("Đơn vị")] == "Sở Khoa học và Công nghệ"
    assert an[-1] == "Quy về các đơn vị hiện nay"
    assert an[-2].date() == date(2025, 2, 28)


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 40])
def test_query_count_does_not_grow_with_people(client, world, size, django_assert_max_num_queries):
    course = factories.course(code="KHOA2")
    for index in range(size):
        agency = world["tree"]["STTTT-ATTT"] if index % 2 else world["tree"]["STC"]
        person = staff_member(agency, full_name=f"Nguyễn Văn Người {index}")
        enrollment_create(user=person.user, course=course)
    client.force_login(world["province_hr"])
    for view in ("then", "rolled_up"):
        with django_assert_max_num_queries(20):
            response = client.get(REPORT, {"as_of": BEFORE, "view": view})
        assert response.status_code == 200
        with django_assert_max_num_queries(14):
            export = client.get(EXPORT_XLSX, {"as_of": BEFORE, "view": view})
        assert export.status_code == 200
