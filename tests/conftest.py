import os

import pytest
from django.conf import settings
from django.core.cache import cache

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
