from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Delete expired sessions (what `manage.py clearsessions` does); run daily by beat."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
