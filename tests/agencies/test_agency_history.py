"""The 2025 reorganisation, change by change, and the tree and the people "as of" either side."""

from datetime import date

import pytest

from agencies.models import Agency, AgencyEvent, AgencyRole, AgencyVersion, StaffAssignment
from agencies.selectors import (
    agency_successor_today,
    agency_tree_as_of,
    staff_agencies_as_of,
    staff_agencies_rolled_up,
)
from agencies.services import (
    AgencyPart,
    agency_create,
    agency_dissolve,
    agency_merge,
    agency_move,
    agency_rename,
    agency_split,
    staff_transfer,
)
from tests.factories import agency_admin, agency_history_tree, hr_manager, staff_member

pytestmark = pytest.mark.django_db

MERGER = date(2025, 3, 1)  # Decree 45/2025: the Sở TT&TT went into the Sở KH&CN.
BEFORE = date(2025, 2, 28)


@pytest.fixture
def tree():
    return agency_history_tree()


@pytest.fixture
def admin(tree):
    """The province's agency administrator: changes the whole tree."""
    return agency_admin(tree["UBND-NB"], username="tochuc")


def as_of(day: date) -> dict[str, tuple[str, str | None]]:
    """code → (name, parent code) on `day`."""
    nodes = agency_tree_as_of(on=day)
    codes = {node.id: node.code for node in nodes}
    return {node.code: (node.name, codes.get(node.parent_id)) for node in nodes}


def test_merge_moves_children_staff_and_history_into_the_target(tree, admin):
    ttt, khcn = tree["STTTT"], tree["SKHCN"]
    an = staff_member(ttt, full_name="Trần Thị An")
    binh = staff_member(tree["STTTT-BC"], full_name="Lê Văn Bình")
    hr = hr_manager(ttt, username="hr-tttt")

    agency_merge(sources=[ttt], into=khcn, effective=MERGER, by=admin, reason="Nghị định 45/2025")

    ttt.refresh_from_db()
    assert ttt.active_to == MERGER
    assert ttt.successor == khcn
    assert not ttt.is_active_on(MERGER)
    assert ttt.is_active_on(BEFORE)
    # The tree stays today's structure: the merged agency keeps its place, inactive.
    assert ttt.get_parent() == tree["UBND-NB"]
    assert {c.code for c in Agency.objects.get(pk=khcn.pk).get_children()} == {
        "SKHCN-CDS",
        "STTTT-BC",
        "STTTT-ATTT",
    }
    an.refresh_from_db()
    assert an.agency == khcn
    periods = list(
        StaffAssignment.objects.filter(profile=an)
        .order_by("valid_from")
        .values_list("agency__code", "valid_from", "valid_to")
    )
    assert periods == [("STTTT", date(2020, 1, 1), MERGER), ("SKHCN", MERGER, None)]
    # A division keeps its staff; only its parent changes.
    binh.refresh_from_db()
    assert binh.agency == tree["STTTT-BC"]
    assert not AgencyRole.objects.filter(agency=ttt).exists()

    event = AgencyEvent.objects.get(kind=AgencyEvent.Kind.MERGED)
    assert (event.agency, event.effective_date, event.recorded_by) == (ttt, MERGER, admin)
    assert list(event.counterparts.all()) == [khcn]
    assert event.reason == "Nghị định 45/2025"
    assert event.details["staff_moved"] == [an.employee_code]
    assert sorted(event.details["children_moved"]) == ["STTTT-ATTT", "STTTT-BC"]
    assert event.details["roles_removed"] == [
        {"user_id": hr.pk, "username": "hr-tttt", "role": "hr_manager"}
    ]


