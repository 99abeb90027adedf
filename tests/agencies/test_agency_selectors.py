"""The as-of selectors: bounded queries whatever the size, bad data, rows written without history."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from agencies.models import Agency, AgencyVersion, StaffAssignment
from agencies.selectors import (
    agency_successor_today,
    agency_tree_as_of,
    staff_agencies_as_of,
    staff_agencies_rolled_up,
)
from agencies.services import agency_merge, agency_rename
from tests.factories import ProfileFactory, agency_history_tree, agency_tree, staff_member

pytestmark = pytest.mark.django_db

MERGER = date(2025, 3, 1)


def wide_tree(tree, *, divisions: int):
    """Add `divisions` divisions to the Sở TT&TT, each with a person, then merge it away."""
    ttt = tree["STTTT"]
    people = []
    for number in range(divisions):
        ttt = Agency.objects.get(pk=ttt.pk)
        division = ttt.add_child(code=f"D{number}", name=f"Phòng {number}", kind="division")
        people.append(staff_member(division))
        people.append(staff_member(tree["STTTT"]))
    agency_merge(sources=[tree["STTTT"]], into=tree["SKHCN"], effective=MERGER, by=None, reason="")
    return people


@pytest.mark.parametrize("divisions", [1, 25])
def test_selectors_query_count_does_not_grow_with_the_tree(
    divisions, django_assert_max_num_queries
):
    tree = agency_history_tree()
    people = wide_tree(tree, divisions=divisions)
    with django_assert_max_num_queries(2):
        nodes = agency_tree_as_of(on=date(2025, 2, 1))
    assert len(nodes) == 9 + divisions
    with django_assert_max_num_queries(2):
        where = staff_agencies_as_of(profiles=people, on=date(2025, 2, 1))
    assert len(where) == len(people)
    with django_assert_max_num_queries(4):
        today = staff_agencies_rolled_up(profiles=people, on=date(2025, 2, 1))
    assert {agency.code for agency in today.values()} == {"SKHCN"} | {
        f"D{n}" for n in range(divisions)
    }
    with django_assert_max_num_queries(2):
        assert agency_successor_today(agency=tree["STTTT"]) == tree["SKHCN"]


def test_tree_as_of_is_in_tree_order_with_depths():
    agency_history_tree()
    nodes = agency_tree_as_of(on=date(2024, 1, 1))
    assert [(node.depth, node.code) for node in nodes] == [
        (1, "UBND-NB"),
        (2, "CA"),
        (2, "SKHCN"),
        (3, "SKHCN-CDS"),
        (2, "STTTT"),
        (3, "STTTT-ATTT"),
        (3, "STTTT-BC"),
        (2, "STC"),
        (3, "STC-NS"),
    ]


def test_before_records_and_before_creation():
    agency_history_tree()
    assert agency_tree_as_of(on=date(2019, 12, 31)) == []


def test_successor_cycle_in_bad_data_ends():
    tree = agency_history_tree()
    a, b = tree["STTTT"], tree["STC"]
    Agency.objects.filter(pk=a.pk).update(successor=b, active_to=MERGER)
    Agency.objects.filter(pk=b.pk).update(successor=a, active_to=MERGER)
    assert agency_successor_today(agency=a) == b
    assert agency_successor_today(agency=b) == a


def test_rows_without_history_are_as_they_are_now():
    """Seed data and imports may write agencies and people without versions or assignments."""
    tree = agency_tree()
    person = ProfileFactory(agency=tree["SKHCN-CDS"])
    nodes = {node.code: node for node in agency_tree_as_of(on=date(2024, 1, 1))}
    assert set(nodes) == set(tree)
    assert nodes["SKHCN-CDS"].parent_id == tree["SKHCN"].pk
    assert nodes["UBND-NB"].parent_id is None
    assert staff_agencies_as_of(profiles=[person], on=date(2024, 1, 1)) == {
        person.pk: tree["SKHCN-CDS"]
    }
    # A first change writes the period before it, so the earlier view holds.
    head = ProfileFactory(agency=tree["SKHCN"])
    agency_rename(agency=tree["STC"], name="Sở Tài chính mới", effective=MERGER, by=None, reason="")
    agency_merge(sources=[tree["SKHCN"]], into=tree["STC"], effective=MERGER, by=None, reason="")
    before = {node.code: node for node in agency_tree_as_of(on=date(2024, 1, 1))}
    assert before["STC"].name == "Sở Tài chính"
    assert before["SKHCN-CDS"].parent_id == tree["SKHCN"].pk
    after = {node.code: node for node in agency_tree_as_of(on=MERGER)}
    assert "SKHCN" not in after
    assert after["SKHCN-CDS"].parent_id == tree["STC"].pk
    assert staff_agencies_as_of(profiles=[head], on=date(2024, 1, 1)) == {head.pk: tree["SKHCN"]}
    assert staff_agencies_as_of(profiles=[head], on=MERGER) == {head.pk: tree["STC"]}


def test_migration_backfill_gives_every_row_an_open_period():
    tree = agency_tree()
    person = ProfileFactory(agency=tree["STC-NS"])
    migration = importlib.import_module("agencies.migrations.0005_tree")
    migration.history_backfill(apps, None)
    versions = {v.agency.code: v for v in AgencyVersion.objects.select_related("agency", "parent")}
    assert set(versions) == set(tree)
    assert versions["STC-NS"].parent == tree["STC"]
    assert versions["UBND-NB"].parent is None
    assert all(v.valid_from is None and v.valid_to is None for v in versions.values())
    assert versions["SKHCN"].name == "Sở Khoa học và Công nghệ"
    assignment = StaffAssignment.objects.get(profile=person)
    assert (assignment.agency, assignment.valid_from, assignment.valid_to) == (
        tree["STC-NS"],
        None,
        None,
    )
