from celery import shared_task
from django.utils import timezone

from .services import draft_reminders_send


@shared_task(name="proposals.send_draft_reminders")
def send_draft_reminders() -> int:
    return draft_reminders_send(now=timezone.now())
