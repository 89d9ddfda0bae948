"""Reads of proposals for staff, scoped to the missions the user works at."""

from django.shortcuts import get_object_or_404

from cfli.proposals.models import Proposal
from cfli.proposals.selectors import PARTS, proposal_list_for_staff


def proposal_get_for_staff(user, pk: int) -> Proposal:
    """A submitted proposal of one of the user's missions; 404 for any other."""
    return get_object_or_404(proposal_list_for_staff(user).prefetch_related(*PARTS), pk=pk)
