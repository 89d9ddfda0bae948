"""Screening and the staff's own traces on a proposal.

A program officer of the proposal's mission screens a submitted proposal: the eligibility
checks and the outcome. Eligible starts the review (reviewers are assigned after the commit);
not eligible ends it, with a reason (explained when it is "other"), and the applicants are told,
each in their language. The mission's officers and approvers, and administrators, leave
internal comments that partners never see; every staff view of a proposal's content is on the
audit trail."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from proposals.models import Proposal
from proposals.services import proposal_move

from .. import permissions
from ..models import InternalComment, Screening
from ._common import applicants_notify
from .assignment import reviewers_assign_on_commit


@transaction.atomic
def screening_record(
    *,
    proposal: Proposal,
    actor: User,
    checks: list[dict],
    outcome: str,
    reason: str = "",
    note: str = "",
) -> Screening:
    """A program officer records the eligibility checks and the outcome. Eligible starts the
    review; not eligible ends it, and the applicant is told why, in their language."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    if not permissions.can_screen_proposal(actor, proposal):
        raise PermissionDenied
    failed = [check["key"] for check in checks if not check["passed"]]
    errors = {}
    if outcome == Screening.Outcome.ELIGIBLE and failed:
        errors["outcome"] = _(
            "A check is marked as failed: the proposal cannot be eligible. If the check does "
            "pass, mark it so and explain why in its note."
        )
    if outcome == Screening.Outcome.INELIGIBLE and not reason:
        errors["reason"] = _("Choose the reason the applicant will be told.")
    if reason == Screening.Reason.OTHER and not note.strip():
        errors["note"] = _("Explain the reason to the applicant.")
    if errors:
        raise ValidationError(errors)
    screening = Screening.objects.create(
        proposal=proposal,
        checks=checks,
        outcome=outcome,
        reason=reason if outcome == Screening.Outcome.INELIGIBLE else "",
        note=note.strip(),
        screened_by=actor,
    )
    eligible = outcome == Screening.Outcome.ELIGIBLE
    proposal_move(
        proposal=proposal,
        to=Proposal.Status.IN_REVIEW if eligible else Proposal.Status.INELIGIBLE,
        actor=actor,
    )
    if eligible:
        reviewers_assign_on_commit(proposal.pk)
    applicants_notify(proposal, event="proposal_screened", record=screening)
    return screening


@transaction.atomic
def comment_add(*, proposal: Proposal, actor: User, text: str) -> InternalComment:
    """Staff of the proposal's mission leave a note for each other; partners never see it."""
    if not permissions.can_comment_proposal(actor, proposal):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")}, code="required")
    comment = InternalComment.objects.create(proposal=proposal, author=actor, text=text)
    audit_record(
        verb="proposal.commented",
        actor=actor,
        target=proposal,
        mission_id=proposal.call.mission_id,
    )
    return comment


def staff_view_record(*, proposal: Proposal, actor: User, request=None) -> None:
    """Every staff view of a proposal's content is on the audit trail."""
    audit_record(
        verb="proposal.viewed",
        actor=actor,
        target=proposal,
        mission_id=proposal.call.mission_id,
        request=request,
    )
