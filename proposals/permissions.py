"""Who may act on a proposal: the members of its organization, while the rules allow."""

from django.utils import timezone

from accounts.models import Organization
from accounts.permissions import is_member
from programs.models import Call, MissionStaff
from programs.permissions import mission_roles

from . import workflow
from .models import Proposal


def is_in_call_countries(organization: Organization, call: Call) -> bool:
    """The call's mission covers the country the organization is based in."""
    return organization.country in call.mission.countries


def is_of_call_types(organization: Organization, call: Call) -> bool:
    """The call takes organizations of this type (every type, when it names none)."""
    kinds = call.eligible_organization_types
    return not kinds or organization.kind in kinds


def can_apply_to_call(organization: Organization, call: Call) -> bool:
    """An organization applies only to the calls of the mission covering its country that take
    its type: the list of open calls shows those, and starting a draft checks it again."""
    return is_in_call_countries(organization, call) and is_of_call_types(organization, call)


def can_edit_proposal(user, proposal: Proposal) -> bool:
    """A draft changes until its call closes; then it is kept, locked, for the record."""
    return (
        proposal.is_draft
        and timezone.now() <= proposal.call.closes_at
        and is_member(user, proposal.organization_id)
    )


def can_submit_proposal(user, proposal: Proposal) -> bool:
    return can_edit_proposal(user, proposal)


def can_withdraw_proposal(user, proposal: Proposal) -> bool:
    return proposal.status in workflow.BEFORE_DECISION and is_member(user, proposal.organization_id)


def can_read_decision_letter(user, proposal: Proposal) -> bool:
    """The organization reads the decision letter once the decision is released to it."""
    decision = getattr(proposal, "decision", None)
    return (
        decision is not None
        and decision.released_at is not None
        and is_member(user, proposal.organization_id)
    )


def can_request_information(user, proposal: Proposal) -> bool:
    """A program officer of the proposal's mission may ask a question before the review ends."""
    roles = mission_roles(user).get(proposal.call.mission_id, set())
    return (
        proposal.status in (Proposal.Status.SUBMITTED, Proposal.Status.IN_REVIEW)
        and MissionStaff.Role.PROGRAM_OFFICER in roles
    )


def can_answer_information(user, proposal: Proposal) -> bool:
    return proposal.status == Proposal.Status.MORE_INFO_REQUESTED and is_member(
        user, proposal.organization_id
    )
