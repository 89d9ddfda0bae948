"""Reads of contribution agreements, scoped to who asks: staff see their missions'
agreements (administrators every mission's), partners their organizations'; 404 otherwise."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.languages import language_codes
from core.prepared import prepared
from programs.models import Call, InstalmentCondition, Mission, fiscal_year_bounds
from proposals.selectors import proposal_mission_ids_for_staff

from . import due_dates, workflow
from .models import (
    AgreementBudget,
    AgreementEvent,
    Amendment,
    ContributionAgreement,
    PaymentInstalment,
)

# What an agreement's page shows with it: its proposal, organization and call, the budget in
# force (its lines are read only when their rendering is not kept: decision 0022), the
# schedule and the timeline.
PAGE_RELATIONS = (
    "proposal__organization",
    "proposal__call",
    "mission",
    "budget",
    "bank_account",
    "countersigned_by",
)
PAGE_PARTS = (
    "instalments",
    "amendments",
    Prefetch("events", queryset=AgreementEvent.objects.select_related("actor")),
)


def _page(agreements: QuerySet[ContributionAgreement]) -> QuerySet[ContributionAgreement]:
    return agreements.select_related(*PAGE_RELATIONS).prefetch_related(*PAGE_PARTS)


def _staff_scope(user) -> tuple[set[int] | tuple, bool] | None:
    """The mission arguments of a prepared read for a staff member: their missions' ids and
    whether they read every mission's (administrators); None when they read none."""
    mission_ids = proposal_mission_ids_for_staff(user)
    if mission_ids is not None and not mission_ids:
        return None
    return mission_ids or (), mission_ids is None


def _of_missions(mission_ids, every_mission: bool) -> QuerySet[ContributionAgreement]:
    """The agreements of these missions (of every mission), inside a prepared read."""
    agreements = ContributionAgreement.objects.all()
    return agreements if every_mission else agreements.filter(mission_id__in=mission_ids)


def agreement_get_for_staff(user, proposal_pk: int) -> ContributionAgreement:
    """The agreement of a proposal of one of the user's missions, for its page; 404 for any
    other, and for a proposal without an agreement."""
    scope = _staff_scope(user)
    agreement = None
    if scope is not None:
        mission_ids, every_mission = scope
        agreement = _agreement_for_staff.get(mission_ids, proposal_pk, every_mission=every_mission)
    if agreement is None:
        raise Http404
    return agreement


@prepared
def _agreement_for_staff(mission_ids, proposal_pk, *, every_mission: bool):
    """`agreement_get_for_staff`'s read, compiled once per process and shape."""
    return _page(_of_missions(mission_ids, every_mission).filter(proposal_id=proposal_pk))


def agreement_get_for_partner(user, proposal_pk: int) -> ContributionAgreement:
    """The agreement of a proposal of one of the user's organizations; 404 for any other."""
    agreement = _agreement_for_partner.get(user.pk, proposal_pk)
    if agreement is None:
        raise Http404
    return agreement


@prepared
def _agreement_for_partner(user_id, proposal_pk):
    """`agreement_get_for_partner`'s read, compiled once per process."""
    return _page(
        ContributionAgreement.objects.filter(
            proposal_id=proposal_pk, proposal__organization__memberships__user_id=user_id
        )
    )


def proposed_budget(agreement: ContributionAgreement) -> AgreementBudget | None:
    """The adjusted budget the partner sent, waiting for the officer's acceptance, with its
    lines; None when there is none."""
    if agreement.status != ContributionAgreement.Status.BUDGET_ADJUSTMENT:
        return None
    return (
        agreement.budgets.filter(accepted_at__isnull=True)
        .prefetch_related("lines")
        .order_by("-version")
        .first()
    )


def lines_to_adjust(agreement: ContributionAgreement, proposed: AgreementBudget | None) -> list:
    """What the partner's adjustment form starts from: the budget they sent last (`proposed`,
    from `proposed_budget`), or the proposal's budget as submitted."""
    if proposed is not None:
        return list(proposed.lines.all())
    return list(agreement.proposal.budget_lines.all())


def instalment_get(agreement: ContributionAgreement, sequence: int) -> PaymentInstalment:
    """An instalment of an agreement the user may already read, by its number; 404 otherwise."""
    for instalment in agreement.instalments.all():  # prefetched with the page
        if instalment.sequence == sequence:
            return instalment
    raise Http404


