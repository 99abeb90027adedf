"""Certificate lookups are rate limited per client address, in the shared cache."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from config.ip import client_address

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(VERIFY_RATELIMIT="3/m")
def test_lookups_beyond_the_rate_get_a_vietnamese_429(client):
    paths = [
        reverse("certificates:verify_lookup"),
        reverse("certificates:verify", args=["ABCDEFGH2345"]),
        reverse("certificates:verify_lookup") + "?ma=ABCDEFGH2345",
    ]
    statuses = [client.get(path, REMOTE_ADDR="10.0.0.7").status_code for path in paths]
    assert statuses == [200, 404, 302]

    response = client.get(
        reverse("certificates:verify", args=["ABCDEFGH2345"]), REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()
    other = client.get(reverse("certificates:verify_lookup"), REMOTE_ADDR="10.0.0.8")
    assert other.status_code == 200
    # The count lives in the cache, which every process and node shares.
    cache.clear()
    again = client.get(reverse("certificates:verify_lookup"), REMOTE_ADDR="10.0.0.7")
    assert again.status_code == 200


@override_settings(VERIFY_RATELIMIT="2/m", TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_follows_the_forwarded_client(client):
    def lookup(forwarded):
        return client.get(
            reverse("certificates:verify_lookup"),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    # A client cannot reset its count by writing its own X-Forwarded-For entries.
    assert [lookup("1.1.1.1, 203.0.113.5"), lookup("2.2.2.2, 203.0.113.5")] == [200, 200]
    assert lookup("3.3.3.3, 203.0.113.5") == 429
    assert lookup("203.0.113.6") == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
