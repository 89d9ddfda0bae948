"""Who may act on a proposal under review: pure checks over the user's mission roles."""

from programs.models import MissionStaff
from programs.permissions import is_administrator, mission_roles
from proposals.models import Proposal


def is_officer_of(user, proposal: Proposal) -> bool:
    roles = mission_roles(user).get(proposal.call.mission_id, set())
    return MissionStaff.Role.PROGRAM_OFFICER in roles


def can_screen_proposal(user, proposal: Proposal) -> bool:
    return proposal.status == Proposal.Status.SUBMITTED and is_officer_of(user, proposal)


def can_comment_proposal(user, proposal: Proposal) -> bool:
    roles = mission_roles(user).get(proposal.call.mission_id, set())
    return is_administrator(user) or bool(
        roles & {MissionStaff.Role.PROGRAM_OFFICER, MissionStaff.Role.APPROVER}
    )


def is_approver_of(user, proposal: Proposal) -> bool:
    roles = mission_roles(user).get(proposal.call.mission_id, set())
    return MissionStaff.Role.APPROVER in roles
