from celery import shared_task

from .services import TRANSIENT_ERRORS, notification_deliver, notifications_relay


@shared_task(
    name="notifications.deliver_notification",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
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