def test_merge_both_as_of_views(tree, admin):
    an = staff_member(tree["STTTT"])
    binh = staff_member(tree["STTTT-BC"])
    agency_merge(sources=[tree["STTTT"]], into=tree["SKHCN"], effective=MERGER, by=admin, reason="")

    before, after = as_of(BEFORE), as_of(MERGER)
    assert before["STTTT"] == ("Sở Thông tin và Truyền thông", "UBND-NB")
    assert before["STTTT-BC"] == ("Phòng Bưu chính", "STTTT")
    assert "STTTT" not in after
    assert after["STTTT-BC"] == ("Phòng Bưu chính", "SKHCN")
    assert after["SKHCN-CDS"] == ("Phòng Chuyển đổi số", "SKHCN")

    ids = [an.pk, binh.pk]
    assert {k: a.code for k, a in staff_agencies_as_of(profiles=ids, on=BEFORE).items()} == {
        an.pk: "STTTT",
        binh.pk: "STTTT-BC",
    }
    assert {k: a.code for k, a in staff_agencies_rolled_up(profiles=ids, on=BEFORE).items()} == {
        an.pk: "SKHCN",
        binh.pk: "STTTT-BC",
    }
    assert {k: a.code for k, a in staff_agencies_as_of(profiles=ids, on=MERGER).items()} == {
        an.pk: "SKHCN",
        binh.pk: "STTTT-BC",
    }
    assert agency_successor_today(agency=tree["STTTT"]) == tree["SKHCN"]
    assert agency_successor_today(agency=tree["SKHCN"]) == tree["SKHCN"]


def test_merge_then_merge_again_rolls_up_to_the_last_successor(tree, admin):
    an = staff_member(tree["STTTT"])
    agency_merge(sources=[tree["STTTT"]], into=tree["SKHCN"], effective=MERGER, by=admin, reason="")
    agency_merge(
        sources=[tree["SKHCN"]], into=tree["STC"], effective=date(2025, 7, 1), by=admin, reason=""
    )
    assert agency_successor_today(agency=tree["STTTT"]) == tree["STC"]
    assert staff_agencies_rolled_up(profiles=[an], on=BEFORE)[an.pk] == tree["STC"]
    assert staff_agencies_as_of(profiles=[an], on=date(2025, 5, 1))[an.pk] == tree["SKHCN"]


def test_merge_of_several_sources_records_an_event_each(tree, admin):
    agency_merge(
        sources=[tree["STTTT"], tree["STC"]],
        into=tree["SKHCN"],
        effective=MERGER,
        by=admin,
        reason="",
    )
    assert set(
        AgencyEvent.objects.filter(kind="merged").values_list("agency__code", flat=True)
    ) == {"STTTT", "STC"}
    assert set(Agency.objects.filter(successor=tree["SKHCN"]).values_list("code", flat=True)) == {
        "STTTT",
        "STC",
    }


def test_rename_keeps_the_old_name_for_earlier_dates(tree, admin):
    renamed = date(2025, 3, 1)
    agency_rename(
        agency=tree["STC"],
        name="Sở Tài chính tỉnh Ninh Bình",
        short_name="STC NB",
        effective=renamed,
        by=admin,
        reason="Quyết định đổi tên",
    )
    agency = Agency.objects.get(code="STC")
    assert (agency.name, agency.short_name) == ("Sở Tài chính tỉnh Ninh Bình", "STC NB")
    assert as_of(BEFORE)["STC"] == ("Sở Tài chính", "UBND-NB")
    assert as_of(renamed)["STC"] == ("Sở Tài chính tỉnh Ninh Bình", "UBND-NB")
    event = AgencyEvent.objects.get(kind="renamed")
    assert event.details == {
        "before": {"name": "Sở Tài chính", "short_name": ""},
        "after": {"name": "Sở Tài chính tỉnh Ninh Bình", "short_name": "STC NB"},
    }


def test_move_changes_the_parent_from_its_date(tree, admin):
    # 2025: network information security moved to the police.
    moved = date(2025, 7, 1)
    agency_move(agency=tree["STTTT-ATTT"], parent=tree["CA"], effective=moved, by=admin, reason="")
    assert Agency.objects.get(code="STTTT-ATTT").get_parent() == tree["CA"]
    assert as_of(date(2025, 6, 30))["STTTT-ATTT"][1] == "STTTT"
    assert as_of(moved)["STTTT-ATTT"][1] == "CA"
    event = AgencyEvent.objects.get(kind="moved")
    assert event.details == {"before": {"parent": "STTTT"}, "after": {"parent": "CA"}}
    assert list(event.counterparts.all()) == [tree["CA"]]


