from celery import shared_task

from .services import report_reminders_send


@shared_task(name="monitoring.send_report_reminders")
def send_report_reminders() -> int:
    return report_reminders_send()
