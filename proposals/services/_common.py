"""What more than one subject of the proposal services shares: the check that a call is open
at a given moment (starting a draft, submitting one), the conversion of the requested amount to
CAD at the call's rate (saving the budget, submitting), and the context of a notification about
a proposal (submission, withdrawal, reminders before a call closes)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programs.models import Call

from .. import budget
from ..models import Proposal


def _check_call_open(call: Call, moment: datetime) -> None:
    if not call.is_open_at(moment):
        zone = call.mission.zone
        raise ValidationError(
            _(
                "This call closed on %(deadline)s (%(zone)s time). Proposals received after the "
                "deadline cannot be considered."
            ),
            code="call_closed",
            params={
                "deadline": date_format(call.closes_at.astimezone(zone), "DATETIME_FORMAT"),
                "zone": call.mission.time_zone.replace("_", " "),
            },
        )


def _convert_to_cad(proposal: Proposal) -> None:
    """The amount in CAD that staff see and decide on, at the rate the rules use (the call's,
    see `budget.cad_rate`); the proposal keeps that rate with it."""
    rate = budget.cad_rate(call=proposal.call, currency=proposal.currency)
    proposal.exchange_rate = rate
    proposal.amount_requested_cad = (
        budget.to_cad(proposal.amount_requested, rate)
        if proposal.amount_requested is not None
        else None
    )


def _context(proposal: Proposal, *, path: str) -> dict:
    return {
        "objects": {
            "proposal": ["proposals.Proposal", proposal.pk],
            "organization": ["accounts.Organization", proposal.organization_id],
        },
        "path": path,
    }
