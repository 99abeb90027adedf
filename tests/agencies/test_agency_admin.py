"""The agency tree in the Wagtail admin: scoped everywhere, every change confirmed first."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from agencies.models import Agency, AgencyEvent, AgencyRole, LearnerProfile
from tests import factories

pytestmark = pytest.mark.django_db

ADMIN = AgencyRole.Role.AGENCY_ADMIN


def administrator(agency, username):
    user = factories.UserFactory(username=username)
    AgencyRole.objects.create(user=user, agency=agency, role=ADMIN)
    user.groups.add(Group.objects.get(name="Quản trị đơn vị"))
    return user


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def tree():
    return factories.agency_history_tree()


@pytest.fixture
def province_admin(client, tree):
    user = administrator(tree["UBND-NB"], "quantri-tinh")
    client.force_login(user)
    return user


@pytest.fixture
def skhcn_admin(client, tree):
    user = administrator(tree["SKHCN"], "quantri-khcn")
    client.force_login(user)
    return user


def url(name, agency=None):
    return reverse(f"agency_tree:{name}", args=[agency.pk] if agency else [])


def change(client, name, agency, data):
    """Post the form, check the confirmation changes nothing, then confirm."""
    events = AgencyEvent.objects.count()
    first = client.post(url(name, agency), data)
    assert first.status_code == 200
    assert first.context["confirming"], first.context["form"].errors
    assert AgencyEvent.objects.count() == events
    return first, client.post(url(name, agency), {**data, "confirm": "1"})


def test_the_listing_shows_the_administrators_subtree_only(client, skhcn_admin, tree):
    html = client.get(url("index")).content.decode()
    assert "Phòng Chuyển đổi số" in html and "Sở Khoa học và Công nghệ" in html
    assert "Sở Tài chính" not in html and "UBND tỉnh Ninh Bình" not in html
    assert url("import") in html


def test_the_listing_searches_by_code_and_name(client, province_admin):
    html = client.get(url("index"), {"q": "STC-NS"}).content.decode()
    assert "Phòng Ngân sách" in html and "Phòng Bưu chính" not in html
    html = client.get(url("index"), {"q": "Bưu chính"}).content.decode()
    assert "Phòng Bưu chính" in html and "Phòng Ngân sách" not in html


def test_the_listing_queries_do_not_grow_with_the_tree(
    client, province_admin, tree, django_assert_max_num_queries
):
    client.get(url("index"))
    with django_assert_max_num_queries(30) as few:
        client.get(url("index"))
    for n in range(30):
        factories.agency_create(
            code=f"STC-{n}",
            name=f"Phòng {n}",
            kind="division",
            parent=Agency.objects.get(code="STC"),
            effective=date(2021, 1, 1),
            by=None,
            reason="test",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("index"))
    assert "Đang hoạt động" in response.content.decode()


def test_inspect_shows_versions_and_events(client, province_admin, tree):
    html = client.get(url("inspect", tree["STTTT"])).content.decode()
    assert "Sở Thông tin và Truyền thông" in html
    assert "01/01/2020" in html and "Dữ liệu ban đầu" in html


def test_rename_with_confirmation(client, province_admin, tree):
    first, done = change(
        client,
        "rename",
        tree["STC"],
        {"name": "Sở Tài chính tỉnh", "short_name": "", "effective": "01/03/2025", "reason": "QĐ"},
    )
    assert "Sở Tài chính tỉnh" in first.content.decode()
    assert done.status_code == 302
    assert Agency.objects.get(code="STC").name == "Sở Tài chính tỉnh"
    event = AgencyEvent.objects.get(agency=tree["STC"], kind=AgencyEvent.Kind.RENAMED)
    assert event.effective_date == date(2025, 3, 1) and event.recorded_by == province_admin


def test_create_below_with_confirmation(client, skhcn_admin, tree):
    data = {
        "code": "SKHCN-TT",
        "name": "Trung tâm Ứng dụng",
        "short_name": "",
        "kind": "center",
        "address": "",
        "effective": "02/01/2021",
        "reason": "Thành lập",
    }
    _first, done = change(client, "create_below", tree["SKHCN"], data)
    assert done.status_code == 302
    assert Agency.objects.get(code="SKHCN-TT").get_parent().code == "SKHCN"


def test_move_with_confirmation(client, province_admin, tree):
    data = {"parent": tree["SKHCN"].pk, "effective": "01/03/2025", "reason": "Sắp xếp"}
    first, done = change(client, "move", tree["STTTT-BC"], data)
    assert "Sở Khoa học và Công nghệ" in first.content.decode()
    assert Agency.objects.get(code="STTTT-BC").get_parent().code == "SKHCN"


def test_the_2025_merge_of_the_sttt_into_the_skhcn_through_the_admin(client, province_admin, tree):
    staff = factories.staff_member(tree["STTTT"])
    hr = factories.hr_manager(tree["STTTT"], username="hr-tttt")
    data = {"sources": [tree["STTTT"].pk], "effective": "01/03/2025", "reason": "NQ 2025"}
    first, done = change(client, "merge", tree["SKHCN"], data)
    page = first.content.decode()
    assert "1 người chuyển về" in page and "Phòng Bưu chính" in page and "hr-tttt" in page
    assert done.status_code == 302
    sttt = Agency.objects.get(code="STTTT")
    assert sttt.active_to == date(2025, 3, 1) and sttt.successor.code == "SKHCN"
    assert LearnerProfile.objects.get(pk=staff.pk).agency.code == "SKHCN"
    assert Agency.objects.get(code="STTTT-BC").get_parent().code == "SKHCN"
    assert not AgencyRole.objects.filter(user=hr).exists()
    assert client.get(url("rename", sttt)).status_code == 404


def test_dissolve_with_a_successor(client, province_admin, tree):
    data = {"successor": tree["STC"].pk, "effective": "01/03/2025", "reason": "Giải thể"}
    _first, done = change(client, "dissolve", tree["CA"], data)
    assert done.status_code == 302
    assert Agency.objects.get(code="CA").active_to == date(2025, 3, 1)


def test_a_service_refusal_is_a_form_error_in_vietnamese(client, province_admin, tree):
    data = {
        "name": "Sở Tài chính",
        "short_name": "",
        "effective": "01/03/2025",
        "reason": "x",
        "confirm": "1",
    }
    with translation.override("vi"):
        response = client.post(url("rename", tree["STC"]), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not AgencyEvent.objects.filter(kind=AgencyEvent.Kind.RENAMED).exists()


@pytest.mark.parametrize("effective", ["2025-03-01", "31/02/2025", "", "<script>"])
def test_a_bad_date_is_refused(client, province_admin, tree, effective):
    data = {"name": "X", "effective": effective, "reason": "x", "confirm": "1"}
    response = client.post(url("rename", tree["STC"]), data)
    assert response.context["form"].errors["effective"]
    assert Agency.objects.get(code="STC").name == "Sở Tài chính"


def test_hostile_names_are_refused_or_kept_as_text(client, province_admin, tree):
    data = {"short_name": "", "effective": "01/03/2025", "reason": "x", "confirm": "1"}
    response = client.post(url("rename", tree["STC"]), {**data, "name": '=HYPERLINK("x")'})
    assert response.context["form"].non_field_errors()
    response = client.post(url("rename", tree["STC"]), {**data, "name": "A\x00B"})
    assert response.status_code in (200, 400)  # NUL refused by the form or the middleware
    assert Agency.objects.get(code="STC").name == "Sở Tài chính"
    client.post(url("rename", tree["STC"]), {**data, "name": "<script>alert(1)</script>"})
    html = client.get(url("inspect", tree["STC"])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("name", ["inspect", "rename", "move", "merge", "dissolve", "create_below"])
def test_an_agency_outside_the_scope_is_404_by_url_and_by_post(client, skhcn_admin, tree, name):
    assert client.get(url(name, tree["STC"])).status_code == 404
    response = client.post(
        url(name, tree["STC"]),
        {"name": "X", "effective": "01/03/2025", "reason": "x", "confirm": "1"},
    )
    assert response.status_code == 404
    assert Agency.objects.get(code="STC").name == "Sở Tài chính"


def test_a_choice_outside_the_scope_is_refused(client, skhcn_admin, tree):
    data = {"parent": tree["STC"].pk, "effective": "01/03/2025", "reason": "x", "confirm": "1"}
    response = client.post(url("move", tree["SKHCN-CDS"]), data)
    assert response.context["form"].errors["parent"]
    data = {"sources": [tree["STTTT"].pk], "effective": "01/03/2025", "reason": "x"}
    response = client.post(url("merge", tree["SKHCN"]), {**data, "confirm": "1"})
    assert response.context["form"].errors["sources"]
    assert Agency.objects.get(code="STTTT").active_to is None


def test_an_hr_manager_without_the_administrator_role_is_refused(client, tree):
    hr = factories.hr_manager(tree["UBND-NB"])
    hr.groups.add(Group.objects.get(name="Quản trị đơn vị"))
    client.force_login(hr)
    for name, agency in [("index", None), ("import", None), ("rename", tree["STC"])]:
        assert client.get(url(name, agency)).status_code in (302, 403)
    assert client.get(url("inspect", tree["STC"])).status_code in (302, 403, 404)


def test_anonymous_is_sent_to_log_in(client, tree):
    for name, agency in [("index", None), ("import", None), ("rename", tree["STC"])]:
        response = client.get(url(name, agency))
        assert response.status_code == 302 and "login" in response["Location"]


CSV = (
    "Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên,Hoạt động từ\n"
    "SKHCN-TT,Trung tâm Ứng dụng,trung tâm,SKHCN,01/01/2021\n"
)


def upload(content: str):
    return io.BytesIO(content.encode())


def test_the_import_screen_checks_then_applies(client, skhcn_admin, tree):
    file = upload(CSV)
    file.name = "don-vi.csv"
    checked = client.post(url("import"), {"file": file})
    assert checked.context["result"].created == [2]
    assert not Agency.objects.filter(code="SKHCN-TT").exists()
    applied = client.post(url("import"), {"apply": "1"})
    assert applied.context["result"].applied
    assert Agency.objects.filter(code="SKHCN-TT").exists()
    again = client.post(url("import"), {"apply": "1"})
    assert again.context["form"].errors["file"]


def test_the_import_screen_shows_row_errors_and_refuses_bad_files(client, skhcn_admin, tree):
    file = upload(CSV.replace("trung tâm", "hội đồng"))
    file.name = "don-vi.csv"
    response = client.post(url("import"), {"file": file})
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(2, "Loại đơn vị")]
    assert client.post(url("import"), {"apply": "1"}).context["form"].errors["file"]
    bad = io.BytesIO(b"\x00\x01\x02garbage")
    bad.name = "x.xlsx"
    assert client.post(url("import"), {"file": bad}).context["form"].errors["file"]
    assert not Agency.objects.filter(code="SKHCN-TT").exists()


def test_split_with_confirmation(client, province_admin, tree):
    moving = factories.staff_member(tree["STC-NS"], employee_code="NB100001")
    data = {
        "parts": "STC-NS1; Phòng Ngân sách 1; phòng\nSTC-NS2; Phòng Ngân sách 2; phòng",
        "staff": "STC-NS1: NB100001",
        "dissolve_source": "True",
        "effective": "01/03/2025",
        "reason": "Chia phòng",
    }
    first, done = change(client, "split", tree["STC-NS"], data)
    assert "Phòng Ngân sách 2" in first.content.decode()
    assert done.status_code == 302, done.context["form"].errors
    assert LearnerProfile.objects.get(pk=moving.pk).agency.code == "STC-NS1"
    assert Agency.objects.get(code="STC-NS").active_to == date(2025, 3, 1)
    assert Agency.objects.get(code="STC-NS2").get_parent().code == "STC"


@pytest.mark.parametrize(
    ("field", "value"),
    [("parts", "STC-X; Phòng X"), ("staff", "STC-X: NB999999"), ("staff", "chỉ có chữ")],
)
def test_split_refuses_bad_lines(client, province_admin, tree, field, value):
    data = {"parts": "STC-X; Phòng X; phòng", "staff": "", "effective": "01/03/2025"}
    response = client.post(url("split", tree["STC-NS"]), {**data, field: value, "reason": "x"})
    assert response.context["form"].errors[field]
    assert not Agency.objects.filter(code="STC-X").exists()


def test_an_agency_file_too_large_for_the_session_is_refused_unread(client, skhcn_admin, tree):
    from agencies.admin_agencies import AGENCY_FILE_MAX_BYTES

    big = upload(CSV + "x" * AGENCY_FILE_MAX_BYTES)
    big.name = "don-vi.csv"
    response = client.post(url("import"), {"file": big})
    assert response.context["form"].errors["file"]
    assert "agency_import_file" not in client.session
    assert not Agency.objects.filter(code="SKHCN-TT").exists()
