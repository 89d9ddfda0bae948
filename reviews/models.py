"""Review instruments: versioned scoring grids and GBA+ checklists.

A grid or checklist is edited as a draft; publishing freezes that version for good. A call
uses a published version, and a review stays pinned to the version it started with, so a
new version never changes a review already made.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from proposals.models import GeCode

if TYPE_CHECKING:
    # translation.py swaps these models' managers for modeltranslation's; importing its module
    # here lets django-stubs find them.
    import modeltranslation.manager  # noqa: F401


class FrozenError(ValidationError):
    """A published version was about to change."""


class Versioned(TimeStampedModel):
    """One version of an instrument; `family` groups the versions of the same instrument."""

    family = models.SlugField(_("identifier"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Not columns: what reviews.selectors.instrument_get adds for the management pages.
    total_weight: Decimal | None
    family_versions: list["Versioned"]

    class Meta:
        abstract = True
        ordering = ["family", "-version"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def save(self, *args, **kwargs):
        if self.pk is not None:
            rows = type(self)._default_manager.filter(pk=self.pk)
            stored = rows.values_list("published_at", flat=True)
            if stored.first() is not None:
                raise FrozenError(_("A published version cannot be changed: make a new version."))
        super().save(*args, **kwargs)


class PartOfVersion(models.Model):
    """A criterion or an item: frozen with the version it belongs to."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def save(self, *args, **kwargs):
        self._check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_draft()
        return super().delete(*args, **kwargs)

    def owner(self) -> Versioned:
        """The grid or checklist this row belongs to."""
        raise NotImplementedError

    def _check_draft(self):
        if self.owner().is_published:
            raise FrozenError(_("A published version cannot be changed: make a new version."))


class ScoringGrid(Versioned):
    class Meta(Versioned.Meta):
        verbose_name = _("scoring grid")
        verbose_name_plural = _("scoring grids")
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="reviews_grid_version_once")
        ]


