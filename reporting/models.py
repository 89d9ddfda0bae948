"""Exports too large to answer at once: a row first, then a file built in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage


def export_path(export: "Export", file_name: str) -> str:
    # A folder per export: names never collide; the file is only served by the download view.
    return f"exports/{export.pk}/{file_name}"


class Export(TimeStampedModel):
    """One person's export of a list, built by a task and downloadable by that person only.

    Redis is a doorbell: the row is the truth, a relay sends again what is still pending, and
    the task claims the row with a conditional UPDATE, so building twice is harmless.
    """

    class Kind(models.TextChoices):
        PROPOSALS = "proposals", _("Proposals")
        DISCLOSURE = "disclosure", _("Proactive disclosure")
        AGREEMENTS = "agreements", _("Agreements")
        PAYMENTS = "payments", _("Payments")
        REPORTS = "reports", _("Reports")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", _("Excel (XLSX)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        DELETED = "deleted", _("File deleted")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="exports",
    )
    kind = models.CharField(_("list"), max_length=20, choices=Kind)
    format = models.CharField(_("format"), max_length=4, choices=Format)
    # The validated filters, as JSON values; the rows are scoped again when the file is built.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    # The language of the page the export was asked from: its headers and labels.
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(
        storage=private_storage, upload_to=export_path, max_length=300, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="reporting_export_mine_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_format_display()} · {self.pk}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def file_name(self) -> str:
        """The name the download is saved under: cfli-proposals-2026-05-04.csv."""
        return f"cfli-{self.kind}-{self.created_at:%Y-%m-%d}.{self.format}"
