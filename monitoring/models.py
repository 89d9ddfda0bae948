"""A funded project's reports (docs/decisions/0023): an interim report when the call or the
agreement asks for one, and a final report, each with a due date the officer may move, and the
reminders sent about it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import ContributionAgreement
from core.models import TimeStampedModel
from programs.models import InstalmentCondition, ReportKind

# What the acceptance of each report makes due: the instalments bound to it.
RELEASES = {
    ReportKind.INTERIM: InstalmentCondition.INTERIM_REPORT_ACCEPTED,
    ReportKind.FINAL: InstalmentCondition.FINAL_REPORT_ACCEPTED,
}


class Report(TimeStampedModel):
    """One report of an agreement in force, of one kind, due on a date."""

    Kind = ReportKind

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Not started")
        DRAFT = "draft", _("Being written")
        SUBMITTED = "submitted", _("Submitted")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")
        ACCEPTED = "accepted", _("Accepted")

    agreement = models.ForeignKey(
        ContributionAgreement, on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SCHEDULED)

    class Meta:
        ordering = ["agreement", "due_date", "kind"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind"],
                name="monitoring_one_report_per_kind",
                violation_error_code="report_exists",
                violation_error_message=_("This agreement already has a report of this kind."),
            )
        ]
        # The reminders' daily read and the staff's list of reports due: open reports by date.
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=Q(status__in=["scheduled", "draft"]),
                name="monitoring_open_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        """Still to send: not started or being written."""
        return self.status in OPEN

    @property
    def is_overdue(self) -> bool:
        """Still to send after its due date, at the mission (reads the agreement's mission)."""
        return self.is_open and self.due_date < self.agreement.today


OPEN = (Report.Status.SCHEDULED, Report.Status.DRAFT)


class ReportReminder(models.Model):
    """A reminder sent to the partner about a report: some days before its due date, or once
    it is overdue. One of each kind per due date, by constraint: each is sent once, and a due
    date moved brings its own."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("reminder"), max_length=10, choices=Kind)
    due_date = models.DateField(_("due date reminded"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "sent_at"]
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "due_date"], name="monitoring_one_reminder_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.kind} · {self.due_date}"
