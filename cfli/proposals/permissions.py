"""Who may act on a proposal: the members of its organization, while the rules allow."""

from django.utils import timezone

from accounts.permissions import is_member
from cfli.programs.models import MissionStaff
from cfli.programs.permissions import mission_roles

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


def can_request_information(user, proposal: Proposal) -> bool:
    """A program officer of the proposal's mission may ask a question before the review ends."""
    roles = mission_roles(user).get(proposal.call.mission_id, set())
    return (
        proposal.status in (Proposal.Status.SUBMITTED, Proposal.Status.IN_REVIEW)
        and MissionStaff.Role.PROGRAM_OFFICER in roles
    )


def can_answer_information(user, proposal: Proposal) -> bool:
    return proposal.status == Proposal.Status.MORE_INFO_REQUESTED and is_member(
        user, proposal.organization
    )
