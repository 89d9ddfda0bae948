import zoneinfo
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import Organization
from core.languages import language_codes, language_names, missing_languages
from core.models import TimeStampedModel, invitation_expiry, invitation_token
from core.times import validate_time_zone

if TYPE_CHECKING:
    # translation.py swaps these models' managers for modeltranslation's; importing its module
    # here lets django-stubs find them.
    import modeltranslation.manager  # noqa: F401
    from django_stubs_ext import StrOrPromise


class ProposalLanguage(models.TextChoices):
    """Languages a proposal may be written in; a call accepts some of them."""

    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")


# The kinds of applicant are defined once, with the organization; a call picks among them.
OrganizationType = Organization.Kind


class RequiredAttachment(models.TextChoices):
    BUDGET = "budget", _("Detailed budget")
    REGISTRATION = "registration", _("Proof of legal registration")
    FINANCIAL_STATEMENTS = "financial_statements", _("Latest financial statements")
    SUPPORT_LETTERS = "support_letters", _("Letters of support from partners or authorities")
    WORK_PLAN = "work_plan", _("Work plan and timeline")
    BANK_DETAILS = "bank_details", _("Bank account details")


@deconstructible
class ChoiceListValidator:
    """Validate a JSON list of values of one TextChoices class (each known, none twice)."""

    def __init__(self, choices: type[models.TextChoices]):
        self.choices = choices

    def __call__(self, values):
        if not isinstance(values, list) or len(set(values)) != len(values):
            raise ValidationError(_("Choose each option at most once."), code="invalid_list")
        unknown = [value for value in values if value not in self.choices.values]
        if unknown:
            raise ValidationError(
                _("Unknown option: %(value)s."),
                code="invalid_choice",
                params={"value": ", ".join(map(str, unknown))},
            )

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and self.choices is other.choices


class InstalmentCondition(models.TextChoices):
    """When an instalment of a contribution agreement falls due. A call's payment schedule
    names the first three; an agreement's instalment may instead fall due on a date."""

    ON_SIGNATURE = "on_signature", _("on signature of the agreement")
    INTERIM_REPORT_ACCEPTED = "interim_report_accepted", _("when the interim report is accepted")
    FINAL_REPORT_ACCEPTED = "final_report_accepted", _("when the final report is accepted")
    ON_DATE = "on_date", _("on a date")


class ReportKind(models.TextChoices):
    """The reports a funded project sends: an interim report at mid-term (longer projects, or
    when a payment waits for it) and a final report after its end (domain.md)."""

    INTERIM = "interim", _("Interim report")
    FINAL = "final", _("Final report")


# The schedule a call proposes to its agreements: an advance on signature, a second instalment
# on the interim report and a holdback released by the final report (domain.md).
DEFAULT_PAYMENT_SCHEDULE = [
    {"condition": InstalmentCondition.ON_SIGNATURE.value, "percent": 70},
    {"condition": InstalmentCondition.INTERIM_REPORT_ACCEPTED.value, "percent": 20},
    {"condition": InstalmentCondition.FINAL_REPORT_ACCEPTED.value, "percent": 10},
]


def default_payment_schedule() -> list[dict]:
    return [dict(part) for part in DEFAULT_PAYMENT_SCHEDULE]


