"""Who may act in the review of a proposal: pure checks over the user's mission roles, the
user's administrator flag, and the reviewer named on an assignment. No queries beyond the
objects' own relations; the views check them (404/403) and the services check them again."""

from programs.models import Call, MissionStaff
from programs.permissions import is_administrator, managed_mission_ids, mission_roles
from proposals.models import Proposal

from .models import Review, ReviewAssignment


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


def can_read_reviews(user, proposal: Proposal) -> bool:
    """The submitted reviews of a proposal are read by those who decide on it: the
    mission's program officers and approvers, and administrators. A reviewer reads only their
    own review (and the others' scores once theirs is in, on their assignment's page)."""
    roles = mission_roles(user).get(proposal.call.mission_id, set())
    return is_administrator(user) or bool(
        roles & {MissionStaff.Role.PROGRAM_OFFICER, MissionStaff.Role.APPROVER}
    )


def is_approver_of(user, proposal: Proposal) -> bool:
    roles = mission_roles(user).get(proposal.call.mission_id, set())
    return MissionStaff.Role.APPROVER in roles


def can_decide(user, proposal: Proposal) -> bool:
    """An approver of the mission decides a recommended proposal, corrects a decision held
    for release, or revisits one on the waiting list."""
    decision = getattr(proposal, "decision", None)
    return (
        decision is not None
        and is_approver_of(user, proposal)
        and (
            proposal.status == Proposal.Status.WAITLISTED
            or (proposal.status == Proposal.Status.RECOMMENDED and decision.released_at is None)
        )
    )


def can_release_decisions(user, call: Call) -> bool:
    """An approver of the call's mission tells the applicants the decisions made."""
    return MissionStaff.Role.APPROVER in mission_roles(user).get(call.mission_id, set())


def can_manage_instruments(user) -> bool:
    """Scoring grids and GBA+ checklists are written by active administrators only (the same
    rule as the pages' gate)."""
    return is_administrator(user)


def is_reviewer_of(user, assignment: ReviewAssignment) -> bool:
    """The user is the reviewer the assignment names, and it was not withdrawn from them."""
    return assignment.reviewer_id == user.pk and assignment.withdrawn_at is None


def can_declare_assignment(user, assignment: ReviewAssignment) -> bool:
    """Only the assigned reviewer declares a conflict of interest, or none."""
    return is_reviewer_of(user, assignment)


def can_start_review(user, assignment: ReviewAssignment) -> bool:
    """The assigned reviewer reviews once they have declared no conflict."""
    return (
        is_reviewer_of(user, assignment)
        and assignment.declaration == ReviewAssignment.Declaration.NO_CONFLICT
    )


def can_save_review(user, review: Review) -> bool:
    """Only the review's own reviewer saves it (whether it may still change is the service's
    rule: a submitted review is final)."""
    return is_reviewer_of(user, review.assignment)


def can_submit_review(user, review: Review) -> bool:
    """Only the review's own reviewer submits it."""
    return is_reviewer_of(user, review.assignment)


# The statuses in which a proposal's reviews run and its reviewers may change: the services'
# UNDER_REVIEW, which this module cannot import (the services import it).
REVIEWS_RUNNING = (Proposal.Status.IN_REVIEW, Proposal.Status.MORE_INFO_REQUESTED)


def can_manage_reviewers(user, proposal: Proposal) -> bool:
    """A program officer of the proposal's mission chooses its reviewers (add, replace,
    withdraw); approvers and administrators only read who they are."""
    return is_officer_of(user, proposal)


def can_change_reviewers(user, proposal: Proposal) -> bool:
    """can_manage_reviewers, while the proposal's reviews run: the workspace's controls."""
    return proposal.status in REVIEWS_RUNNING and can_manage_reviewers(user, proposal)


def can_view_reviewer_load(user) -> bool:
    """The reviewers' workload is read by those who manage a mission's calls: its program
    officers (their missions), and administrators (every mission)."""
    return managed_mission_ids(user) != set()


def can_withdraw_reviewer(user, assignment: ReviewAssignment) -> bool:
    """An officer who may change the proposal's reviewers withdraws (or replaces) one who
    still counts (neither recused nor withdrawn) and has not submitted their review."""
    review = getattr(assignment, "review", None)
    return (
        can_change_reviewers(user, assignment.proposal)
        and not assignment.is_recused
        and not assignment.is_withdrawn
        and not (review is not None and review.is_submitted)
    )