def commitments_beyond_decisions(call_id: int) -> Decimal:
    """What the call's agreements commit beyond their funding decisions' amounts, in CAD (a
    source of `reviews.commitments`): an amount amended up or down, and for a terminated
    agreement only what was paid and not returned. One query."""
    zero = Value(Decimal(0))
    paid = Subquery(
        PaymentInstalment.objects.filter(
            agreement=OuterRef("pk"), status=PaymentInstalment.Status.PAID
        )
        .values("agreement")
        .annotate(total=Sum("paid_amount_cad"))
        .values("total")
    )
    repaid = Subquery(
        Amendment.objects.filter(
            agreement=OuterRef("pk"),
            kind=Amendment.Kind.TERMINATION,
            status=Amendment.Status.APPROVED,
        ).values("repaid_cad")[:1]
    )
    decided = F("proposal__decision__amount")
    committed = Case(
        When(
            status=ContributionAgreement.Status.TERMINATED,
            then=Coalesce(paid, zero) - Coalesce(repaid, zero),
        ),
        default=F("amount_cad"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    total = ContributionAgreement.objects.filter(proposal__call_id=call_id).aggregate(
        total=Sum(committed - decided)
    )["total"]
    return total or Decimal(0)


def amendment_get(agreement: ContributionAgreement, number: int) -> Amendment:
    """An amendment of an agreement the user may already read, by its number, with the budget
    it brings; 404 otherwise."""
    amendment = (
        agreement.amendments.select_related("budget", "requested_by", "decided_by")
        .prefetch_related("budget__lines")
        .filter(number=number)
        .first()
    )
    if amendment is None:
        raise Http404
    amendment.agreement = agreement  # already read, with its relations
    return amendment


def budget_version(agreement: ContributionAgreement, version: int | None) -> AgreementBudget | None:
    """One version of the agreement's budget with its lines (an amendment's "before")."""
    if version is None:
        return None
    return agreement.budgets.prefetch_related("lines").filter(version=version).first()


@dataclass
class YearEnd:
    """What a mission must still pay of a fiscal year's agreements before its funds lapse on
    March 31, and the agreements that run past their call's latest end date."""

    mission: Mission
    fiscal_year: int
    closes_on: date
    instalments: list[PaymentInstalment]
    past_end: list[ContributionAgreement]
    at_risk: Decimal


def year_end(mission: Mission, fiscal_year: int) -> YearEnd:
    """The year-end of a mission's fiscal year, in two queries: every instalment of its
    agreements of that year not paid yet that falls due by March 31 (due already, paid on
    signature of an agreement not yet signed, dated on or before March 31, or bound to a report
    due by then: `due_dates`), with their sum, the amount at risk of lapsing; and the
    agreements whose end date passes their call's latest end date."""
    _start, closes_on = fiscal_year_bounds(fiscal_year)
    instalments = _year_end_instalments.list(mission.pk, fiscal_year=fiscal_year)
    return YearEnd(
        mission=mission,
        fiscal_year=fiscal_year,
        closes_on=closes_on,
        instalments=instalments,
        past_end=_year_end_past_end.list(mission.pk, fiscal_year=fiscal_year),
        at_risk=sum((i.amount_cad for i in instalments), Decimal(0)),
    )


def _year_agreements(mission_id, fiscal_year: int) -> QuerySet[ContributionAgreement]:
    return ContributionAgreement.objects.filter(
        mission_id=mission_id, fiscal_year=fiscal_year
    ).exclude(status__in=workflow.ENDED)


# What the year-end page shows of an agreement: the proposal's answers stay unread.
YEAR_END_COLUMNS = (
    "number",
    "status",
    "end_date",
    "proposal",
    "proposal__reference",
    "proposal__organization",
    "proposal__organization__name",
)


@prepared
def _year_end_instalments(mission_id, *, fiscal_year: int):
    """`year_end`'s instalments, compiled once per process and fiscal year."""
    _start, closes_on = fiscal_year_bounds(fiscal_year)
    unpaid = (PaymentInstalment.Status.SCHEDULED, PaymentInstalment.Status.DUE)
    by_march_31 = (
        Q(status=PaymentInstalment.Status.DUE)
        | Q(condition=InstalmentCondition.ON_SIGNATURE)
        | Q(expected_on__lte=closes_on)
    )
    return (
        PaymentInstalment.objects.filter(
            agreement__in=_year_agreements(mission_id, fiscal_year), status__in=unpaid
        )
        .annotate(expected_on=due_dates.expected_on())
        .filter(by_march_31)
        .select_related("agreement__proposal__organization")
        .only(
            "sequence",
            "condition",
            "status",
            "due_date",
            "amount_cad",
            "agreement",
            *(f"agreement__{column}" for column in YEAR_END_COLUMNS),
        )
        .order_by("expected_on", "agreement__number", "agreement_id", "sequence")
    )


@prepared
def _year_end_past_end(mission_id, *, fiscal_year: int):
    """`year_end`'s agreements past their call's latest end date, compiled once per process
    and fiscal year."""
    return (
        _year_agreements(mission_id, fiscal_year)
        .filter(end_date__gt=F("proposal__call__latest_end_date"))
        .select_related("proposal__organization", "proposal__call")
        .only(*YEAR_END_COLUMNS, "proposal__call", "proposal__call__latest_end_date")
        .order_by("end_date", "number")
    )


def year_end_missions_for(user) -> QuerySet[Mission]:
    """The missions whose year-end the user reads: their missions' (every one for
    administrators)."""
    mission_ids = proposal_mission_ids_for_staff(user)
    missions = Mission.objects.filter(is_active=True).order_by("name")
    return missions if mission_ids is None else missions.filter(pk__in=mission_ids)


# What is next for an agreement, and whose move it is, in the order the list asks about them.
class NextAction(models.TextChoices):
    AMENDMENT = "amendment", _("Amendment to decide")
    ACCOUNT = "account", _("Bank account to confirm")
    PAYMENT = "payment", _("Payment due")
    COUNTERSIGN = "countersign", _("To countersign")
    PARTNER_SIGNATURE = "partner_signature", _("Waiting for the partner's signature")
    SEND = "send", _("To send for signature")
    BUDGET_TO_ACCEPT = "budget_to_accept", _("Adjusted budget to accept")
    BUDGET_AWAITED = "budget_awaited", _("Waiting for the adjusted budget")


def _next_action_filters() -> dict[str, Q]:
    Status = ContributionAgreement.Status
    return {
        NextAction.AMENDMENT: Q(has_open_amendment=True),
        NextAction.ACCOUNT: Q(
            bank_account__needs_confirmation=True, bank_account__confirmed_at__isnull=True
        )
        & ~Q(status__in=workflow.ENDED),
        NextAction.PAYMENT: Q(status=Status.ACTIVE, has_due_instalment=True),
        NextAction.COUNTERSIGN: Q(status=Status.PARTNER_SIGNED),
        NextAction.PARTNER_SIGNATURE: Q(status=Status.TO_SIGN),
        NextAction.SEND: Q(status=Status.DRAFT),
        NextAction.BUDGET_TO_ACCEPT: Q(status=Status.BUDGET_ADJUSTMENT, has_budget_sent=True),
        NextAction.BUDGET_AWAITED: Q(status=Status.BUDGET_ADJUSTMENT, has_budget_sent=False),
    }


def agreement_list_for_staff(
    user,
    *,
    status: str = "",
    call_id: int | None = None,
    fiscal_year: int | None = None,
    next_action: str = "",
) -> QuerySet[ContributionAgreement]:
    """The agreements of the user's missions (every mission's for administrators), newest
    first, each with what it has been paid and its next action (`next_action`, a NextAction
    value or ""); one query."""
    mission_ids = proposal_mission_ids_for_staff(user)
    agreements = ContributionAgreement.objects.all()
    if mission_ids is not None:
        agreements = agreements.filter(mission_id__in=mission_ids)
    return _listed(
        agreements,
        status=status,
        call_ids=[call_id] if call_id else [],
        fiscal_years=[fiscal_year] if fiscal_year else [],
        next_action=next_action,
    ).select_related("proposal__organization", "proposal__call", "mission", "bank_account")


def _listed(
    agreements: QuerySet[ContributionAgreement],
    *,
    status: str,
    call_ids: list[int],
    fiscal_years: list[int],
    next_action: str,
) -> QuerySet[ContributionAgreement]:
    agreements = agreements.annotate(
        has_open_amendment=Exists(
            Amendment.objects.filter(agreement=OuterRef("pk"), status=Amendment.Status.REQUESTED)
        ),
        has_due_instalment=Exists(
            PaymentInstalment.objects.filter(
                agreement=OuterRef("pk"), status=PaymentInstalment.Status.DUE
            )
        ),
        has_budget_sent=Exists(
            AgreementBudget.objects.filter(agreement=OuterRef("pk"), accepted_at__isnull=True)
        ),
        paid_cad=Coalesce(
            Subquery(
                PaymentInstalment.objects.filter(
                    agreement=OuterRef("pk"), status=PaymentInstalment.Status.PAID
                )
                .values("agreement")
                .annotate(total=Sum("paid_amount_cad"))
                .values("total")
            ),
            Value(Decimal(0)),
        ),
    )
    if status:
        agreements = agreements.filter(status=status)
    if call_ids:
        agreements = agreements.filter(proposal__call_id__in=call_ids)
    if fiscal_years:
        agreements = agreements.filter(fiscal_year__in=fiscal_years)
    # The first of NextAction that holds, in the database: the column shows it, the filter
    # keeps the agreements whose next action it is.
    agreements = agreements.annotate(
        next_action=Case(
            *(When(holds, then=Value(action)) for action, holds in _next_action_filters().items()),
            default=Value(""),
            output_field=models.CharField(),
        )
    )
    if next_action:
        agreements = agreements.filter(next_action=next_action)
    return agreements.order_by("-created_at", "-pk")


def agreement_ids_for_staff(
    user,
    *,
    status: str = "",
    call_id: int | None = None,
    fiscal_year: int | None = None,
    next_action: str = "",
) -> list[int]:
    """The ids of `agreement_list_for_staff` (same keywords), in its order: what the list
    pages through (`agreement_rows`). A read compiled once per process and shape."""
    scope = _staff_scope(user)
    if scope is None:
        return []
    mission_ids, every_mission = scope
    return _listed_ids.list(
        mission_ids,
        [call_id] if call_id else [],
        [fiscal_year] if fiscal_year else [],
        every_mission=every_mission,
        status=status,
        next_action=next_action,
    )


@prepared
def _listed_ids(mission_ids, call_ids, fiscal_years, *, every_mission, status, next_action):
    listed = _listed(
        _of_missions(mission_ids, every_mission),
        status=status,
        call_ids=call_ids,
        fiscal_years=fiscal_years,
        next_action=next_action,
    )
    return listed.values_list("pk", flat=True)


# What a row of the staff's list shows: the proposal's other columns (its answers) stay unread.
LIST_COLUMNS = (
    "proposal_id",
    "number",
    "status",
    "amount_cad",
    "created_at",
    "proposal__reference",
    "proposal__organization__name",
    # The call's title in every language: modeltranslation reads it with its fallbacks.
    *(f"proposal__call__title_{code}" for code in language_codes()),
)


def agreement_rows(ids: list[int]) -> list[ContributionAgreement]:
    """The list's rows for these ids (a page of `agreement_ids_for_staff`, which scoped them),
    in their order, each with what it has been paid and its next action. One query."""
    rows = {row.pk: row for row in _rows.list(ids)}
    return [rows[pk] for pk in ids if pk in rows]


@prepared
def _rows(ids):
    listed = _listed(
        ContributionAgreement.objects.filter(pk__in=ids),
        status="",
        call_ids=[],
        fiscal_years=[],
        next_action="",
    )
    return listed.select_related("proposal__organization", "proposal__call").only(*LIST_COLUMNS)


def agreement_filter_calls(user) -> list[Call]:
    """The calls the list may be filtered by: those of the user's missions with agreements."""
    scope = _staff_scope(user)
    if scope is None:
        return []
    mission_ids, every_mission = scope
    return _calls_with_agreements.list(mission_ids, every_mission=every_mission)


@prepared
def _calls_with_agreements(mission_ids, *, every_mission):
    agreements = _of_missions(mission_ids, every_mission)
    return (
        Call.objects.filter(pk__in=agreements.values("proposal__call_id"))
        .select_related("mission")
        .order_by("-fiscal_year", "mission__name", "pk")
    )


def sees_agreements(user) -> bool:
    """Program officers and approvers of a mission, and administrators (no query: the roles
    come with the session)."""
    mission_ids = proposal_mission_ids_for_staff(user)
    return mission_ids is None or bool(mission_ids)
