"""The proposal's states and the moves between them; services are the only callers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Proposal

Status = Proposal.Status

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.WITHDRAWN},
    Status.WITHDRAWN: set(),
}


def can_move(proposal: Proposal, *, to: str) -> bool:
    return to in TRANSITIONS.get(proposal.status, set())


def check_transition(proposal: Proposal, *, to: str) -> None:
    """Refuse a move the table does not allow, naming the proposal's current state."""
    if not can_move(proposal, to=to):
        raise ValidationError(
            _("This is not possible while the proposal's status is “%(status)s”."),
            code="invalid_transition",
            params={"status": proposal.get_status_display()},
        )
