"""Withdrawal: a member of the organization withdraws its submitted proposal before a
decision, saying why; the reason and the time are kept, and the organization's members are
told."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import member_users
from core.services import audit_record
from notifications.services import notify

from .. import permissions, workflow
from ..models import Proposal, ProposalEvent
from ._common import _context


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    """A member withdraws a submitted proposal before a decision, saying why."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    if not permissions.can_withdraw_proposal(actor, proposal):
        raise PermissionDenied
    workflow.check_transition(proposal, to=Proposal.Status.WITHDRAWN)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the proposal is withdrawn.")}, code="required")
    workflow.transition(proposal, to=Proposal.Status.WITHDRAWN)
    proposal.withdrawn_at = timezone.now()
    proposal.withdrawal_reason = reason
    proposal.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    ProposalEvent.objects.create(
        proposal=proposal, kind=ProposalEvent.Kind.WITHDRAWN, actor=actor, note=reason
    )
    audit_record(
        verb="proposal.withdrawn", actor=actor, target=proposal, mission_id=proposal.call.mission_id
    )
    notify(
        event="proposal_withdrawn",
        key=f"proposal-withdrawn:{proposal.pk}",
        recipients=member_users(proposal.organization_id),
        context=_context(proposal, path=proposal.get_absolute_url()),
    )
    return proposal