@deconstructible
class PaymentScheduleValidator:
    """A call's payment schedule: each condition once, in the order they come (signature,
    interim report, final report), whole percentages that add up to 100."""

    ORDER = [
        InstalmentCondition.ON_SIGNATURE,
        InstalmentCondition.INTERIM_REPORT_ACCEPTED,
        InstalmentCondition.FINAL_REPORT_ACCEPTED,
    ]

    def __call__(self, schedule):
        if not isinstance(schedule, list) or not schedule:
            raise ValidationError(_("Give at least one instalment."), code="empty_schedule")
        conditions = []
        for part in schedule:
            percent = part.get("percent") if isinstance(part, dict) else None
            condition = part.get("condition") if isinstance(part, dict) else None
            if condition not in self.ORDER:
                raise ValidationError(
                    _("Unknown instalment condition: %(value)s."),
                    code="invalid_choice",
                    params={"value": condition},
                )
            if not isinstance(percent, int) or isinstance(percent, bool) or not 0 < percent <= 100:
                raise ValidationError(
                    _("Each instalment is a whole percentage between 1 and 100."),
                    code="invalid_percent",
                )
            conditions.append(condition)
        if conditions != sorted(set(conditions), key=self.ORDER.index):
            raise ValidationError(
                _("Each condition comes once, in order: signature, interim report, final report."),
                code="invalid_order",
            )
        if sum(part["percent"] for part in schedule) != 100:
            raise ValidationError(
                _("The instalments add up to %(total)s%%, not 100%%."),
                code="invalid_total",
                params={"total": sum(part["percent"] for part in schedule)},
            )

    def __eq__(self, other):
        return isinstance(other, PaymentScheduleValidator)


