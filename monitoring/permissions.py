"""Who may act on a project's reports: pure checks over the user's mission roles."""

from accounts.permissions import is_member
from agreements.models import ContributionAgreement
from agreements.permissions import is_officer_of

from . import workflow
from .models import Report


def can_move_due_date(user, report: Report) -> bool:
    """A program officer of the mission moves a report's due date while the partner still has
    the report in hand and the agreement is in force."""
    return (
        report.agreement.status == ContributionAgreement.Status.ACTIVE
        and report.status in workflow.WITH_PARTNER
        and is_officer_of(user, report.agreement)
    )


def can_write_report(user, report: Report) -> bool:
    """A member of the organization writes and submits a report while it is theirs (not
    started, being written, or sent back for revision) and the agreement is in force."""
    return (
        report.agreement.status == ContributionAgreement.Status.ACTIVE
        and report.status in workflow.WITH_PARTNER
        and is_member(user, report.agreement.proposal.organization_id)
    )


def can_review_report(user, report: Report) -> bool:
    """A program officer of the mission accepts a submitted report or asks for its revision,
    while the agreement is in force."""
    return (
        report.status == Report.Status.SUBMITTED
        and report.agreement.status == ContributionAgreement.Status.ACTIVE
        and is_officer_of(user, report.agreement)
    )


def can_record_visit(user, agreement: ContributionAgreement) -> bool:
    """A program officer of the mission records visits, marks follow-ups done and closes the
    project while its agreement is in force."""
    return agreement.status == ContributionAgreement.Status.ACTIVE and is_officer_of(
        user, agreement
    )
