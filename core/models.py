import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def invitation_token() -> str:
    """The secret part of an invitation link."""
    return secrets.token_urlsafe(32)


def invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=14)


def field_label(model: type[models.Model] | models.Model, name: str) -> "StrOrPromise":
    """Return the verbose name of one of the model's fields, for a message that names it."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # a reverse relation has no verbose name
        raise TypeError(f"{name!r} is a reverse relation of {model._meta.label}, not a field.")
    return field.verbose_name


class ChoiceLabels(models.Model):
    """`get_FOO_display()` from a dictionary of the field's choices built once per field.

    Django's builds that dictionary on every call and makes each label hashable on the way,
    which translates every label of the field (a proposal event's kind: about 30) to show one;
    staff pages call it a dozen times each. Choices that come from a callable may change: their
    dictionary is built on each call, as Django does.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_choice_labels")
        if labels is None:
            labels = {make_hashable(value): label for value, label in field.flatchoices}
            if isinstance(field.choices, list | tuple):  # callable choices: built each time
                field._choice_labels = labels
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class TimeStampedModel(ChoiceLabels):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        # `updated_at` moves with every save, even one naming its columns: pages keep what they
        # rendered of a row under its `updated_at` (a proposal's content in the workspace).
        if update_fields is not None and "updated_at" not in update_fields:
            update_fields = [*update_fields, "updated_at"]
        super().save(*args, update_fields=update_fields, **kwargs)


class TimelineEvent(ChoiceLabels):
    """A step in the life of a proposal or an agreement, on its timeline: when, who (None: the
    system) and a note. Each subclass adds what it belongs to and its kinds, as `kind`."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit events cannot be changed.")


class AuditEvent(models.Model):
    """Who did what, to what, when and from where. Rows are only ever added.

    The application refuses updates and deletes; on PostgreSQL a trigger refuses them too.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    # A plain id, not a foreign key: core sits below the programs app that defines missions.
    mission_id = models.PositiveBigIntegerField(_("mission id"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="core_audit_target_idx"),
            models.Index(fields=["mission_id", "-created_at"], name="core_audit_mission_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.verb} {self.target_repr}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
