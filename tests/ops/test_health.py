"""/healthz tells a load balancer whether this node can serve: database, cache and broker."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from tests.ops.conftest import free_port


@pytest.fixture
def broken_database():
    """The default connection pointed at a database that cannot be opened, then restored."""
    saved = connection.settings_dict["NAME"]
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-hocso-dir/hocso.sqlite3"
    else:
        connection.settings_dict["NAME"] = "hocso_no_such_database"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved


@pytest.mark.django_db
def test_healthy_node_answers_200_without_cookies(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "cache": "ok",
            # In eager mode (no broker) there is nothing to check, and that is healthy.
            "broker": "ok" if settings.CELERY_BROKER_URL else "not configured",
        },
    }
    assert "no-store" in response["Cache-Control"]
    # Probes come every few seconds from every balancer: no cookie, no session row.
    assert not response.cookies
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_unreachable_broker_answers_503(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "fail"}
    # Nothing about the failure (host, port, exception) is told to the caller.
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_database_failure_answers_503(client, broken_database):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"
    assert response.json()["status"] == "fail"


@pytest.mark.django_db
def test_only_get_is_allowed(client):
    assert client.post(reverse("healthz")).status_code == 405


@pytest.mark.django_db
def test_probe_over_plain_http_is_not_redirected(client, settings):
    # Balancers probe nodes over plain HTTP; production redirects everything else to HTTPS.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("login")).status_code == 301
