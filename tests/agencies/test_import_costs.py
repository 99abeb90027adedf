"""What a staff import costs, counted rather than timed (bench/import_staff.py times it)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, is_password_usable
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.imports import staff_import, unusable_password
from tests.factories import agency_tree, hr_manager

from .staff_files import people, xlsx_file

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def province_hr():
    tree = agency_tree()
    return hr_manager(tree["UBND-NB"], username="hr-tinh")


def test_unusable_password_is_what_make_password_none_stores():
    first, second = unusable_password(), unusable_password()
    assert first != second
    assert first.startswith("!") and len(first) == 41
    assert not is_password_usable(first)
    assert not check_password("", first) and not check_password(first, first)


def test_new_accounts_cannot_log_in_until_a_password_is_set(province_hr):
    result = staff_import(xlsx_file(people(3)), by=province_hr, dry_run=False)
    assert len(result.created) == 3
    passwords = list(
        User.objects.filter(username__startswith="NB").values_list("password", flat=True)
    )
    assert len(set(passwords)) == 3
    assert not any(is_password_usable(password) for password in passwords)


def _statements(file, by) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = staff_import(file, by=by, dry_run=False)
    assert result.errors == []
    return len(queries)


def test_statements_do_not_grow_with_the_rows(province_hr):
    # 50 rows stay within one chunk and within one insert batch even on SQLite (999 parameters
    # a statement); PostgreSQL inserts a whole chunk at once.
    few = _statements(xlsx_file(people(3, prefix="NA")), province_hr)
    many = _statements(xlsx_file(people(50, prefix="NB")), province_hr)
    assert many == few
    # Importing the same file again changes nothing, with no more statements.
    assert _statements(xlsx_file(people(50, prefix="NB")), province_hr) <= many
