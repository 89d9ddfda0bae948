"""The screening checks of domain.md, prefilled from the proposal where the system can tell.

Each check answers True (passes), False (fails) or None (a person must look). The officer
confirms or overrides each one with a note; the prefill never decides alone.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from proposals import budget
from proposals.completeness import section_problems
from proposals.models import Proposal


@dataclass(frozen=True)
class Check:
    key: str
    label: Promise
    computed: bool | None


def _on_time(proposal: Proposal) -> bool | None:
    return proposal.submitted_at is not None and proposal.submitted_at <= proposal.call.closes_at


def _organization_type(proposal: Proposal) -> bool | None:
    kinds = proposal.call.eligible_organization_types
    return None if not kinds else proposal.organization.kind in kinds


def _registration(proposal: Proposal) -> bool | None:
    organization = proposal.organization
    if organization.registration_status == Organization.Registration.REGISTERED:
        return any(a.kind == "registration" for a in proposal.attachments.all()) or None
    if organization.registration_status == Organization.Registration.AT_RISK:
        # The waiver: never a reason by itself to refuse; the officer confirms it.
        return True if proposal.call.registration_waiver_allowed else None
    return None if proposal.call.registration_proof_required else True


def _priority(proposal: Proposal) -> bool | None:
    priority = proposal.call_priority
    return priority is not None and priority.call_id == proposal.call_id


def _amount(proposal: Proposal) -> bool | None:
    amount = proposal.amount_requested_cad
    return None if amount is None else amount <= proposal.call.maximum_amount


def _end_date(proposal: Proposal) -> bool | None:
    if proposal.end_date is None:
        return None
    return proposal.end_date <= proposal.call.latest_end_date or None


def _admin_cap(proposal: Proposal) -> bool | None:
    lines = list(proposal.budget_lines.all())
    totals = budget.totals(lines)
    return totals.administration * 100 <= totals.cfli * proposal.call.admin_cost_cap_percent


def _attachments(proposal: Proposal) -> bool | None:
    return not section_problems(proposal, "attachments")


def _language(proposal: Proposal) -> bool | None:
    return proposal.language in proposal.call.accepted_languages


def _gba(proposal: Proposal) -> bool | None:
    return not section_problems(proposal, "gba") or None


CHECKS = (
    ("on_time", _("Received before the deadline"), _on_time),
    ("organization_type", _("Eligible type of organization"), _organization_type),
    ("registration", _("Registration, or the waiver for an organization at risk"), _registration),
    ("priority", _("Fits one of the call's priority areas"), _priority),
    ("amount", _("Amount requested within the call's maximum"), _amount),
    ("end_date", _("Ends by the date the call allows"), _end_date),
    ("admin_cap", _("Administrative costs within the cap"), _admin_cap),
    ("attachments", _("Required documents attached"), _attachments),
    ("language", _("Written in a language the call accepts"), _language),
    ("gba", _("Gender-based analysis completed"), _gba),
)


def prefilled_checks(proposal: Proposal) -> list[Check]:
    return [Check(key, label, compute(proposal)) for key, label, compute in CHECKS]
