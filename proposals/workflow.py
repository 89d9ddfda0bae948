"""The proposal's states and the moves between them. `transition` is the one place that
writes `Proposal.status`; services call it under their lock (submit, withdraw, and
`proposal_move` for screening, review and decision).

draft ─submit─▶ submitted ─screen─▶ ineligible
                    │
                    └─▶ in_review ⇄ more_info_requested
                            │
                            └─ all reviews in ─▶ reviewed ─▶ recommended ─▶ approved
                                                     │             │  ▲
                                                     └─▶ declined ◀┘  └─ waitlisted
withdrawn ◀─ any state before a decision (by the partner)
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Proposal

Status = Proposal.Status

# Before a decision, the partner may still withdraw.
BEFORE_DECISION = {
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.MORE_INFO_REQUESTED,
    Status.REVIEWED,
    Status.RECOMMENDED,
}
# Counted against the call's maximum per organization.
ACTIVE = BEFORE_DECISION | {Status.APPROVED, Status.WAITLISTED}

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.INELIGIBLE, Status.IN_REVIEW, Status.MORE_INFO_REQUESTED},
    Status.MORE_INFO_REQUESTED: {Status.SUBMITTED, Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.MORE_INFO_REQUESTED, Status.REVIEWED},
    Status.REVIEWED: {Status.RECOMMENDED, Status.DECLINED},
    Status.RECOMMENDED: {Status.APPROVED, Status.WAITLISTED, Status.DECLINED},
    Status.WAITLISTED: {Status.APPROVED, Status.DECLINED},
    Status.INELIGIBLE: set(),
    Status.APPROVED: set(),
    Status.DECLINED: set(),
    Status.WITHDRAWN: set(),
}
for status in BEFORE_DECISION:
    TRANSITIONS[status].add(Status.WITHDRAWN)


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


def transition(proposal: Proposal, *, to: str) -> str:
    """Move a proposal its caller has locked to `to`, if the table allows it; the caller saves
    `status` with the fields it writes together. Returns the state it left."""
    check_transition(proposal, to=to)
    previous = proposal.status
    proposal.status = to
    return previous
