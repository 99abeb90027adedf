"""Every refusal of the tree services: a Vietnamese message, and nothing written."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from agencies.models import (
    Agency,
    AgencyEvent,
    AgencyRole,
    AgencyVersion,
    LearnerProfile,
    StaffAssignment,
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

DAY = date(2025, 3, 1)


@pytest.fixture
def tree():
    agencies = agency_history_tree()
    staff_member(agencies["STTTT"], full_name="Trần Thị An")
    staff_member(agencies["STC"], full_name="Lê Văn Bình")
    hr_manager(agencies["STTTT"], username="hr-tttt")
    hr_manager(agencies["UBND-NB"], username="hr-tinh")
    # Sở Tài chính already has a change recorded on 1 Mar 2025.
    agency_rename(agency=agencies["STC"], name="Sở Tài chính NB", effective=DAY, by=None, reason="")
    return {code: Agency.objects.get(pk=a.pk) for code, a in agencies.items()}


def snapshot():
    """Everything a service may write, in a comparable form."""
    return (
        list(Agency.objects.order_by("pk").values()),
        list(AgencyVersion.objects.order_by("pk").values()),
        list(StaffAssignment.objects.order_by("pk").values()),
        list(LearnerProfile.objects.order_by("pk").values("pk", "agency_id")),
        list(AgencyRole.objects.order_by("pk").values()),
        AgencyEvent.objects.count(),
    )


def refused(call, code: str) -> ValidationError:
    before = snapshot()
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.code == code, caught.value.messages
    assert snapshot() == before
    return caught.value


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def user(username: str):
    return get_user_model().objects.get(username=username)


def member(name: str) -> LearnerProfile:
    return LearnerProfile.objects.get(full_name=name)


def dissolve_division(t):
    agency_dissolve(agency=t["STTTT-BC"], effective=DAY, by=None, reason="")


# name → (the refused call, the error code, a valid change made before it, if any)
CASES = {
    # --- dates
    "future date": (
        lambda t: agency_rename(
            agency=t["SKHCN"], name="X", effective=tomorrow(), by=None, reason=""
        ),
        "future",
    ),
    "date before a recorded change": (
        lambda t: agency_rename(
            agency=t["STC"], name="Sở Tài chính", effective=date(2025, 2, 1), by=None, reason=""
        ),
        "before_latest",
    ),
    "merge before the target's last change": (
        lambda t: agency_merge(
            sources=[t["STTTT"]], into=t["STC"], effective=date(2025, 2, 1), by=None, reason=""
        ),
        "before_latest",
    ),
    "transfer before the agency's last change": (
        lambda t: staff_transfer(
            profile=member("Trần Thị An"),
            agency=t["STC"],
            effective=date(2025, 2, 1),
            by=None,
            reason="",
        ),
        "before_latest",
    ),
    "date missing": (
        lambda t: agency_rename(agency=t["SKHCN"], name="X", effective=None, by=None, reason=""),
        "no_date",
    ),
    # --- names
    "empty name": (
        lambda t: agency_rename(
            agency=t["SKHCN"], name="  \u00a0 ", effective=DAY, by=None, reason=""
        ),
        "empty",
    ),
    "NUL in name": (
        lambda t: agency_rename(
            agency=t["SKHCN"], name="Sở\x00KH", effective=DAY, by=None, reason=""
        ),
        "control",
    ),
    "NUL in reason": (
        lambda t: agency_rename(
            agency=t["SKHCN"], name="Sở mới", effective=DAY, by=None, reason="a\x00"
        ),
        "control",
    ),
    "formula as name": (
        lambda t: agency_rename(
            agency=t["SKHCN"], name='=HYPERLINK("http://x","y")', effective=DAY, by=None, reason=""
        ),
        "formula",
    ),
    "overlong name": (
        lambda t: agency_rename(
            agency=t["SKHCN"], name="S" * 256, effective=DAY, by=None, reason=""
        ),
        "too_long",
    ),
    "same name": (
        lambda t: agency_rename(
            agency=t["SKHCN"], name="Sở Khoa học và Công nghệ", effective=DAY, by=None, reason=""
        ),
        "unchanged",
    ),
    # --- create
    "code taken": (
        lambda t: agency_create(
            code="STC",
            name="Sở mới",
            kind="department",
            parent=t["UBND-NB"],
            effective=DAY,
            by=None,
            reason="",
        ),
        "code_taken",
    ),
    "unknown kind": (
        lambda t: agency_create(
            code="NEW",
            name="Sở mới",
            kind="huyen",
            parent=t["UBND-NB"],
            effective=DAY,
            by=None,
            reason="",
        ),
        "kind",
    ),
    "create under an inactive agency": (
        lambda t: agency_create(
            code="NEW",
            name="Phòng mới",
            kind="division",
            parent=t["STTTT-BC"],
            effective=DAY,
            by=None,
            reason="",
        ),
        "inactive",
        dissolve_division,
    ),
    # --- move
    "move under itself": (
        lambda t: agency_move(
            agency=t["STTTT"], parent=t["STTTT"], effective=DAY, by=None, reason=""
        ),
        "cycle",
    ),
    "move under its own child": (
        lambda t: agency_move(
            agency=t["STTTT"], parent=t["STTTT-BC"], effective=DAY, by=None, reason=""
        ),
        "cycle",
    ),
    "move to where it is": (
        lambda t: agency_move(
            agency=t["STTTT"], parent=t["UBND-NB"], effective=DAY, by=None, reason=""
        ),
        "unchanged",
    ),
    "move to nowhere": (
        lambda t: agency_move(agency=t["STTTT"], parent=None, effective=DAY, by=None, reason=""),
        "unknown_agency",
    ),
    # --- merge
    "merge into itself": (
        lambda t: agency_merge(
            sources=[t["STTTT"]], into=t["STTTT"], effective=DAY, by=None, reason=""
        ),
        "self",
    ),
    "merge into its own descendant": (
        lambda t: agency_merge(
            sources=[t["STTTT"]], into=t["STTTT-BC"], effective=DAY, by=None, reason=""
        ),
        "cycle",
    ),
    "merge nothing": (
        lambda t: agency_merge(sources=[], into=t["SKHCN"], effective=DAY, by=None, reason=""),
        "no_sources",
    ),
    "merge one agency twice": (
        lambda t: agency_merge(
            sources=[t["STTTT"], t["STTTT"]], into=t["SKHCN"], effective=DAY, by=None, reason=""
        ),
        "duplicate",
    ),
    "merge a parent with its child": (
        lambda t: agency_merge(
            sources=[t["STTTT"], t["STTTT-BC"]], into=t["SKHCN"], effective=DAY, by=None, reason=""
        ),
        "nested_sources",
    ),
    "merge into an inactive agency": (
        lambda t: agency_merge(
            sources=[t["STTTT-ATTT"]], into=t["STTTT-BC"], effective=DAY, by=None, reason=""
        ),
        "inactive",
        dissolve_division,
    ),
    "merge an agency already merged": (
        lambda t: agency_merge(
            sources=[t["STTTT"]], into=t["STC"], effective=DAY, by=None, reason=""
        ),
        "inactive",
        lambda t: agency_merge(
            sources=[t["STTTT"]], into=t["SKHCN"], effective=DAY, by=None, reason=""
        ),
    ),
    # --- split
    "split with no parts": (
        lambda t: agency_split(
            source=t["STTTT"], parts=[], staff_by_part={}, effective=DAY, by=None, reason=""
        ),
        "no_parts",
    ),
    "split into a taken code": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[AgencyPart(code="STC", name="A", kind="department")],
            staff_by_part={},
            effective=DAY,
            by=None,
            reason="",
        ),
        "code_taken",
    ),
    "split into two parts with one code": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[
                AgencyPart(code="P1", name="A", kind="department"),
                AgencyPart(code="P1", name="B", kind="department"),
            ],
            staff_by_part={},
            effective=DAY,
            by=None,
            reason="",
        ),
        "duplicate",
    ),
    "split staff to an unknown part": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[AgencyPart(code="P1", name="A", kind="department")],
            staff_by_part={"P9": []},
            effective=DAY,
            by=None,
            reason="",
        ),
        "unknown_part",
    ),
    "split an unknown person": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[AgencyPart(code="P1", name="A", kind="department")],
            staff_by_part={"P1": [999999]},
            effective=DAY,
            by=None,
            reason="",
        ),
        "unknown_person",
    ),
    "split a person given as text": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[AgencyPart(code="P1", name="A", kind="department")],
            staff_by_part={"P1": ["1 OR 1=1"]},
            effective=DAY,
            by=None,
            reason="",
        ),
        "unknown_person",
    ),
    "split another agency's person": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[AgencyPart(code="P1", name="A", kind="department")],
            staff_by_part={"P1": [member("Lê Văn Bình")]},
            effective=DAY,
            by=None,
            reason="",
        ),
        "not_in_source",
    ),
    "split one person into two parts": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[
                AgencyPart(code="P1", name="A", kind="department"),
                AgencyPart(code="P2", name="B", kind="department"),
            ],
            staff_by_part={"P1": [member("Trần Thị An")], "P2": [member("Trần Thị An")]},
            effective=DAY,
            by=None,
            reason="",
        ),
        "duplicate_person",
    ),
    "split and end with staff left": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[AgencyPart(code="P1", name="A", kind="department")],
            staff_by_part={},
            dissolve_source=True,
            effective=DAY,
            by=None,
            reason="",
        ),
        "unplaced_staff",
    ),
    "split and end with children left": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[AgencyPart(code="P1", name="A", kind="department")],
            staff_by_part={"P1": [member("Trần Thị An")]},
            dissolve_source=True,
            effective=DAY,
            by=None,
            reason="",
        ),
        "active_children",
    ),
    "split with a NUL in a part's name": (
        lambda t: agency_split(
            source=t["STTTT"],
            parts=[AgencyPart(code="P1", name="A\x00", kind="department")],
            staff_by_part={},
            effective=DAY,
            by=None,
            reason="",
        ),
        "control",
    ),
    # --- dissolve
    "dissolve with staff and no successor": (
        lambda t: agency_dissolve(agency=t["STTTT"], effective=DAY, by=None, reason=""),
        "not_empty",
    ),
    "dissolve with children and no successor": (
        lambda t: agency_dissolve(agency=t["SKHCN"], effective=DAY, by=None, reason=""),
        "not_empty",
    ),
    "dissolve into its own child": (
        lambda t: agency_dissolve(
            agency=t["STTTT"], successor=t["STTTT-BC"], effective=DAY, by=None, reason=""
        ),
        "cycle",
    ),
    # --- scope: HR of the Sở TT&TT (hr-tttt) reaches only its own subtree
    "merge into an agency outside one's scope": (
        lambda t: agency_merge(
            sources=[t["STTTT-BC"]], into=t["SKHCN"], effective=DAY, by=user("hr-tttt"), reason=""
        ),
        "out_of_scope",
    ),
    "rename another department": (
        lambda t: agency_rename(
            agency=t["SKHCN"], name="Sở mới", effective=DAY, by=user("hr-tttt"), reason=""
        ),
        "out_of_scope",
    ),
    "transfer someone from another department": (
        lambda t: staff_transfer(
            profile=member("Lê Văn Bình"),
            agency=t["STTTT-BC"],
            effective=DAY,
            by=user("hr-tttt"),
            reason="",
        ),
        "out_of_scope",
    ),
    "rename by the province's HR manager, who is no agency administrator": (
        lambda t: agency_rename(
            agency=t["STTTT-BC"], name="Phòng mới", effective=DAY, by=user("hr-tinh"), reason=""
        ),
        "out_of_scope",
    ),
    "create a top-level agency without being superuser": (
        lambda t: agency_create(
            code="NEW",
            name="Tỉnh mới",
            kind="province",
            parent=None,
            effective=DAY,
            by=user("hr-tttt"),
            reason="",
        ),
        "out_of_scope",
    ),
    "change by an anonymous user": (
        lambda t: agency_rename(
            agency=t["STTTT-BC"], name="Phòng mới", effective=DAY, by=AnonymousUser(), reason=""
        ),
        "out_of_scope",
    ),
    "dissolve on the day it was created": (
        lambda t: agency_dissolve(
            agency=Agency.objects.get(code="NEW"), effective=DAY, by=None, reason=""
        ),
        "ends_before_start",
        lambda t: agency_create(
            code="NEW",
            name="Phòng mới",
            kind="division",
            parent=t["SKHCN"],
            effective=DAY,
            by=None,
            reason="",
        ),
    ),
    "merge on the day it was created": (
        lambda t: agency_merge(
            sources=[Agency.objects.get(code="NEW")],
            into=t["SKHCN"],
            effective=DAY,
            by=None,
            reason="",
        ),
        "ends_before_start",
        lambda t: agency_create(
            code="NEW",
            name="Phòng mới",
            kind="division",
            parent=t["SKHCN"],
            effective=DAY,
            by=None,
            reason="",
        ),
    ),
    # --- staff
    "transfer an unknown person": (
        lambda t: staff_transfer(
            profile=999999, agency=t["SKHCN"], effective=DAY, by=None, reason=""
        ),
        "unknown_person",
    ),
    "transfer to the same agency": (
        lambda t: staff_transfer(
            profile=member("Trần Thị An"), agency=t["STTTT"], effective=DAY, by=None, reason=""
        ),
        "unchanged",
    ),
    "transfer to an inactive agency": (
        lambda t: staff_transfer(
            profile=member("Trần Thị An"),
            agency=t["STTTT-BC"],
            effective=DAY,
            by=None,
            reason="",
        ),
        "inactive",
        dissolve_division,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_refused_and_nothing_changed(tree, case):
    call, code, *setup = CASES[case]
    for step in setup:
        step(tree)
    refused(lambda: call(tree), code)


def test_refusal_speaks_vietnamese(tree):
    error = refused(
        lambda: agency_merge(
            sources=[tree["STTTT"]], into=tree["STTTT"], effective=DAY, by=None, reason=""
        ),
        "self",
    )
    assert error.messages == ["Không thể sáp nhập một cơ quan vào chính nó."]


def test_future_date_message(tree):
    error = refused(
        lambda: agency_rename(
            agency=tree["SKHCN"], name="Sở mới", effective=tomorrow(), by=None, reason=""
        ),
        "future",
    )
    assert error.messages == ["Ngày hiệu lực nằm trong tương lai."]


def test_an_agency_administrator_changes_its_own_subtree(tree):
    hr = agency_admin(tree["STTTT"], username="quantri-tttt")
    agency_rename(
        agency=tree["STTTT-BC"], name="Phòng Bưu chính mới", effective=DAY, by=hr, reason=""
    )
    agency_merge(
        sources=[tree["STTTT-ATTT"]], into=tree["STTTT-BC"], effective=DAY, by=hr, reason=""
    )
    event = AgencyEvent.objects.get(kind="merged")
    assert event.recorded_by == hr
    assert Agency.objects.get(code="STTTT-ATTT").successor == tree["STTTT-BC"]


def test_an_hr_manager_moves_people_within_its_subtree_but_changes_no_agency(tree):
    hr = user("hr-tttt")
    staff_transfer(
        profile=member("Trần Thị An"),
        agency=tree["STTTT-BC"],
        effective=DAY,
        by=hr,
        reason="Điều động",
    )
    assert member("Trần Thị An").agency == tree["STTTT-BC"]
    with pytest.raises(ValidationError):
        agency_rename(agency=tree["STTTT-BC"], name="Phòng khác", effective=DAY, by=hr, reason="")
    assert Agency.objects.get(code="STTTT-BC").name != "Phòng khác"
