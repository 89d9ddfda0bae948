"""Writing notifications (inside the business transaction) and delivering them (in tasks)."""

import logging
import random
import smtplib
import time
import zoneinfo
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Organization
from accounts.selectors import member_of_organization_at_risk
from core.background import enqueue_on_commit
from core.times import zone_of

from .models import Notification

logger = logging.getLogger(__name__)

Status = Notification.Status
MAX_ATTEMPTS = 10
# A delivery is killed after DELIVERY_TIME_LIMIT seconds (its task's hard limit: render, SMTP
# with a 20 s timeout, recording); a row still "sending" after CLAIM_TIMEOUT was abandoned (a
# worker killed) and the relay sends it again. Short, so the person waits minutes, not a
# quarter of an hour; longer than the hard limit, so a live delivery is never doubled.
DELIVERY_TIME_LIMIT = 90
CLAIM_TIMEOUT = timedelta(minutes=2)
MARK_SENT_ATTEMPTS = 7  # 25 s of waiting: longer than a database restart
# Failures worth another try: the relay or the network, not the message.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)  # OSError covers refused and timed out


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with jitter: about 1, 2, 4 ... minutes, at most an hour."""
    base = min(60 * 2 ** max(attempts - 1, 0), 3600)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))  # noqa: S311  (jitter, not security)


def notify(
    *,
    event: str,
    key: str,
    recipients,
    context: dict,
    channels=("email", "inbox"),
    bulk: bool = False,
) -> list[Notification]:
    """Record `event` for each recipient (a User, or an (e-mail, language) pair) and deliver
    it after the commit. Call it inside the transaction that makes the change it reports.

    `key` names the occurrence (e.g. "staff-invitation:12"); with the recipient it makes the
    row's unique key, so notifying the same occurrence again changes nothing. `bulk`: one of
    many sent at once (reminders), delivered after the notifications people are waiting for.
    """
    # Without e-mail, being in the inbox is the delivery.
    delivered = {} if "email" in channels else {"status": Status.SENT, "sent_at": timezone.now()}
    created = []
    for recipient in recipients:
        if isinstance(recipient, tuple):
            user, (email, language) = None, recipient
        else:
            user, email, language = recipient, recipient.email, recipient.preferred_language
        notification, is_new = Notification.objects.get_or_create(
            key=f"{key}:{email.lower()}",
            defaults={
                "event": event,
                "recipient": user,
                "email": email,
                "language": language,
                "context": context,
                "channels": list(channels),
                "bulk": bulk,
                **delivered,
            },
        )
        if not is_new:
            continue
        created.append(notification)
        if "email" in channels:
            from .tasks import deliver_notification

            enqueue_on_commit(deliver_notification, notification.pk, queue=_queue(bulk))
    return created


def _queue(bulk: bool) -> str | None:
    """Mass mailings go to the queue workers read last; the rest to the default one."""
    return settings.CFLI_BULK_QUEUE if bulk else None


def load_objects(notifications) -> None:
    """Read the objects the notifications refer to, one query per model, onto each row."""
    wanted: dict[str, set] = {}
    for notification in notifications:
        for label, pk in notification.context.get("objects", {}).values():
            wanted.setdefault(label, set()).add(pk)
    found = {}
    for label, pks in wanted.items():
        model = apps.get_model(label)
        # A model may say which relations its notifications show (to avoid one query per row).
        queryset = getattr(model, "notification_queryset", model.objects.all)()
        found[label] = queryset.in_bulk(sorted(pks))
    for notification in notifications:
        notification.objects = {
            name: found[label][pk]
            for name, (label, pk) in notification.context.get("objects", {}).items()
            if pk in found[label]
        }


def render_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of a notification, in its recipient's language and time zone.

    `context["objects"]` maps template names to ["app_label.Model", pk]; they are read now, so
    the e-mail shows current data, with translated fields in the recipient's language.
    """
    objects = {
        name: apps.get_model(label).objects.get(pk=pk)
        for name, (label, pk) in notification.context.get("objects", {}).items()
    }
    context = {
        **{name: value for name, value in notification.context.items() if name != "objects"},
        **objects,
        "notification": notification,
        "site_url": settings.CFLI_SITE_URL,
    }
    discreet = is_discreet(notification, objects.values())
    prefix = "email/discreet" if discreet else f"email/{notification.event}"
    with (
        translation.override(notification.language),
        timezone.override(recipient_zone(notification)),
    ):
        subject = render_to_string(f"{prefix}.subject.txt", context).strip()
        text = render_to_string(f"{prefix}.txt", context)
        html = render_to_string(f"{prefix}.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[notification.email], headers={"Message-ID": notification.message_id}
    )
    message.attach_alternative(html, "text/html")
    return message


