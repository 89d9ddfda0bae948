"""Reads of proposals, scoped to the person asking: a partner sees their organizations' own."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Organization
from cfli.programs.models import Call

from .models import Attachment, Proposal

PARTS = ("results", "activities", "budget_lines", "other_funders", "attachments")


def proposal_list_for(user) -> QuerySet[Proposal]:
    """The proposals of the organizations the user belongs to."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return Proposal.objects.filter(organization__memberships__user=user).select_related(
        "call__mission", "organization"
    )


def proposal_get_for(user, pk: int, *, parts: bool = False) -> Proposal:
    """A proposal of one of the user's organizations; 404 for any other, as if it did not exist."""
    proposals = proposal_list_for(user).select_related("call_priority__priority_area", "sub_theme")
    if parts:
        proposals = proposals.prefetch_related(*PARTS)
    return get_object_or_404(proposals, pk=pk)


def proposal_list_for_organization(organization: Organization) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(organization=organization)
        .select_related("call__mission")
        .order_by("-updated_at", "-pk")
    )


def call_open_list_for(organization: Organization | None) -> list[Call]:
    """Published calls open now, to which the organization may apply (its country and type)."""
    calls = Call.objects.open_at(timezone.now()).select_related("mission").order_by("closes_at")
    if organization is None:
        return list(calls)
    return [
        call
        for call in calls
        if organization.country in call.mission.countries
        and (
            not call.eligible_organization_types
            or organization.kind in call.eligible_organization_types
        )
    ]


def attachment_get_for(user, proposal_pk: int, pk: int) -> Attachment:
    proposal = proposal_get_for(user, proposal_pk)
    return get_object_or_404(
        Attachment.objects.select_related("proposal"), proposal=proposal, pk=pk
    )
