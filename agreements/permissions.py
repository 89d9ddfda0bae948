"""Who may act on a contribution agreement: pure checks over the user's mission roles."""

from accounts.permissions import is_member, is_owner
from programs.models import MissionStaff
from programs.permissions import mission_roles

from . import workflow
from .models import Amendment, ContributionAgreement


def is_officer_of(user, agreement: ContributionAgreement) -> bool:
    roles = mission_roles(user).get(agreement.mission_id, set())
    return MissionStaff.Role.PROGRAM_OFFICER in roles


def can_write_publication(user, agreement: ContributionAgreement) -> bool:
    """A program officer of the mission writes what Canada publishes of the agreement, at any
    stage: a published record may need correcting after the project."""
    return is_officer_of(user, agreement)


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


def may_return_signature(user, agreement: ContributionAgreement) -> bool:
    """Instead of countersigning, an approver or an officer of the mission sends what the
    partner signed back to be signed again (a wrong signatory or title, an unreadable copy)."""
    return is_approver_of(user, agreement) or is_officer_of(user, agreement)


def can_return_signature(user, agreement: ContributionAgreement) -> bool:
    return agreement.status == ContributionAgreement.Status.PARTNER_SIGNED and (
        may_return_signature(user, agreement)
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


# What each side may ask: the officer may also end the agreement (a termination).
PARTNER_AMENDMENTS = (
    Amendment.Kind.EXTENSION,
    Amendment.Kind.REALLOCATION,
    Amendment.Kind.AMOUNT,
)


def amendment_kinds_for(user, agreement: ContributionAgreement) -> list[str]:
    """The kinds of amendment the user may ask for now: the agreement in force, none waiting
    for a decision."""
    if agreement.status != ContributionAgreement.Status.ACTIVE or agreement.open_amendment:
        return []
    if is_officer_of(user, agreement):
        return list(Amendment.Kind.values)
    if is_member(user, agreement.proposal.organization_id):
        return list(PARTNER_AMENDMENTS)
    return []


def may_ask_amendment(user, agreement: ContributionAgreement, kind: str) -> bool:
    """Whoever may ask for this kind on this agreement at all (the state is the service's
    to check, with a message)."""
    if is_officer_of(user, agreement):
        return kind in Amendment.Kind.values
    return kind in PARTNER_AMENDMENTS and is_member(user, agreement.proposal.organization_id)


def can_decide_amendment(user, amendment: Amendment) -> bool:
    return amendment.status == Amendment.Status.REQUESTED and is_approver_of(
        user, amendment.agreement
    )
