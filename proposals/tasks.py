from celery import shared_task
from django.utils import timezone

from .services import calls_closed_report, draft_reminders_send, information_reminders_send


@shared_task(name="proposals.send_draft_reminders")
def send_draft_reminders() -> int:
    return draft_reminders_send(now=timezone.now())


@shared_task(name="proposals.report_closed_calls")
def report_closed_calls() -> int:
    return calls_closed_report(now=timezone.now())


@shared_task(name="proposals.remind_information_requests")
def remind_information_requests() -> int:
    return information_reminders_send(today=timezone.localdate())
