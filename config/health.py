"""/healthz: can this node serve requests? For load balancers and monitoring.

Answers 200 when the database, the cache and the Celery broker all answer, 503 otherwise. A broker
that is not configured (tasks run inline) counts as healthy. Each part gets HEALTH_CHECK_TIMEOUT
seconds, so a dead broker or Redis makes the probe fail fast instead of hanging the balancer.
The body names parts and states only: error details go to the log, not to whoever asks.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app

logger = logging.getLogger(__name__)

OK = "ok"
FAIL = "fail"
NOT_CONFIGURED = "not configured"


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _cache() -> str:
    # A key of our own per probe: two nodes probing at once never read each other's value.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    answered = cache.get(key) == "1"
    cache.delete(key)
    return OK if answered else FAIL


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return NOT_CONFIGURED
    timeout = settings.HEALTH_CHECK_TIMEOUT
    with celery_app.connection_for_write(
        url=settings.CELERY_BROKER_URL, connect_timeout=timeout
    ) as conn:
        # One attempt, no back-off: the balancer will ask again.
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, interval_max=0, timeout=timeout
        )
    return OK


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
@require_GET
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            logger.warning("Health check %s failed", name, exc_info=True)
            results[name] = FAIL
    healthy = all(state in (OK, NOT_CONFIGURED) for state in results.values())
    return JsonResponse(
        {"status": OK if healthy else FAIL, "checks": results}, status=200 if healthy else 503
    )
