"""HR managers in the Wagtail admin: the group their role brings (kept in step with grants and
revocations, given to existing holders by migration agencies/0008), the staff screens and
nothing else in their menu and dashboard, and the site's HR pages leading there."""

import importlib
import json
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupCollectionPermission, GroupPagePermission

import tests.courses.test_admin_vietnamese as vietnamese
from agencies.models import AgencyRole, LearnerProfile
from agencies.services import agency_dissolve, role_grant, role_revoke
from demo.management.commands.seed_demo import Command as SeedDemo
from tests import factories
from tests.factories import agency_history_tree, staff_member

pytestmark = pytest.mark.django_db

HR = AgencyRole.Role.HR_MANAGER
ADMIN = AgencyRole.Role.AGENCY_ADMIN
HR_GROUP = "Cán bộ tổ chức, nhân sự"
ADMIN_GROUP = "Quản trị đơn vị"
migration = importlib.import_module("agencies.migrations.0008_hradmin_group")


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def world():
    tree = agency_history_tree()
    return {
        "tree": tree,
        "granter": factories.agency_admin(tree["UBND-NB"], username="quantri-tinh"),
        "person": factories.UserFactory(username="nguoi-duoc-giao"),
        "ours": staff_member(tree["SKHCN"], full_name="Đặng Văn Đức", employee_code="NB200001"),
        "below": staff_member(tree["SKHCN-CDS"], full_name="Bùi Thị Anh", employee_code="NB2002"),
        "theirs": staff_member(tree["STC"], full_name="Đỗ Văn Dục", employee_code="NB200003"),
    }


@pytest.fixture
def hr(world, client):
    user = factories.hr_manager(world["tree"]["SKHCN"], username="nhansu-khcn")
    client.force_login(user)
    return user


def groups_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def grant(world, role, agency_code, user=None):
    return role_grant(
        by=world["granter"],
        user=user or world["person"],
        agency=world["tree"][agency_code],
        role=role,
        reason="Quyết định 12/QĐ",
    )


# --- the group and its membership --------------------------------------------------------------


