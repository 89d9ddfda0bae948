"""Who may act on a contribution agreement: pure checks over the user's mission roles."""

from accounts.permissions import is_member
from programs.models import MissionStaff
from programs.permissions import mission_roles

from . import workflow
from .models import ContributionAgreement


def is_officer_of(user, agreement: ContributionAgreement) -> bool:
    roles = mission_roles(user).get(agreement.mission_id, set())
    return MissionStaff.Role.PROGRAM_OFFICER in roles


def can_prepare_agreement(user, agreement: ContributionAgreement) -> bool:
    """A program officer of the mission prepares the agreement until it is ready to sign."""
    return agreement.status in workflow.EDITABLE and is_officer_of(user, agreement)


def can_mark_ready(user, agreement: ContributionAgreement) -> bool:
    return agreement.status == ContributionAgreement.Status.DRAFT and is_officer_of(user, agreement)


def can_adjust_budget(user, agreement: ContributionAgreement) -> bool:
    """A member of the organization adjusts the budget to the approved amount, until the
    officer accepts it."""
    return agreement.status == ContributionAgreement.Status.BUDGET_ADJUSTMENT and is_member(
        user, agreement.proposal.organization_id
    )


def can_accept_budget(user, agreement: ContributionAgreement) -> bool:
    return agreement.status == ContributionAgreement.Status.BUDGET_ADJUSTMENT and is_officer_of(
        user, agreement
    )


def can_set_bank_account(user, agreement: ContributionAgreement) -> bool:
    """A member of the organization gives the account to pay into while the agreement runs."""
    return agreement.status not in workflow.ENDED and is_member(
        user, agreement.proposal.organization_id
    )
