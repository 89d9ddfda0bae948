"""Committee decisions on a reviewed proposal.

A program officer of the proposal's mission records the committee's recommendation, with a
rationale; funding needs an amount within the call's maximum, and conditions when it is funding
with conditions. An approver of the mission confirms or changes it and sets the final GE code;
the funded amount must fit in what remains of the call's envelope, counted under a lock on the
call. Only a waiting-list decision may be decided again. The applicants are told the outcome."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from programs.models import Call
from proposals.models import Proposal
from proposals.services import proposal_move

from .. import permissions, scoring
from ..models import Decision, Review
from ._common import applicants_notify

FUNDED = (Decision.Recommendation.FUND, Decision.Recommendation.FUND_WITH_CONDITIONS)
OUTCOME_STATUS = {
    Decision.Recommendation.FUND: Proposal.Status.APPROVED,
    Decision.Recommendation.FUND_WITH_CONDITIONS: Proposal.Status.APPROVED,
    Decision.Recommendation.WAITLIST: Proposal.Status.WAITLISTED,
    Decision.Recommendation.DECLINE: Proposal.Status.DECLINED,
}


def _money(value) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _check_decision(*, call: Call, recommendation: str, amount, conditions: str, rationale: str):
    errors = {}
    if recommendation in FUNDED:
        if amount is None:
            errors["amount"] = _("Give the amount to fund.")
        elif amount > call.maximum_amount:
            errors["amount"] = _("The amount is above the call's maximum of CAD %(maximum)s.") % {
                "maximum": _money(call.maximum_amount)
            }
    if recommendation == Decision.Recommendation.FUND_WITH_CONDITIONS and not conditions.strip():
        errors["conditions"] = _("Write the conditions.")
    if not rationale.strip():
        errors["rationale"] = _("Give the rationale.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_recommend(
    *,
    proposal: Proposal,
    actor: User,
    recommendation: str,
    amount=None,
    conditions: str = "",
    rationale: str,
) -> Decision:
    """The program officer records the committee's recommendation on a reviewed proposal."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    if not permissions.is_officer_of(actor, proposal):
        raise PermissionDenied
    _check_decision(
        call=proposal.call,
        recommendation=recommendation,
        amount=amount,
        conditions=conditions,
        rationale=rationale,
    )
    decision = Decision.objects.create(
        proposal=proposal,
        recommendation=recommendation,
        amount=amount if recommendation in FUNDED else None,
        conditions=conditions.strip(),
        rationale=rationale.strip(),
        recommended_by=actor,
    )
    proposal_move(proposal=proposal, to=Proposal.Status.RECOMMENDED, actor=actor)
    return decision


@transaction.atomic
def decision_approve(
    *,
    decision: Decision,
    actor: User,
    ge_code: str,
    recommendation: str | None = None,
    amount=None,
) -> Decision:
    """The approver confirms or changes the recommendation and sets the final GE code.

    Funding must fit in what remains of the call's envelope. The call's row is locked first,
    so two approvals at the same moment are counted one after the other, never both.
    """
    decision = Decision.objects.select_related("proposal__call").get(pk=decision.pk)
    proposal = decision.proposal
    if not permissions.is_approver_of(actor, proposal):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    # A waiting-list decision may be revisited when money frees up; nothing else is.
    if decision.decided_at is not None and proposal.status != Proposal.Status.WAITLISTED:
        raise ValidationError(_("This proposal is already decided."), code="decided")
    recommendation = recommendation or decision.recommendation
    amount = amount if amount is not None else decision.amount
    _check_decision(
        call=call,
        recommendation=recommendation,
        amount=amount,
        conditions=decision.conditions,
        rationale=decision.rationale,
    )
    if ge_code not in Review.GeCode.values:
        raise ValidationError({"ge_code": _("Set the final gender-equality code.")})
    if recommendation in FUNDED:
        approved = Decision.objects.filter(
            proposal__call=call, proposal__status=Proposal.Status.APPROVED
        ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if not scoring.fits_envelope(
            envelope=call.budget_envelope, approved_amounts=[approved], amount=amount
        ):
            raise ValidationError(
                _(
                    "CAD %(amount)s does not fit: CAD %(approved)s of the envelope of CAD "
                    "%(envelope)s is already approved, so CAD %(remaining)s remains."
                )
                % {
                    "amount": _money(amount),
                    "approved": _money(approved),
                    "envelope": _money(call.budget_envelope),
                    "remaining": _money(call.budget_envelope - approved),
                },
                code="envelope",
            )
    decision.recommendation = recommendation
    decision.amount = amount if recommendation in FUNDED else None
    decision.approved_by = actor
    decision.decided_at = timezone.now()
    decision.ge_code = ge_code
    decision.save()
    proposal_move(proposal=proposal, to=OUTCOME_STATUS[recommendation], actor=actor)
    applicants_notify(proposal, event="proposal_decided", record=decision)
    return decision
