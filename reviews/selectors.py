"""Reads of proposals for staff, scoped to the missions the user works at."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cfli.proposals.models import Proposal
from cfli.proposals.selectors import PARTS, proposal_list_for_staff

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
