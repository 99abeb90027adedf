"""Sign-in through an OpenID Connect provider, against a real oidc-provider started by the tests.

The browser is played by two parties: Django's test client for HọcSố and a requests session for
the provider, joined by the addresses each sends the other to. The code exchange, the userinfo
call and the JWKS fetch are real HTTP calls from HọcSố to the provider.
"""

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.translation import gettext_lazy

from agencies.accounts import password_change_require
from agencies.models import LearnerProfile
from agencies.oidc import OidcBackend
from tests import factories
from tests.agencies.directory import free_port
from tests.agencies.oidc_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    ROOT,
    OidcProvider,
    provider_authorize,
    provider_available,
    provider_sign_out,
)
from tests.conftest import require_or_skip

pytestmark = pytest.mark.django_db

BACKEND = "agencies.oidc.OidcBackend"
BACKENDS_WITH_OIDC = [
    "axes.backends.AxesStandaloneBackend",
    BACKEND,
    "django.contrib.auth.backends.ModelBackend",
]
BUTTON_TEXT = "Đăng nhập bằng Tài khoản Sở Nội vụ"
NO_CLAIM_TEXT = "không có mã cán bộ"
NO_RECORD_TEXT = "chưa được gắn với hồ sơ cán bộ nào trong HọcSố"
LEFT_TEXT = "đã nghỉ việc"
INACTIVE_TEXT = "Tài khoản HọcSố của bạn đã bị khóa"
FAILED_TEXT = "Không hoàn tất được việc đăng nhập bằng tài khoản của cơ quan"
UNAVAILABLE_TEXT = "Hiện không kết nối được máy chủ đăng nhập của cơ quan"
CANCELLED_TEXT = "Bạn đã hủy việc đăng nhập bằng tài khoản của cơ quan"
LOCKED_TEXT = "Tạm khóa đăng nhập"
ALL_REFUSALS = (
    NO_CLAIM_TEXT,
    NO_RECORD_TEXT,
    LEFT_TEXT,
    INACTIVE_TEXT,
    FAILED_TEXT,
    UNAVAILABLE_TEXT,
    CANCELLED_TEXT,
)

ACCOUNTS = {
    # Signs in as the staff record NB100001, whose HọcSố username is different.
    "lan": {"employee_code": "NB100001", "name": "Trần Thị Lan"},
    # Known to the provider, never imported by HR.
    "minh": {"employee_code": "NB999999", "name": "Lê Văn Minh"},
    # The provider has no employee code for him.
    "khongma": {"name": "Phạm Không Mã"},
    # Her HọcSố account is disabled.
    "nghi": {"employee_code": "NB100003", "name": "Vũ Thị Nghỉ"},
    # His staff record says he has left; his account is still active.
    "roi": {"employee_code": "NB100004", "name": "Hoàng Văn Rời"},
    # Hostile claim values: none of them names anybody.
    "hyperlink": {"employee_code": '=HYPERLINK("http://x","NB100001")'},
    "script": {"employee_code": "<script>alert(1)</script>"},
    "nul": {"employee_code": "NB100001\u0000"},
    "list": {"employee_code": ["NB100001"]},
    "object": {"employee_code": {"code": "NB100001"}},
    "long": {"employee_code": "NB100001" + "1" * 5000},
}


def require_provider() -> None:
    require_or_skip(
        provider_available(),
        what="node and the npm package oidc-provider (npm ci)",
        required_by="CI",
    )


@pytest.fixture(scope="module")
def make_provider():
    """Starts providers for this module's tests and stops each by its pid afterwards."""
    require_provider()
    started = []

    def make(accounts: dict) -> OidcProvider:
        server = OidcProvider(accounts)
        started.append(server)
        server.start()
        return server

    yield make
    for server in started:
        server.cleanup()


@pytest.fixture(scope="module")
def provider(make_provider):
    return make_provider(ACCOUNTS)