def recipient_zone(notification: Notification) -> zoneinfo.ZoneInfo:
    """The time zone the recipient reads times in: their profile's; settings.TIME_ZONE for an
    address with no account yet (an invitation)."""
    if notification.recipient is None:  # no query: recipient_id is None
        return zone_of(settings.TIME_ZONE)
    return notification.recipient.zone


def is_discreet(notification: Notification, objects) -> bool:
    """Whether the e-mail must say nothing but "sign in": it concerns, or goes to a member of,
    an organization that registering would put at risk (the full text stays in the inbox)."""
    for item in objects:
        organization = getattr(item, "organization", item)
        if isinstance(organization, Organization) and organization.is_at_risk:
            return True
    return notification.recipient_id is not None and member_of_organization_at_risk(
        notification.recipient_id
    )


def notification_deliver(*, notification_id: int) -> bool:
    """Send one pending notification once per claim. Returns whether this call sent it.

    A transient failure puts the row back to pending with a later attempt time (the relay or a
    Celery retry sends it again); after MAX_ATTEMPTS it becomes failed, for an administrator.
    """
    rows = Notification.objects.filter(pk=notification_id)
    claimed = rows.filter(status=Status.PENDING).update(
        status=Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False  # already sent, failed or in flight elsewhere
    notification = rows.get()
    try:
        message = render_email(notification)
    except Exception as error:
        # A message that cannot be built will not build later either: failed, for an admin.
        rows.update(status=Status.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000])
        logger.exception("Notification %s cannot be rendered", notification_id)
        return False
    try:
        message.send()
    except TRANSIENT_ERRORS as error:
        failed = notification.attempts >= MAX_ATTEMPTS
        rows.update(
            status=Status.FAILED if failed else Status.PENDING,
            next_attempt_at=None if failed else timezone.now() + backoff(notification.attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("Notification %s not sent: %s", notification_id, error)
        raise
    _mark_sent(rows)
    return True


def _mark_sent(rows) -> None:
    """Record a message the SMTP relay accepted. If the database is away at that moment (a
    restart, a failover), wait for it rather than fail: a row left "sending" would be sent
    again by the relay, and the person would get the e-mail twice."""
    for attempt in range(MARK_SENT_ATTEMPTS):
        try:
            rows.update(status=Status.SENT, sent_at=timezone.now(), last_error="")
            return
        except (OperationalError, InterfaceError):
            if attempt == MARK_SENT_ATTEMPTS - 1:
                raise
            logger.warning("Notification sent; the database is unavailable, trying again")
            connection.close()  # the next query opens a new connection
            time.sleep(min(0.5 * 2**attempt, 10))


def notifications_relay() -> int:
    """Send again what is due: pending rows whose time has come, and rows stuck in sending.

    Works even when Redis lost every message, because the rows are the truth.
    """
    now = timezone.now()
    Notification.objects.filter(status=Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
        status=Status.PENDING, next_attempt_at=now
    )
    due = Notification.objects.filter(status=Status.PENDING).filter(
        Q(next_attempt_at__isnull=True, created_at__lt=now - timedelta(minutes=1))
        | Q(next_attempt_at__lte=now)
    )
    from .tasks import deliver_notification

    rows = list(due.order_by("bulk", "pk").values_list("pk", "bulk")[:500])
    for notification_id, bulk in rows:
        enqueue_on_commit(deliver_notification, notification_id, queue=_queue(bulk))
    return len(rows)


def notifications_retry(*, notification_ids: list[int]) -> int:
    """Administrators send failed notifications again, with a fresh count of attempts."""
    from .tasks import deliver_notification

    rows = Notification.objects.filter(pk__in=notification_ids, status=Status.FAILED)
    ids = list(rows.values_list("pk", flat=True))
    rows.update(status=Status.PENDING, attempts=0, next_attempt_at=None, last_error="")
    for notification_id in ids:
        enqueue_on_commit(deliver_notification, notification_id)  # an administrator waits
    return len(ids)


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications, or all of them, as read."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=timezone.now())