def test_the_hr_group_opens_the_admin_and_defines_requirements_and_nothing_else():
    assert settings.HOCSO_ROLE_GROUPS[HR] == HR_GROUP
    group = Group.objects.get(name=HR_GROUP)
    permissions = {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    # The training requirements (compliance/0003): which ones, their HR role's agencies decide.
    assert permissions == {
        "wagtailadmin.access_admin",
        "compliance.add_requirement",
        "compliance.change_requirement",
        "compliance.delete_requirement",
        "compliance.view_requirement",
    }
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not GroupCollectionPermission.objects.filter(group=group).exists()


def test_the_group_stays_while_another_grant_of_the_role_remains(world):
    first = grant(world, HR, "SKHCN")
    second = grant(world, HR, "STC")
    assert HR_GROUP in groups_of(world["person"])
    role_revoke(by=world["granter"], grant=first, reason="Thôi phụ trách Sở KH&CN")
    assert HR_GROUP in groups_of(world["person"])
    role_revoke(by=world["granter"], grant=second, reason="Nghỉ hưu")
    assert HR_GROUP not in groups_of(world["person"])


def test_two_roles_bring_two_groups_and_each_leaves_with_its_own(world):
    hr_grant = grant(world, HR, "SKHCN")
    admin_grant = grant(world, ADMIN, "SKHCN")
    assert {HR_GROUP, ADMIN_GROUP} <= groups_of(world["person"])
    role_revoke(by=world["granter"], grant=admin_grant, reason="Chuyển việc")
    assert HR_GROUP in groups_of(world["person"])
    assert ADMIN_GROUP not in groups_of(world["person"])
    role_revoke(by=world["granter"], grant=hr_grant, reason="Chuyển việc")
    assert not {HR_GROUP, ADMIN_GROUP} & groups_of(world["person"])


def test_two_roles_bringing_one_group_keep_it_while_either_remains(world, settings):
    settings.HOCSO_ROLE_GROUPS = {HR: HR_GROUP, ADMIN: HR_GROUP}
    hr_grant = grant(world, HR, "SKHCN")
    admin_grant = grant(world, ADMIN, "STC")
    role_revoke(by=world["granter"], grant=hr_grant, reason="Thôi nhân sự")
    assert HR_GROUP in groups_of(world["person"])  # still an administrator
    role_revoke(by=world["granter"], grant=admin_grant, reason="Thôi quản trị")
    assert HR_GROUP not in groups_of(world["person"])


def test_an_agency_ending_takes_the_group_with_the_role(world):
    grant(world, HR, "CA")
    assert HR_GROUP in groups_of(world["person"])
    agency_dissolve(
        agency=world["tree"]["CA"],
        effective=date(2025, 7, 1),
        by=world["granter"],
        reason="Giải thể",
    )
    assert HR_GROUP not in groups_of(world["person"])


def test_the_migration_gives_current_hr_holders_the_group_and_reverses(world):
    Group.objects.filter(name=HR_GROUP).delete()
    # Roles held before the group existed: written directly, as the services did then.
    twice = factories.UserFactory(username="nhansu-hai-noi")
    once = factories.UserFactory(username="nhansu-mot-noi")
    administrator = factories.UserFactory(username="chi-quan-tri")
    for user, code, role in [
        (twice, "SKHCN", HR),
        (twice, "STC", HR),
        (once, "UBND-NB", HR),
        (administrator, "STC", ADMIN),
    ]:
        AgencyRole.objects.create(user=user, agency=world["tree"][code], role=role)

    migration.hr_group_create(apps, None)
    migration.hr_group_create(apps, None)  # a second run changes nothing
    group = Group.objects.get(name=HR_GROUP)
    assert set(group.user_set.values_list("username", flat=True)) == {twice.username, once.username}
    assert list(group.permissions.values_list("codename", flat=True)) == ["access_admin"]

    migration.hr_group_delete(apps, None)
    assert not Group.objects.filter(name=HR_GROUP).exists()
    assert HR_GROUP not in groups_of(twice)
    assert AgencyRole.objects.filter(role=HR).count() == 3  # the roles themselves stay


def test_the_demo_hr_managers_join_the_group_and_reach_the_staff_screens(client):
    agencies = factories.agency_tree()
    password = make_password("HocSo@2026")
    SeedDemo()._staff(agencies, password)
    SeedDemo()._staff(agencies, password)  # seed_demo runs again on every `make run`
    for username in ("nhansu.skhcn", "nhansu.tinh"):
        user = AgencyRole.objects.get(user__username=username).user
        assert user.groups.filter(name=HR_GROUP).count() == 1
    client.force_login(user)
    assert client.get(reverse("staff:index")).status_code == 200


# --- what an HR manager meets in the admin ------------------------------------------------------


def menu_items(html: str) -> dict[str, str | None]:
    """The sidebar's menu items, name → URL (Wagtail serialises the sidebar as JSON)."""
    soup = BeautifulSoup(html, "html.parser")
    props = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
    main_menu = next(
        module for module in props["modules"] if module["_type"].endswith("MainMenuModule")
    )
    items = {}

    def walk(value):
        if isinstance(value, dict):
            if "name" in value and "label" in value:
                name = value["name"]
                items[name["_val"] if isinstance(name, dict) else name] = value.get("url")
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(main_menu["_args"][0])  # the menu itself; [1] is the account menu
    return items


SCREENS = {"agency_tree:index", "staff:index", "agency_roles:index", "requirements:index"}


def menu_screens(client) -> set[str]:
    """The URL names of our screens the menu offers, and "other" for anything else (a submenu,
    which has no URL of its own, counts as the items in it)."""
    urls = {reverse(name): name for name in SCREENS}
    items = menu_items(client.get(reverse("wagtailadmin_home")).content.decode())
    return {urls.get(url, "other") for url in items.values() if url is not None}


def test_an_hr_manager_sees_the_staff_and_requirements_menus_only(client, hr):
    assert menu_screens(client) == {"staff:index", "requirements:index"}


def test_an_agency_administrator_sees_the_tree_staff_and_roles(client, world):
    client.force_login(factories.agency_admin(world["tree"]["SKHCN"], username="quantri-khcn"))
    assert menu_screens(client) == SCREENS - {"requirements:index"}


def test_a_trainer_keeps_pages_and_help_and_no_staff_screens(client, world):
    client.force_login(factories.trainer())
    names = set(menu_items(client.get(reverse("wagtailadmin_home")).content.decode()))
    assert {"explorer", "help"} <= names  # Wagtail's own, shown as before
    assert menu_screens(client) == {"other"}


def test_the_hr_dashboard_leads_to_the_staff_screens_and_offers_no_pages(client, hr):
    response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    main = BeautifulSoup(html, "html.parser").find("main")
    panel = main.find(id="staff-records-heading") or main.find(
        lambda tag: tag.name == "h2" and "Hồ sơ cán bộ" in tag.get_text()
    )
    assert panel is not None
    assert "2 hồ sơ cán bộ thuộc các đơn vị bạn quản lý" in main.get_text(" ")
    links = {a["href"]: " ".join(a.get_text().split()) for a in main.find_all("a")}
    assert links[reverse("staff:index")] == "Danh sách cán bộ: tìm kiếm, sửa hồ sơ, chuyển công tác"
    assert links[reverse("agencies:staff_imports")] == "Nhập danh sách cán bộ từ Excel hoặc CSV"
    # Wagtail's search over all pages and its editor guide would only refuse them.
    assert main.find("form", attrs={"role": "search"}) is None
    assert not any("guide.wagtail.org" in href for href in links)
    assert main.find("h1").get_text(strip=True)
    assert vietnamese.english_left(html) == set()


def test_the_agency_administrators_dashboard_has_no_import_link(client, world):
    client.force_login(factories.agency_admin(world["tree"]["SKHCN"], username="quantri-khcn"))
    main = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser").main
    hrefs = {a["href"] for a in main.find_all("a")}
    assert reverse("staff:index") in hrefs
    assert reverse("agencies:staff_imports") not in hrefs  # HR's screen: they would be refused


def test_a_trainers_dashboard_is_wagtails_with_its_page_search(client, world):
    client.force_login(factories.trainer())
    main = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser").main
    assert main.find("form", attrs={"role": "search"}) is not None
    assert "Hồ sơ cán bộ" not in main.get_text()


def test_the_dashboard_costs_the_same_whatever_the_number_of_staff(
    client, hr, world, django_assert_max_num_queries
):
    client.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("wagtailadmin_home"))
    for number in range(15):
        staff_member(world["tree"]["SKHCN-CDS"], full_name=f"Người thứ {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "17 hồ sơ cán bộ" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_staff_list_for_hr_costs_the_same_whatever_the_number_of_staff(
    client, hr, world, django_assert_max_num_queries
):
    client.get(reverse("staff:index"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("staff:index"))
    for number in range(20):
        staff_member(world["tree"]["SKHCN-CDS"], full_name=f"Người {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("staff:index")).content.decode()
    assert "Người 19" in html and "Đặng Văn Đức" in html and "Đỗ Văn Dục" not in html


def test_hr_edits_a_record_in_scope_with_a_reason(client, hr, world):
    ours = world["ours"]
    data = {
        "full_name": ours.full_name,
        "birth_date": "",
        "category": ours.category,
        "leadership_level": ours.leadership_level,
        "position": ours.position,
        "job_position": ours.job_position,
        "rank": "Chuyên viên chính",
        "agency_start_date": "",
        "phone": ours.phone,
        "status": ours.status,
        "status_date": "",
        "reason": "Quyết định nâng ngạch 7/QĐ",
    }
    url = reverse("staff:edit", args=[ours.pk])
    hostile = client.post(url, {**data, "full_name": '=HYPERLINK("http://x","y")'})
    assert "không được bắt đầu bằng" in hostile.content.decode()
    assert client.post(url, {**data, "reason": ""}).status_code == 200
    ours.refresh_from_db()
    assert (ours.full_name, ours.rank) == ("Đặng Văn Đức", "")
    assert client.post(url, data).status_code == 302
    row = LearnerProfile.history.filter(id=ours.pk).order_by("-history_id").first()
    assert (row.rank, row.history_user, row.history_change_reason) == (
        "Chuyên viên chính",
        hr,
        "Quyết định nâng ngạch 7/QĐ",
    )


def test_hr_cannot_reach_another_agencys_record_or_the_tree_and_roles(client, hr, world):
    theirs = world["theirs"]
    for name in ("staff:edit", "staff:transfer", "staff:inspect", "staff:history"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404, name
    response = client.post(
        reverse("staff:transfer", args=[theirs.pk]),
        {
            "agency": world["tree"]["SKHCN"].pk,
            "effective": "2025-03-01",
            "reason": "Điều động",
            "confirmed": "True",
        },
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.agency == world["tree"]["STC"]
    home = reverse("wagtailadmin_home")
    for url in (
        reverse("agency_tree:index"),
        reverse("agency_tree:import"),
        reverse("agency_tree:rename", args=[world["tree"]["SKHCN"].pk]),
        reverse("agency_roles:index"),
        reverse("agency_roles:add"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailusers_users:index"),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, home), url
    response = client.post(
        reverse("agency_tree:rename", args=[world["tree"]["SKHCN"].pk]),
        {"name": "Sở đổi tên", "effective": "01/03/2025", "reason": "x", "confirm": "1"},
    )
    assert response.status_code == 302
    assert world["tree"]["SKHCN"].__class__.objects.get(code="SKHCN").name == (
        "Sở Khoa học và Công nghệ"
    )


def test_hostile_search_on_the_staff_list_is_escaped(client, hr):
    response = client.get(reverse("staff:index"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_site_history_shows_hr_no_one_elses_changes(client, hr, world):
    # A superuser's edit through the admin leaves a Wagtail log entry naming the person.
    superuser = factories.UserFactory(username="quan-tri", is_superuser=True)
    client.force_login(superuser)
    ours = world["ours"]
    client.post(
        reverse("staff:edit", args=[ours.pk]),
        {
            "full_name": "Đặng Văn Đức Anh",
            "category": ours.category,
            "leadership_level": ours.leadership_level,
            "status": ours.status,
            "reason": "Cải chính hộ tịch",
        },
    )
    history = reverse("wagtailadmin_reports:site_history")
    assert "Đặng Văn Đức Anh" in client.get(history).content.decode()  # the entry exists
    client.force_login(hr)
    response = client.get(history)
    assert response.status_code == 200
    assert "Đặng Văn Đức Anh" not in response.content.decode()


def test_the_page_chooser_is_empty_for_people_who_edit_no_page(client, hr):
    factories.course(code="ATTT", lessons=1)
    url = reverse("wagtailadmin_choose_page_search")
    response = client.get(url, {"q": "ATTT"})
    assert response.status_code == 200
    assert "Khóa học ATTT" not in response.content.decode()
    client.force_login(factories.trainer())
    assert "Khóa học ATTT" in client.get(url, {"q": "ATTT"}).content.decode()


# --- the site's HR pages lead to the staff screens ----------------------------------------------


def test_the_history_page_links_to_the_record_in_the_admin(client, hr, world):
    ours = world["ours"]
    page = client.get(reverse("agencies:staff_history", args=[ours.pk])).content.decode()
    links = {
        a["href"]: " ".join(a.get_text().split())
        for a in BeautifulSoup(page, "html.parser").find_all("a")
    }
    edit = reverse("staff:edit", args=[ours.pk])
    assert links[edit] == "Sửa hồ sơ của Đặng Văn Đức trong trang quản trị"
    assert links[reverse("staff:index")] == "Tất cả hồ sơ cán bộ trong trang quản trị"
    assert client.get(edit).status_code == 200  # the link works for the HR manager who sees it


def test_a_name_with_markup_is_escaped_in_the_link(client, hr, world):
    ours = world["ours"]
    LearnerProfile.objects.filter(pk=ours.pk).update(full_name="<script>x</script>")
    page = client.get(reverse("agencies:staff_history", args=[ours.pk])).content.decode()
    assert "<script>x</script>" not in page
    assert "Sửa hồ sơ của &lt;script&gt;x&lt;/script&gt; trong trang quản trị" in page


@pytest.mark.parametrize("name", ["compliance:hr_report", "agencies:staff_imports"])
def test_the_report_and_the_import_page_link_to_the_staff_list(client, hr, name):
    page = BeautifulSoup(client.get(reverse(name)).content, "html.parser")
    link = page.find("a", href=reverse("staff:index"))
    assert " ".join(link.get_text().split()) == (
        "Hồ sơ cán bộ (sửa, chuyển công tác) trong trang quản trị"
    )
