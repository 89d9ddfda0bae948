"""Submission: a complete draft becomes a submitted proposal.

A member submits before the call closes (by the time the request arrived), within the call's
limit of proposals per organization if it sets one, counted under a lock on the organization.
The proposal gets its reference, CFLI-<mission>-<fiscal year>-<NNNN> (no gap and no duplicate
in a mission's fiscal year), its amount in CAD at the call's rate of the day, a first revision
holding its content as submitted, and the words searches look for (proposals/search.py). The
organization's members and the mission's program officers are told. Submitting again (a double
click, a retry) changes nothing."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.permissions import is_member
from accounts.selectors import member_users
from core.services import audit_record
from notifications.services import notify
from programs.models import Mission, fiscal_year_label
from programs.selectors import program_officers_of

from .. import completeness, search, workflow
from ..models import Proposal, ProposalEvent, ProposalRevision, ReferenceSequence
from ._common import _check_call_open, _context, _convert_to_cad


def references_allocate(*, mission: Mission, fiscal_year: int, count: int = 1) -> list[str]:
    """The next `count` references of the mission's fiscal year, CFLI-<mission>-<fiscal
    year>-<NNNN>, in order. The sequence row stays locked until the caller's transaction
    commits, so numbers have no gap and no duplicate even when proposals are submitted at the
    same instant. Every reference comes from here: a submission's, and `seed_volume`'s by the
    batch."""
    numbers = ReferenceSequence.take(mission_id=mission.pk, fiscal_year=fiscal_year, count=count)
    label = fiscal_year_label(fiscal_year)
    return [f"CFLI-{mission.code}-{label}-{number:04d}" for number in numbers]


def _snapshot(proposal: Proposal) -> dict:
    """The proposal's content as submitted, for the revision kept with it."""
    fields = {
        field.name: field.value_to_string(proposal)
        for field in Proposal._meta.concrete_fields
        if field.name not in {"section_versions", "search_heading", "search_text"}
    }
    return {
        "proposal": fields,
        "results": list(proposal.results.values()),
        "activities": list(proposal.activities.values()),
        "budget_lines": list(proposal.budget_lines.values()),
        "other_funders": list(proposal.other_funders.values()),
        "attachments": list(
            proposal.attachments.values("id", "kind", "file_name", "size", "sha256")
        ),
    }


@dataclass(frozen=True)
class Submission:
    proposal: Proposal
    already_submitted: bool


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor: User, received_at: datetime) -> Submission:
    """Submit a complete draft before the call closes (by the request's arrival time).

    Idempotent: a second submit of the same proposal (a double click, a retry) finds it
    submitted under the lock and returns it, changing nothing.
    """
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__mission", "organization")
        .get(pk=proposal.pk)
    )
    if not is_member(actor, proposal.organization_id):
        raise PermissionDenied
    if proposal.status == Proposal.Status.SUBMITTED:
        return Submission(proposal, already_submitted=True)
    workflow.check_transition(proposal, to=Proposal.Status.SUBMITTED)  # before the slower checks
    call = proposal.call
    _check_call_open(call, received_at)
    if not completeness.is_complete(proposal):
        raise ValidationError(
            _("The proposal is not complete yet: the checklist shows what is missing."),
            code="incomplete",
        )
    limit = call.max_proposals_per_organization
    if limit is not None:
        # Lock the organization so two proposals submitted together are counted together.
        Organization.objects.select_for_update().get(pk=proposal.organization_id)
        submitted = Proposal.objects.filter(
            call=call, organization=proposal.organization, status__in=workflow.ACTIVE
        ).count()
        if submitted >= limit:
            raise ValidationError(
                _(
                    "This call accepts at most %(limit)d proposal(s) per organization, and "
                    "yours has already submitted %(count)d."
                ),
                code="too_many",
                params={"limit": limit, "count": submitted},
            )
    workflow.transition(proposal, to=Proposal.Status.SUBMITTED)
    proposal.submitted_at = received_at
    proposal.submitted_by = actor
    # At the call's rate of today, the one the maximum was just checked with.
    _convert_to_cad(proposal)
    content = _snapshot(proposal)
    ProposalRevision.objects.create(proposal=proposal, number=1, content=content)
    ProposalEvent.objects.create(proposal=proposal, kind=ProposalEvent.Kind.SUBMITTED, actor=actor)
    _notify_submitted(proposal)
    # The reference last: its sequence row stays locked until the commit, and every submit of
    # the mission's fiscal year waits for it (deadline day: 29 ms on average when taken first).
    proposal.reference = references_allocate(mission=call.mission, fiscal_year=call.fiscal_year)[0]
    # Searchable from now on: its words and its rows' (read once, for the snapshot).
    for name, value in search.proposal_search_columns(proposal, content).items():
        setattr(proposal, name, value)
    proposal.save(
        update_fields=[
            "status",
            "reference",
            "submitted_at",
            "submitted_by",
            "exchange_rate",
            "amount_requested_cad",
            "search_heading",
            "search_text",
            "updated_at",
        ]
    )
    audit_record(
        verb="proposal.submitted",
        actor=actor,
        target=proposal,
        mission_id=call.mission_id,
        data={"reference": proposal.reference},
    )
    return Submission(proposal, already_submitted=False)


def _notify_submitted(proposal: Proposal) -> None:
    notify(
        event="proposal_submitted",
        key=f"proposal-submitted:{proposal.pk}",
        recipients=member_users(proposal.organization_id),
        context=_context(proposal, path=proposal.get_absolute_url()),
    )
    officers = program_officers_of(proposal.call.mission_id)
    notify(
        event="proposal_received",
        key=f"proposal-received:{proposal.pk}",
        recipients=officers,
        context=_context(proposal, path=reverse("reviews:workspace", args=[proposal.pk])),
    )
