"""The roles screens in the Wagtail admin: scoped to the administrator's subtree in every view."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from agencies.models import AgencyRole
from tests import factories

pytestmark = pytest.mark.django_db

ADMIN = AgencyRole.Role.AGENCY_ADMIN
HR = AgencyRole.Role.HR_MANAGER


def administrator(agency, username):
    user = factories.UserFactory(username=username)
    AgencyRole.objects.create(user=user, agency=agency, role=ADMIN)
    user.groups.add(Group.objects.get(name="Quản trị đơn vị"))
    return user


@pytest.fixture
def world(client):
    agencies = factories.agency_tree()
    admin = administrator(agencies["SKHCN"], "quantri-khcn")
    other_admin = administrator(agencies["STC"], "quantri-tc")
    ours = AgencyRole.objects.create(
        user=factories.learner(agencies["SKHCN-CDS"], employee_code="NB000777"),
        agency=agencies["SKHCN-CDS"],
        role=HR,
    )
    theirs = AgencyRole.objects.create(
        user=factories.learner(agencies["STC-NS"]), agency=agencies["STC-NS"], role=HR
    )
    client.force_login(admin)
    return {
        "agencies": agencies,
        "admin": admin,
        "other_admin": other_admin,
        "ours": ours,
        "theirs": theirs,
    }


def test_the_list_shows_only_roles_in_the_administrators_subtree(client, world):
    html = client.get(reverse("agency_roles:index")).content.decode()
    assert str(world["ours"].user) in html
    assert str(world["theirs"].user) not in html
    assert "quantri-tc" not in html


def test_the_list_costs_the_same_whatever_the_number_of_roles(
    client, world, django_assert_max_num_queries
):
    client.get(reverse("agency_roles:index"))
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("agency_roles:index"))
    for number in range(15):
        AgencyRole.objects.create(
            user=factories.UserFactory(username=f"them{number}"),
            agency=world["agencies"]["SKHCN-CDS"],
            role=HR,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("agency_roles:index"))


def test_granting_through_the_form(client, world):
    person = factories.learner(world["agencies"]["SKHCN"], employee_code="NB123456")
    response = client.post(
        reverse("agency_roles:add"),
        {
            "person": " NB123456 ",
            "agency": world["agencies"]["SKHCN-CDS"].pk,
            "role": HR,
            "reason": "Phụ trách nhân sự phòng",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = AgencyRole.objects.get(user=person)
    assert grant.history.get().history_change_reason == "Phụ trách nhân sự phòng"
    assert grant.history.get().history_user == world["admin"]


def test_the_form_offers_and_accepts_only_agencies_in_scope(client, world):
    html = client.get(reverse("agency_roles:add")).content.decode()
    assert "Phòng Chuyển đổi số" in html
    assert "Sở Tài chính" not in html
    person = factories.learner(world["agencies"]["SKHCN"], employee_code="NB654321")
    response = client.post(
        reverse("agency_roles:add"),
        {"person": "NB654321", "agency": world["agencies"]["STC"].pk, "role": HR, "reason": "x"},
    )
    assert response.status_code == 200
    assert not AgencyRole.objects.filter(user=person).exists()


@pytest.mark.parametrize(
    ("person", "reason", "message"),
    [
        ("khong-ai", "Lý do", "Không có ai"),
        ("quantri-khcn", "Lý do", "tự cấp"),
        ("NB000777", "", "Trường này là bắt buộc"),
    ],
)
def test_refusals_are_shown_in_vietnamese_and_change_nothing(
    client, world, person, reason, message
):
    before = AgencyRole.objects.count()
    response = client.post(
        reverse("agency_roles:add"),
        {"person": person, "agency": world["agencies"]["SKHCN"].pk, "role": HR, "reason": reason},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AgencyRole.objects.count() == before


def test_revoking_asks_for_a_reason_and_keeps_it(client, world):
    url = reverse("agency_roles:delete", args=[world["ours"].pk])
    page = client.get(url).content.decode()
    assert "Lý do" in page and "Đồng ý thu hồi" in page
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert AgencyRole.objects.filter(pk=world["ours"].pk).exists()
    response = client.post(url, {"reason": "Nghỉ hưu"})
    assert response.status_code == 302
    assert not AgencyRole.objects.filter(pk=world["ours"].pk).exists()
    last = AgencyRole.history.filter(id=world["ours"].pk).latest("history_date")
    assert (last.history_type, last.history_change_reason, last.history_user) == (
        "-",
        "Nghỉ hưu",
        world["admin"],
    )


@pytest.mark.parametrize("view", ["delete", "inspect"])
def test_another_subtree_s_role_is_not_found(client, world, view):
    url = reverse(f"agency_roles:{view}", args=[world["theirs"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Thu hồi trái phép"}).status_code == 404
    assert AgencyRole.objects.filter(pk=world["theirs"].pk).exists()


def test_roles_are_never_edited_in_place(client, world):
    url = reverse("agency_roles:edit", args=[world["ours"].pk])
    response = client.post(url, {"agency": world["agencies"]["SKHCN"].pk, "role": ADMIN})
    assert response.status_code in {302, 403}
    assert AgencyRole.objects.get(pk=world["ours"].pk).role == HR


def test_an_hr_manager_does_not_reach_the_screens(client, world):
    hr = world["ours"].user
    client.force_login(hr)
    assert client.get(reverse("agency_roles:index")).status_code in {302, 403}
    response = client.post(
        reverse("agency_roles:add"),
        {
            "person": "NB000777",
            "agency": world["agencies"]["SKHCN"].pk,
            "role": ADMIN,
            "reason": "x",
        },
    )
    assert response.status_code in {302, 403}
    assert not AgencyRole.objects.filter(user=hr, role=ADMIN).exists()
