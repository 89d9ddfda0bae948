"""A call's closing, for the scheduled tasks: reminders to the members of organizations with
an unsubmitted draft, 48 hours and then 2 hours before the call closes, and, once it has
closed, a report to the call's program officers of how many proposals came in. Each message
goes once (its notification key is unique), so running a task again sends nothing new."""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse

from accounts.selectors import member_users
from notifications.services import notify
from programs.models import Call
from programs.selectors import program_officers_of

from ..models import Proposal
from ._common import _context

REMINDERS = ((timedelta(hours=2), "2h"), (timedelta(hours=48), "48h"))
# A call closed longer ago than this was reported already (or the system was off for a week).
CLOSING_LOOKBACK = timedelta(days=7)


def draft_reminders_send(*, now: datetime) -> int:
    """Tell the members of organizations with an unsubmitted draft that the call closes soon:
    48 hours before, then 2 hours before; each reminder once (the notification key is unique),
    and only the nearer one if the scheduler was down when the first was due."""
    sent = 0
    drafts = Proposal.objects.filter(
        status=Proposal.Status.DRAFT,
        call__closes_at__gt=now,
        call__closes_at__lte=now + REMINDERS[-1][0],
    ).select_related("call", "organization")
    for proposal in drafts:
        remaining = proposal.call.closes_at - now
        label = next(name for delay, name in REMINDERS if remaining <= delay)
        with transaction.atomic():
            sent += len(
                notify(
                    event="draft_reminder",
                    bulk=True,
                    key=f"draft-reminder-{label}:{proposal.pk}",
                    recipients=member_users(proposal.organization_id),
                    context=_context(proposal, path=proposal.get_absolute_url()),
                )
            )
    return sent


def calls_closed_report(*, now: datetime) -> int:
    """When a call closes, its program officers are told how many proposals came in (once:
    the notification key is unique). Its drafts can no longer change (see permissions)."""
    sent = 0
    recent = Call.objects.filter(
        closes_at__lte=now, closes_at__gt=now - CLOSING_LOOKBACK, published_at__isnull=False
    ).select_related("mission")
    for call in recent:
        officers = program_officers_of(call.mission_id)
        submitted = call.proposals.exclude(status=Proposal.Status.DRAFT).count()
        drafts = call.proposals.filter(status=Proposal.Status.DRAFT).count()
        with transaction.atomic():
            sent += len(
                notify(
                    event="call_closed",
                    key=f"call-closed:{call.pk}",
                    recipients=officers,
                    context={
                        "objects": {"call": ["programs.Call", call.pk]},
                        "submitted": submitted,
                        "drafts": drafts,
                        "path": reverse("proposals_staff:list"),
                    },
                )
            )
    return sent
