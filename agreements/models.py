"""After approval: the contribution agreement of an approved proposal, its budget versions,
its payment instalments and its timeline (docs/decisions/0021)."""

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.models import TimelineEvent, TimeStampedModel
from core.storage import private_storage
from programs.models import InstalmentCondition, MissionYearSequence, ReportKind
from proposals.models import BudgetLine, money_field


def rate_field(verbose_name, **kwargs) -> models.DecimalField:
    """CAD for one unit of the budget's currency, as the proposal and the call hold rates."""
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
        **kwargs,
    )


def rate_shown(rate: Decimal) -> Decimal:
    """A rate without the trailing zeros of its eight places (0.0752, not 0.07520000)."""
    rate = rate.normalize()
    exponent = rate.as_tuple().exponent
    return rate.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else rate


class BankAccount(TimeStampedModel):
    """The account in the organization's own name that an agreement pays into. The account
    number and the IBAN are kept encrypted (`CFLI_DATA_KEYS`, `agreements.bank`); pages show
    the last four characters only. An account given after the agreement is signed waits for an
    officer's confirmation, made through another channel, before anything is paid into it (a
    classic fraud: "please pay this new account")."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    holder = models.CharField(_("account holder"), max_length=200)
    bank_name = models.CharField(_("bank"), max_length=200)
    bank_address = models.CharField(_("bank's branch and city"), max_length=300, blank=True)
    account_number_encrypted = models.TextField(editable=False)
    account_last4 = models.CharField(max_length=4, editable=False)
    iban_encrypted = models.TextField(blank=True, editable=False)
    swift_bic = models.CharField(_("SWIFT/BIC code"), max_length=11, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Given after the agreement was signed: nothing is paid into it until an officer confirms it.
    needs_confirmation = models.BooleanField(_("waiting for the embassy's confirmation"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self) -> str:
        return f"{self.holder} · {self.masked_number}"

    @property
    def is_payable(self) -> bool:
        """Nothing is paid into an account given after signature until an officer confirmed it."""
        return not self.needs_confirmation or self.confirmed_at is not None

    @property
    def masked_number(self) -> str:
        return f"•••• {self.account_last4}"


def signed_copy_path(agreement: "ContributionAgreement", file_name: str) -> str:
    # A random folder per file, as proposals' attachments: never guessed, never colliding.
    return f"agreements/{agreement.pk}/{uuid.uuid4().hex}/{file_name}"


# The texts published in both official languages (proactive publication, decision 0024).
PUBLICATION_FIELDS = (
    "publication_title_en",
    "publication_title_fr",
    "publication_description_en",
    "publication_description_fr",
    "publication_results_en",
    "publication_results_fr",
)


class ContributionAgreement(TimeStampedModel):
    """The agreement that funds an approved proposal: what the fund pays (in CAD, the
    contract), its equivalent in the budget's currency at a recorded rate, the budget it pays
    for, the conditions, and its signatures. It starts on the date of the last signature."""

    class Status(models.TextChoices):
        BUDGET_ADJUSTMENT = "budget_adjustment", _("Budget to adjust")
        DRAFT = "draft", _("Draft")
        TO_SIGN = "to_sign", _("Ready to sign")
        PARTNER_SIGNED = "partner_signed", _("Signed by the partner")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")
        TERMINATED = "terminated", _("Terminated")

    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.PROTECT, related_name="agreement"
    )
    # The proposal's mission and fiscal year, kept here for the mission's lists and numbers.
    mission = models.ForeignKey("programs.Mission", on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    number = models.CharField(_("agreement number"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    title = models.CharField(_("project title"), max_length=300)
    language = models.CharField(_("language of the agreement"), max_length=5)
    amount_cad = money_field(_("amount (CAD)"))
    currency = models.CharField(_("currency of the budget"), max_length=3)
    exchange_rate = rate_field(_("exchange rate (CAD for one unit)"))
    rate_date = models.DateField(_("date of the exchange rate"))
    amount_local = money_field(_("amount in the budget's currency"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"))
    special_conditions = models.TextField(_("special conditions"), blank=True)
    bank_account = models.ForeignKey(
        BankAccount,
        verbose_name=_("bank account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    budget = models.OneToOneField(
        "AgreementBudget",
        verbose_name=_("budget"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partner_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partner_signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    partner_signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    partner_attestation = models.TextField(_("attestation"), blank=True)
    partner_signed_at = models.DateTimeField(_("signed by the partner at"), null=True, blank=True)
    # The scanned signed copy, optional evidence, checked as every upload (core.uploads).
    signed_copy = models.FileField(
        storage=private_storage, upload_to=signed_copy_path, max_length=300, blank=True
    )
    signed_copy_name = models.CharField(_("file name"), max_length=200, blank=True)
    signed_copy_type = models.CharField(max_length=100, blank=True)
    signed_copy_sha256 = models.CharField(max_length=64, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    # What Canada publishes of the agreement (proactive publication, decision 0024), in both
    # official languages whatever the proposal's: written or confirmed by a program officer.
    publication_title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    publication_title_fr = models.CharField(_("title in French"), max_length=300, blank=True)
    publication_description_en = models.TextField(_("description in English"), blank=True)
    publication_description_fr = models.TextField(_("description in French"), blank=True)
    publication_results_en = models.TextField(_("expected results in English"), blank=True)
    publication_results_fr = models.TextField(_("expected results in French"), blank=True)

    class Meta:
        verbose_name = _("contribution agreement")
        verbose_name_plural = _("contribution agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number=""),
                name="agreements_number_unique",
                violation_error_code="number_taken",
                violation_error_message=_("Another agreement already has this number."),
            ),
            models.CheckConstraint(
                condition=Q(amount_cad__gt=0) & Q(amount_local__gt=0),
                name="agreements_amounts_positive",
                violation_error_code="amount_not_positive",
                violation_error_message=_("An agreement's amounts are more than zero."),
            ),
        ]
        indexes = [
            models.Index(fields=["mission", "fiscal_year", "status"], name="agreements_mission_idx")
        ]

    def __str__(self) -> str:
        return self.number or f"{self.proposal} · {self.get_status_display()}"

    @property
    def publication_missing(self) -> list[str]:
        """The labels of the publication texts still empty (the export refuses the agreement
        until none is)."""
        fields = {field.name: field for field in self._meta.concrete_fields}
        return [
            str(fields[name].verbose_name)
            for name in PUBLICATION_FIELDS
            if not getattr(self, name).strip()
        ]

    @property
    def exchange_rate_shown(self) -> Decimal:
        return rate_shown(self.exchange_rate)

    def attestation(self) -> str:
        """What the partner's signatory attests, in the active language: the page shows it and
        the signature keeps it as it was shown."""
        return gettext(
            "I am authorized to sign for %(organization)s and to bind it to this agreement. I "
            "have read contribution agreement %(number)s, with its budget, its payment schedule "
            "and its conditions, and %(organization)s accepts them."
        ) % {"organization": self.proposal.organization.name, "number": self.number}

    @property
    def today(self) -> date:
        """Today at the mission: the agreement's dates are the embassy's."""
        return timezone.localdate(timezone=self.mission.zone)

    @property
    def next_instalment(self) -> "PaymentInstalment | None":
        """The first instalment still to pay (the page prefetches the schedule)."""
        return next((i for i in self.instalments.all() if i.status in ("scheduled", "due")), None)

    @property
    def open_amendment(self) -> "Amendment | None":
        """The amendment waiting for a decision, if any (the page prefetches them)."""
        return next((a for a in self.amendments.all() if a.status == "requested"), None)

    @property
    def is_signed(self) -> bool:
        """Signed by both parties: in force (or ended)."""
        return self.countersigned_at is not None

    # The versions of what the pages' kept renderings show (decision 0022): a rendering kept
    # under one is the one those rows give now. Both read the rows the page read already.

    @property
    def schedule_version(self) -> str:
        """The payment schedule's: each instalment's version (its `updated_at`, which every
        save moves), and what else the table shows of the agreement."""
        rows = "|".join(f"{i.pk}@{i.updated_at.timestamp():.6f}" for i in self.instalments.all())
        return f"{self.proposal_id}:{self.currency}:{self.is_signed}:{rows}"

    @property
    def timeline_version(self) -> str:
        """The timeline's: its events are appended, never changed; the names of the people who
        acted may change, so they are part of it."""
        return "|".join(
            f"{e.pk}@{e.created_at.timestamp():.6f}:"
            + (f"{e.actor.full_name}:{e.actor.email}" if e.actor else "")
            for e in self.events.all()
        )

    @property
    def language_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


class AgreementSequence(MissionYearSequence):
    """The last agreement number given for one mission and fiscal year."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "fiscal_year"], name="agreements_one_sequence_per_year"
            )
        ]