def test_move_carries_the_subtree(tree, admin):
    agency_move(agency=tree["STTTT"], parent=tree["SKHCN"], effective=MERGER, by=admin, reason="")
    assert Agency.objects.get(code="STTTT-BC").get_parent().get_parent() == tree["SKHCN"]
    after = as_of(MERGER)
    assert after["STTTT"][1] == "SKHCN"
    assert after["STTTT-BC"][1] == "STTTT"


def test_split_creates_parts_moves_listed_staff_and_can_end_the_source(tree, admin):
    split = date(2025, 7, 1)
    an = staff_member(tree["STC"], full_name="An")
    binh = staff_member(tree["STC"], full_name="Bình")
    agency_move(agency=tree["STC-NS"], parent=tree["UBND-NB"], effective=split, by=admin, reason="")
    parts = agency_split(
        source=tree["STC"],
        parts=[
            AgencyPart(code="STC-A", name="Sở Tài chính A", kind="department"),
            AgencyPart(code="STC-B", name="Sở Tài chính B", kind="department"),
        ],
        staff_by_part={"STC-A": [an], "STC-B": [binh.pk]},
        dissolve_source=True,
        effective=split,
        by=admin,
        reason="Chia tách",
    )
    assert [p.code for p in parts] == ["STC-A", "STC-B"]
    assert all(p.get_parent() == tree["UBND-NB"] and p.active_from == split for p in parts)
    an.refresh_from_db()
    binh.refresh_from_db()
    assert (an.agency.code, binh.agency.code) == ("STC-A", "STC-B")
    stc = Agency.objects.get(code="STC")
    assert stc.active_to == split
    before, after = as_of(date(2025, 6, 30)), as_of(split)
    assert "STC" in before and "STC-A" not in before
    assert "STC" not in after and after["STC-A"] == ("Sở Tài chính A", "UBND-NB")
    assert staff_agencies_as_of(profiles=[an], on=date(2025, 6, 30))[an.pk] == stc
    event = AgencyEvent.objects.get(kind="split")
    assert event.details["staff_moved"] == {
        "STC-A": [an.employee_code],
        "STC-B": [binh.employee_code],
    }
    assert event.details["source_dissolved"] is True
    assert set(event.counterparts.values_list("code", flat=True)) == {"STC-A", "STC-B"}


def test_split_that_keeps_the_source(tree, admin):
    an = staff_member(tree["STC"])
    stays = staff_member(tree["STC"])
    agency_split(
        source=tree["STC"],
        parts=[AgencyPart(code="KBNN", name="Trung tâm Dữ liệu tài chính", kind="center")],
        staff_by_part={"KBNN": [an]},
        effective=MERGER,
        by=admin,
        reason="",
    )
    stays.refresh_from_db()
    assert stays.agency == tree["STC"]
    assert Agency.objects.get(code="STC").is_active_on(date.today())
    assert as_of(MERGER)["KBNN"] == ("Trung tâm Dữ liệu tài chính", "UBND-NB")


def test_dissolve_an_empty_agency(tree, admin):
    ended = date(2025, 7, 1)
    agency_dissolve(agency=tree["STTTT-BC"], effective=ended, by=admin, reason="Giải thể")
    agency = Agency.objects.get(code="STTTT-BC")
    assert (agency.active_to, agency.successor) == (ended, None)
    assert "STTTT-BC" in as_of(date(2025, 6, 30))
    assert "STTTT-BC" not in as_of(ended)
    assert agency_successor_today(agency=agency) == agency
    assert AgencyEvent.objects.get(kind="dissolved").details["successor"] is None


