"""Training requirements in the Wagtail admin: HR defines them over its own agencies, the form
checks the due and recurrence rules in Vietnamese, saving assigns the requirement after the
commit, and deletion is refused once people carry it."""

import html
import json
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from compliance.models import Assignment, ComplianceCount, Requirement
from tests import factories

pytestmark = pytest.mark.django_db

ADD = "requirements:add"
HR_GROUP = "Cán bộ tổ chức, nhân sự"


@pytest.fixture
def world(client):
    tree = factories.agency_tree()
    course = factories.course(code="ATTT", lessons=1)
    people = {
        "cds": factories.staff_member(tree["SKHCN-CDS"], employee_code="NB000101"),
        "khcn": factories.staff_member(tree["SKHCN"], employee_code="NB000102"),
        "contract": factories.staff_member(
            tree["SKHCN"], employee_code="NB000103", category="nguoi_lao_dong"
        ),
        "stc": factories.staff_member(tree["STC-NS"], employee_code="NB000104"),
    }
    hr = factories.hr_manager(tree["SKHCN"], username="hr-khcn")
    client.force_login(hr)
    return {
        "tree": tree,
        "course": course,
        "people": people,
        "hr": hr,
        "hr_out": factories.hr_manager(tree["STC"], username="hr-tc"),
        "province": factories.hr_manager(tree["UBND-NB"], username="hr-tinh"),
    }


