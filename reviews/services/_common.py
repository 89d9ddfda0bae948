"""What more than one subject of the review services shares: which statuses count as "under
review", and telling a proposal's applicants about its screening or its decision."""

from accounts.selectors import member_users
from notifications.services import notify
from proposals.models import Proposal

UNDER_REVIEW = (Proposal.Status.IN_REVIEW, Proposal.Status.MORE_INFO_REQUESTED)


def applicants_notify(proposal: Proposal, *, event: str, record, key: str = "") -> None:
    """Tell the members of the proposal's organization, each in their language, about `record`
    (a screening or a decision), with a link to the proposal's page. `key` names the occasion
    when one proposal may have several (a decision revisited from the waiting list)."""
    notify(
        event=event,
        key=key or f"{event.replace('_', '-')}:{proposal.pk}",
        recipients=member_users(proposal.organization_id),
        context={
            "objects": {
                record._meta.model_name: [record._meta.label, record.pk],
                "proposal": ["proposals.Proposal", proposal.pk],
                "organization": ["accounts.Organization", proposal.organization_id],
            },
            "path": proposal.get_absolute_url(),
        },
    )
