"""Names are written family name first, as in Vietnamese, on the site and in Wagtail's admin."""

import pytest
from django.contrib.auth.models import Permission

from tests import factories

pytestmark = pytest.mark.django_db


def _admin_access(user) -> None:
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )


def test_full_name_is_family_name_first():
    user = factories.UserFactory(first_name="An", last_name="Nguyễn Văn")
    assert user.get_full_name() == "Nguyễn Văn An"
    assert factories.UserFactory(username="no-name").get_full_name() == ""


def test_user_without_profile_is_named_family_first_in_admin_and_header(client):
    factories.home_page()
    user = factories.trainer()
    user.first_name, user.last_name = "Trang", "Phạm Thu"
    user.save()
    client.force_login(user)
    dashboard = client.get("/admin/").content.decode()
    assert "Phạm Thu Trang" in dashboard
    assert "Trang Phạm Thu" not in dashboard
    header = client.get("/").content.decode()
    assert "Phạm Thu Trang" in header
    assert "Trang Phạm Thu" not in header


def test_user_with_profile_is_named_as_the_profile_in_admin_and_header(client):
    factories.home_page()
    agency = factories.agency_tree()["SKHCN"]
    user = factories.learner(agency, full_name="Trần Thị Bình")
    user.first_name, user.last_name = "Bình", "Trần Thị"
    user.save()
    _admin_access(user)
    client.force_login(user)
    dashboard = client.get("/admin/").content.decode()
    assert "Trần Thị Bình" in dashboard
    assert "Bình Trần Thị" not in dashboard
    header = client.get("/").content.decode()
    assert "Trần Thị Bình" in header
    assert "Bình Trần Thị" not in header
