"""Reads of contribution agreements, scoped to who asks: staff see their missions'
agreements (administrators every mission's), partners their organizations'; 404 otherwise."""

from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from proposals.selectors import proposal_mission_ids_for_staff

from .models import (
    AgreementBudget,
    AgreementEvent,
    Amendment,
    ContributionAgreement,
    PaymentInstalment,
)

# What an agreement's page shows with it: its proposal, organization and call, the budget in
# force with its lines, the schedule and the timeline.
PAGE_RELATIONS = (
    "proposal__organization",
    "proposal__call",
    "mission",
    "budget",
    "bank_account",
    "countersigned_by",
)
PAGE_PARTS = (
    "budget__lines",
    "instalments",
    "amendments",
    Prefetch("events", queryset=AgreementEvent.objects.select_related("actor")),
)


def _page(agreements: QuerySet[ContributionAgreement]) -> QuerySet[ContributionAgreement]:
    return agreements.select_related(*PAGE_RELATIONS).prefetch_related(*PAGE_PARTS)


def agreement_get_for_staff(user, proposal_pk: int) -> ContributionAgreement:
    """The agreement of a proposal of one of the user's missions, for its page; 404 for any
    other, and for a proposal without an agreement."""
    mission_ids = proposal_mission_ids_for_staff(user)
    agreements = ContributionAgreement.objects.filter(proposal_id=proposal_pk)
    if mission_ids is not None:
        agreements = agreements.filter(mission_id__in=mission_ids)
    agreement = _page(agreements).first()
    if agreement is None:
        raise Http404
    return agreement


def agreement_get_for_partner(user, proposal_pk: int) -> ContributionAgreement:
    """The agreement of a proposal of one of the user's organizations; 404 for any other."""
    agreements = ContributionAgreement.objects.filter(
        proposal_id=proposal_pk, proposal__organization__memberships__user_id=user.pk
    )
    agreement = _page(agreements).first()
    if agreement is None:
        raise Http404
    return agreement


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
