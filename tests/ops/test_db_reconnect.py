"""Fault drill: PostgreSQL drops every connection (restart, failover) under a running node."""

import pytest
import requests
from django.db import connection

from learning.models import Enrollment, LessonProgress
from tests import factories
from tests.ops.conftest import log_in, post, require_postgres_and_redis

pytestmark = pytest.mark.django_db(transaction=True)


def _terminate_other_backends() -> int:
    """Drop every connection to the test database but this process's own; how many were dropped."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def studying(start_node):
    """A learner logged in on a node and done with lesson 1; start_node takes extra settings."""

    def start(**node_env: str):
        require_postgres_and_redis()
        agencies = factories.agency_tree()
        course = factories.course(lessons=3)
        factories.learner(agencies["SKHCN-CDS"], user__username="lan")
        node = start_node(**node_env)
        session = requests.Session()
        log_in(session, node, username="lan")
        assert post(session, f"{node.url}/khoa-hoc/{course.id}/dang-ky/").status_code == 302
        first, second, _third = course.lessons()
        assert session.get(f"{node.url}{first.url}", timeout=10).status_code == 200
        return node, session, first, second

    return start


def test_requests_after_dropped_connections_succeed_and_keep_progress(studying):
    node, session, first, second = studying()

    # The node's persistent connection (CONN_MAX_AGE) is among those dropped.
    assert _terminate_other_backends() >= 1

    response = session.get(f"{node.url}{second.url}", allow_redirects=False, timeout=10)
    assert response.status_code == 200, node.log.read_text()
    assert requests.get(f"{node.url}/healthz", timeout=10).status_code == 200
    enrollment = Enrollment.objects.get(user__username="lan")
    studied = set(LessonProgress.objects.filter(enrollment=enrollment).values_list("lesson_id"))
    assert studied == {(first.id,), (second.id,)}


def test_without_health_checks_the_first_request_fails(studying):
    # Positive control: the drill really breaks the node's connection. Without Django's health
    # check the request that meets the dead connection fails; the next one reconnects.
    node, session, _first, second = studying(CONN_HEALTH_CHECKS="false")

    assert _terminate_other_backends() >= 1

    response = session.get(f"{node.url}{second.url}", allow_redirects=False, timeout=10)
    assert response.status_code == 500
    response = session.get(f"{node.url}{second.url}", allow_redirects=False, timeout=10)
    assert response.status_code == 200, node.log.read_text()
