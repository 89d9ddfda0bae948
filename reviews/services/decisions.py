"""Committee decisions on a reviewed proposal.

A program officer of the proposal's mission records the committee's recommendation, with an
internal rationale (never shown to the applicant) and, optionally, a draft of the reasons the
applicant will read; funding needs an amount within the call's maximum, and conditions when it
is funding with conditions. An approver of the mission confirms or changes it, confirms the
reasons for the applicant (a decline needs them) and sets the final GE code; the funded amount
must fit in what remains of the call's envelope, counted under a lock on the call. The decision
is then held: the applicant hears nothing until an approver releases it (one by one or the
call's held decisions together), which moves the proposal and tells its applicants. A held
decision may be changed; after release, only a waiting-list decision may be decided again."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from programs.models import Call
from proposals.models import Proposal
from proposals.services import proposal_move

from .. import commitments, permissions, scoring
from ..models import Decision, Review
from ..signals import funding_released
from ._common import applicants_notify

FUNDED = Decision.FUNDED
OUTCOME_STATUS: dict[str, Proposal.Status] = {
    Decision.Recommendation.FUND: Proposal.Status.APPROVED,
    Decision.Recommendation.FUND_WITH_CONDITIONS: Proposal.Status.APPROVED,
    Decision.Recommendation.WAITLIST: Proposal.Status.WAITLISTED,
    Decision.Recommendation.DECLINE: Proposal.Status.DECLINED,
}


def _money(value) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _check_decision(
    *,
    call: Call,
    recommendation: str,
    amount,
    conditions: str,
    rationale: str,
    reasons_for_applicant: str | None = None,
):
    """`reasons_for_applicant` is checked when the decision is final (None: a recommendation)."""
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
    if (
        reasons_for_applicant is not None
        and recommendation == Decision.Recommendation.DECLINE
        and not reasons_for_applicant.strip()
    ):
        errors["reasons_for_applicant"] = _(
            "Write the reasons sent to the applicant: a decline is never sent without them."
        )
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
    reasons_for_applicant: str = "",
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
        reasons_for_applicant=reasons_for_applicant.strip(),
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
    reasons_for_applicant: str | None = None,
) -> Decision:
    """The approver confirms or changes the recommendation, confirms the reasons the applicant
    will read (None keeps the officer's draft) and sets the final GE code. The decision is held
    until released (`decisions_release`).

    Funding must fit in what remains of the call's envelope, held decisions included. The
    call's row is locked first, so two approvals at the same moment are counted one after the
    other, never both.
    """
    decision = Decision.objects.select_related("proposal__call").get(pk=decision.pk)
    proposal = decision.proposal
    if not permissions.is_approver_of(actor, proposal):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    # A held decision may be corrected before release; a released one only from the waiting
    # list, when money frees up.
    if decision.released_at is not None and proposal.status != Proposal.Status.WAITLISTED:
        raise ValidationError(_("This proposal is already decided."), code="decided")
    if proposal.status not in (Proposal.Status.RECOMMENDED, Proposal.Status.WAITLISTED):
        raise ValidationError(_("This proposal is not waiting for a decision."), code="state")
    recommendation = recommendation or decision.recommendation
    amount = amount if amount is not None else decision.amount
    if reasons_for_applicant is None:
        reasons_for_applicant = decision.reasons_for_applicant
    _check_decision(
        call=call,
        recommendation=recommendation,
        amount=amount,
        conditions=decision.conditions,
        rationale=decision.rationale,
        reasons_for_applicant=reasons_for_applicant,
    )
    if ge_code not in Review.GeCode.values:
        raise ValidationError({"ge_code": _("Set the final gender-equality code.")})
    if recommendation in FUNDED:
        approved = Decision.objects.committing_envelope().filter(proposal__call=call).exclude(
            pk=decision.pk
        ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
        approved += commitments.beyond_decisions(call.pk)  # amendments since, under this lock
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
    decision.reasons_for_applicant = reasons_for_applicant.strip()
    decision.approved_by = actor
    decision.decided_at = timezone.now()
    decision.ge_code = ge_code
    decision.released_at = decision.released_by = None
    decision.save()
    audit_record(
        verb="decision.recorded",
        actor=actor,
        target=proposal,
        mission_id=call.mission_id,
        data={"outcome": recommendation},
    )
    return decision


@transaction.atomic
def decisions_release(*, call: Call, actor: User, decision_ids: list[int] | None = None) -> int:
    """Tell the applicants the held decisions of a call (all of them, or those named): each
    proposal moves to its outcome and its organization's members are notified, each in their
    language. Releasing twice sends nothing twice. Returns how many were released."""
    if not permissions.can_release_decisions(actor, call):
        raise PermissionDenied
    held = Decision.objects.select_for_update(of=("self",)).filter(
        proposal__call=call,
        decided_at__isnull=False,
        released_at__isnull=True,
        proposal__status__in=(Proposal.Status.RECOMMENDED, Proposal.Status.WAITLISTED),
    )
    if decision_ids is not None:
        held = held.filter(pk__in=decision_ids)
    now = timezone.now()
    released = 0
    for decision in held.select_related("proposal").order_by("pk"):
        proposal = decision.proposal
        decision.released_at, decision.released_by = now, actor
        decision.save(update_fields=["released_at", "released_by", "updated_at"])
        status = OUTCOME_STATUS[decision.recommendation]
        if proposal.status != status:
            proposal_move(proposal=proposal, to=status, actor=actor)
        audit_record(
            verb="decision.released",
            actor=actor,
            target=proposal,
            mission_id=call.mission_id,
            data={"outcome": decision.recommendation},
        )
        applicants_notify(
            proposal,
            event="proposal_decided",
            record=decision,
            key=f"proposal-decided:{proposal.pk}:{now.isoformat()}",
        )
        if status == Proposal.Status.APPROVED:
            funding_released.send(sender=Decision, decision=decision, actor=actor)
        released += 1
    return released
