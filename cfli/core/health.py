"""Checks behind /health/: can this node reach the database, the cache and the broker?"""

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


def health_report() -> dict[str, bool]:
    """Run every check; a failure is logged and reported, never raised."""
    report = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed", name)
            report[name] = False
        else:
            report[name] = True
    return report
