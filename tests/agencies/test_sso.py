"""Sign-in through the organisation's directory, against a real slapd started by the tests."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from agencies.models import LearnerProfile
from agencies.sso import DirectoryBackend
from tests import factories
from tests.agencies.conftest import directory_settings
from tests.agencies.directory import free_port, make_ca, person

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LAN_PASSWORD = "Lan@Directory-2026"
WRONG_PASSWORD_TEXT = "Tên đăng nhập hoặc mật khẩu không đúng."
NO_RECORD_TEXT = "chưa được gắn với hồ sơ cán bộ nào trong HọcSố"
UNAVAILABLE_TEXT = "Hiện không kết nối được máy chủ đăng nhập của cơ quan"
LOCKED_TEXT = "Tạm khóa đăng nhập"

ENTRIES = "\n".join(
    [
        # Signs in as the staff record NB100001, whose HọcSố username is different.
        person("lan", password=LAN_PASSWORD, employee_number="NB100001", name="Trần Thị Lan"),
        # In the directory, but HR never imported her.
        person("minh", password="Minh@Directory", employee_number="NB999999", name="Lê Văn Minh"),
        # In the directory without an employee code at all.
        person("khongma", password="KhongMa@Dir", employee_number=None, name="Phạm Không Mã"),
        # Has a staff record and, from before sign-on, a HọcSố password too.
        person("hai", password="Hai@Directory", employee_number="NB100002", name="Đỗ Văn Hải"),
        # Left: the account is deactivated in HọcSố.
        person("nghi", password="Nghi@Directory", employee_number="NB100003", name="Vũ Thị Nghỉ"),
    ]
)


@pytest.fixture(scope="module")
def slapd(make_slapd):
    return make_slapd(ENTRIES)


@pytest.fixture
def directory(settings, slapd):
    directory_settings(settings, slapd.url)
    return slapd


@pytest.fixture
def staff():
    agencies = factories.agency_tree()
    lan = factories.learner(
        agencies["SKHCN-CDS"], employee_code="NB100001", user__username="tran.thi.lan"
    )
    hai = factories.learner(agencies["SKHCN"], employee_code="NB100002", user__username="do.hai")
    gone = factories.learner(agencies["STC"], employee_code="NB100003", user__username="vu.nghi")
    gone.is_active = False
    gone.save()
    local = factories.learner(agencies["STC-NS"], user__username="local.user")
    return {"lan": lan, "hai": hai, "gone": gone, "local": local}


def sign_in(client: Client, username: str, password: str, *, address: str = "10.1.2.3"):
    """Through the login page as a browser does: GET for the CSRF token, then POST it."""
    page = client.get(reverse("login"), REMOTE_ADDR=address)
    assert page.status_code == 200
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    return client.post(
        reverse("login"),
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        REMOTE_ADDR=address,
    )


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def test_a_directory_user_lands_on_their_staff_record(directory, staff, browser):
    users_before = get_user_model().objects.count()

    response = sign_in(browser, "lan", LAN_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)
    assert signed_in_user_id(browser) == staff["lan"].pk
    assert browser.session["_auth_user_backend"] == "agencies.sso.DirectoryBackend"
    assert get_user_model().objects.count() == users_before
    # The session holds on the next request, through the backend's get_user.
    assert browser.get(reverse(settings.LOGIN_REDIRECT_URL)).status_code == 200


def test_the_login_needs_its_csrf_token(directory, staff, browser):
    response = browser.post(reverse("login"), {"username": "lan", "password": LAN_PASSWORD})
    assert response.status_code == 403
    assert signed_in_user_id(browser) is None


def test_a_wrong_directory_password_is_an_ordinary_failed_login(directory, staff, browser):
    response = sign_in(browser, "lan", "not her password")

    assert response.status_code == 200
    text = response.content.decode()
    assert WRONG_PASSWORD_TEXT in text
    assert NO_RECORD_TEXT not in text and UNAVAILABLE_TEXT not in text
    assert signed_in_user_id(browser) is None
    assert AccessAttempt.objects.get(username="lan").failures_since_start == 1


def test_a_directory_user_without_a_staff_record_is_told_so_and_gets_no_account(
    directory, staff, browser
):
    users_before = get_user_model().objects.count()

    for username, password in (("minh", "Minh@Directory"), ("khongma", "KhongMa@Dir")):
        response = sign_in(browser, username, password)
        assert response.status_code == 200
        text = response.content.decode()
        assert NO_RECORD_TEXT in text
        assert WRONG_PASSWORD_TEXT not in text
        assert signed_in_user_id(browser) is None

    assert get_user_model().objects.count() == users_before
    assert not get_user_model().objects.filter(username__in=["minh", "khongma"]).exists()


def test_the_no_record_message_needs_the_right_password(directory, staff, browser):
    """Otherwise the message would tell a guesser which names exist in the directory."""
    response = sign_in(browser, "minh", "a guess")
    assert WRONG_PASSWORD_TEXT in response.content.decode()
    assert NO_RECORD_TEXT not in response.content.decode()


def test_a_local_user_still_signs_in_with_their_password(directory, staff, browser):
    response = sign_in(browser, "local.user", factories.PASSWORD)

    assert response.status_code == 302
    assert signed_in_user_id(browser) == staff["local"].pk
    assert browser.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


def test_the_directory_decides_for_the_names_it_knows(directory, staff, browser):
    """A HọcSố username that is also a directory login is checked by the directory only, so
    disabling someone there is enough; here the local password of "do.hai" does not help under
    his directory name, and his directory password signs him in."""
    hai = staff["hai"]
    hai.username = "hai"
    hai.save()

    refused = sign_in(browser, "hai", factories.PASSWORD)
    assert refused.status_code == 200
    assert signed_in_user_id(browser) is None

    accepted = sign_in(browser, "hai", "Hai@Directory")
    assert accepted.status_code == 302
    assert signed_in_user_id(browser) == hai.pk


def test_a_deactivated_account_does_not_sign_in_through_the_directory(directory, staff, browser):
    response = sign_in(browser, "nghi", "Nghi@Directory")
    assert response.status_code == 200
    assert signed_in_user_id(browser) is None


def test_a_person_hr_marked_as_left_is_told_so_through_the_directory(directory, staff, browser):
    profile = staff["hai"].profile
    profile.status = LearnerProfile.Status.LEFT
    profile.save()

    response = sign_in(browser, "hai", "Hai@Directory")

    assert response.status_code == 200
    assert "ghi là bạn đã nghỉ việc" in response.content.decode()
    assert signed_in_user_id(browser) is None


def test_lockouts_apply_to_directory_users(directory, staff, browser):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(browser, "lan", "wrong").status_code == 200
    locked = sign_in(browser, "lan", "wrong")
    assert locked.status_code == 429

    # Locked: even the right directory password is refused, before the directory is asked.
    again = sign_in(browser, "lan", LAN_PASSWORD)
    assert again.status_code == 429
    assert LOCKED_TEXT in again.content.decode()
    assert signed_in_user_id(browser) is None


@pytest.mark.parametrize(
    "username",
    [
        "*",
        "lan*",
        "*)(uid=*",
        "lan)(|(uid=*",
        '=HYPERLINK("http://x","lan")',
        "<script>alert(1)</script>",
        "lan\\2a",
        "x" * 5000,
    ],
)
def test_hostile_login_names_match_nobody(directory, staff, username):
    """Filter metacharacters are escaped: "*" is a name, not a wildcard."""
    request = RequestFactory().post(reverse("login"))
    assert (
        DirectoryBackend().authenticate(request, username=username, password=LAN_PASSWORD) is None
    )
    assert getattr(request, "directory_refusal", None) is None


def test_a_filter_that_matches_several_people_signs_in_nobody(settings, directory, staff, browser):
    """A loose LDAP_USER_FILTER must not sign one person in on another's record."""
    settings.LDAP_USER_FILTER = "(objectClass={username})"
    response = sign_in(browser, "inetOrgPerson", LAN_PASSWORD)
    assert response.status_code == 200
    assert WRONG_PASSWORD_TEXT in response.content.decode()
    assert signed_in_user_id(browser) is None


