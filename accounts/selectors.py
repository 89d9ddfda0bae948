"""Reads of organizations, scoped to the person asking."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Membership, Organization, OrganizationInvitation, User

ACTING_ORGANIZATION = "acting_organization"  # session key


def organization_list_for(user) -> QuerySet[Organization]:
    """The organizations the user belongs to, with their role and member count."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return (
        Organization.objects.filter(memberships__user=user)
        .annotate(
            member_count=Count("memberships", distinct=True),
            is_owner=Count(
                "memberships",
                filter=Q(memberships__user=user, memberships__role=Membership.Role.OWNER),
            ),
        )
        .order_by("name", "pk")
    )


def organization_get_for(user, pk: int) -> Organization:
    """An organization the user belongs to; 404 for any other, as if it did not exist."""
    return get_object_or_404(organization_list_for(user), pk=pk)


def organization_acting_for(request) -> Organization | None:
    """The organization the user acts for now: the one chosen in this session, or their only
    (or first) one."""
    organizations = organization_list_for(request.user)
    chosen = request.session.get(ACTING_ORGANIZATION)
    if chosen is not None:
        organization = organizations.filter(pk=chosen).first()
        if organization is not None:
            return organization
    return organizations.first()


def member_list_for(organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("-role", "user__email")


def invitation_pending_list_for(organization: Organization) -> QuerySet[OrganizationInvitation]:
    return organization.invitations.filter(
        accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def membership_get_for(organization: Organization, pk: int) -> Membership:
    return get_object_or_404(organization.memberships.select_related("user"), pk=pk)


def invitation_get_for(organization: Organization, pk: int) -> OrganizationInvitation:
    return get_object_or_404(organization.invitations, pk=pk)


def invitation_get_by_token(token: str) -> OrganizationInvitation:
    invitation = (
        OrganizationInvitation.objects.select_related("organization", "invited_by")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def member_of_organization_at_risk(user_id: int) -> bool:
    return Membership.objects.filter(
        user_id=user_id, organization__registration_status=Organization.Registration.AT_RISK
    ).exists()


def member_users(organization_id: int) -> QuerySet:
    """The active people of an organization: whom its notifications go to."""
    return User.objects.filter(memberships__organization=organization_id, is_active=True).distinct()
