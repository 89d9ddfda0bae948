"""A proposal: what a local partner asks the fund for, in the sections of the CFLI form."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.models import TimelineEvent, TimeStampedModel
from core.storage import private_storage
from core.uploads import JPEG, PDF, PNG
from programs.models import MissionYearSequence, ProposalLanguage

# Large enough for any real budget line, small enough to keep every total inside the column.
MAX_AMOUNT = Decimal("9999999999.99")
MAX_QUANTITY = Decimal("99999999.99")
amount_validators = [MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)]


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=amount_validators, **kwargs
    )


def count_field(verbose_name) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        verbose_name, null=True, blank=True, validators=[MaxValueValidator(100_000_000)]
    )


class IdentityFactor(models.TextChoices):
    DISABILITY = "disability", _("Persons with disabilities")
    INDIGENOUS = "indigenous", _("Indigenous peoples")
    LGBTQI = "lgbtqi", _("2SLGBTQI+ persons")
    MIGRANTS = "migrants", _("Migrants and refugees")
    OTHER = "other", _("Other")


class GeCode(models.TextChoices):
    """Gender-equality codes of a project: reviewers propose one, the mission sets the final
    one (reviews); staff lists and dashboards filter and count by them."""

    GE0 = "GE-0", _("GE-0: gender equality not targeted")
    GE1 = "GE-1", _("GE-1: gender equality partially integrated")
    GE2 = "GE-2", _("GE-2: gender equality fully integrated")
    GE3 = "GE-3", _("GE-3: gender equality is the principal objective")


# Said on the end date whichever check finds it: the form, the service or the constraint.
END_BEFORE_START = _("The end date cannot be before the start date.")


class Proposal(TimeStampedModel):
    """One organization's proposal to one call; a draft until submitted, then frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INELIGIBLE = "ineligible", _("Not eligible")
        IN_REVIEW = "in_review", _("In review")
        MORE_INFO_REQUESTED = "more_info_requested", _("More information requested")
        REVIEWED = "reviewed", _("Reviewed")
        RECOMMENDED = "recommended", _("Recommended")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("On the waiting list")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Consultation(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")

    call = models.ForeignKey(
        "programs.Call", verbose_name=_("call"), on_delete=models.PROTECT, related_name="proposals"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    # Optimistic locking per section: {"project": 3, ...}; a stale save is a conflict.
    section_versions = models.JSONField(default=dict, editable=False)
    reference = models.CharField(_("reference"), max_length=40, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)

    # 1. Project
    title = models.CharField(_("project title"), max_length=200, blank=True)
    location_city = models.CharField(_("city or village"), max_length=120, blank=True)
    location_region = models.CharField(_("district or state"), max_length=120, blank=True)
    location_country = CountryField(_("country"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    language = models.CharField(
        _("language of the proposal"), max_length=2, choices=ProposalLanguage, blank=True
    )
    multi_year_justification = models.TextField(
        _("why the project needs more than one year"), blank=True
    )

    # 2. Priority
    call_priority = models.ForeignKey(
        "programs.CallPriority",
        verbose_name=_("priority area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sub_theme = models.ForeignKey(
        "programs.SubTheme",
        verbose_name=_("sub-theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # 3. Context
    context = models.TextField(_("context and problem"), blank=True)
    local_authorization_needed = models.BooleanField(
        _("does the project need a local authorization?"), null=True, blank=True
    )
    local_authorization_explanation = models.TextField(_("local authorization"), blank=True)

    # 4. Results (the results and activities are rows)
    objectives = models.TextField(_("objectives"), blank=True)

    # 5. Beneficiaries
    beneficiaries_description = models.TextField(
        _("who the beneficiaries are, and where"), blank=True
    )
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
    identity_factors = models.JSONField(_("identity factors"), default=list, blank=True)
    identity_factors_other = models.CharField(
        _("other identity factors"), max_length=200, blank=True
    )
    beneficiaries_consulted = models.CharField(
        _("were the beneficiaries consulted?"), max_length=3, choices=Consultation, blank=True
    )
    consultation_explanation = models.TextField(
        _("how they were consulted, or why not"), blank=True
    )

    # 6. GBA+
    gba_differential_impacts = models.TextField(
        _("how women, girls, men and boys are affected differently"), blank=True
    )
    gba_women_consulted = models.CharField(
        _("were women and/or girls consulted?"), max_length=3, choices=Consultation, blank=True
    )
    gba_consultation_influence = models.TextField(
        _("how their views shaped the project"), blank=True
    )
    gba_do_no_harm = models.TextField(
        _("risks of doing harm, and how they are avoided"), blank=True
    )
    gba_womens_organizations = models.TextField(_("women's organizations involved"), blank=True)

    # 7. Risks, sustainability, environment
    risks = models.TextField(_("risks and mitigation"), blank=True)
    sustainability = models.TextField(_("sustainability"), blank=True)
    environment = models.TextField(_("environmental impact and mitigation"), blank=True)

    # 8. Budget (the lines are rows)
    currency = models.CharField(_("currency of the budget"), max_length=3, blank=True)
    exchange_rate = models.DecimalField(
        _("exchange rate (CAD for one unit)"),
        max_digits=14,
        decimal_places=8,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00000001")), MaxValueValidator(Decimal(1000))],
    )
    amount_requested = money_field(_("amount requested from the CFLI"), null=True, blank=True)
    # Computed on the server from the lines whenever the budget is saved.
    cfli_total = money_field(_("total asked of the CFLI"), default=Decimal(0), editable=False)
    project_total = money_field(_("total cost of the project"), default=Decimal(0), editable=False)
    amount_requested_cad = money_field(
        _("amount requested (CAD)"), null=True, blank=True, editable=False
    )

    # 10. Declaration
    declarant_name = models.CharField(
        _("name of the authorized person"), max_length=200, blank=True
    )
    declarant_title = models.CharField(_("position"), max_length=200, blank=True)
    declaration_attested = models.BooleanField(
        _("I declare that the information in this proposal is true and complete"), default=False
    )

    # What searches compare (proposals/search.py), as core.text folds it, written when the
    # proposal is submitted (drafts are never searched): the words of its reference and title,
    # which rank results, and of everything searched (those, its texts and its rows' texts).
    search_heading = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="proposals_end_after_start",
                violation_error_code="end_before_start",
                violation_error_message=END_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(reference__isnull=False),
                name="proposals_submitted_have_reference",
                # Only proposal_submit leaves the draft state, giving the reference first.
                violation_error_code="reference_missing",
                violation_error_message=_(
                    "A proposal that is no longer a draft needs a reference."
                ),
            ),
        ]
        # Plus, on PostgreSQL, the staff list's partial indexes (migration 0005) and the search
        # vector generated from search_text, with its index (0006).
        indexes = [models.Index(fields=["organization", "call", "status"])]

    def __str__(self) -> str:
        return self.reference or self.title or str(_("Untitled proposal"))

    def get_absolute_url(self) -> str:
        if self.status == self.Status.DRAFT:
            return reverse("proposals:section", args=[self.pk, "project"])
        return reverse("proposals:detail", args=[self.pk])

    def clean(self):
        # The constraint proposals_end_after_start, said on the field to correct.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": ValidationError(END_BEFORE_START, code="end_before_start")}
            )

    @classmethod
    def notification_queryset(cls):
        """What an inbox entry about a proposal shows: its organization and call."""
        return cls.objects.select_related("organization", "call__mission")

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def awaits_information(self) -> bool:
        return self.status == self.Status.MORE_INFO_REQUESTED

    @property
    def is_ineligible(self) -> bool:
        return self.status == self.Status.INELIGIBLE

    @property
    def applicant_status_display(self) -> str:
        """The status the applicant reads: the embassy's deliberation (reviews done, a
        recommendation, a decision held for release) reads "In review" until it is released."""
        if self.status in DELIBERATION_STATUSES:
            return str(self.Status.IN_REVIEW.label)
        return self.get_status_display()

    def section_version(self, key: str) -> int:
        """The version of a section the form was loaded with; conflicts compare it."""
        return self.section_versions.get(key, {}).get("version", 0)

    @property
    def display_title(self) -> str:
        return self.title or str(_("Untitled proposal"))

    def direct_total(self) -> int:
        return sum(
            getattr(self, f"direct_{group}") or 0
            for group in ("women", "girls", "men", "boys", "other_adults", "other_minors")
        )

    def indirect_total(self) -> int:
        return sum(
            getattr(self, f"indirect_{group}") or 0
            for group in ("women", "girls", "men", "boys", "other_adults", "other_minors")
        )


class ProposalResult(models.Model):
    """An expected result with how it will be measured."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, blank=True)
    description = models.TextField(_("expected result"), blank=True)
    indicator = models.TextField(_("indicator"), blank=True)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(
        pgettext_lazy("expected result", "target"), max_length=200, blank=True
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")

    def __str__(self) -> str:
        return self.description[:80]


class ProposalActivity(models.Model):
    """A line of the work plan."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(_("activity"), blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.description[:80]


class BudgetLine(models.Model):
    """A line of the budget, in the budget's currency."""

    class Category(models.TextChoices):
        SALARIES = "salaries", _("Project salaries and fees")
        TRAINING = "training", _("Training, workshops and events")
        HOSPITALITY = "hospitality", _("Hospitality (no alcohol)")
        OUTREACH = "outreach", _("Outreach, communication and publishing")
        EQUIPMENT = "equipment", _("Equipment and supplies")
        RENTALS = "rentals", _("Rentals")
        TRAVEL = "travel", _("Local travel (economy)")
        RESEARCH = "research", _("Research")
        PROFESSIONAL = "professional", _("Legal, accounting and audit")
        ENVIRONMENT = "environment", _("Environmental assessment")
        ADMINISTRATION = "administration", _("Administration and overhead")
        OTHER = "other", _("Other")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(_("cost category"), max_length=20, choices=Category, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_QUANTITY)],
    )
    unit_cost = money_field(_("unit cost"), null=True, blank=True)
    cfli_amount = money_field(_("CFLI"), null=True, blank=True)
    applicant_cash = money_field(_("applicant (cash)"), null=True, blank=True)
    in_kind = money_field(_("in kind"), null=True, blank=True)
    other_donor = money_field(_("other donors"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.description

    def line_total(self) -> Decimal | int:  # 0 when neither figure is filled in
        return (self.quantity or 0) * (self.unit_cost or 0)


class OtherFunder(models.Model):
    """Another donor's contribution to the same project."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        PENDING = "pending", _("Pending")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="other_funders")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("funder"), max_length=200, blank=True)
    amount = money_field(_("amount"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("other funder")
        verbose_name_plural = _("other funders")

    def __str__(self) -> str:
        return self.name


class ProposalEvent(TimelineEvent):
    """A step in the proposal's life, told to the applicant in plain words on its timeline."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Draft started")
        SUBMITTED = "submitted", _("Submitted")
        INELIGIBLE = "ineligible", _("Found not eligible")
        IN_REVIEW = "in_review", _("Found eligible: the review starts")
        MORE_INFO_REQUESTED = "more_info_requested", _("The embassy asked for more information")
        INFO_PROVIDED = "info_provided", _("More information sent")
        REVIEWED = "reviewed", _("Review completed")
        RECOMMENDED = "recommended", _("Recommended to the committee")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Put on the waiting list")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=Kind)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.kind}"

    @property
    def by_applicant(self) -> bool:
        """Whether the applicant's side acted; applicants are told "the embassy" for the rest,
        never the names of its staff."""
        return self.kind in APPLICANT_EVENTS


class InformationRequest(TimeStampedModel):
    """The embassy's question about a submitted proposal. While it is open the proposal waits
    in "more information requested"; the partner's answer (text and files) sends it back to
    the state it was asked from."""

    MAX_FILES = 5  # files sent with one answer

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="information_requests"
    )
    question = models.TextField(_("question"))
    due_date = models.DateField(_("answer by"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    return_status = models.CharField(max_length=30, choices=Proposal.Status, editable=False)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("request for more information")
        verbose_name_plural = _("requests for more information")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(answered_at__isnull=True),
                name="proposals_one_open_information_request",
                # information_request_create asks only of a proposal not already waiting.
                violation_error_code="open_request_exists",
                violation_error_message=_(
                    "This proposal already has an open question: wait for the answer before "
                    "asking another."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("proposal__call__mission")


# The embassy's deliberation, which the applicant does not see before the decision is released.
DELIBERATION_STATUSES = {Proposal.Status.REVIEWED, Proposal.Status.RECOMMENDED}
DELIBERATION_EVENTS = {ProposalEvent.Kind.REVIEWED, ProposalEvent.Kind.RECOMMENDED}

APPLICANT_EVENTS = {
    ProposalEvent.Kind.CREATED,
    ProposalEvent.Kind.SUBMITTED,
    ProposalEvent.Kind.INFO_PROVIDED,
    ProposalEvent.Kind.WITHDRAWN,
}


class ProposalRevision(models.Model):
    """The content of a proposal frozen when it was submitted; what reviewers assess."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    content = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposals_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.number}"


class ReferenceSequence(MissionYearSequence):
    """The last reference number given for one mission and fiscal year."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "fiscal_year"], name="proposals_one_sequence_per_year"
            )
        ]


def attachment_path(attachment: "Attachment", file_name: str) -> str:
    # A random folder per file: names never collide and are never guessed from the URL.
    return f"proposals/{attachment.proposal_id}/{uuid.uuid4().hex}/{file_name}"


# The kinds of file a browser shows itself, which a preview serves inline (proposals.downloads).
PREVIEW_TYPES = frozenset(kind.content_type for kind in (PDF, PNG, JPEG))


class Attachment(TimeStampedModel):
    """A file attached to a proposal, kept in private storage and served only through a view
    that applies the proposal's permission."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Proof of registration")
        BUDGET = "budget", _("Budget workbook")
        SUPPORT_LETTERS = "support_letters", _("Letter of support")
        FINANCIAL_STATEMENTS = "financial_statements", _("Financial statements")
        WORK_PLAN = "work_plan", _("Work plan")
        BANK_DETAILS = "bank_details", _("Bank account details")
        OTHER = "other", _("Other")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind of document"), max_length=30, choices=Kind)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Files sent with an answer to the embassy's question, not part of the proposal as submitted.
    information_request = models.ForeignKey(
        InformationRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.file_name

    @property
    def can_preview(self) -> bool:
        """A browser shows the file itself (PDF, PNG, JPEG): judged by the content type the
        upload's checks recorded, never by the file's name."""
        return self.content_type in PREVIEW_TYPES
