"""bulk_insert: COPY on PostgreSQL, bulk_create elsewhere; the same outcome either way."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from agencies.bulk import bulk_insert
from agencies.models import LearnerProfile
from tests.factories import agency_tree

pytestmark = pytest.mark.django_db


def test_rows_get_their_keys_and_values_survive_the_trip():
    User = get_user_model()
    agency = agency_tree()["SKHCN"]
    users = [User(username=f"nb{n}", email=f"nb{n}@x.vn", first_name="Hà") for n in range(3)]
    bulk_insert(User, users, key="username")
    assert all(user.pk for user in users)
    profiles = [
        LearnerProfile(
            user_id=user.pk,
            agency=agency,
            employee_code=f"NB{n}",
            full_name="Lê Thu Hà\t<script>",
            category=LearnerProfile.Category.CONG_CHUC,
        )
        for n, user in enumerate(users)
    ]
    bulk_insert(LearnerProfile, profiles, key="employee_code")
    stored = LearnerProfile.objects.select_related("user").get(pk=profiles[1].pk)
    assert (stored.employee_code, stored.user.username) == ("NB1", "nb1")
    assert stored.full_name == "Lê Thu Hà\t<script>"
    assert stored.user.date_joined is not None and stored.user.first_name == "Hà"


def test_a_clash_is_djangos_integrity_error_and_writes_nothing():
    User = get_user_model()
    User.objects.create(username="nb1")
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(User, [User(username="nb0"), User(username="nb1")], key="username")
    assert list(User.objects.values_list("username", flat=True)) == ["nb1"]