def oidc_settings(settings, server: OidcProvider, *, end_session: bool = False) -> None:
    """OpenID Connect switched on as the OIDC_* environment would, pointing at `server`."""
    discovery = server.discovery
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = discovery["issuer"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
    settings.OIDC_OP_LOGOUT_ENDPOINT = discovery["end_session_endpoint"] if end_session else ""
    settings.OIDC_EMPLOYEE_CODE_CLAIM = "employee_code"
    settings.OIDC_DISPLAY_NAME = "Tài khoản Sở Nội vụ"
    settings.OIDC_TIMEOUT = 5
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = BACKENDS_WITH_OIDC


@pytest.fixture
def oidc(settings, provider):
    oidc_settings(settings, provider)
    return provider


@pytest.fixture
def staff():
    agencies = factories.agency_tree()
    lan = factories.learner(
        agencies["SKHCN-CDS"], employee_code="NB100001", user__username="tran.thi.lan"
    )
    gone = factories.learner(agencies["STC"], employee_code="NB100003", user__username="vu.nghi")
    gone.is_active = False
    gone.save()
    left = factories.learner(agencies["STC"], employee_code="NB100004", user__username="hoang.roi")
    LearnerProfile.objects.filter(user=left).update(status=LearnerProfile.Status.LEFT)
    local = factories.learner(agencies["STC-NS"], user__username="local.user")
    return {"lan": lan, "gone": gone, "left": left, "local": local}


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def agent():
    """The same browser, as the provider sees it (its own cookies: the provider's session)."""
    with requests.Session() as session:
        yield session


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def local_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def start(browser: Client, *, query: str = "", address: str = "10.1.2.3") -> str:
    """Press the button: the address of the provider's authorization request."""
    response = browser.get(reverse("agencies:oidc_start") + query, REMOTE_ADDR=address)
    assert response.status_code == 302
    assert response.url.startswith(settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    return response.url


def callback(browser: Client, url: str, *, address: str = "10.1.2.3"):
    return browser.get(local_path(url), REMOTE_ADDR=address)


def sign_in(browser: Client, agent: requests.Session, login: str, *, address: str = "10.1.2.3"):
    """The whole flow: HọcSố → provider (sign in as `login`) → HọcSố's callback."""
    back = provider_authorize(agent, start(browser, address=address), login=login)
    return callback(browser, back, address=address)


def refusal_shown(browser: Client, response) -> str:
    """The sign-in page a refused callback sends the browser to, as text."""
    assert response.status_code == 302
    assert response.url == reverse("login")
    page = browser.get(response.url)
    assert page.status_code == 200
    return page.content.decode()


# --- the flow -----------------------------------------------------------------------------


def test_a_provider_user_lands_on_their_staff_record(
    oidc, staff, browser, agent, django_assert_max_num_queries
):
    users_before = get_user_model().objects.count()

    authorize = start(browser)
    request = parse_qs(urlsplit(authorize).query)
    assert request["client_id"] == [CLIENT_ID]
    assert request["response_type"] == ["code"]
    assert request["code_challenge_method"] == ["S256"]
    assert request["nonce"] and request["state"] and request["code_challenge"]
    back = provider_authorize(agent, authorize, login="lan")
    assert "code=" in back

    with django_assert_max_num_queries(24):
        response = callback(browser, back)

    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)
    assert signed_in_user_id(browser) == staff["lan"].pk
    assert browser.session["_auth_user_backend"] == BACKEND
    assert get_user_model().objects.count() == users_before
    # The session holds on the next request, through the backend's get_user.
    assert browser.get(reverse(settings.LOGIN_REDIRECT_URL)).status_code == 200


def test_the_person_goes_back_where_they_were_going_and_nowhere_else(oidc, staff, browser, agent):
    target = reverse("certificates:verify_lookup")
    back = provider_authorize(agent, start(browser, query=f"?next={target}"), login="lan")
    assert callback(browser, back).url == target

    other = Client(enforce_csrf_checks=True)
    with requests.Session() as other_agent:
        authorize = start(other, query="?next=https://evil.example/")
        back = provider_authorize(other_agent, authorize, login="lan")
    assert callback(other, back).url == reverse(settings.LOGIN_REDIRECT_URL)


def test_a_local_user_still_signs_in_with_their_password(oidc, staff, browser):
    page = browser.get(reverse("login"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    response = browser.post(
        reverse("login"),
        {"username": "local.user", "password": factories.PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert page.status_code == 200
    assert response.status_code == 302
    assert signed_in_user_id(browser) == staff["local"].pk
    assert browser.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


def test_the_password_form_never_reaches_the_oidc_backend(oidc, staff):
    """Only the callback's call carries a nonce; a password sign-in cannot start a code
    exchange with whatever code and state its address holds."""
    request = RequestFactory().post("/dang-nhap/?code=abc&state=def")
    request.session = {}
    assert OidcBackend().authenticate(request, username="lan", password="x") is None
    assert authenticate(request, username="tran.thi.lan", password="wrong") is None
    # Had it tried, the provider's refusal of that code would be noted on the request.
    assert getattr(request, "oidc_refusal", None) is None


def test_someone_signed_in_is_not_sent_to_the_provider(oidc, staff, client):
    client.force_login(staff["local"])
    response = client.get(reverse("agencies:oidc_start"))
    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("login", "text"),
    [
        ("khongma", NO_CLAIM_TEXT),
        ("minh", NO_RECORD_TEXT),
        ("roi", LEFT_TEXT),
        ("nghi", INACTIVE_TEXT),
        ("hyperlink", NO_RECORD_TEXT),
        ("script", NO_RECORD_TEXT),
        ("nul", NO_RECORD_TEXT),
        ("long", NO_RECORD_TEXT),
        ("list", NO_CLAIM_TEXT),
        ("object", NO_CLAIM_TEXT),
    ],
)
def test_refusals_say_why_and_create_nobody(oidc, staff, browser, agent, login, text):
    users_before = get_user_model().objects.count()
    profiles_before = list(LearnerProfile.objects.values_list("pk", "status", "employee_code"))

    page = refusal_shown(browser, sign_in(browser, agent, login))

    assert text in page
    assert [other for other in ALL_REFUSALS if other != text and other in page] == []
    assert "<script>alert(1)</script>" not in page
    assert signed_in_user_id(browser) is None
    assert get_user_model().objects.count() == users_before
    assert not get_user_model().objects.filter(username=login).exists()
    assert (
        list(LearnerProfile.objects.values_list("pk", "status", "employee_code")) == profiles_before
    )


def test_a_used_callback_cannot_be_replayed(oidc, staff, browser, agent):
    back = provider_authorize(agent, start(browser), login="lan")
    assert callback(browser, back).status_code == 302
    assert signed_in_user_id(browser) == staff["lan"].pk

    # Another browser (no state in its session) and the same one after signing out.
    thief = Client(enforce_csrf_checks=True)
    assert FAILED_TEXT in refusal_shown(thief, callback(thief, back))
    assert signed_in_user_id(thief) is None

    browser.get(reverse("login"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert signed_in_user_id(browser) is None
    start(browser)  # a state of its own, but not this one
    assert FAILED_TEXT in refusal_shown(browser, callback(browser, back))
    assert signed_in_user_id(browser) is None


def test_a_forged_state_is_refused(oidc, staff, browser, agent):
    back = provider_authorize(agent, start(browser), login="lan")
    forged = back.replace("state=", "state=forged")
    assert FAILED_TEXT in refusal_shown(browser, callback(browser, forged))
    assert signed_in_user_id(browser) is None


@pytest.mark.parametrize("pkce", [True, False])
def test_a_code_from_another_sign_in_is_refused(
    settings, oidc, staff, browser, agent, caplog, pkce
):
    """A code swapped into another flow of the same browser: the provider refuses the PKCE
    verifier and, with PKCE off, the ID token's nonce is not the flow's."""
    settings.OIDC_USE_PKCE = pkce
    first = provider_authorize(agent, start(browser), login="lan")
    second = provider_authorize(agent, start(browser), login="lan")
    first_code = parse_qs(urlsplit(first).query)["code"][0]
    second_state = parse_qs(urlsplit(second).query)["state"][0]
    swapped = f"{local_path(second).split('?')[0]}?code={first_code}&state={second_state}"

    assert FAILED_TEXT in refusal_shown(browser, callback(browser, swapped))
    assert signed_in_user_id(browser) is None
    reason = "invalid_grant" if pkce else "Nonce verification failed"
    assert reason in caplog.text


def test_an_id_token_from_another_issuer_is_refused(settings, oidc, staff, browser, agent):
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:1"
    assert FAILED_TEXT in refusal_shown(browser, sign_in(browser, agent, "lan"))
    assert signed_in_user_id(browser) is None


def test_an_id_token_not_signed_by_the_providers_keys_is_refused(
    settings, oidc, make_provider, staff, browser, agent
):
    """The signature is checked against the JWKS configured, here another provider's keys."""
    stranger = make_provider({})
    settings.OIDC_OP_JWKS_ENDPOINT = stranger.discovery["jwks_uri"]
    assert FAILED_TEXT in refusal_shown(browser, sign_in(browser, agent, "lan"))
    assert signed_in_user_id(browser) is None


def test_an_unreachable_provider_is_said_so(settings, oidc, staff, browser, agent):
    back = provider_authorize(agent, start(browser), login="lan")
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{free_port()}/token"
    assert UNAVAILABLE_TEXT in refusal_shown(browser, callback(browser, back))
    assert signed_in_user_id(browser) is None


def test_a_sign_in_cancelled_at_the_provider_is_said_so(oidc, staff, browser):
    state = parse_qs(urlsplit(start(browser)).query)["state"][0]
    response = browser.get(
        reverse("agencies:oidc_callback"), {"error": "access_denied", "state": state}
    )
    assert CANCELLED_TEXT in refusal_shown(browser, response)
    assert signed_in_user_id(browser) is None

    # Any other error is the provider refusing the request, not the person cancelling.
    state = parse_qs(urlsplit(start(browser)).query)["state"][0]
    response = browser.get(
        reverse("agencies:oidc_callback"), {"error": "invalid_request", "state": state}
    )
    page = refusal_shown(browser, response)
    assert FAILED_TEXT in page and CANCELLED_TEXT not in page


@pytest.mark.parametrize(
    "query",
    [
        {"code": '=HYPERLINK("http://x","a")', "state": "STATE"},
        {"code": "<script>alert(1)</script>", "state": "STATE"},
        {"code": "x" * 8000, "state": "STATE"},
        {"code": "a-code", "state": "<script>alert(1)</script>"},
        {"code": "a-code", "state": "s" * 8000},
        {"code": "a-code", "state": ["STATE", "other"]},
        {"error": "<script>alert(1)</script>", "state": "STATE"},
        {"code": "a\x00b", "state": "STATE"},
        {"code": "a-code", "state": "STATE\x00"},
    ],
)
def test_hostile_callbacks_sign_nobody_in_and_never_fail(oidc, staff, browser, query):
    state = parse_qs(urlsplit(start(browser)).query)["state"][0]
    values = {
        key: [v.replace("STATE", state) for v in value]
        if isinstance(value, list)
        else value.replace("STATE", state)
        for key, value in query.items()
    }
    response = browser.get(reverse("agencies:oidc_callback"), values)

    if response.status_code == 400:  # NUL bytes, refused before any view
        assert any("\x00" in str(value) for value in values.values())
    else:
        page = refusal_shown(browser, response)
        assert "<script>alert(1)</script>" not in page
    assert signed_in_user_id(browser) is None


def test_the_callback_answers_get_only(oidc, staff):
    assert Client().post(reverse("agencies:oidc_callback")).status_code == 405
    assert Client().post(reverse("agencies:oidc_start")).status_code == 405


# --- passwords and lockouts ---------------------------------------------------------------


def test_a_provider_user_is_never_forced_to_change_a_local_password(oidc, staff, browser, agent):
    password_change_require(user=staff["lan"])

    response = sign_in(browser, agent, "lan")
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)
    assert browser.get(response.url).status_code == 200

    # Control: the same account signing in with its HọcSố password is sent to change it.
    other = Client()
    other.post(reverse("login"), {"username": "tran.thi.lan", "password": factories.PASSWORD})
    forced = other.get(reverse(settings.LOGIN_REDIRECT_URL))
    assert forced.status_code == 302
    assert forced.url.startswith(reverse("agencies:password_change_required"))


def test_a_locked_out_account_stays_locked_out_through_the_provider(oidc, staff, agent):
    guesser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guesser.post(
            reverse("login"),
            {"username": "tran.thi.lan", "password": "wrong"},
            REMOTE_ADDR="10.9.9.9",
        )
    assert AccessAttempt.objects.get(username="tran.thi.lan").failures_since_start == 5

    locked = Client()
    response = sign_in(locked, agent, "lan", address="10.9.9.9")
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert signed_in_user_id(locked) is None

    # From another address the lockout does not apply, as for passwords.
    elsewhere = Client()
    assert sign_in(elsewhere, agent, "lan", address="10.1.1.1").status_code == 302
    assert signed_in_user_id(elsewhere) == staff["lan"].pk


def test_refused_people_do_not_lock_their_colleagues_out(oidc, staff, agent):
    """Refusals count under the provider's name for the person, not under "no name" for an
    address a whole agency may share."""
    answers = []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        with requests.Session() as minh:
            answers.append(sign_in(Client(), minh, "minh", address="10.5.5.5"))
    assert [a.status_code for a in answers] == [302] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert AccessAttempt.objects.get(username="oidc:minh").failures_since_start == 5
    assert not AccessAttempt.objects.filter(username__isnull=True).exists()

    colleague = Client()
    assert sign_in(colleague, agent, "lan", address="10.5.5.5").status_code == 302
    assert signed_in_user_id(colleague) == staff["lan"].pk


# --- signing out --------------------------------------------------------------------------


def sign_out(browser: Client):
    browser.get(reverse("login"))  # for the CSRF cookie, as any page gives it
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    return browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})


def test_signing_out_ends_the_session(oidc, staff, browser, agent):
    assert sign_in(browser, agent, "lan").status_code == 302
    response = sign_out(browser)
    assert response.status_code == 302
    assert response.url == "/"
    assert signed_in_user_id(browser) is None


def test_signing_out_signs_out_of_the_provider_when_it_says_where(
    settings, provider, staff, browser, agent
):
    oidc_settings(settings, provider, end_session=True)
    assert sign_in(browser, agent, "lan").status_code == 302

    response = sign_out(browser)
    assert response.status_code == 302
    assert response.url.startswith(provider.discovery["end_session_endpoint"] + "?")
    assert "id_token_hint" in parse_qs(urlsplit(response.url).query)
    assert signed_in_user_id(browser) is None
    # The provider accepts the hint and our address to come back to.
    assert provider_sign_out(agent, response.url) == "http://testserver/"

    # The next person at this computer is asked who they are, not signed in as Lan.
    authorize = start(browser)
    asked = agent.get(authorize, allow_redirects=True, timeout=10)
    assert 'name="login"' in asked.text


def test_a_password_user_signs_out_locally_even_with_provider_sign_out_on(
    settings, provider, staff, browser
):
    oidc_settings(settings, provider, end_session=True)
    browser.get(reverse("login"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    browser.post(
        reverse("login"),
        {"username": "local.user", "password": factories.PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert signed_in_user_id(browser) == staff["local"].pk
    assert sign_out(browser).url == "/"


# --- on and off ---------------------------------------------------------------------------


def test_the_sign_in_page_shows_the_button_when_on(oidc, client):
    page = client.get(reverse("login"), {"next": "/khoa-hoc/"})
    text = page.content.decode()
    assert BUTTON_TEXT in text
    assert f'href="{reverse("agencies:oidc_start")}?next=%2Fkhoa-hoc%2F"' in text
    # The button is a link, so the CSP's form-action stays our own origin.
    assert "form-action 'self';" in page.headers["Content-Security-Policy"] + ";"


def test_without_a_display_name_the_button_names_the_organisation(settings, oidc, client):
    settings.OIDC_DISPLAY_NAME = gettext_lazy("your organisation account")
    assert "Đăng nhập bằng tài khoản của cơ quan" in client.get(reverse("login")).content.decode()


def test_off_there_is_no_button_and_the_addresses_sign_nobody_in(staff, provider, client, agent):
    assert not settings.OIDC_ENABLED
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Đăng nhập bằng" not in page.content.decode()
    assert reverse("agencies:oidc_start") not in page.content.decode()

    assert client.get(reverse("agencies:oidc_start")).status_code == 404
    # A code the provider really issued, brought to the callback while sign-on is off.
    authorize = (
        f"{provider.discovery['authorization_endpoint']}?client_id={CLIENT_ID}"
        "&response_type=code&scope=openid+profile&state=s1&nonce=n1"
        "&redirect_uri=http%3A%2F%2Ftestserver%2Fdang-nhap%2Foidc%2Fxac-nhan%2F"
    )
    back = provider_authorize(agent, authorize, login="lan")
    assert "code=" in back
    assert callback(client, back).status_code == 404
    assert signed_in_user_id(client) is None


def _settings_in_a_fresh_process(expression: str, **environment) -> str:
    """`expression` over django.conf.settings as config/settings builds them from `environment`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "LDAP_"))}
    env.update(environment, DJANGO_SETTINGS_MODULE="config.settings.test")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


PROVIDER_ENVIRONMENT = {
    "OIDC_CLIENT_ID": "hocso",
    "OIDC_CLIENT_SECRET": "secret",
    "OIDC_ISSUER": "https://sso.example.test/realms/tinh",
    "OIDC_AUTHORIZATION_ENDPOINT": "https://sso.example.test/realms/tinh/auth",
    "OIDC_TOKEN_ENDPOINT": "https://sso.example.test/realms/tinh/token",
    "OIDC_USERINFO_ENDPOINT": "https://sso.example.test/realms/tinh/userinfo",
    "OIDC_JWKS_ENDPOINT": "https://sso.example.test/realms/tinh/certs",
}


def test_the_environment_switches_oidc_on_between_axes_and_local_passwords():
    backends = _settings_in_a_fresh_process(
        "' '.join(settings.AUTHENTICATION_BACKENDS)", **PROVIDER_ENVIRONMENT
    )
    assert backends.split() == BACKENDS_WITH_OIDC


ENDPOINTS = sorted(set(PROVIDER_ENVIRONMENT) - {"OIDC_CLIENT_SECRET"})


@pytest.mark.parametrize("missing", ENDPOINTS)
def test_without_every_endpoint_and_the_client_id_oidc_stays_off(missing):
    environment = {k: v for k, v in PROVIDER_ENVIRONMENT.items() if k != missing}
    assert _settings_in_a_fresh_process("settings.OIDC_ENABLED", **environment) == "False"
    assert BACKEND not in _settings_in_a_fresh_process(
        "settings.AUTHENTICATION_BACKENDS", **environment
    )


def test_oidc_without_a_client_secret_stops_the_start():
    environment = {k: v for k, v in PROVIDER_ENVIRONMENT.items() if k != "OIDC_CLIENT_SECRET"}
    with pytest.raises(subprocess.CalledProcessError) as failure:
        _settings_in_a_fresh_process("settings.OIDC_ENABLED", **environment)
    assert "OIDC_CLIENT_SECRET" in failure.value.stderr


def test_provider_sign_out_widens_form_action_to_the_providers_origin_only():
    without = _settings_in_a_fresh_process(
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']", **PROVIDER_ENVIRONMENT
    )
    with_end_session = _settings_in_a_fresh_process(
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']",
        **PROVIDER_ENVIRONMENT,
        OIDC_END_SESSION_ENDPOINT="https://sso.example.test/realms/tinh/logout",
    )
    assert without == "[\"'self'\"]"
    assert with_end_session == "[\"'self'\", 'https://sso.example.test']"
