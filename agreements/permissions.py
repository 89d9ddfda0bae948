"""Who may act on a contribution agreement: pure checks over the user's mission roles."""

from accounts.permissions import is_member, is_owner
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


def is_approver_of(user, agreement: ContributionAgreement) -> bool:
    roles = mission_roles(user).get(agreement.mission_id, set())
    return MissionStaff.Role.APPROVER in roles


def is_signatory_of(user, agreement: ContributionAgreement) -> bool:
    """An owner of the organization signs for it, as its authorized signatory."""
    return is_owner(user, agreement.proposal.organization)


def can_sign(user, agreement: ContributionAgreement) -> bool:
    """Once the embassy sent the agreement for signature."""
    return agreement.status == ContributionAgreement.Status.TO_SIGN and is_signatory_of(
        user, agreement
    )


def can_countersign(user, agreement: ContributionAgreement) -> bool:
    """The head of mission, or an approver to whom it is delegated, signs for Canada last."""
    return agreement.status == ContributionAgreement.Status.PARTNER_SIGNED and is_approver_of(
        user, agreement
    )


def can_manage_payments(user, agreement: ContributionAgreement) -> bool:
    """A program officer of the mission marks instalments due and records payments, once both
    parties signed and until the agreement ends."""
    return agreement.status == ContributionAgreement.Status.ACTIVE and is_officer_of(
        user, agreement
    )


def can_confirm_bank_account(user, agreement: ContributionAgreement) -> bool:
    account = agreement.bank_account
    return (
        account is not None
        and not account.is_payable
        and agreement.status not in workflow.ENDED
        and is_officer_of(user, agreement)
    )