class Criterion(PartOfVersion):
    grid = models.ForeignKey(ScoringGrid, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(_("guidance for reviewers"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    asks_comment = models.BooleanField(
        _("ask reviewers for a comment on this criterion"),
        default=False,
        help_text=_(
            "The review form shows a comment box under this criterion's score; reviewers "
            "may leave it empty."
        ),
    )

    class Meta(PartOfVersion.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name

    def owner(self) -> ScoringGrid:
        return self.grid


class GbaChecklist(Versioned):
    class Meta(Versioned.Meta):
        verbose_name = _("GBA+ checklist")
        verbose_name_plural = _("GBA+ checklists")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "version"], name="reviews_checklist_version_once"
            )
        ]


class ChecklistItem(PartOfVersion):
    checklist = models.ForeignKey(GbaChecklist, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(
        _("key"), max_length=60, help_text=_("Stable name the gender-equality suggestion uses.")
    )
    question = models.CharField(_("question"), max_length=300)
    guidance = models.TextField(_("guidance for reviewers"), blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta(PartOfVersion.Meta):
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["checklist", "key"], name="reviews_item_key_once")
        ]

    def __str__(self) -> str:
        return self.question

    def owner(self) -> GbaChecklist:
        return self.checklist


class Screening(TimeStampedModel):
    """A program officer's eligibility check of a submitted proposal (one per proposal)."""

    class Outcome(models.TextChoices):
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")

    class Reason(models.TextChoices):
        LATE = "late", _("The proposal arrived after the deadline.")
        ORGANIZATION_TYPE = "organization_type", _("This type of organization cannot apply.")
        REGISTRATION = "registration", _("The organization's registration could not be confirmed.")
        PRIORITY = "priority", _("The project does not fit the call's priority areas.")
        AMOUNT = "amount", _("The amount requested is above the call's maximum.")
        END_DATE = "end_date", _("The project ends after the date the call allows.")
        ADMIN_CAP = "admin_cap", _("Administrative costs are above the call's limit.")
        ATTACHMENTS = "attachments", _("Required documents are missing.")
        LANGUAGE = "language", _("The proposal is not in a language the call accepts.")
        GBA = "gba", _("The gender-based analysis is missing or incomplete.")
        OTHER = "other", _("Another reason, explained below.")

    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="screening"
    )
    # [{"key": ..., "computed": true/false/null, "passed": bool, "note": str}, ...]
    checks = models.JSONField(_("checks"), default=list)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason, blank=True)
    note = models.TextField(_("note to the applicant"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.proposal} · {self.get_outcome_display()}"

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("proposal__organization", "proposal__call")


class InternalComment(TimeStampedModel):
    """A note between staff about a proposal; partners never see it."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="internal_comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=5000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal comment")
        verbose_name_plural = _("internal comments")

    def __str__(self) -> str:
        return self.text[:80]


class CallReviewSettings(TimeStampedModel):
    """How a call's proposals are reviewed: the pinned grid and checklist, and how many
    reviewers each proposal gets and how long they have."""

    DEFAULT_REVIEWERS = 2
    DEFAULT_DAYS = 14

    call = models.OneToOneField(
        "programs.Call", on_delete=models.CASCADE, related_name="review_settings"
    )
    grid = models.ForeignKey(
        ScoringGrid, verbose_name=_("scoring grid"), on_delete=models.PROTECT, related_name="+"
    )
    checklist = models.ForeignKey(
        GbaChecklist, verbose_name=_("GBA+ checklist"), on_delete=models.PROTECT, related_name="+"
    )
    reviewers_per_proposal = models.PositiveSmallIntegerField(
        _("reviewers per proposal"), default=DEFAULT_REVIEWERS, validators=[MinValueValidator(1)]
    )
    days_to_review = models.PositiveSmallIntegerField(
        _("days to review"), default=DEFAULT_DAYS, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("review settings of a call")
        verbose_name_plural = _("review settings of calls")

    def __str__(self) -> str:
        return str(self.call)


class ReviewAssignment(TimeStampedModel):
    """A reviewer asked to review one proposal. Until they declare no conflict of interest,
    they see only its reference, title and organization."""

    class Declaration(models.TextChoices):
        PENDING = "pending", _("Not declared yet")
        NO_CONFLICT = "no_conflict", _("No conflict of interest")
        CONFLICT = "conflict", _("Conflict of interest: recused")

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    declaration = models.CharField(
        _("declaration"), max_length=12, choices=Declaration, default=Declaration.PENDING
    )
    conflict_explanation = models.TextField(_("the conflict of interest"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    # Set when a program officer takes the reviewer off the proposal: the row, and a draft
    # review if they had started one, stay for the record and no longer count.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="reviews_assigned_once_per_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.reviewer}"

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("proposal__organization", "proposal__call", "reviewer")

    @property
    def is_recused(self) -> bool:
        return self.declaration == self.Declaration.CONFLICT

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Review(TimeStampedModel):
    """A reviewer's scores, GBA+ answers and proposed gender-equality code for one proposal,
    pinned to the grid and checklist versions it started with."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    class Answer(models.TextChoices):
        """An answer to a GBA+ checklist item (the values of reviews.scoring.ANSWERS)."""

        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")
        NA = "na", _("Does not apply")

    GeCode = GeCode

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    grid = models.ForeignKey(ScoringGrid, on_delete=models.PROTECT, related_name="reviews")
    checklist = models.ForeignKey(GbaChecklist, on_delete=models.PROTECT, related_name="reviews")
    # {"<criterion id>": 0..scale or null for "n/a"}; a criterion absent is not answered yet.
    scores = models.JSONField(default=dict)
    # {"<item key>": "yes" | "partly" | "no" | "na"}
    answers = models.JSONField(default=dict)
    comment = models.TextField(_("overall comment"), blank=True)
    # {"<criterion id>": "text"}, for the criteria that ask for a comment; optional.
    criterion_comments = models.JSONField(default=dict, blank=True)
    ge_code = models.CharField(
        _("proposed gender-equality code"), max_length=4, choices=GeCode, blank=True
    )
    ge_justification = models.TextField(_("why this code"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.IN_PROGRESS
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    score = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.assignment} · {self.get_status_display()}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ReviewSummary(TimeStampedModel):
    """What the reviews of a proposal add up to, computed when the last one is submitted."""

    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="review_summary"
    )
    score = models.DecimalField(
        _("combined score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    spread = models.DecimalField(
        _("spread between reviewers"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    large_disagreement = models.BooleanField(_("reviewers disagree"), default=False)
    suggested_ge_code = models.CharField(
        _("suggested gender-equality code"), max_length=4, blank=True
    )

    class Meta:
        verbose_name = _("review summary")
        verbose_name_plural = _("review summaries")

    def __str__(self) -> str:
        return f"{self.proposal} · {self.score}"


class DecisionQuerySet(models.QuerySet):
    def committing_envelope(self) -> "DecisionQuerySet":
        """The decisions that take money from their call's envelope: funding decided (released
        or held for release), unless the applicant withdrew before hearing of it."""
        return self.filter(decided_at__isnull=False, recommendation__in=Decision.FUNDED).exclude(
            proposal__status="withdrawn"
        )


class Decision(TimeStampedModel):
    """The committee's recommendation on a reviewed proposal, then the approver's decision,
    held until it is released to the applicant.

    The rationale is the staff's own reasoning and never leaves the staff side; what the
    applicant reads is `reasons_for_applicant`, confirmed by whoever decides."""

    class Recommendation(models.TextChoices):
        FUND = "fund", _("Fund")
        FUND_WITH_CONDITIONS = "fund_with_conditions", _("Fund with conditions")
        WAITLIST = "waitlist", _("Put on the waiting list")
        DECLINE = "decline", _("Decline")

    FUNDED = (Recommendation.FUND, Recommendation.FUND_WITH_CONDITIONS)

    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="decision"
    )
    recommendation = models.CharField(_("recommendation"), max_length=24, choices=Recommendation)
    amount = models.DecimalField(
        _("amount (CAD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    conditions = models.TextField(_("conditions"), blank=True)
    rationale = models.TextField(_("internal rationale"))
    reasons_for_applicant = models.TextField(_("reasons sent to the applicant"), blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    ge_code = models.CharField(_("final gender-equality code"), max_length=4, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.proposal} · {self.get_recommendation_display()}"

    @property
    def is_held(self) -> bool:
        """Decided, and not yet told to the applicant."""
        return self.decided_at is not None and self.released_at is None

    @property
    def is_funding(self) -> bool:
        return self.recommendation in self.FUNDED

    @property
    def is_waitlist(self) -> bool:
        return self.recommendation == self.Recommendation.WAITLIST
