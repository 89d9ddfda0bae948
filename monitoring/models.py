"""A funded project's reports (docs/decisions/0023): an interim report when the call or the
agreement asks for one, and a final report, each with a due date the officer may move, the
reminders sent about it, and what the partner reports: results against their targets,
beneficiaries reached against the plan, spending by budget line against the budget, the
narrative, receipts and photos; each version submitted is kept."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementBudgetLine, ContributionAgreement
from core.models import TimeStampedModel
from core.storage import private_storage
from programs.models import InstalmentCondition, ReportKind
from proposals.models import BudgetLine, GeCode, ProposalResult, count_field, money_field

# What the acceptance of each report makes due: the instalments bound to it.
RELEASES: dict[str, InstalmentCondition] = {
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

    # The narrative.
    activities_done = models.TextField(_("what was done"), blank=True)
    changes_observed = models.TextField(
        _("what changed for the people the project serves"), blank=True
    )
    gender_equality = models.TextField(
        _("what women and girls gained, and how they took part"), blank=True
    )
    lessons = models.TextField(_("lessons learned"), blank=True)
    sustainability = models.TextField(_("what will last after the project"), blank=True)

    # Beneficiaries reached, in the proposal's grid (proposals.beneficiaries.COUNT_FIELDS).
    direct_women = count_field(_("direct: women (18 and over)"))
    direct_girls = count_field(_("direct: girls (under 18)"))
    direct_men = count_field(_("direct: men (18 and over)"))
    direct_boys = count_field(_("direct: boys (under 18)"))
    direct_other_adults = count_field(_("direct: other gender identities (18 and over)"))
    direct_other_minors = count_field(_("direct: other gender identities (under 18)"))
    indirect_women = count_field(_("indirect: women (18 and over)"))
    indirect_girls = count_field(_("indirect: girls (under 18)"))
    indirect_men = count_field(_("indirect: men (18 and over)"))
    indirect_boys = count_field(_("indirect: boys (under 18)"))
    indirect_other_adults = count_field(_("indirect: other gender identities (18 and over)"))
    indirect_other_minors = count_field(_("indirect: other gender identities (under 18)"))
    identity_factors = models.JSONField(_("identity factors reached"), default=list, blank=True)
    identity_factors_other = models.CharField(
        _("other identity factors"), max_length=200, blank=True
    )

    # Autosave's lock, as a proposal section's: a save from a page that did not see the last
    # one is a conflict, unless it came from that same page (`editor`).
    version = models.PositiveIntegerField(default=0)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(null=True, blank=True)
    editor = models.CharField(max_length=32, blank=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

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


def field_label(name: str) -> str:
    """The label of one of the report's own fields, as its form shows it."""
    field = Report._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


# The report's narrative, in the order the page asks for it.
NARRATIVE = ("activities_done", "changes_observed", "gender_equality", "lessons", "sustainability")


class ReportResult(models.Model):
    """What one expected result of the proposal achieved: its indicator, baseline and target
    as planned (copied when the report was started), the actual value, and why when it falls
    short."""

    class Achievement(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveSmallIntegerField(default=0)
    proposal_result = models.ForeignKey(
        ProposalResult, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ProposalResult.Kind, blank=True)
    description = models.TextField(_("expected result"))
    indicator = models.TextField(_("indicator"), blank=True)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    actual = models.CharField(_("actual value"), max_length=200, blank=True)
    achievement = models.CharField(_("achieved?"), max_length=10, choices=Achievement, blank=True)
    explanation = models.TextField(_("why it fell short"), blank=True)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("result reported")
        verbose_name_plural = _("results reported")

    def __str__(self) -> str:
        return self.description[:80]

    @classmethod
    def planned(cls, report: Report, position: int, result: ProposalResult) -> "ReportResult":
        """The row a report starts with for one of the proposal's expected results: what was
        planned, for the actual to stand beside."""
        return cls(
            report=report,
            position=position,
            proposal_result=result,
            kind=result.kind,
            description=result.description,
            indicator=result.indicator,
            baseline=result.baseline,
            target=result.target,
        )

    @property
    def needs_explanation(self) -> bool:
        return self.achievement in (self.Achievement.PARTLY, self.Achievement.NOT_MET)


class ReportExpenditure(models.Model):
    """What one line of the budget in force when the report was started cost the CFLI: planned
    (its CFLI column, copied) against actual, in the budget's currency."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="expenditures")
    position = models.PositiveSmallIntegerField(default=0)
    budget_line = models.ForeignKey(
        AgreementBudgetLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(_("cost category"), max_length=20, choices=BudgetLine.Category)
    description = models.CharField(_("description"), max_length=300)
    planned_local = money_field(_("planned (CFLI)"), default=Decimal(0))
    actual_local = money_field(_("spent (CFLI)"), null=True, blank=True)
    explanation = models.TextField(_("why it differs"), blank=True)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("expenditure reported")
        verbose_name_plural = _("expenditures reported")

    def __str__(self) -> str:
        return self.description

    @classmethod
    def planned(
        cls, report: Report, position: int, line: AgreementBudgetLine
    ) -> "ReportExpenditure":
        """The row a report starts with for a line of the budget in force: its CFLI amount,
        for the spending to stand beside."""
        return cls(
            report=report,
            position=position,
            budget_line=line,
            category=line.category,
            description=line.description,
            planned_local=line.cfli_amount,
        )

    @property
    def variance(self) -> Decimal | None:
        """Actual less planned, once the actual is given."""
        return None if self.actual_local is None else self.actual_local - self.planned_local

    @property
    def variance_percent(self) -> Decimal | None:
        """The variance as a share of the planned amount; None without an actual, or when
        nothing was planned (any spending then needs its explanation)."""
        variance = self.variance
        if variance is None or not self.planned_local:
            return None
        return abs(variance) * 100 / self.planned_local

    def needs_explanation(self, threshold: Decimal) -> bool:
        """Beyond the call's variance, or spent where nothing was planned."""
        if self.actual_local is None:
            return False
        if not self.planned_local:
            return self.actual_local != 0
        percent = self.variance_percent
        return percent is not None and percent > threshold


class StoredFile(TimeStampedModel):
    """A file sent with a report or a visit: what the upload's checks recorded of it
    (core.uploads), kept with the private file each subclass stores."""

    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.file_name


def report_file_path(report_file: "ReportFile", file_name: str) -> str:
    # A random folder per file, as proposals' attachments: never guessed, never colliding.
    return f"reports/{report_file.report_id}/{uuid.uuid4().hex}/{file_name}"


class ReportFile(StoredFile):
    """A receipt, a photo or another document sent with a report, checked as every upload and
    kept in private storage; a photo may be cleared for publication by the partner."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt or invoice")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other document")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind of file"), max_length=10, choices=Kind)
    file = models.FileField(storage=private_storage, upload_to=report_file_path, max_length=300)
    cleared_for_publication = models.BooleanField(
        _("may be published by the embassy"), default=False
    )
    # The first version it was submitted with: from then on it stays as sent.
    submission = models.ForeignKey(
        "ReportSubmission", null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.CheckConstraint(
                condition=Q(cleared_for_publication=False) | Q(kind="photo"),
                name="monitoring_only_photos_published",
                violation_error_code="not_a_photo",
                violation_error_message=_("Only a photo may be cleared for publication."),
            )
        ]


class ReportSubmission(models.Model):
    """One version of a report as the partner submitted it (1, 2, …): everything it said, kept
    as it was, so that versions compare side by side."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="monitoring_one_submission_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.number}"


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


