"""Who may act on an organization: its members read, its owners manage."""

from .models import Membership, Organization


def membership_of(user, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def is_member(user, organization: Organization) -> bool:
    return membership_of(user, organization) is not None


def is_owner(user, organization: Organization) -> bool:
    membership = membership_of(user, organization)
    return membership is not None and membership.role == Membership.Role.OWNER
