"""Reads of proposals for staff, scoped to the missions the user works at."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cfli.programs.models import Call
from cfli.proposals.models import Proposal
from cfli.proposals.selectors import PARTS, proposal_call_list_for_staff, proposal_list_for_staff

from . import scoring
from .models import Review, ReviewAssignment


def proposal_get_for_staff(user, pk: int) -> Proposal:
    """A submitted proposal of one of the user's missions; 404 for any other."""
    return get_object_or_404(proposal_list_for_staff(user).prefetch_related(*PARTS), pk=pk)


def assignment_list_for(user) -> QuerySet[ReviewAssignment]:
    """The reviewer's own assignments, newest first, recused ones included (marked)."""
    if not user.is_authenticated:
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .exclude(proposal__status=Proposal.Status.DRAFT)
        .select_related("proposal__organization", "proposal__call__mission", "review")
        .order_by("-created_at", "-pk")
    )


def assignment_get_for(user, pk: int) -> ReviewAssignment:
    """One of the reviewer's assignments; 404 for anyone else's."""
    return get_object_or_404(assignment_list_for(user), pk=pk)


def other_reviews_for(assignment: ReviewAssignment) -> QuerySet[Review]:
    """The other submitted reviews of the same proposal: shown only once one's own is in."""
    own = getattr(assignment, "review", None)
    if own is None or not own.is_submitted:
        return Review.objects.none()
    return (
        Review.objects.filter(
            assignment__proposal=assignment.proposal_id, status=Review.Status.SUBMITTED
        )
        .exclude(pk=own.pk)
        .select_related("assignment__reviewer")
    )


def proposal_for_reviewer(assignment: ReviewAssignment) -> Proposal:
    """The proposal with its parts, for the reviewer who declared no conflict."""
    return (
        Proposal.objects.select_related(
            "call__mission", "organization", "call_priority__priority_area", "sub_theme"
        )
        .prefetch_related(*PARTS)
        .get(pk=assignment.proposal_id)
    )


COMMITTEE_STATUSES = (
    Proposal.Status.REVIEWED,
    Proposal.Status.RECOMMENDED,
    Proposal.Status.WAITLISTED,
    Proposal.Status.APPROVED,
    Proposal.Status.DECLINED,
)


def call_get_for_committee(user, pk: int) -> Call:
    """A call of the user's missions (the ones whose proposals they see); 404 otherwise."""
    return get_object_or_404(proposal_call_list_for_staff(user), pk=pk)


def committee_proposals(call: Call) -> list[Proposal]:
    """The call's reviewed proposals and what was recommended or decided, in one query."""
    return list(
        Proposal.objects.filter(call=call, status__in=COMMITTEE_STATUSES).select_related(
            "organization", "review_summary", "decision"
        )
    )


@dataclass(frozen=True)
class Board:
    rows: list[Proposal]
    envelope: Decimal
    approved: Decimal
    remaining: Decimal


def committee_board(call: Call) -> Board:
    """The committee's view of a call: proposals ranked by combined score (unscored last,
    earlier submissions first on a tie), and the envelope: approved and remaining."""
    proposals = {proposal.pk: proposal for proposal in committee_proposals(call)}
    ranked = scoring.rank(
        items=[
            scoring.RankItem(
                proposal_id=proposal.pk,
                score=getattr(getattr(proposal, "review_summary", None), "score", None),
                amount=proposal.amount_requested_cad or Decimal(0),
                submitted_at=proposal.submitted_at,
            )
            for proposal in proposals.values()
        ]
    )
    approved = [
        proposal.decision.amount
        for proposal in proposals.values()
        if proposal.status == Proposal.Status.APPROVED and proposal.decision.amount
    ]
    return Board(
        rows=[proposals[item.proposal_id] for item in ranked],
        envelope=call.budget_envelope,
        approved=sum(approved, Decimal(0)),
        remaining=scoring.envelope_remaining(
            envelope=call.budget_envelope, approved_amounts=approved
        ),
    )
