"""The generic move of a submitted proposal from one state to another (screening, review,
decisions, requests for information): lock the row, check the move against the workflow table,
write the state, the timeline event and the audit row. Its callers check who may act and add
their notifications. Submission and withdrawal make their own moves, with the fields that go
with them; every one writes the state through `workflow.transition`."""

from django.db import transaction

from accounts.models import User
from core.services import audit_record

from .. import workflow
from ..models import Proposal, ProposalEvent


@transaction.atomic
def proposal_move(
    *, proposal: Proposal, to: str, actor: User | None, note: str = "", event: str | None = None
) -> Proposal:
    """The one way a submitted proposal changes state (screening, review, decision): lock the
    row, check the move against the workflow table, write the state, the timeline event and
    the audit row. Callers check who may act and add their notifications in the same
    transaction."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    previous = workflow.transition(proposal, to=to)
    proposal.save(update_fields=["status", "updated_at"])
    ProposalEvent.objects.create(proposal=proposal, kind=event or to, actor=actor, note=note)
    audit_record(
        verb=f"proposal.{to}",
        actor=actor,
        target=proposal,
        mission_id=proposal.call.mission_id,
        data={"from": previous},
    )
    return proposal
