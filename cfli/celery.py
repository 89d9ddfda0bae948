"""The Celery application; its settings are the CELERY_* names in cfli/settings/."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cfli.settings.dev")

app = Celery("cfli")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
