"""Checks behind /health/ (can this node reach the database, the cache and the broker?) and
/health/serving/ (can it serve requests?)."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection

from cfli.celery import app as celery_app

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


def _broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=5)


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}
# What a request needs. A load balancer probes these: a broker outage delays notifications and
# must not take every node out of service (quality.md: Redis is a doorbell).
SERVING_CHECKS = ("database", "cache")


def health_report(names=tuple(CHECKS)) -> dict[str, bool]:
    """Run the named checks; a failure is logged and reported, never raised."""
    report = {}
    for name in names:
        check = CHECKS[name]
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed", name)
            report[name] = False
        else:
            report[name] = True
    return report
