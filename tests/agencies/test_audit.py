"""The audit trail of agencies, staff records and their periods: every writer leaves history rows
with who and why, and HR reads a person's history within their scope only."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from agencies.imports import staff_import
from agencies.models import Agency, LearnerProfile, StaffAssignment
from agencies.selectors import staff_history
from agencies.services import agency_merge, agency_rename, staff_transfer, staff_update
from tests.factories import agency_admin, agency_history_tree, hr_manager, staff_member

from .staff_files import csv_file, people, person

pytestmark = pytest.mark.django_db

MERGER = date(2025, 3, 1)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def tree():
    return agency_history_tree()


@pytest.fixture
def admin(tree):
    return agency_admin(tree["UBND-NB"], username="tochuc")


def _latest(model, **filters):
    return model.history.filter(**filters).order_by("-history_date", "-history_id").first()


def test_an_edit_keeps_who_why_and_the_fields_before_and_after(tree, admin):
    an = staff_member(tree["SKHCN"], full_name="Trần Thị An")
    staff_update(profile=an, by=admin, reason="Quyết định 12/QĐ", rank="Chuyên viên chính")
    row = _latest(LearnerProfile, id=an.pk)
    assert (row.history_user, row.history_change_reason, row.history_type) == (
        admin,
        "Quyết định 12/QĐ",
        "~",
    )
    assert row.rank == "Chuyên viên chính"


def test_a_transfer_leaves_history_on_the_record_and_the_periods(tree, admin):
    an = staff_member(tree["SKHCN"], full_name="Trần Thị An")
    staff_transfer(
        profile=an, agency=tree["STC"], effective=MERGER, by=admin, reason="Điều động 7/QĐ"
    )
    profile_row = _latest(LearnerProfile, id=an.pk)
    assert (profile_row.agency_id, profile_row.history_user, profile_row.history_change_reason) == (
        tree["STC"].pk,
        admin,
        "Điều động 7/QĐ",
    )
    # The period since 2020 closed and the new one opened (the first row is the factory's).
    periods = StaffAssignment.history.filter(profile_id=an.pk, history_user__isnull=False)
    assert sorted(periods.values_list("history_type", flat=True)) == ["+", "~"]
    assert set(periods.values_list("history_user", "history_change_reason")) == {
        (admin.pk, "Điều động 7/QĐ")
    }


def test_a_merge_moving_staff_labels_every_row(tree, admin):
    ttt, khcn = tree["STTTT"], tree["SKHCN"]
    an = staff_member(ttt, full_name="Trần Thị An")
    binh = staff_member(tree["STTTT-BC"], full_name="Lê Văn Bình")
    agency_merge(sources=[ttt], into=khcn, effective=MERGER, by=admin, reason="Nghị định 45/2025")
    assert _latest(LearnerProfile, id=an.pk).history_change_reason == "Nghị định 45/2025"
    assert _latest(LearnerProfile, id=an.pk).agency_id == khcn.pk
    # Bình's division moved under the Sở KH&CN; Bình stays in it.
    assert _latest(LearnerProfile, id=binh.pk) is None or (
        _latest(LearnerProfile, id=binh.pk).history_change_reason != ""
    )
    ended = _latest(Agency, id=ttt.pk)
    assert (ended.active_to, ended.successor_id, ended.history_user) == (MERGER, khcn.pk, admin)
    moved = _latest(Agency, id=tree["STTTT-BC"].pk)
    assert moved.history_change_reason == "Nghị định 45/2025"
    assert moved.path.startswith(khcn.path)


def test_a_rename_leaves_an_agency_history_row(tree, admin):
    agency_rename(
        agency=tree["STC"], name="Sở Tài chính mới", effective=MERGER, by=admin, reason="NQ 1"
    )
    row = _latest(Agency, id=tree["STC"].pk)
    assert (row.name, row.history_user, row.history_change_reason) == (
        "Sở Tài chính mới",
        admin,
        "NQ 1",
    )


def test_the_import_labels_created_and_updated_records_with_the_file(tree):
    hr = hr_manager(tree["UBND-NB"], username="hr-tinh")
    rows = [person("NB0001", **{"Mã đơn vị": "SKHCN"})]
    staff_import(csv_file(rows), by=hr, dry_run=False, file_name="nhan-su.csv")
    created = LearnerProfile.history.get(employee_code="NB0001")
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        hr,
        "Nhập tệp nhan-su.csv",
    )
    rows[0]["Ngạch"] = "Chuyên viên chính"
    rows[0]["Mã đơn vị"] = "STC"
    staff_import(csv_file(rows), by=hr, dry_run=False, file_name="lan-2.csv")
    updated = _latest(LearnerProfile, employee_code="NB0001")
    assert (updated.history_type, updated.rank, updated.history_change_reason) == (
        "~",
        "Chuyên viên chính",
        "Nhập tệp lan-2.csv",
    )
    assert LearnerProfile.history.filter(employee_code="NB0001").count() == 2
    assert set(
        StaffAssignment.history.filter(profile__employee_code="NB0001").values_list(
            "history_change_reason", flat=True
        )
    ) == {"Nhập tệp lan-2.csv"}


def test_the_import_marking_people_as_left_keeps_history(tree):
    hr = hr_manager(tree["UBND-NB"], username="hr-tinh")
    staff_import(csv_file(people(2, agency="SKHCN")), by=hr, dry_run=False, file_name="a.csv")
    staff_import(
        csv_file(people(1, agency="SKHCN")),
        by=hr,
        agency=tree["SKHCN"],
        dry_run=False,
        confirm_left=True,
        file_name="b.csv",
    )
    row = _latest(LearnerProfile, employee_code="NB0002")
    assert (row.status, row.history_change_reason) == ("left", "Nhập tệp b.csv")


def test_an_unchanged_reimport_writes_no_history(tree):
    hr = hr_manager(tree["UBND-NB"], username="hr-tinh")
    file_rows = people(3, agency="SKHCN")
    staff_import(csv_file(file_rows), by=hr, dry_run=False)
    before = LearnerProfile.history.count()
    staff_import(csv_file(file_rows), by=hr, dry_run=False)
    assert LearnerProfile.history.count() == before


def test_the_history_reads_fields_in_vietnamese_newest_first(tree, admin):
    an = staff_member(tree["SKHCN"], full_name="Trần Thị An")
    staff_update(profile=an, by=admin, reason="Lên ngạch", rank="Chuyên viên chính")
    staff_transfer(profile=an, agency=tree["STC"], effective=MERGER, by=admin, reason="Điều động")
    history = staff_history(profile=an)
    latest = history.entries[0]
    assert latest.why == "Điều động"
    assert [(c.label, c.before, c.after) for c in latest.changes] == [
        ("đơn vị", "Sở Khoa học và Công nghệ", "Sở Tài chính")
    ]
    assert [(c.before, c.after) for c in history.entries[1].changes] == [("", "Chuyên viên chính")]
    assert [p.agency for p in history.periods] == ["Sở Khoa học và Công nghệ", "Sở Tài chính"]


def test_the_history_page_shows_changes_in_scope_and_refuses_others(client, tree, admin):
    an = staff_member(tree["SKHCN"], full_name="Trần Thị An")
    staff_update(profile=an, by=admin, reason="<script>alert(1)</script>", rank="Chính")
    url = reverse("agencies:staff_history", args=[an.pk])
    client.force_login(hr_manager(tree["SKHCN"], username="hr-khcn"))
    html = client.get(url).content.decode()
    assert "Trần Thị An" in html and "tochuc" in html and "Chính" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    client.force_login(hr_manager(tree["STC"], username="hr-tc"))
    assert client.get(url).status_code == 404
    client.force_login(staff_member(tree["SKHCN"], full_name="Lê Văn Bình").user)
    assert client.get(url).status_code == 403


def test_the_history_page_costs_the_same_whatever_the_number_of_changes(
    client, tree, admin, django_assert_max_num_queries
):
    an = staff_member(tree["SKHCN"], full_name="Trần Thị An")
    url = reverse("agencies:staff_history", args=[an.pk])
    client.force_login(admin)
    client.get(url)
    for number in range(10):
        staff_update(profile=an, by=admin, reason=f"Lần {number}", phone=f"09000000{number:02d}")
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_bulk_created_history_rows_match_the_librarys(tree):
    """history_bulk_created copies in SQL what simple-history's bulk helper builds in Python."""
    from simple_history.utils import bulk_create_with_history

    from agencies.services import history_bulk_created

    hr = hr_manager(tree["UBND-NB"], username="hr-tinh")
    ours = staff_member(tree["SKHCN"], employee_code="NB0001", full_name="Lê Thu Hà")
    model = staff_member(tree["SKHCN"], employee_code="NB0002", full_name="Lê Thu Hà")
    LearnerProfile.history.all().delete()
    history_bulk_created(LearnerProfile, [ours.pk], by=hr, reason="Nhập tệp a.csv")
    theirs = LearnerProfile(
        **{
            f.attname: getattr(model, f.attname)
            for f in LearnerProfile._meta.concrete_fields
            if f.attname not in ("id", "employee_code")
        },
        employee_code="NB0003",
    )
    model.delete()
    bulk_create_with_history(
        [theirs], LearnerProfile, default_user=hr, default_change_reason="Nhập tệp a.csv"
    )

    def row(code):
        values = LearnerProfile.history.filter(employee_code=code).values().get()
        for name in ("history_id", "history_date", "id", "employee_code", "user_id"):
            values.pop(name)
        return values

    assert row("NB0001") == row("NB0003")
    assert (row("NB0001")["history_type"], row("NB0001")["history_user_id"]) == ("+", hr.pk)