def test_dissolve_with_a_successor_hands_over_children_and_staff(tree, admin):
    an = staff_member(tree["STTTT"])
    hr_manager(tree["STTTT"], username="hr-tttt")
    agency_dissolve(
        agency=tree["STTTT"], successor=tree["SKHCN"], effective=MERGER, by=admin, reason=""
    )
    an.refresh_from_db()
    assert an.agency == tree["SKHCN"]
    assert Agency.objects.get(code="STTTT-BC").get_parent() == tree["SKHCN"]
    assert staff_agencies_rolled_up(profiles=[an], on=BEFORE)[an.pk] == tree["SKHCN"]
    event = AgencyEvent.objects.get(kind="dissolved")
    assert event.details["roles_removed"][0]["username"] == "hr-tttt"


def test_create_records_a_version_from_its_date(tree, admin):
    opened = date(2025, 8, 1)
    agency = agency_create(
        code="TTPVHCC",
        name="Trung tâm Phục vụ hành chính công",
        kind="center",
        parent=tree["UBND-NB"],
        address="Hoa Lư, Ninh Bình",
        effective=opened,
        by=admin,
        reason="",
    )
    assert (agency.active_from, agency.address) == (opened, "Hoa Lư, Ninh Bình")
    assert "TTPVHCC" not in as_of(date(2025, 7, 31))
    assert as_of(opened)["TTPVHCC"][1] == "UBND-NB"
    assert AgencyEvent.objects.get(kind="created", agency=agency).recorded_by == admin


def test_staff_transfer_keeps_where_they_were(tree, admin):
    an = staff_member(tree["STC"])
    moved = date(2025, 5, 1)
    staff_transfer(
        profile=an, agency=tree["SKHCN-CDS"], effective=moved, by=admin, reason="Điều động"
    )
    an.refresh_from_db()
    assert an.agency == tree["SKHCN-CDS"]
    assert staff_agencies_as_of(profiles=[an], on=date(2025, 4, 30))[an.pk] == tree["STC"]
    assert staff_agencies_as_of(profiles=[an], on=moved)[an.pk] == tree["SKHCN-CDS"]
    event = AgencyEvent.objects.get(kind="staff_transferred")
    assert event.details == {
        "employee_code": an.employee_code,
        "before": {"agency": "STC"},
        "after": {"agency": "SKHCN-CDS"},
    }


def test_two_changes_on_one_day_leave_no_empty_period(tree, admin):
    agency_rename(agency=tree["STC"], name="Tên tạm", effective=MERGER, by=admin, reason="")
    agency_rename(
        agency=tree["STC"], name="Sở Tài chính mới", effective=MERGER, by=admin, reason=""
    )
    periods = list(
        AgencyVersion.objects.filter(agency=tree["STC"])
        .order_by("valid_from")
        .values_list("name", "valid_from", "valid_to")
    )
    assert periods == [
        ("Sở Tài chính", date(2020, 1, 1), MERGER),
        ("Sở Tài chính mới", MERGER, None),
    ]


def test_hostile_text_is_stored_as_text(tree, admin):
    agency_rename(
        agency=tree["STC"],
        name="Sở <script>alert(1)</script>",
        effective=MERGER,
        by=admin,
        reason="",
    )
    assert as_of(MERGER)["STC"][0] == "Sở <script>alert(1)</script>"


def test_transfer_of_someone_with_only_closed_history_adds_no_overlap(tree, admin):
    person = staff_member(tree["STC"], since=None)
    StaffAssignment.objects.filter(profile=person).update(valid_to=date(2024, 1, 1))
    staff_transfer(profile=person, agency=tree["SKHCN"], effective=MERGER, by=admin, reason="")
    periods = set(
        StaffAssignment.objects.filter(profile=person).values_list(
            "agency__code", "valid_from", "valid_to"
        )
    )
    assert periods == {("STC", None, date(2024, 1, 1)), ("SKHCN", MERGER, None)}
    assert staff_agencies_as_of(profiles=[person], on=date(2024, 6, 1)) == {}