class Mission(TimeStampedModel):  # type: ignore[django-manager-missing]  # calls: see Call.objects
    """A Canadian embassy, high commission or office that runs its own calls for proposals."""

    class Kind(models.TextChoices):
        EMBASSY = "embassy", _("Embassy")
        HIGH_COMMISSION = "high_commission", _("High commission")
        OFFICE = "office", _("Office")

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,8}$", _("Enter 2 to 8 capital letters."))],
        help_text=_("Short code used in proposal reference numbers, for example MEX."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.EMBASSY)
    city = models.CharField(_("city"), max_length=100)
    countries = CountryField(_("countries covered"), multiple=True)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    proposal_languages = models.JSONField(
        _("accepted proposal languages"),
        default=list,
        validators=[ChoiceListValidator(ProposalLanguage)],
    )
    contact_email = models.EmailField(_("contact e-mail"))
    local_currency = models.CharField(
        _("local currency"),
        max_length=3,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 code."))],
        help_text=_("ISO 4217 code, for example MXN."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Unspent CFLI funds lapse on March 31: officers are reminded of what is still unpaid.
    year_end_reminder_days = models.PositiveSmallIntegerField(
        _("year-end reminder (days before March 31)"),
        default=60,
        validators=[MaxValueValidator(300)],
        help_text=_(
            "From this many days before March 31, the mission's program officers get one e-mail "
            "listing the payments still to make before the fiscal year ends."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class MissionStaff(TimeStampedModel):
    """A role a person holds at one mission."""

    class Role(models.TextChoices):
        PROGRAM_OFFICER = "program_officer", _("Program officer")
        REVIEWER = "reviewer", _("Reviewer")
        APPROVER = "approver", _("Approver")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="mission_roles",
    )
    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)

    class Meta:
        ordering = ["mission__name", "role", "user__email"]
        verbose_name = _("mission staff role")
        verbose_name_plural = _("mission staff roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "mission", "role"], name="programs_staff_one_role_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.mission}"


class PriorityArea(TimeStampedModel):
    """One of the global priority areas; retired rather than deleted once a call uses it."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Retired areas stay on past calls only.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")

    def __str__(self) -> str:
        return self.name


class SubTheme(TimeStampedModel):
    """One of the global sub-themes a proposal picks (Agriculture, Water, Human Rights...)."""

    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("sub-theme")
        verbose_name_plural = _("sub-themes")

    def __str__(self) -> str:
        return self.name


def fiscal_year_label(start_year: int) -> str:
    """Canada's fiscal year runs April 1 to March 31: 2026 → "2026-27"."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def fiscal_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def fiscal_year_of(day: date) -> int:
    """The fiscal year a day falls in, by the year it starts: 2027-02-01 → 2026."""
    return day.year if day.month >= 4 else day.year - 1


# Said on the latest project end date when editing a call, and on the new deadline when
# extending one (Call.ends_after_deadline).
LATEST_END_BEFORE_DEADLINE = _(
    "Projects must be able to end after the call closes: give a latest project end date after "
    "the deadline."
)


class MissionYearSequence(models.Model):
    """The last number given in a series that restarts each fiscal year for each mission
    (proposal references, agreement numbers): gap-free, because `take` locks the row until the
    caller's transaction commits, and two takes at the same instant get consecutive numbers."""

    mission = models.ForeignKey("programs.Mission", on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.mission_id} · {fiscal_year_label(self.fiscal_year)} · {self.last_number}"

    @classmethod
    def take(cls, *, mission_id: int, fiscal_year: int, count: int = 1) -> range:
        """The next `count` numbers of the mission's fiscal year; call it last in a transaction,
        since the row stays locked until the commit."""
        rows = cls._default_manager
        sequence, _created = rows.get_or_create(mission_id=mission_id, fiscal_year=fiscal_year)
        sequence = rows.select_for_update().get(pk=sequence.pk)
        first = sequence.last_number + 1
        sequence.last_number += count
        sequence.save(update_fields=["last_number"])
        return range(first, first + count)


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, archived_at__isnull=True)

    def open_at(self, moment: datetime):
        return self.published().filter(opens_at__lte=moment, closes_at__gte=moment)

    def upcoming_at(self, moment: datetime):
        return self.published().filter(opens_at__gt=moment)


class Call(TimeStampedModel):
    """A mission's call for proposals for one fiscal year.

    `closes_at` is the last instant a proposal is accepted: a deadline given to the minute
    (23:59) includes that whole minute, so it is stored as 23:59:59.999999 in the mission's time.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.PROTECT, related_name="calls"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the fiscal year starts (April 1)."),
    )
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    budget_envelope = models.DecimalField(
        _("budget envelope (CAD)"), max_digits=12, decimal_places=2
    )
    typical_min_amount = models.DecimalField(
        _("typical minimum per project (CAD)"), max_digits=12, decimal_places=2
    )
    typical_max_amount = models.DecimalField(
        _("typical maximum per project (CAD)"), max_digits=12, decimal_places=2
    )
    maximum_amount = models.DecimalField(
        _("hard maximum per project (CAD)"), max_digits=12, decimal_places=2
    )
    admin_cost_cap_percent = models.DecimalField(
        _("administrative cost cap (% of the CFLI contribution)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    latest_end_date = models.DateField(_("latest project end date"))
    multi_year_allowed = models.BooleanField(_("multi-year projects allowed"), default=False)
    accepted_languages = models.JSONField(
        _("accepted proposal languages"),
        default=list,
        validators=[ChoiceListValidator(ProposalLanguage)],
    )
    eligible_organization_types = models.JSONField(
        _("eligible organization types"),
        default=list,
        validators=[ChoiceListValidator(OrganizationType)],
    )
    registration_proof_required = models.BooleanField(
        _("proof of registration required"), default=True
    )
    registration_waiver_allowed = models.BooleanField(
        _("registration waiver for organizations at risk"),
        default=False,
        help_text=_(
            "Organizations for which registering would be dangerous may explain why instead."
        ),
    )
    required_attachments = models.JSONField(
        _("required attachments"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(RequiredAttachment)],
    )
    max_proposals_per_organization = models.PositiveSmallIntegerField(
        _("maximum proposals per organization"), null=True, blank=True
    )
    short_answer_words = models.PositiveSmallIntegerField(
        _("word limit for short answers"),
        default=150,
        validators=[MinValueValidator(20), MaxValueValidator(2000)],
        help_text=_(
            "For example the organization's description or the consultation of beneficiaries."
        ),
    )
    long_answer_words = models.PositiveSmallIntegerField(
        _("word limit for long answers"),
        default=500,
        validators=[MinValueValidator(50), MaxValueValidator(5000)],
        help_text=_("For example the context and problem, or the gender-based analysis."),
    )
    attachment_max_mb = models.PositiveSmallIntegerField(
        _("largest attachment (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    exchange_rate = models.DecimalField(
        _("exchange rate (CAD for one unit of the local currency)"),
        max_digits=14,
        decimal_places=8,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00000001"))],
        help_text=_("Budgets in the local currency are converted to CAD at this rate."),
    )
    payment_schedule = models.JSONField(
        _("payment schedule"),
        default=default_payment_schedule,
        validators=[PaymentScheduleValidator()],
        help_text=_(
            "What each contribution agreement of this call pays, in percent of its amount: the "
            "program officer may change it for an agreement before it is signed."
        ),
    )
    interim_report_required = models.BooleanField(
        _("an interim report from every project"),
        default=False,
        help_text=_(
            "Projects report at mid-term even when no payment waits for it. An agreement with "
            "an instalment paid on the interim report always has one."
        ),
    )
    final_report_days = models.PositiveSmallIntegerField(
        _("days to send the final report"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_("Counted from the project's end date."),
    )
    report_variance_percent = models.DecimalField(
        _("spending variance to explain (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(15),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_(
            "A report explains each budget line whose spending differs from the budget by more "
            "than this."
        ),
    )
    priority_areas = models.ManyToManyField(
        PriorityArea, through="CallPriority", related_name="calls", verbose_name=_("priorities")
    )

    # modeltranslation replaces this manager with a class it builds at run time, which
    # django-stubs cannot name: it types `objects` without CallQuerySet's methods.
    objects = CallQuerySet.as_manager()  # type: ignore[django-manager-missing]

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        # clean() and the fields' validators say these on the field to correct, and then skip
        # the constraint; its message is for any other check of it, never Django's own words.
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="programs_call_closes_after_opens",
                violation_error_code="closes_before_opens",
                violation_error_message=_("The call must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(maximum_amount__gte=models.F("typical_max_amount"))
                & Q(typical_max_amount__gte=models.F("typical_min_amount"))
                & Q(typical_min_amount__gt=0),
                name="programs_call_amounts_ordered",
                violation_error_code="amounts_out_of_order",
                violation_error_message=_(
                    "The amounts must go up in this order: a typical minimum above zero, a "
                    "typical maximum no lower than it, and a hard maximum no lower than the "
                    "typical maximum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(admin_cost_cap_percent__gte=0) & Q(admin_cost_cap_percent__lte=100),
                name="programs_call_cap_is_a_percentage",
                violation_error_code="cap_not_a_percentage",
                violation_error_message=_(
                    "The administrative cost cap must be a percentage from 0 to 100."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:call-detail", args=[self.pk])

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    def status_at(self, moment: datetime) -> "Call.Status":
        if self.archived_at is not None:
            return self.Status.ARCHIVED
        if self.published_at is None:
            return self.Status.DRAFT
        if moment < self.opens_at:
            return self.Status.SCHEDULED
        if moment <= self.closes_at:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def status(self) -> "Call.Status":
        return self.status_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED

    @property
    def status_label(self) -> "StrOrPromise":
        return self.Status(self.status).label

    @property
    def accepted_language_labels(self) -> "list[StrOrPromise]":
        return [ProposalLanguage(code).label for code in self.accepted_languages]

    @property
    def eligible_organization_type_labels(self) -> "list[StrOrPromise]":
        return [OrganizationType(code).label for code in self.eligible_organization_types]

    @property
    def required_attachment_labels(self) -> "list[StrOrPromise]":
        return [RequiredAttachment(code).label for code in self.required_attachments]

    def is_open_at(self, moment: datetime) -> bool:
        return self.status_at(moment) == self.Status.OPEN

    def clean(self):
        errors: dict[str, StrOrPromise] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The call must close after it opens.")
        amounts = (self.typical_min_amount, self.typical_max_amount, self.maximum_amount)
        if None not in amounts:
            if self.typical_min_amount <= 0:
                errors["typical_min_amount"] = _("Enter an amount greater than zero.")
            elif self.typical_max_amount < self.typical_min_amount:
                errors["typical_max_amount"] = _(
                    "The typical maximum cannot be lower than the typical minimum."
                )
            elif self.maximum_amount < self.typical_max_amount:
                errors["maximum_amount"] = _(
                    "The hard maximum cannot be lower than the typical maximum."
                )
        if self.exchange_rate is None and self.mission_id and self.mission.local_currency != "CAD":
            # Budgets in the local currency are checked against the maximum at this rate only:
            # an applicant's own rate never decides it.
            errors["exchange_rate"] = _(
                "Give the rate at which budgets in %(currency)s are converted to Canadian dollars."
            ) % {"currency": self.mission.local_currency}
        if self.fiscal_year and self.latest_end_date:
            start, end = fiscal_year_bounds(self.fiscal_year)
            if not start <= self.latest_end_date <= end and not self.multi_year_allowed:
                errors["latest_end_date"] = _(
                    "Projects must end within fiscal year %(label)s (%(start)s to %(end)s)."
                ) % {"label": fiscal_year_label(self.fiscal_year), "start": start, "end": end}
        dated = self.latest_end_date and self.closes_at and self.mission_id
        if dated and not self.ends_after_deadline(self.closes_at):
            errors.setdefault("latest_end_date", LATEST_END_BEFORE_DEADLINE)
        if self.published_at is not None:
            errors.update(self._untranslated())
        if errors:
            raise ValidationError(errors)

    def ends_after_deadline(self, closes_at: datetime) -> bool:
        """Whether projects may end after the day of `closes_at` in the mission's time (so
        after the opening too): a project the call funds must be able to run once proposals
        are in."""
        return self.latest_end_date > timezone.localtime(closes_at, self.mission.zone).date()

    def _untranslated(self) -> "dict[str, StrOrPromise]":
        """A published call reads the same in every language, as priority areas and review
        instruments do: its title in each, its guidance in each or in none. The error goes on
        the first missing language's field and names every missing language."""
        errors: dict[str, StrOrPromise] = {}
        title = missing_languages(self, "title")
        if title:
            errors[f"title_{title[0]}"] = _(
                "A published call needs its title in every language; it is missing in "
                "%(languages)s."
            ) % {"languages": language_names(title)}
        guidance = missing_languages(self, "guidance")
        if guidance and len(guidance) < len(language_codes()):
            errors[f"guidance_{guidance[0]}"] = _(
                "A published call gives its guidance in every language or in none; it is "
                "missing in %(languages)s."
            ) % {"languages": language_names(guidance)}
        return errors


