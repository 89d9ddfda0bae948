import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


def default_channels() -> list[str]:
    return ["email", "inbox"]


class Notification(TimeStampedModel):
    """The outbox: one row per recipient and event, written in the business transaction.

    Celery only delivers what is here; a lost broker message delays a notification, the relay
    sends it again, and the unique key keeps an event from reaching a person twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    event = models.CharField(_("event"), max_length=80)
    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    # "email" and/or "inbox"; a row with a recipient is always in their inbox.
    channels = models.JSONField(_("channels"), default=default_channels)
    # Ids and plain values only: the e-mail is rendered at delivery, in the recipient's language.
    context = models.JSONField(_("context"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Reminders sent to everyone at once: delivered after what someone is waiting for.
    bulk = models.BooleanField(_("bulk mailing"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_due_idx"),
            models.Index(fields=["recipient", "read_at"], name="notif_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.email} ({self.get_status_display()})"

    @property
    def message_id(self) -> str:
        """A stable Message-ID, so a duplicate sent after a crash can be recognized."""
        return f"<{hashlib.sha256(self.key.encode()).hexdigest()[:32]}@cfli-grants>"
