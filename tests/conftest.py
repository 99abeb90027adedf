import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from certificates.pki import test_pki_ensure


def require_or_skip(condition: bool, *, what: str, required_by: str) -> None:
    """Skip locally when a tool is missing; fail where it is required (CI)."""
    if condition:
        return
    if os.environ.get(required_by):
        pytest.fail(f"{what} is required here ({required_by}/CI is set) but missing")
    pytest.skip(f"{what} is missing: skipped locally, required in CI")


@pytest.fixture(scope="session", autouse=True)
def signing_pki():
    """The signer key and test root at the settings' paths (a temporary var/ in tests)."""
    return test_pki_ensure(
        directory=settings.CERTIFICATE_SIGNER_PKCS12.parent,
        organisation="Sở KH&CN tỉnh Ninh Bình (TEST)",
        signer_common_name="HọcSố test signer",
        passphrase=settings.CERTIFICATE_SIGNER_PASSPHRASE.encode(),
    )


@pytest.fixture
def trust_roots() -> list[bytes]:
    """The roots issued certificates are checked against (the test CA)."""
    return [path.read_bytes() for path in settings.CERTIFICATE_TRUST_ROOTS]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: with Redis (REDIS_URL) it outlives test runs."""
    cache.clear()


def server_database_url() -> str:
    """The test database as a URL, so a worker or server process opens the one tests write to."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
