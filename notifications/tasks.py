from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import (
    DELIVERY_TIME_LIMIT,
    TRANSIENT_ERRORS,
    notification_deliver,
    notifications_relay,
)


@shared_task(
    name="notifications.deliver_notification",
    acks_late=True,
    # The database away (a restart): try again in a second or two, not at the next relay.
    autoretry_for=(*TRANSIENT_ERRORS, OperationalError, InterfaceError),
    # Never still running when its claim expires (CLAIM_TIMEOUT), or two could send it.
    soft_time_limit=DELIVERY_TIME_LIMIT - 30,
    time_limit=DELIVERY_TIME_LIMIT,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def deliver_notification(notification_id: int) -> None:
    notification_deliver(notification_id=notification_id)


@shared_task(name="notifications.relay_notifications")
def relay_notifications() -> int:
    return notifications_relay()
