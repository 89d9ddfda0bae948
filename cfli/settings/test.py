"""The test suite: the real PostgreSQL and Redis on loopback, fast password hashing."""

from .base import *  # noqa: F403
from .base import REDIS_TRANSPORT_OPTIONS, celery_queues, database, env

DATABASES = {
    "default": database(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cfli"), conn_health_checks=True
    )
}
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    # Tests render templates without running collectstatic first.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Per-process and cleared before each test, so allauth's rate-limit counters never leak.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "f"},
}
# Static files come from the finders; tests never run collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Messages sent by tests go to a queue of their own, emptied after the run (tests/conftest.py),
# so a shared Redis never hands a developer's worker a task about a test row.
CELERY_TASK_DEFAULT_QUEUE = "cfli-tests"
CFLI_BULK_QUEUE = "cfli-tests-bulk"
CELERY_TASK_QUEUES = celery_queues(CELERY_TASK_DEFAULT_QUEUE, CFLI_BULK_QUEUE)
