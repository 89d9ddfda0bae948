"""Who may act on a proposal: the members of its organization, while the rules allow."""

from django.utils import timezone

from accounts.permissions import is_member

from . import workflow
from .models import Proposal


def can_edit_proposal(user, proposal: Proposal) -> bool:
    """A draft changes until its call closes; then it is kept, locked, for the record."""
    return (
        proposal.is_draft
        and timezone.now() <= proposal.call.closes_at
        and is_member(user, proposal.organization)
    )


def can_submit_proposal(user, proposal: Proposal) -> bool:
    return can_edit_proposal(user, proposal)


def can_withdraw_proposal(user, proposal: Proposal) -> bool:
    return proposal.status in workflow.BEFORE_DECISION and is_member(user, proposal.organization)
