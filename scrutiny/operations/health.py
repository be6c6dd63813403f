"""`/health/` for load balancers: the database and the shared cache answer, nothing more."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "not reachable"; the log says which
        logger.exception("Health check: the database did not answer")
        return False


def cache_reachable() -> bool:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
        return answered
    except Exception:  # a refused connection, a timeout, an authentication error
        logger.exception("Health check: the cache did not answer")
        return False


CHECKS = {"database": database_reachable, "cache": cache_reachable}


# Outside ATOMIC_REQUESTS: opening the request's transaction would fail before the check ran.
@transaction.non_atomic_requests
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    failed = [name for name, reachable in CHECKS.items() if not reachable()]
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})
