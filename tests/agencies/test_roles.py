"""Roles over the agency tree: granted only within the granter's own subtree, and audited."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import AgencyRole
from agencies.selectors import agencies_in_scope, agency_in_scope, roles_in_scope
from agencies.services import role_grant, role_revoke
from tests import factories

pytestmark = pytest.mark.django_db

HR = AgencyRole.Role.HR_MANAGER
ADMIN = AgencyRole.Role.AGENCY_ADMIN
TRAINER = AgencyRole.Role.TRAINER


@pytest.fixture
def world():
    agencies = factories.agency_tree()
    admin = factories.UserFactory(username="quantri-khcn")
    AgencyRole.objects.create(user=admin, agency=agencies["SKHCN"], role=ADMIN)
    return {"agencies": agencies, "admin": admin, "person": factories.UserFactory(username="an")}


def test_an_administrator_grants_within_their_subtree_and_it_is_recorded(world):
    division = world["agencies"]["SKHCN-CDS"]
    grant = role_grant(
        by=world["admin"], user=world["person"], agency=division, role=HR, reason="Phân công mới"
    )
    assert agencies_in_scope(user=world["person"]).get() == division
    record = grant.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        world["admin"],
        "Phân công mới",
    )


@pytest.mark.parametrize("code", ["STC", "STC-NS", "UBND-NB"])
def test_nobody_grants_beyond_their_own_subtree(world, code):
    with pytest.raises(PermissionDenied):
        role_grant(
            by=world["admin"],
            user=world["person"],
            agency=world["agencies"][code],
            role=HR,
            reason="Thử vượt quyền",
        )
    assert not AgencyRole.objects.filter(user=world["person"]).exists()


def test_an_hr_manager_is_not_an_administrator(world):
    hr = factories.hr_manager(world["agencies"]["SKHCN"], username="nhansu")
    with pytest.raises(PermissionDenied):
        role_grant(
            by=hr, user=world["person"], agency=world["agencies"]["SKHCN"], role=HR, reason="x"
        )


def test_nobody_grants_or_revokes_their_own_roles(world):
    with pytest.raises(PermissionDenied):
        role_grant(
            by=world["admin"],
            user=world["admin"],
            agency=world["agencies"]["SKHCN-CDS"],
            role=HR,
            reason="Tự cấp",
        )
    own = AgencyRole.objects.get(user=world["admin"])
    with pytest.raises(PermissionDenied):
        role_revoke(by=world["admin"], grant=own, reason="Tự thu hồi")
    assert AgencyRole.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("reason", ["", "   ", "có\x00NUL"])
def test_a_grant_needs_a_clean_reason(world, reason):
    with pytest.raises(ValidationError):
        role_grant(
            by=world["admin"],
            user=world["person"],
            agency=world["agencies"]["SKHCN"],
            role=HR,
            reason=reason,
        )
    assert not AgencyRole.objects.filter(user=world["person"]).exists()


def test_unknown_roles_and_second_grants_are_refused(world):
    agency = world["agencies"]["SKHCN"]
    with pytest.raises(ValidationError):
        role_grant(by=world["admin"], user=world["person"], agency=agency, role="root", reason="x")
    role_grant(by=world["admin"], user=world["person"], agency=agency, role=HR, reason="Lần 1")
    with pytest.raises(ValidationError):
        role_grant(by=world["admin"], user=world["person"], agency=agency, role=HR, reason="Lần 2")
    assert AgencyRole.objects.filter(user=world["person"]).count() == 1


def test_a_province_wide_administrator_reaches_every_agency(world):
    root = factories.UserFactory(username="quantri-tinh")
    AgencyRole.objects.create(user=root, agency=world["agencies"]["UBND-NB"], role=ADMIN)
    for agency in world["agencies"].values():
        assert agency_in_scope(user=root, agency=agency, roles=(ADMIN,))
    assert roles_in_scope(user=root).count() == 2  # its own and the SKHCN administrator's
    grant = role_grant(
        by=root, user=world["person"], agency=world["agencies"]["STC-NS"], role=HR, reason="Tỉnh"
    )
    assert grant in roles_in_scope(user=root)
    assert grant not in roles_in_scope(user=world["admin"])


def test_revoking_keeps_who_held_it_and_why(world):
    agency = world["agencies"]["SKHCN"]
    grant = role_grant(by=world["admin"], user=world["person"], agency=agency, role=HR, reason="A")
    grant_id = grant.pk
    role_revoke(by=world["admin"], grant=grant, reason="Chuyển công tác")
    assert not AgencyRole.objects.filter(pk=grant_id).exists()
    history = list(AgencyRole.history.filter(id=grant_id).order_by("history_date"))
    assert [(h.history_type, h.history_change_reason) for h in history] == [
        ("+", "A"),
        ("-", "Chuyển công tác"),
    ]
    assert history[-1].history_user == world["admin"]


def test_an_out_of_scope_administrator_cannot_revoke(world):
    other = factories.UserFactory(username="quantri-tc")
    AgencyRole.objects.create(user=other, agency=world["agencies"]["STC"], role=ADMIN)
    grant = role_grant(
        by=world["admin"],
        user=world["person"],
        agency=world["agencies"]["SKHCN"],
        role=HR,
        reason="Cấp",
    )
    with pytest.raises(PermissionDenied):
        role_revoke(by=other, grant=grant, reason="Thu hồi trái phép")
    assert AgencyRole.objects.filter(pk=grant.pk).exists()


def test_the_trainer_role_brings_the_editors_group_and_takes_it_back(world):
    editors, _created = Group.objects.get_or_create(name="Biên tập viên")
    agency = world["agencies"]["SKHCN"]
    first = role_grant(
        by=world["admin"], user=world["person"], agency=agency, role=TRAINER, reason="GV"
    )
    second = role_grant(
        by=world["admin"],
        user=world["person"],
        agency=world["agencies"]["SKHCN-CDS"],
        role=TRAINER,
        reason="GV phòng",
    )
    assert editors in world["person"].groups.all()
    role_revoke(by=world["admin"], grant=first, reason="Thôi")
    assert editors in world["person"].groups.all()  # still a trainer through the other role
    role_revoke(by=world["admin"], grant=second, reason="Thôi hẳn")
    assert editors not in world["person"].groups.all()


def test_scope_lookups_are_bounded(world, django_assert_max_num_queries):
    for number in range(5):
        AgencyRole.objects.create(
            user=factories.UserFactory(username=f"hr{number}"),
            agency=world["agencies"]["SKHCN-CDS"],
            role=HR,
        )
    with django_assert_max_num_queries(2):  # the administrator's roots, then the roles
        assert len(roles_in_scope(user=world["admin"])) == 6
    with django_assert_max_num_queries(1):
        assert agency_in_scope(
            user=world["admin"], agency=world["agencies"]["SKHCN-CDS"], roles=(ADMIN,)
        )


def test_a_long_reason_is_kept_whole_enough_in_the_history(world):
    """The history column holds 100 characters: a 255-character reason must not break the save
    (PostgreSQL refuses an over-long value)."""
    reason = "Lý do rất dài " * 18
    grant = role_grant(
        by=world["admin"],
        user=world["person"],
        agency=world["agencies"]["SKHCN"],
        role=HR,
        reason=reason,
    )
    stored = grant.history.get().history_change_reason
    assert len(stored) <= 100
    assert reason.startswith(stored.rstrip("…"))
    role_revoke(by=world["admin"], grant=grant, reason=reason)