class AgreementBudget(models.Model):
    """One version of the budget an agreement pays for, in the budget's currency. Version 1 is
    the proposal's budget, or the partner's adjustment of it to a different approved amount;
    a version is in force once staff accepted it, and stays readable after a later one."""

    agreement = models.ForeignKey(
        ContributionAgreement, on_delete=models.CASCADE, related_name="budgets"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    currency = models.CharField(_("currency"), max_length=3)
    cfli_total = money_field(_("total asked of the CFLI"))
    project_total = money_field(_("total cost of the project"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "version"]
        verbose_name = _("agreement budget")
        verbose_name_plural = _("agreement budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "version"], name="agreements_one_budget_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · v{self.version}"

    @property
    def rendering_version(self) -> str:
        """What its kept rendering is kept under (decision 0022): a saved version's lines never
        change, a change of budget being a new version."""
        return f"{self.pk}@{self.proposed_at.timestamp():.6f}"

    @property
    def others_total(self) -> Decimal:
        """What the applicant, in-kind contributions and other donors give."""
        return self.project_total - self.cfli_total


class AgreementBudgetLine(models.Model):
    """A line of one budget version, as the proposal's budget lines hold them."""

    budget = models.ForeignKey(AgreementBudget, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(_("cost category"), max_length=20, choices=BudgetLine.Category)
    description = models.CharField(_("description"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_cost = money_field(_("unit cost"))
    cfli_amount = money_field(_("CFLI"), default=Decimal(0))
    applicant_cash = money_field(_("applicant (cash)"), default=Decimal(0))
    in_kind = money_field(_("in kind"), default=Decimal(0))
    other_donor = money_field(_("other donors"), default=Decimal(0))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agreement budget line")
        verbose_name_plural = _("agreement budget lines")

    def __str__(self) -> str:
        return self.description

    def line_total(self) -> Decimal:
        return self.quantity * self.unit_cost

    @property
    def others(self) -> Decimal:
        return self.applicant_cash + self.in_kind + self.other_donor


class PaymentInstalment(TimeStampedModel):
    """A part of the agreement's amount, paid when its condition is met. The instalments of an
    agreement add up to its amount in CAD to the cent (the services check it under the
    agreement's lock). Each payment is recorded in CAD and in the budget's currency at the
    day's rate."""

    Condition = InstalmentCondition

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DUE = "due", pgettext_lazy("instalment", "Due")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    agreement = models.ForeignKey(
        ContributionAgreement, on_delete=models.CASCADE, related_name="instalments"
    )
    sequence = models.PositiveSmallIntegerField(_("instalment"))
    condition = models.CharField(_("condition"), max_length=30, choices=InstalmentCondition)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    amount_cad = money_field(_("amount (CAD)"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.SCHEDULED, db_index=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount_cad = money_field(_("amount paid (CAD)"), null=True, blank=True)
    paid_amount_local = money_field(
        _("amount paid in the budget's currency"), null=True, blank=True
    )
    paid_rate = rate_field(_("exchange rate of the payment"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "sequence"]
        verbose_name = _("payment instalment")
        verbose_name_plural = _("payment instalments")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "sequence"], name="agreements_one_instalment_per_sequence"
            ),
            models.CheckConstraint(
                condition=Q(amount_cad__gt=0),
                name="agreements_instalment_positive",
                violation_error_code="instalment_not_positive",
                violation_error_message=_("Each instalment is more than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(condition=InstalmentCondition.ON_DATE) | Q(due_date__isnull=False),
                name="agreements_dated_instalment_has_date",
                violation_error_code="instalment_without_date",
                violation_error_message=_("Give the date of an instalment paid on a date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="paid")
                | Q(
                    paid_on__isnull=False,
                    paid_amount_cad__isnull=False,
                    paid_amount_local__isnull=False,
                    paid_rate__isnull=False,
                ),
                name="agreements_paid_instalment_has_payment",
                violation_error_code="paid_without_payment",
                violation_error_message=_("A paid instalment has its payment's date and amounts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.sequence}"

    @property
    def paid_rate_shown(self) -> Decimal | None:
        return rate_shown(self.paid_rate) if self.paid_rate is not None else None


class Amendment(TimeStampedModel):
    """A change to an agreement in force, asked for by the partner or started by the officer,
    with a reason, approved or refused by an approver; numbered 1, 2, 3 … per agreement. What
    it changes is kept with a snapshot of the terms before and after, so each earlier version
    stays readable; a budget it brings is a version of its own."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("No-cost extension")
        REALLOCATION = "reallocation", _("Budget reallocation")
        AMOUNT = "amount", _("Change of amount")
        TERMINATION = "termination", _("Termination")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    agreement = models.ForeignKey(
        ContributionAgreement, on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField(_("amendment"))
    kind = models.CharField(_("kind of amendment"), max_length=20, choices=Kind)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.REQUESTED, db_index=True
    )
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    new_end_date = models.DateField(_("new end date"), null=True, blank=True)
    new_amount_cad = money_field(_("new amount (CAD)"), null=True, blank=True)
    budget = models.OneToOneField(
        AgreementBudget,
        verbose_name=_("budget"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment",
    )
    repaid_cad = money_field(_("to be returned (CAD)"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)
    # The agreement's terms before the amendment and, once approved, after it.
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreements_one_amendment_per_number"
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="requested"),
                name="agreements_one_open_amendment",
                violation_error_code="amendment_open",
                violation_error_message=_("Another amendment is waiting for a decision."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.number}"

    @property
    def end_date_before(self) -> date | None:
        value = self.before.get("end_date")
        return date.fromisoformat(value) if value else None

    @property
    def amount_before(self) -> Decimal | None:
        value = self.before.get("amount_cad")
        return Decimal(value) if value else None


class AgreementEvent(TimelineEvent):
    """A step in the agreement's life, on its timeline."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Agreement drafted")
        BUDGET_REQUESTED = "budget_requested", _("Budget adjustment requested")
        BUDGET_PROPOSED = "budget_proposed", _("Adjusted budget sent")
        BUDGET_ACCEPTED = "budget_accepted", _("Adjusted budget accepted")
        SCHEDULE_CHANGED = "schedule_changed", _("Payment schedule changed")
        READY = "ready", _("Ready to sign")
        REOPENED = "reopened", _("Returned to draft")
        BANK_ACCOUNT_SET = "bank_account_set", _("Bank account given")
        BANK_ACCOUNT_CONFIRMED = "bank_account_confirmed", _("Bank account confirmed")
        PARTNER_SIGNED = "partner_signed", _("Signed by the partner")
        SIGNATURE_RETURNED = "signature_returned", _("Signature returned, to sign again")
        COUNTERSIGNED = "countersigned", _("Countersigned: the agreement is in force")
        INSTALMENT_DUE = "instalment_due", _("Instalment due")
        PAYMENT_RECORDED = "payment_recorded", _("Payment made")
        AMENDMENT_REQUESTED = "amendment_requested", _("Amendment requested")
        AMENDMENT_APPROVED = "amendment_approved", _("Amendment approved")
        AMENDMENT_REFUSED = "amendment_refused", _("Amendment refused")
        TERMINATED = "terminated", _("Agreement terminated")
        # The project's reports (the monitoring app): the event names which one.
        REPORT_SCHEDULED = "report_scheduled", _("Report scheduled")
        REPORT_DUE_DATE_MOVED = "report_due_date_moved", _("Report's due date moved")
        REPORT_STARTED = "report_started", _("Report started")
        REPORT_SUBMITTED = "report_submitted", _("Report submitted")
        REPORT_REVISION_REQUESTED = "report_revision_requested", _("Revision of the report asked")
        REPORT_ACCEPTED = "report_accepted", _("Report accepted")
        VISIT_RECORDED = "visit_recorded", _("Monitoring visit recorded")
        FOLLOW_UP_DONE = "follow_up_done", _("Follow-up action done")
        CLOSED = "closed", _("Project closed")

    agreement = models.ForeignKey(
        ContributionAgreement, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=30, choices=Kind)
    # The instalment a step concerns (its number: a schedule changed before signature is
    # replaced whole, so its rows do not last).
    instalment = models.PositiveSmallIntegerField(_("instalment"), null=True, blank=True)
    amendment = models.PositiveSmallIntegerField(_("amendment"), null=True, blank=True)
    report = models.CharField(_("report"), max_length=10, choices=ReportKind, blank=True)
    # The due date a step set: a report's, when scheduled or moved.
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")

    def __str__(self) -> str:
        return f"{self.agreement_id} · {self.kind}"

    @property
    def by_partner(self) -> bool:
        """Whether the partner acted; partners read "the embassy" for the rest."""
        return self.kind in PARTNER_EVENTS

    @property
    def note_for_partner(self) -> bool:
        """Whether its note is written to the partner (partners read no other staff note)."""
        return self.kind in NOTES_FOR_PARTNER


PARTNER_EVENTS = {
    AgreementEvent.Kind.BUDGET_PROPOSED,
    AgreementEvent.Kind.BANK_ACCOUNT_SET,
    AgreementEvent.Kind.PARTNER_SIGNED,
    AgreementEvent.Kind.REPORT_STARTED,
    AgreementEvent.Kind.REPORT_SUBMITTED,
}
# The embassy writes these notes to the partner: why a signature is returned, why a report's
# due date moved, what a report's revision must change, what it says accepting one.
NOTES_FOR_PARTNER = {
    AgreementEvent.Kind.SIGNATURE_RETURNED,
    AgreementEvent.Kind.REPORT_DUE_DATE_MOVED,
    AgreementEvent.Kind.REPORT_REVISION_REQUESTED,
    AgreementEvent.Kind.REPORT_ACCEPTED,
}
