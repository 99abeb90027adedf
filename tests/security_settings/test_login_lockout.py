"""Repeated wrong passwords lock a username+address pair on the site and the admin login."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

LOCKED_TEXT = "Tạm khóa đăng nhập"


def _sign_in(client, username, password, *, url=None, address="10.1.2.3"):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _fail_until_locked(client, username, **kwargs):
    responses = [
        _sign_in(client, username, "wrong password", **kwargs)
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert [r.status_code for r in responses[:-1]] == [200] * (len(responses) - 1)
    return responses[-1]


@pytest.fixture
def official():
    return factories.UserFactory(username="lethuha")


def test_failed_logins_lock_the_account_even_with_the_right_password(client, official):
    locked = _fail_until_locked(client, "lethuha")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert LOCKED_TEXT in text
    assert f"nhập sai mật khẩu {settings.AXES_FAILURE_LIMIT} lần" in text
    assert "kể cả khi nhập đúng mật khẩu" in text

    response = _sign_in(client, "lethuha", factories.PASSWORD)
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_touch_colleagues_or_other_addresses(client, official):
    factories.UserFactory(username="nguyenvanan")
    _fail_until_locked(client, "lethuha")

    colleague = _sign_in(client, "nguyenvanan", factories.PASSWORD)
    assert colleague.status_code == 302
    client.logout()
    # The same official from another office's address is not locked by a guesser elsewhere.
    elsewhere = _sign_in(client, "lethuha", factories.PASSWORD, address="10.9.9.9")
    assert elsewhere.status_code == 302


def test_a_few_mistakes_then_the_right_password_signs_in_and_clears_the_count(client, official):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "lethuha", "wrong password")
    assert _sign_in(client, "lethuha", factories.PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="lethuha").exists()


def test_the_admin_login_is_locked_too(client, official):
    admin_login = reverse("wagtailadmin_login")
    locked = _fail_until_locked(client, "lethuha", url=admin_login)
    assert locked.status_code == 429
    assert LOCKED_TEXT in locked.content.decode()
    response = _sign_in(client, "lethuha", factories.PASSWORD, url=admin_login)
    assert response.status_code == 429


def test_an_administrator_lifts_the_lockout_in_the_admin(client, official):
    _fail_until_locked(client, "lethuha")
    attempt = AccessAttempt.objects.get(username="lethuha")

    admin = factories.UserFactory(username="quantri", is_superuser=True, is_staff=True)
    admin_client = client.__class__()
    admin_client.force_login(admin)
    listing = admin_client.get(reverse("lockouts:index"))
    assert listing.status_code == 200
    assert "lethuha" in listing.content.decode()
    assert "10.1.2.3" in listing.content.decode()
    title = listing.content.decode().split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Khóa đăng nhập" in title
    response = admin_client.post(reverse("lockouts:delete", args=[attempt.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    assert _sign_in(client, "lethuha", factories.PASSWORD).status_code == 302


def test_the_unlock_screen_refuses_everyone_but_administrators(client, official):
    _fail_until_locked(client, "lethuha")
    attempt = AccessAttempt.objects.get()
    # A trainer: may use the admin, and even holds axes' own model permissions.
    trainer = factories.UserFactory(username="giangvien", is_staff=True)
    trainer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="axes"),
    )
    client.force_login(trainer)
    for response in (
        client.get(reverse("lockouts:index")),
        client.get(reverse("lockouts:delete", args=[attempt.pk])),
        client.post(reverse("lockouts:delete", args=[attempt.pk])),
        client.get(reverse("lockouts:add")),
    ):
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert reverse("lockouts:index") not in dashboard.content.decode()


def test_axes_reset_command_unlocks_from_the_shell(client, official):
    _fail_until_locked(client, "lethuha")
    call_command("axes_reset_username", "lethuha")
    assert _sign_in(client, "lethuha", factories.PASSWORD).status_code == 302


@pytest.mark.parametrize("url", [None, "/admin/login/"])
def test_an_overlong_username_is_refused_not_a_500(client, official, url):
    # Axes keeps the attempted username in a 255-character column; PostgreSQL refuses longer.
    response = _sign_in(client, "x" * 8192, "wrong password", url=url)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert all(len(attempt.username) <= 150 for attempt in AccessAttempt.objects.all())


def test_an_overlong_username_is_still_counted_on_the_site_login(client, official):
    _sign_in(client, "x" * 8192, "wrong password")
    assert AccessAttempt.objects.get().username == "x" * 150