def test_a_hostile_login_name_gets_the_ordinary_refusal_page(directory, staff, browser):
    response = sign_in(browser, "*)(uid=*", LAN_PASSWORD)
    assert response.status_code == 200
    assert WRONG_PASSWORD_TEXT in response.content.decode()
    assert signed_in_user_id(browser) is None


def test_a_nul_byte_in_the_login_name_changes_nothing(directory, staff, browser):
    page = browser.get(reverse("login"))
    assert page.status_code == 200
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    response = browser.post(
        reverse("login"),
        {"username": "lan\x00", "password": LAN_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 400
    assert signed_in_user_id(browser) is None


def test_an_empty_password_is_never_sent_to_the_directory(directory, staff):
    """An LDAP bind with a name and no password is an anonymous bind, which succeeds."""
    assert authenticate(RequestFactory().post("/"), username="lan", password="") is None
    assert DirectoryBackend().authenticate(None, username="lan", password="") is None


def test_a_second_directory_server_is_used_when_the_first_is_down(settings, slapd, staff, browser):
    directory_settings(settings, f"ldap://127.0.0.1:{free_port()}", slapd.url)
    response = sign_in(browser, "lan", LAN_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(browser) == staff["lan"].pk


def test_a_refused_service_account_is_a_directory_failure_not_a_500(
    settings, directory, staff, browser
):
    settings.LDAP_BIND_PASSWORD = "not the reader's password"
    response = sign_in(browser, "lan", LAN_PASSWORD)
    assert response.status_code == 200
    assert UNAVAILABLE_TEXT in response.content.decode()
    assert signed_in_user_id(browser) is None


def test_a_wrong_search_base_is_a_directory_failure_not_nobody_found(
    settings, directory, staff, browser
):
    settings.LDAP_SEARCH_BASE = "ou=nowhere,dc=hocso,dc=test"
    response = sign_in(browser, "lan", LAN_PASSWORD)
    assert response.status_code == 200
    assert UNAVAILABLE_TEXT in response.content.decode()
    assert signed_in_user_id(browser) is None


def test_the_directory_down_refuses_clearly_and_local_users_still_sign_in(
    settings, make_slapd, staff
):
    server = make_slapd(ENTRIES)
    directory_settings(settings, server.url)
    first = Client(enforce_csrf_checks=True)
    assert sign_in(first, "lan", LAN_PASSWORD).status_code == 302

    server.stop()

    browser = Client(enforce_csrf_checks=True)
    response = sign_in(browser, "lan", LAN_PASSWORD)
    assert response.status_code == 200
    text = response.content.decode()
    assert UNAVAILABLE_TEXT in text
    assert signed_in_user_id(browser) is None

    local = sign_in(browser, "local.user", factories.PASSWORD)
    assert local.status_code == 302
    assert signed_in_user_id(browser) == staff["local"].pk


def test_a_hung_directory_times_out_and_local_users_still_sign_in(settings, make_slapd, staff):
    server = make_slapd(ENTRIES)
    directory_settings(settings, server.url)
    settings.LDAP_TIMEOUT = 1
    server.pause()
    try:
        browser = Client(enforce_csrf_checks=True)
        response = sign_in(browser, "lan", LAN_PASSWORD)
        assert response.status_code == 200
        assert UNAVAILABLE_TEXT in response.content.decode()
        assert sign_in(browser, "local.user", factories.PASSWORD).status_code == 302
    finally:
        server.resume()


@pytest.fixture(scope="module")
def tls_slapd(make_slapd):
    return make_slapd(ENTRIES, tls=True)


def test_starttls_with_the_directorys_ca_signs_in(settings, tls_slapd, staff, browser):
    directory_settings(settings, tls_slapd.url)
    settings.LDAP_START_TLS = True
    settings.LDAP_CA_FILE = str(tls_slapd.ca_file)

    response = sign_in(browser, "lan", LAN_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(browser) == staff["lan"].pk


def test_ldaps_with_the_directorys_ca_signs_in(settings, tls_slapd, staff, browser):
    directory_settings(settings, tls_slapd.ldaps_url)
    settings.LDAP_CA_FILE = str(tls_slapd.ca_file)

    response = sign_in(browser, "lan", LAN_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(browser) == staff["lan"].pk


@pytest.mark.parametrize("scheme", ["starttls", "ldaps"])
def test_a_certificate_from_another_ca_is_refused_before_any_password_is_sent(
    settings, tls_slapd, staff, browser, tmp_path, scheme
):
    other_ca, _certificate, _key = make_ca(tmp_path, name="other")
    directory_settings(settings, tls_slapd.ldaps_url if scheme == "ldaps" else tls_slapd.url)
    settings.LDAP_START_TLS = scheme == "starttls"
    settings.LDAP_CA_FILE = str(other_ca)

    response = sign_in(browser, "lan", LAN_PASSWORD)
    assert response.status_code == 200
    assert UNAVAILABLE_TEXT in response.content.decode()
    assert signed_in_user_id(browser) is None
    # Local accounts are not held up by the directory's certificate.
    assert sign_in(browser, "local.user", factories.PASSWORD).status_code == 302


def test_without_tls_verification_another_ca_is_accepted(
    settings, tls_slapd, staff, browser, tmp_path
):
    """The switch for test networks does what it says (and is why it defaults to on)."""
    other_ca, _certificate, _key = make_ca(tmp_path, name="other")
    directory_settings(settings, tls_slapd.url)
    settings.LDAP_START_TLS = True
    settings.LDAP_CA_FILE = str(other_ca)
    settings.LDAP_TLS_VERIFY = False

    assert sign_in(browser, "lan", LAN_PASSWORD).status_code == 302


def _backends_in_a_fresh_process(**environment) -> list[str]:
    """AUTHENTICATION_BACKENDS as config/settings builds them from this environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LDAP_")}
    env.update(environment, DJANGO_SETTINGS_MODULE="config.settings.test")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print('\\n'.join(settings.AUTHENTICATION_BACKENDS))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_without_ldap_url_the_directory_backend_is_not_installed():
    assert "agencies.sso.DirectoryBackend" not in _backends_in_a_fresh_process()


def test_ldap_url_installs_the_backend_between_axes_and_local_passwords():
    backends = _backends_in_a_fresh_process(
        LDAP_URL="ldap://dc1.example.test,ldap://dc2.example.test",
        LDAP_SEARCH_BASE="dc=example,dc=test",
    )
    assert backends == [
        "axes.backends.AxesStandaloneBackend",
        "agencies.sso.DirectoryBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_ldap_url_without_a_search_base_stops_the_start():
    with pytest.raises(subprocess.CalledProcessError) as failure:
        _backends_in_a_fresh_process(LDAP_URL="ldap://dc1.example.test")
    assert "LDAP_SEARCH_BASE" in failure.value.stderr


def test_the_sign_in_page_explains_nothing_about_the_directory_when_it_is_off(staff, client):
    assert "agencies.sso.DirectoryBackend" not in settings.AUTHENTICATION_BACKENDS
    response = client.post(reverse("login"), {"username": "lan", "password": LAN_PASSWORD})
    text = response.content.decode()
    assert response.status_code == 200
    assert WRONG_PASSWORD_TEXT in text
    assert not re.search("LDAP|Active Directory", text)