def form_data(world, **overrides) -> dict:
    data = {
        "title": "An toàn thông tin hằng năm",
        "description": "",
        "active": "on",
        "agency": world["tree"]["SKHCN"].pk,
        "categories": ["cong_chuc"],
        "leadership_levels": [],
        "positions": "",
        "job_positions": "",
        "people": "",
        "excluded_people": "",
        "satisfaction": "courses",
        "courses": [world["course"].pk],
        "hours_required": "",
        "hours_category": "",
        "hours_area": "",
        "due_rule": "fixed",
        "due_date": "2026-12-31",
        "due_days": "30",
        "recurrence": "yearly",
        "recurrence_months": "12",
        "window_days": "30",
        "expiry_base": "completion",
        "minimum_active_days": "0",
        "due_soon_days": "30",
        "reason": "Kế hoạch 12/KH-UBND",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def requirement_at(agency, title="Yêu cầu có sẵn", course=None) -> Requirement:
    requirement = Requirement.objects.create(title=title, agency=agency)
    if course is not None:
        requirement.courses.add(course)
    return requirement


def test_hr_creates_a_requirement_that_is_assigned_after_the_commit(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse(ADD), form_data(world), follow=True)
    assert response.status_code == 200
    assert len(callbacks) >= 1
    requirement = Requirement.objects.get()
    assert (requirement.agency, requirement.categories, requirement.created_by) == (
        world["tree"]["SKHCN"],
        ["cong_chuc"],
        world["hr"],
    )
    assert list(requirement.courses.all()) == [world["course"]]
    # Công chức of the SKHCN subtree: not the contract worker, not the STC's.
    assigned = set(Assignment.objects.values_list("profile_id", flat=True))
    assert assigned == {world["people"]["cds"].pk, world["people"]["khcn"].pk}
    assert sum(ComplianceCount.objects.values_list("count", flat=True)) == 2
    assert "Đã lưu “An toàn thông tin hằng năm”. Đang giao yêu cầu cho 2 người." in page_text(
        response
    )
    row = requirement.history.latest()
    assert (row.history_user, row.history_change_reason) == (world["hr"], "Kế hoạch 12/KH-UBND")


def test_nothing_is_assigned_before_the_commit(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(reverse(ADD), form_data(world)).status_code == 302
    assert Requirement.objects.count() == 1
    assert not Assignment.objects.exists()
    for callback in callbacks:
        callback()
    assert Assignment.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"courses": []}, "courses", "Hãy chọn ít nhất một khóa học"),
        (
            {"satisfaction": "hours", "courses": [], "hours_required": "0"},
            "hours_required",
            "Hãy ghi số tiết phải học: lớn hơn 0.",
        ),
        (
            {"satisfaction": "hours", "courses": [], "hours_required": ""},
            "hours_required",
            "Hãy ghi số tiết phải học: lớn hơn 0.",
        ),
        (
            {"recurrence": "none", "due_date": ""},
            "due_date",
            "Hãy ghi hạn hoàn thành: yêu cầu có hạn vào một ngày cố định.",
        ),
        (
            {"due_rule": "after_assignment", "due_date": ""},
            "recurrence",
            "Yêu cầu hằng năm có hạn vào một ngày cố định mỗi năm",
        ),
        (
            {"recurrence": "months", "recurrence_months": "0"},
            "recurrence_months",
            "Hãy ghi số tháng giữa hai lần hoàn thành: từ 1 trở lên.",
        ),
        (
            {"window_days": "365"},
            "window_days",
            "phải ngắn hơn chu kỳ (365 ngày)",
        ),
        (
            # One month can be 28 days long (February): a 28-day window never fits.
            {"recurrence": "months", "recurrence_months": "1", "window_days": "28"},
            "window_days",
            "phải ngắn hơn chu kỳ (28 ngày)",
        ),
        ({"title": ""}, "title", "Trường này là bắt buộc."),
        ({"positions": "x" * 151}, "positions", "Mỗi dòng có tối đa 150 ký tự."),
    ],
)
def test_each_rule_of_the_form_is_explained_and_nothing_is_saved(
    client, world, overrides, field, message
):
    response = client.post(reverse(ADD), form_data(world, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors.get(field, [])), form.errors
    assert message in page_text(response)
    assert not Requirement.objects.exists()
    assert not Assignment.objects.exists()


def test_a_valid_recurring_requirement_passes_the_same_rules(client, world):
    data = form_data(
        world,
        recurrence="months",
        recurrence_months="1",
        window_days="27",
        due_rule="after_joining",
        due_date="",
    )
    assert client.post(reverse(ADD), data).status_code == 302
    requirement = Requirement.objects.get()
    assert (requirement.recurrence, requirement.window_days) == ("months", 27)


def test_titles_job_positions_and_people_are_read_one_a_line(client, world):
    people = world["people"]
    data = form_data(
        world,
        categories=[],
        positions="Chuyên viên\n\n  chuyên   viên \nTrưởng phòng",
        job_positions="An toàn thông tin\r\n",
        people=f"{people['contract'].employee_code}\n",
        excluded_people=f"{people['khcn'].employee_code}, {people['cds'].employee_code}",
        leadership_levels=["none", "division"],
    )
    assert client.post(reverse(ADD), data).status_code == 302
    requirement = Requirement.objects.get()
    assert requirement.positions == ["Chuyên viên", "Trưởng phòng"]
    assert requirement.job_positions == ["An toàn thông tin"]
    assert requirement.leadership_levels == ["none", "division"]
    assert list(requirement.people.all()) == [people["contract"]]
    assert set(requirement.excluded_people.all()) == {people["khcn"], people["cds"]}
    # The edit form shows them back one a line.
    form = client.get(reverse("requirements:edit", args=[requirement.pk])).context["form"]
    assert form.initial["positions"] == "Chuyên viên\nTrưởng phòng"
    assert form.initial["people"] == people["contract"].employee_code


def test_named_people_must_be_in_the_managers_agencies(client, world):
    outsider = world["people"]["stc"].employee_code
    for name in ("people", "excluded_people"):
        response = client.post(
            reverse(ADD), form_data(world, **{name: f"NB000101\n{outsider}\nKHONGCO"})
        )
        assert response.status_code == 200
        assert (
            f"Không có cán bộ nào thuộc các đơn vị bạn quản lý có mã: {outsider}, KHONGCO."
            in page_text(response)
        )
    assert not Requirement.objects.exists()


def test_the_agency_is_one_of_the_managers_and_never_the_whole_province(client, world):
    form = client.get(reverse(ADD)).context["form"]
    choices = set(form.fields["agency"].queryset.values_list("code", flat=True))
    assert choices == {"SKHCN", "SKHCN-CDS"}
    for agency in (world["tree"]["STC"].pk, world["tree"]["UBND-NB"].pk, ""):
        response = client.post(reverse(ADD), form_data(world, agency=agency))
        assert response.status_code == 200
        assert response.context["form"].errors["agency"]
    assert not Requirement.objects.exists()


def test_province_hr_defines_a_province_wide_requirement(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["province"])
    form = client.get(reverse(ADD)).context["form"]
    assert "Toàn tỉnh" in str(form["agency"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(ADD), form_data(world, agency=""))
    assert response.status_code == 302
    assert Requirement.objects.get().agency is None
    # Every công chức of the province, the STC's included.
    assert Assignment.objects.count() == 3


def test_the_listing_shows_only_requirements_over_the_managers_agencies(
    client, world, django_assert_max_num_queries
):
    tree = world["tree"]
    requirement_at(tree["SKHCN-CDS"], "Yêu cầu của phòng CĐS")
    requirement_at(tree["STC"], "Yêu cầu của Sở Tài chính")
    requirement_at(None, "Yêu cầu toàn tỉnh")
    page = page_text(client.get(reverse("requirements:index")))
    assert "Yêu cầu của phòng CĐS" in page
    assert "Yêu cầu của Sở Tài chính" not in page and "Yêu cầu toàn tỉnh" not in page

    client.force_login(world["province"])
    page = page_text(client.get(reverse("requirements:index")))
    assert "Yêu cầu của Sở Tài chính" in page and "Yêu cầu toàn tỉnh" in page
    assert "Toàn tỉnh" in page
    page = page_text(client.get(reverse("requirements:index"), {"q": "Tài chính"}))
    assert "Yêu cầu của Sở Tài chính" in page and "Yêu cầu toàn tỉnh" not in page

    client.get(reverse("requirements:index"))
    with django_assert_max_num_queries(40) as few:
        assert client.get(reverse("requirements:index")).status_code == 200
    baseline = len(few.captured_queries)
    for number in range(15):
        requirement = requirement_at(tree["STC-NS"], f"Yêu cầu số {number}", world["course"])
        Assignment.objects.create(
            requirement=requirement,
            profile=world["people"]["stc"],
            agency=tree["STC-NS"],
            status="not_started",
            assigned_on=date(2026, 1, 1),
            due_on=date(2026, 2, 1),
        )
    with django_assert_max_num_queries(baseline):
        page = page_text(client.get(reverse("requirements:index")))
    assert "Yêu cầu số 14" in page


def test_another_subtrees_requirement_is_not_found_and_stays_unchanged(client, world):
    theirs = requirement_at(world["tree"]["STC"], "Yêu cầu của Sở Tài chính", world["course"])
    province = requirement_at(None, "Yêu cầu toàn tỉnh", world["course"])
    for requirement in (theirs, province):
        for name in ("edit", "delete", "inspect", "history"):
            url = reverse(f"requirements:{name}", args=[requirement.pk])
            assert client.get(url).status_code == 404, name
        url = reverse("requirements:edit", args=[requirement.pk])
        data = form_data(world, title="Đã bị sửa", agency=world["tree"]["SKHCN"].pk)
        assert client.post(url, data).status_code == 404
        assert client.post(reverse("requirements:delete", args=[requirement.pk])).status_code == 404
    assert set(Requirement.objects.values_list("title", flat=True)) == {
        "Yêu cầu của Sở Tài chính",
        "Yêu cầu toàn tỉnh",
    }


def test_learners_and_trainers_are_refused(client, world):
    ours = requirement_at(world["tree"]["SKHCN"], "Yêu cầu của Sở", world["course"])
    client.force_login(world["people"]["cds"].user)
    for url in (reverse("requirements:index"), reverse(ADD)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
    assert client.post(reverse(ADD), form_data(world)).status_code == 302
    client.force_login(factories.trainer())
    for url in (reverse("requirements:index"), reverse(ADD)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.post(reverse(ADD), form_data(world)).status_code == 302
    edit = reverse("requirements:edit", args=[ours.pk])
    response = client.post(edit, form_data(world, title="Đã bị sửa"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert list(Requirement.objects.values_list("title", flat=True)) == ["Yêu cầu của Sở"]


def test_without_the_groups_permission_hr_cannot_define_requirements(client, world):
    group = Group.objects.get(name=HR_GROUP)
    assert group.permissions.filter(codename="add_requirement").exists()
    group.permissions.remove(*Permission.objects.filter(content_type__app_label="compliance"))
    response = client.get(reverse(ADD))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.post(reverse(ADD), form_data(world)).status_code == 302
    assert not Requirement.objects.exists()


def test_an_edit_needs_a_reason_and_reassigns_after_the_commit(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(ADD), form_data(world))
    requirement = Requirement.objects.get()
    url = reverse("requirements:edit", args=[requirement.pk])
    excluded = world["people"]["khcn"]
    data = form_data(world, excluded_people=excluded.employee_code, reason="")
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert not requirement.excluded_people.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "reason": "Biệt phái"}, follow=True)
    assert "Đang giao yêu cầu cho 1 người." in page_text(response)
    assert not Assignment.objects.get(profile=excluded).active
    assert Assignment.objects.get(profile=world["people"]["cds"]).active
    row = requirement.history.latest()
    assert (row.history_user, row.history_change_reason) == (world["hr"], "Biệt phái")
    # The inspection lists the versions: who, why, and what each changed.
    page = page_text(client.get(reverse("requirements:inspect", args=[requirement.pk])))
    history = page[page.index('id="requirement-versions"') :]
    assert "Biệt phái" in history and "Người được loại trừ" in history
    assert "Kế hoạch 12/KH-UBND" in history and "Tạo yêu cầu" in history
    assert history.index("Biệt phái") < history.index("Kế hoạch 12/KH-UBND")


def test_deactivating_stops_counting_and_says_so(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(ADD), form_data(world))
    requirement = Requirement.objects.get()
    url = reverse("requirements:edit", args=[requirement.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(world, active=None, reason="Tạm dừng"), follow=True)
    assert "Yêu cầu đang tạm dừng: không giao cho ai" in page_text(response)
    assert not Assignment.objects.filter(active=True).exists()
    assert Assignment.objects.count() == 2  # their history stays
    assert sum(ComplianceCount.objects.values_list("count", flat=True)) == 0


def test_delete_is_refused_while_people_carry_the_requirement(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(ADD), form_data(world))
    requirement = Requirement.objects.get()
    url = reverse("requirements:delete", args=[requirement.pk])
    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert "Không xóa được “An toàn thông tin hằng năm”" in page_text(response)
        assert "bỏ chọn “đang áp dụng”" in page_text(response)
    assert Requirement.objects.filter(pk=requirement.pk).exists()
    assert Assignment.objects.count() == 2

    # Never assigned to anyone: Wagtail's confirmation, then it goes.
    unused = requirement_at(world["tree"]["SKHCN"], "Chưa giao cho ai", world["course"])
    url = reverse("requirements:delete", args=[unused.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Requirement.objects.filter(pk=unused.pk).exists()
    assert unused.history.filter(history_type="-").get().history_user == world["hr"]


def test_the_menu_is_training_compliance(client, world):
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
    menu = json.dumps(json.loads(props.group(1)), ensure_ascii=False)
    assert '"label": "Tuân thủ đào tạo"' in menu and '"label": "Yêu cầu bồi dưỡng"' in menu
    # A trainer opens the admin but defines no requirement: no such menu.
    client.force_login(factories.trainer())
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
    assert "Tuân thủ đào tạo" not in json.dumps(json.loads(props.group(1)), ensure_ascii=False)
