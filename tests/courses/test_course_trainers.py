"""Trainers scoped to courses: the moderators decide who edits which course, Wagtail's page
permissions on the course's own group enforce it, and the history keeps who and why."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission

from courses.models import CourseTrainer
from courses.services import course_trainer_add, course_trainer_group, course_trainer_remove
from tests import factories

pytestmark = pytest.mark.django_db


def moderator(username="kiemduyet"):
    user = factories.UserFactory(username=username)
    # Wagtail's "Moderators", renamed to Vietnamese by courses/migrations/0005.
    user.groups.add(Group.objects.get(name="Ban biên tập"))
    return user


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def world():
    return {
        "ours": factories.course(code="ATTT-01", lessons=1),
        "theirs": factories.course(code="KNS-02", lessons=1),
        "moderator": moderator(),
        "person": factories.UserFactory(username="giangvien-attt"),
    }


def _add(world, reason="Phụ trách khóa An toàn thông tin"):
    return course_trainer_add(
        by=world["moderator"], user=world["person"], course=world["ours"], reason=reason
    )


def _edit_status(client, page) -> int:
    return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code


# --- the services ------------------------------------------------------------------------------


def test_adding_puts_the_person_in_the_courses_own_group_without_publish(world):
    trainer = _add(world)
    group = Group.objects.get(name="Giảng viên khóa ATTT-01")
    assert world["person"].groups.filter(pk=group.pk).exists()
    assert set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    ) == {(world["ours"].pk, "add_page"), (world["ours"].pk, "change_page")}
    assert group.permissions.filter(codename="access_admin").exists()
    assert group.collection_permissions.filter(permission__codename="choose_image").exists()
    record = trainer.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        world["moderator"],
        "Phụ trách khóa An toàn thông tin",
    )


def test_removing_takes_the_person_out_and_keeps_who_and_why(world):
    trainer = _add(world)
    pk = trainer.pk
    course_trainer_remove(by=world["moderator"], trainer=trainer, reason="Chuyển công tác")
    assert not CourseTrainer.objects.exists()
    assert not world["person"].groups.filter(name__startswith="Giảng viên khóa").exists()
    last = CourseTrainer.history.filter(id=pk).latest("history_date")
    assert (last.history_type, last.history_user, last.history_change_reason) == (
        "-",
        world["moderator"],
        "Chuyển công tác",
    )


def test_the_group_is_found_again_after_the_course_code_changes(world):
    trainer = _add(world)
    world["ours"].code = "ATTT-01A"
    world["ours"].save()
    other = factories.UserFactory(username="giangvien-2")
    course_trainer_add(by=world["moderator"], user=other, course=world["ours"], reason="Thêm")
    assert list(other.groups.values_list("name", flat=True)) == ["Giảng viên khóa ATTT-01"]
    # Removing still finds the group the first trainer was put in.
    course_trainer_remove(by=world["moderator"], trainer=trainer, reason="Hết nhiệm vụ")
    assert not world["person"].groups.exists()


@pytest.mark.parametrize("who", ["trainer", "learner", "staff", "anonymous-like inactive"])
def test_only_moderators_and_superusers_add_or_remove(world, who):
    trainer = _add(world)
    if who == "trainer":
        by = factories.trainer(username="giangvien-tinh")
    elif who == "learner":
        by = factories.UserFactory(username="hocvien")
    elif who == "staff":
        by = factories.UserFactory(username="nhanvien", is_staff=True)
    else:
        by = moderator(username="da-nghi")
        by.is_active = False
        by.save()
    stranger = factories.UserFactory(username="nguoi-la")
    with pytest.raises(PermissionDenied, match="Chỉ Ban biên tập"):
        course_trainer_add(by=by, user=stranger, course=world["theirs"], reason="Lý do")
    with pytest.raises(PermissionDenied, match="Chỉ Ban biên tập"):
        course_trainer_remove(by=by, trainer=trainer, reason="Lý do")
    assert list(CourseTrainer.objects.values_list("user", "course")) == [
        (world["person"].pk, world["ours"].pk)
    ]
    assert not stranger.groups.exists()


def test_a_superuser_may_add(world):
    boss = factories.UserFactory(username="quantri", is_superuser=True)
    course_trainer_add(by=boss, user=world["person"], course=world["theirs"], reason="Cần gấp")
    assert world["person"].groups.filter(name="Giảng viên khóa KNS-02").exists()


def test_not_for_oneself(world):
    board = world["moderator"]
    with pytest.raises(PermissionDenied, match="tự phân công"):
        course_trainer_add(by=board, user=board, course=world["ours"], reason="Tôi dạy")
    other_board = moderator(username="kiemduyet-2")
    mine = course_trainer_add(by=other_board, user=board, course=world["ours"], reason="Phân công")
    with pytest.raises(PermissionDenied, match="tự gỡ"):
        course_trainer_remove(by=board, trainer=mine, reason="Thôi")
    assert CourseTrainer.objects.filter(pk=mine.pk).exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "Hãy nêu lý do"), ("   \n ", "Hãy nêu lý do"), ("Lý do\x00", "không được phép")],
)
def test_a_reason_is_required_and_clean(world, reason, message):
    with pytest.raises(ValidationError) as refused:
        _add(world, reason=reason)
    assert message in " ".join(refused.value.messages)
    assert not CourseTrainer.objects.exists()
    assert not world["person"].groups.exists()
    assert not Group.objects.filter(name__startswith="Giảng viên khóa").exists()


def test_twice_is_refused_and_a_disabled_account_too(world):
    _add(world)
    with pytest.raises(ValidationError, match="đã là giảng viên"):
        _add(world)
    world["person"].is_active = False
    world["person"].save()
    with pytest.raises(ValidationError, match="bị khóa"):
        course_trainer_add(
            by=world["moderator"], user=world["person"], course=world["theirs"], reason="Lý do"
        )
    assert CourseTrainer.objects.count() == 1


def test_hostile_text_in_the_reason_is_kept_as_text(world):
    trainer = _add(world, reason='<script>alert(1)</script> =HYPERLINK("http://x")')
    assert trainer.history.get().history_change_reason == (
        '<script>alert(1)</script> =HYPERLINK("http://x")'
    )


# --- what a scoped trainer may edit -----------------------------------------------------------


def test_a_scoped_trainer_edits_their_course_and_not_another(client, world):
    _add(world)
    client.force_login(world["person"])
    assert _edit_status(client, world["ours"]) == 200
    assert _edit_status(client, world["ours"].lessons().get()) == 200
    # Wagtail refuses another course's pages: a redirect to the dashboard (or a 403).
    assert _edit_status(client, world["theirs"]) in {302, 403}
    assert _edit_status(client, world["theirs"].lessons().get()) in {302, 403}
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world["theirs"].pk]), {"title": "Bị sửa"}
    )
    assert response.status_code in {302, 403}
    world["theirs"].refresh_from_db()
    assert world["theirs"].title == "Khóa học KNS-02"
    # Nor may they publish their own course: changes go through the moderators' review.
    assert not world["ours"].permissions_for_user(world["person"]).can_publish()


def test_after_removal_the_trainer_edits_nothing(client, world):
    trainer = _add(world)
    course_trainer_remove(by=world["moderator"], trainer=trainer, reason="Hết nhiệm vụ")
    client.force_login(world["person"])
    assert _edit_status(client, world["ours"]) in {302, 403}


def test_an_unscoped_trainer_keeps_editing_every_course(client, world):
    client.force_login(factories.trainer(username="giangvien-tinh"))
    assert _edit_status(client, world["ours"]) == 200
    assert _edit_status(client, world["theirs"]) == 200


# --- the admin screen --------------------------------------------------------------------------


def test_a_moderator_adds_through_the_form(client, world):
    client.force_login(world["moderator"])
    page = client.get(reverse("course_trainers:add")).content.decode()
    assert "Lý do" in page and "ATTT-01" in page
    response = client.post(
        reverse("course_trainers:add"),
        {"person": " giangvien-attt ", "course": world["ours"].pk, "reason": "Soạn bài mới"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    trainer = CourseTrainer.objects.get(user=world["person"], course=world["ours"])
    assert trainer.history.get().history_user == world["moderator"]
    assert world["person"].groups.filter(name="Giảng viên khóa ATTT-01").exists()


@pytest.mark.parametrize(
    ("person", "reason", "message"),
    [
        ("khong-ai", "Lý do", "Không có ai có tên đăng nhập này"),
        ("kiemduyet", "Lý do", "tự phân công"),
        ("giangvien-attt", "", "Trường này là bắt buộc"),
    ],
)
def test_refusals_on_the_form_are_in_vietnamese_and_change_nothing(
    client, world, person, reason, message
):
    client.force_login(world["moderator"])
    response = client.post(
        reverse("course_trainers:add"),
        {"person": person, "course": world["ours"].pk, "reason": reason},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CourseTrainer.objects.exists()
    assert not Group.objects.filter(name__startswith="Giảng viên khóa").exists()


def test_a_nul_byte_in_the_form_is_refused_and_changes_nothing(client, world):
    client.force_login(world["moderator"])
    response = client.post(
        reverse("course_trainers:add"),
        {"person": "giangvien-attt", "course": world["ours"].pk, "reason": "Lý do\x00"},
    )
    assert response.status_code in {200, 400}
    assert not CourseTrainer.objects.exists()
    assert not Group.objects.filter(name__startswith="Giảng viên khóa").exists()


def test_a_script_in_the_form_comes_back_escaped(client, world):
    client.force_login(world["moderator"])
    response = client.post(
        reverse("course_trainers:add"),
        {"person": "khong-ai", "course": world["ours"].pk, "reason": "<script>alert(1)</script>"},
    )
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_removing_asks_for_a_reason_and_keeps_it(client, world):
    trainer = _add(world)
    client.force_login(world["moderator"])
    url = reverse("course_trainers:delete", args=[trainer.pk])
    page = client.get(url).content.decode()
    assert "Lý do" in page and "Đồng ý gỡ" in page
    assert client.post(url, {"reason": ""}).status_code == 200
    assert CourseTrainer.objects.filter(pk=trainer.pk).exists()
    assert client.post(url, {"reason": "Nghỉ phép dài"}).status_code == 302
    assert not CourseTrainer.objects.filter(pk=trainer.pk).exists()
    assert not world["person"].groups.exists()
    last = CourseTrainer.history.filter(id=trainer.pk).latest("history_date")
    assert (last.history_change_reason, last.history_user) == ("Nghỉ phép dài", world["moderator"])


def test_rows_are_neither_copied_nor_edited_around_the_service(client, world):
    trainer = _add(world)
    client.force_login(world["moderator"])
    other = world["theirs"].pk
    form = {"person": "giangvien-attt", "user": world["person"].pk, "course": other, "reason": "x"}
    assert client.post(f"/admin/giang-vien-khoa-hoc/copy/{trainer.pk}/", form).status_code == 404
    response = client.post(reverse("course_trainers:edit", args=[trainer.pk]), form)
    assert response.status_code in {302, 403}
    assert list(CourseTrainer.objects.values_list("course", flat=True)) == [world["ours"].pk]


def test_a_missing_id_is_not_found(client, world):
    client.force_login(world["moderator"])
    url = reverse("course_trainers:delete", args=[987654])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Gỡ"}).status_code == 404


def test_the_list_shows_the_trainers_and_costs_the_same_whatever_their_number(
    client, world, django_assert_max_num_queries
):
    _add(world)
    client.force_login(world["moderator"])
    html = client.get(reverse("course_trainers:index")).content.decode()
    assert "giangvien-attt" in html and "ATTT-01" in html
    delete = reverse("course_trainers:delete", args=[CourseTrainer.objects.get().pk])
    assert delete in html
    assert "Đồng ý gỡ" in client.get(delete).content.decode()
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("course_trainers:index"))
    for number in range(12):
        person = factories.UserFactory(username=f"gv{number}")
        course = world["theirs"] if number % 2 else world["ours"]
        course_trainer_add(by=world["moderator"], user=person, course=course, reason="Lý do")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("course_trainers:index"))
    assert "gv11" in response.content.decode()


@pytest.mark.parametrize("who", ["trainer", "scoped trainer", "staff"])
def test_others_do_not_reach_the_screen(client, world, who):
    trainer = _add(world)
    if who == "trainer":
        user = factories.trainer(username="giangvien-tinh")
    elif who == "scoped trainer":
        user = world["person"]
    else:
        user = factories.UserFactory(username="nhanvien", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("course_trainers:index")).status_code in {302, 403}
    assert client.get(reverse("course_trainers:add")).status_code in {302, 403}
    response = client.post(
        reverse("course_trainers:add"),
        {"person": user.username, "course": world["theirs"].pk, "reason": "Tự thêm"},
    )
    assert response.status_code in {302, 403}
    response = client.post(
        reverse("course_trainers:delete", args=[trainer.pk]), {"reason": "Gỡ trái phép"}
    )
    assert response.status_code in {302, 403}
    assert list(CourseTrainer.objects.values_list("pk", flat=True)) == [trainer.pk]
    assert (
        reverse("course_trainers:index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_the_menu_offers_the_screen_to_moderators(client, world):
    client.force_login(world["moderator"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("course_trainers:index") in html


def test_the_course_group_is_made_once(world):
    first = course_trainer_group(course=world["ours"])
    assert course_trainer_group(course=world["ours"]) == first
    assert Group.objects.filter(name__startswith="Giảng viên khóa").count() == 1
