"""Who may act on an organization: its members read, its owners manage."""

from .models import Membership, Organization


def membership_of(user, organization: Organization | int) -> Membership | None:
    """The user's membership of the organization (or of the organization of that id: a
    proposal's `organization_id` spares reading the organization to ask)."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def is_member(user, organization: Organization | int) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organization=organization).exists()
    )


def is_owner(user, organization: Organization) -> bool:
    membership = membership_of(user, organization)
    return membership is not None and membership.role == Membership.Role.OWNER