class ReportReview(models.Model):
    """The officer's answer to one submitted version: accepted, or a revision asked for with
    comments the partner reads."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reviews")
    submission = models.OneToOneField(
        ReportSubmission, on_delete=models.PROTECT, related_name="review"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision)
    comments = models.TextField(_("comments for the partner"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"))

    class Meta:
        ordering = ["report", "reviewed_at", "pk"]
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")

    def __str__(self) -> str:
        return f"{self.submission} · {self.decision}"


class MonitoringVisit(TimeStampedModel):
    """A visit of the project by the mission's staff, on site or remote, with what they found;
    its follow-up actions are rows of their own."""

    class Mode(models.TextChoices):
        SITE = "site", _("On site")
        REMOTE = "remote", _("Remote")

    agreement = models.ForeignKey(
        ContributionAgreement, on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("date of the visit"))
    mode = models.CharField(_("kind of visit"), max_length=10, choices=Mode)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff who visited"), related_name="+"
    )
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-visited_on", "-pk"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")

    def __str__(self) -> str:
        return f"{self.agreement} · {self.visited_on}"


def visit_photo_path(photo: "VisitPhoto", file_name: str) -> str:
    return f"visits/{photo.visit_id}/{uuid.uuid4().hex}/{file_name}"


class VisitPhoto(StoredFile):
    """A photo taken during a visit, checked as every upload, kept private."""

    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=private_storage, upload_to=visit_photo_path, max_length=300)

    class Meta:
        ordering = ["visit", "created_at", "pk"]
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")


class FollowUp(TimeStampedModel):
    """An action a visit asks for, owned by the partner or by a staff member, due on a date;
    open until done. An open follow-up shows on the project's pages and blocks its closure."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.TextField(_("action"))
    # The partner owns it when no staff member does.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member who owns it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.TextField(_("how it was done"), blank=True)

    class Meta:
        ordering = ["visit", "due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.action[:80]

    @property
    def owned_by_partner(self) -> bool:
        return self.owner_id is None


class Closure(models.Model):
    """The end of a project completed: its final figures, confirmed by the officer who closed
    it. A closed project is read-only."""

    agreement = models.OneToOneField(
        ContributionAgreement, on_delete=models.PROTECT, related_name="closure"
    )
    paid_cad = money_field(_("paid by the CFLI (CAD)"))
    unspent_local = money_field(_("unspent, in the budget's currency"))
    unspent_cad = money_field(_("unspent (CAD)"))
    returned_cad = money_field(_("returned to Canada (CAD)"))
    final_ge_code = models.CharField(_("final gender-equality code"), max_length=4, choices=GeCode)
    note = models.TextField(_("note"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"))

    class Meta:
        verbose_name = _("project closure")
        verbose_name_plural = _("project closures")
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_cad__gte=0),
                name="monitoring_returned_not_negative",
                violation_error_code="returned_negative",
                violation_error_message=_("What was returned cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.closed_at:%Y-%m-%d}"
