from celery import shared_task

from .services import instalments_due_on_date, year_end_reminders_send


@shared_task(name="agreements.instalments_due_on_date")
def make_dated_instalments_due() -> int:
    return instalments_due_on_date()


@shared_task(name="agreements.send_year_end_reminders")
def send_year_end_reminders() -> int:
    return year_end_reminders_send()