class CallPriority(TimeStampedModel):
    """A priority area a call funds, with the mission's own focus for it."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="priorities"
    )
    priority_area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("priority area"),
        on_delete=models.PROTECT,
        related_name="call_priorities",
    )
    focus = models.TextField(_("mission's focus"), blank=True)
    is_preferred = models.BooleanField(
        _("preferred"), default=False, help_text=_("Proposals in this area get a bonus.")
    )

    class Meta:
        ordering = ["priority_area__position", "pk"]
        verbose_name = _("call priority")
        verbose_name_plural = _("call priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "priority_area"], name="programs_call_priority_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} · {self.priority_area}"


class StaffInvitation(TimeStampedModel):
    """An administrator's invitation to take a role at a mission, sent by e-mail.

    Accepting it (signed in with the invited address) grants the role; it works once.
    """

    email = models.EmailField(_("e-mail address"))
    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.PROTECT, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=MissionStaff.Role)
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()} · {self.mission}"

    def get_absolute_url(self) -> str:
        return reverse("programs:invitation", args=[self.token])

    def is_usable_at(self, moment: datetime) -> bool:
        return self.accepted_at is None and moment < self.expires_at

    @classmethod
    def notification_queryset(cls):
        """What an inbox entry about an invitation shows: its mission and inviter."""
        return cls.objects.select_related("mission", "invited_by")
