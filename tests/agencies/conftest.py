import pytest

from tests.agencies.directory import READER_DN, READER_PASSWORD, SUFFIX, Slapd, slapd_path
from tests.conftest import require_or_skip

BACKENDS_WITH_DIRECTORY = [
    "axes.backends.AxesStandaloneBackend",
    "agencies.sso.DirectoryBackend",
    "django.contrib.auth.backends.ModelBackend",
]


def require_slapd() -> None:
    require_or_skip(
        slapd_path() is not None,
        what="slapd (apt-get install slapd ldap-utils)",
        required_by="CI",
    )


def directory_settings(settings, *urls: str) -> None:
    """Sign-on switched on as the LDAP_* environment would, pointing at `urls`."""
    settings.LDAP_URL = list(urls)
    settings.LDAP_BIND_DN = READER_DN
    settings.LDAP_BIND_PASSWORD = READER_PASSWORD
    settings.LDAP_SEARCH_BASE = SUFFIX
    settings.LDAP_USER_FILTER = "(uid={username})"
    settings.LDAP_EMPLOYEE_CODE_ATTRIBUTE = "employeeNumber"
    settings.LDAP_START_TLS = False
    settings.LDAP_CA_FILE = ""
    settings.LDAP_TLS_VERIFY = True
    settings.LDAP_TIMEOUT = 2
    settings.AUTHENTICATION_BACKENDS = BACKENDS_WITH_DIRECTORY


@pytest.fixture(scope="module")
def make_slapd():
    """Starts slapd servers for a module's tests and stops each by its pid afterwards."""
    require_slapd()
    started = []

    def make(ldif: str, *, tls: bool = False) -> Slapd:
        server = Slapd(ldif, tls=tls)
        started.append(server)
        server.start()
        return server

    yield make
    for server in started:
        server.cleanup()
