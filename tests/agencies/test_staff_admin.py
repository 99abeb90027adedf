"""The staff screens in the Wagtail admin: scoped listing and search, edit with a reason, transfer
with a confirmation step; out-of-scope records are not found, by URL and by POST."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from agencies.models import AgencyRole, LearnerProfile
from tests import factories
from tests.factories import agency_history_tree, staff_member

pytestmark = pytest.mark.django_db

MOVE = date(2025, 3, 1)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def administrator(agency, username):
    user = factories.UserFactory(username=username)
    AgencyRole.objects.create(user=user, agency=agency, role=AgencyRole.Role.AGENCY_ADMIN)
    user.groups.add(Group.objects.get(name="Quản trị đơn vị"))
    return user


@pytest.fixture
def world(client):
    tree = agency_history_tree()
    admin = administrator(tree["SKHCN"], "quantri-khcn")
    ours = staff_member(tree["SKHCN"], full_name="Đặng Văn Đức", employee_code="NB100001")
    mine_too = staff_member(tree["SKHCN"], full_name="Bùi Thị Anh", employee_code="NB100002")
    theirs = staff_member(tree["STC"], full_name="Đỗ Văn Dục", employee_code="NB100003")
    client.force_login(admin)
    return {"tree": tree, "admin": admin, "ours": ours, "mine_too": mine_too, "theirs": theirs}


def _edit_data(profile, **overrides):
    data = {
        "full_name": profile.full_name,
        "birth_date": "",
        "category": profile.category,
        "leadership_level": profile.leadership_level,
        "position": profile.position,
        "job_position": profile.job_position,
        "rank": profile.rank,
        "agency_start_date": "",
        "phone": profile.phone,
        "status": profile.status,
        "status_date": "",
        "reason": "Quyết định 5/QĐ",
    }
    data.update(overrides)
    return data


def test_the_list_shows_only_staff_in_scope_in_vietnamese_name_order(client, world):
    html = client.get(reverse("staff:index")).content.decode()
    assert "Đặng Văn Đức" in html and "Bùi Thị Anh" in html
    assert "Đỗ Văn Dục" not in html
    # Vietnamese order sorts by the given name: Anh before Đức.
    assert html.index("Bùi Thị Anh") < html.index("Đặng Văn Đức")


def test_search_without_diacritics_and_filters(client, world):
    html = client.get(reverse("staff:index"), {"q": "duc"}).content.decode()
    assert "Đặng Văn Đức" in html and "Bùi Thị Anh" not in html and "Đỗ Văn Dục" not in html
    html = client.get(reverse("staff:index"), {"q": "NB100002"}).content.decode()
    assert "Bùi Thị Anh" in html and "Đặng Văn Đức" not in html
    LearnerProfile.objects.filter(pk=world["ours"].pk).update(status="left")
    html = client.get(reverse("staff:index"), {"status": "left"}).content.decode()
    assert "Đặng Văn Đức" in html and "Bùi Thị Anh" not in html
    # An agency outside the scope is not a choice: the filter is ignored, nothing leaks.
    html = client.get(reverse("staff:index"), {"agency": world["tree"]["STC"].pk}).content.decode()
    assert "Đỗ Văn Dục" not in html


def test_the_list_costs_the_same_whatever_the_number_of_staff(
    client, world, django_assert_max_num_queries
):
    client.get(reverse("staff:index"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("staff:index"))
    for number in range(20):
        staff_member(world["tree"]["SKHCN"], full_name=f"Người {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("staff:index")).status_code == 200


def test_an_edit_needs_a_reason_and_keeps_it(client, world):
    ours = world["ours"]
    url = reverse("staff:edit", args=[ours.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_data(ours, rank="Chuyên viên chính", reason=""))
    assert response.status_code == 200
    ours.refresh_from_db()
    assert ours.rank == ""
    response = client.post(url, _edit_data(ours, rank="Chuyên viên chính"))
    assert response.status_code == 302
    row = LearnerProfile.history.filter(id=ours.pk).order_by("-history_id").first()
    assert (row.rank, row.history_user, row.history_change_reason) == (
        "Chuyên viên chính",
        world["admin"],
        "Quyết định 5/QĐ",
    )


def test_a_new_name_renames_the_account_too(client, world):
    ours = world["ours"]
    response = client.post(
        reverse("staff:edit", args=[ours.pk]), _edit_data(ours, full_name="Trịnh Thị Mỹ Linh")
    )
    assert response.status_code == 302
    ours.user.refresh_from_db()
    assert (ours.user.first_name, ours.user.last_name) == ("Linh", "Trịnh Thị Mỹ")


def test_a_person_leaving_gets_the_status_and_its_date(client, world):
    ours = world["ours"]
    client.post(reverse("staff:edit", args=[ours.pk]), _edit_data(ours, status="left"))
    ours.refresh_from_db()
    assert ours.status == "left" and ours.status_date is not None


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("full_name", '=HYPERLINK("http://x","y")', "không được bắt đầu bằng"),
        ("rank", "Chuyên\x00viên", ""),
        ("position", "Trưởng\nphòng", "ký tự điều khiển"),
        ("reason", "a\x00b", ""),
        ("full_name", "   ", ""),
    ],
)
def test_hostile_input_changes_nothing(client, world, field, value, message):
    ours = world["ours"]
    before = LearnerProfile.history.count()
    response = client.post(
        reverse("staff:edit", args=[ours.pk]), _edit_data(ours, **{field: value})
    )
    # NUL bytes are refused before any view (400); the rest by the form or the service.
    assert response.status_code == (400 if "\x00" in value else 200)
    assert message in response.content.decode()
    assert LearnerProfile.history.count() == before
    fresh = LearnerProfile.objects.get(pk=ours.pk)
    assert (fresh.full_name, fresh.rank, fresh.position) == (
        ours.full_name,
        ours.rank,
        ours.position,
    )


def test_script_in_a_name_is_escaped_in_the_list(client, world):
    ours = world["ours"]
    client.post(
        reverse("staff:edit", args=[ours.pk]), _edit_data(ours, full_name="<script>x</script>")
    )
    html = client.get(reverse("staff:index")).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_out_of_scope_records_are_not_found_by_url_or_post(client, world):
    theirs = world["theirs"]
    for name in ("staff:edit", "staff:transfer", "staff:inspect", "staff:history"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404, name
    response = client.post(reverse("staff:edit", args=[theirs.pk]), _edit_data(theirs))
    assert response.status_code == 404
    response = client.post(
        reverse("staff:transfer", args=[theirs.pk]),
        {
            "agency": world["tree"]["SKHCN"].pk,
            "effective": "2025-03-01",
            "reason": "x",
            "confirmed": "True",
        },
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.agency == world["tree"]["STC"]
    assert client.get(reverse("staff:delete", args=[world["ours"].pk])).status_code in {302, 403}
    assert LearnerProfile.objects.filter(pk=world["ours"].pk).exists()


def test_a_transfer_asks_for_confirmation_then_moves(client, world):
    ours, target = world["ours"], world["tree"]["SKHCN-CDS"]
    url = reverse("staff:transfer", args=[ours.pk])
    data = {"agency": target.pk, "effective": "2025-03-01", "reason": "Điều động 3/QĐ"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Đồng ý chuyển" in response.content.decode()
    ours.refresh_from_db()
    assert ours.agency == world["tree"]["SKHCN"]
    response = client.post(url, {**data, "confirmed": "True"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.agency == target
    row = LearnerProfile.history.filter(id=ours.pk).order_by("-history_id").first()
    assert (row.history_user, row.history_change_reason) == (world["admin"], "Điều động 3/QĐ")


def test_a_transfer_outside_the_scope_or_refused_changes_nothing(client, world):
    ours = world["ours"]
    url = reverse("staff:transfer", args=[ours.pk])
    response = client.post(
        url,
        {
            "agency": world["tree"]["STC"].pk,
            "effective": "2025-03-01",
            "reason": "x",
            "confirmed": "True",
        },
    )
    assert response.status_code == 200  # not a choice in the form
    response = client.post(
        url,
        {
            "agency": world["tree"]["SKHCN"].pk,
            "effective": "2025-03-01",
            "reason": "x",
            "confirmed": "True",
        },
    )
    assert response.status_code == 200
    assert "đã công tác tại" in response.content.decode()
    ours.refresh_from_db()
    assert ours.agency == world["tree"]["SKHCN"]


def test_people_without_a_staff_role_see_nothing(client, world):
    client.force_login(factories.trainer())
    assert client.get(reverse("staff:index")).status_code in {302, 403}
    assert client.get(reverse("staff:edit", args=[world["ours"].pk])).status_code in {302, 403}
