from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_record
from notifications.services import notify

from . import permissions
from .adapters import MFA_SECRET_FIELDS, mfa_cipher, mfa_secrets_map
from .models import Membership, Organization, OrganizationInvitation, User, UserManager


@transaction.atomic
def user_language_set(*, user: User, language: str, request=None) -> User:
    """A user's preferred language is one the interface is offered in."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("This language is not available."), code="invalid_language")
    if user.preferred_language != language:
        previous = user.preferred_language
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        audit_record(
            verb="user.language_changed",
            actor=user,
            target=user,
            data={"from": previous, "to": language},
            request=request,
        )
    return user


@transaction.atomic
def user_profile_update(
    *, user: User, full_name: str, preferred_language: str, time_zone: str, request=None
) -> User:
    """A person names themselves, and chooses the language and the time zone they read in.

    Errors are the model's, by field name; the user object is left as it was on an error.
    """
    wanted = {
        "full_name": full_name.strip(),
        "preferred_language": preferred_language,
        "time_zone": time_zone,
    }
    changed = {name: value for name, value in wanted.items() if getattr(user, name) != value}
    if not changed:
        return user
    previous = {name: getattr(user, name) for name in changed}
    for name, value in changed.items():
        setattr(user, name, value)
    try:
        user.full_clean(
            exclude=[field.name for field in User._meta.fields if field.name not in changed],
            validate_unique=False,
        )
    except ValidationError:
        for name, value in previous.items():
            setattr(user, name, value)
        raise
    user.save(update_fields=list(changed))
    audit_record(
        verb="user.profile_changed",
        actor=user,
        target=user,
        data={name: {"from": previous[name], "to": value} for name, value in changed.items()},
        request=request,
    )
    return user


# --- Organizations ---------------------------------------------------------------------------

# Not asked of an organization at risk, and never kept for one (see domain.md).
AT_RISK_WITHHELD = ("street_address", "contact_phone")


def _organization_save(organization: Organization) -> Organization:
    if organization.is_at_risk:
        for name in AT_RISK_WITHHELD:
            setattr(organization, name, "")
    if organization.registration_status != Organization.Registration.REGISTERED:
        organization.registration_date = None
        organization.registration_place = organization.registration_law = ""
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def organization_create(*, actor: User, organization: Organization) -> Organization:
    """A person registers their organization and becomes its first owner."""
    _organization_save(organization)
    Membership.objects.create(organization=organization, user=actor, role=Membership.Role.OWNER)
    audit_record(verb="organization.created", actor=actor, target=organization)
    return organization


@transaction.atomic
def organization_update(*, actor: User, organization: Organization) -> Organization:
    """Owners keep the profile up to date."""
    if not permissions.is_owner(actor, organization):
        raise PermissionDenied
    _organization_save(organization)
    audit_record(verb="organization.updated", actor=actor, target=organization)
    return organization


def _locked(organization: Organization) -> Organization:
    """Lock the organization: changes to its owners are made one at a time."""
    return Organization.objects.select_for_update().get(pk=organization.pk)


def _owner_count(organization: Organization) -> int:
    return organization.memberships.filter(role=Membership.Role.OWNER).count()


@transaction.atomic
def member_invite(
    *, actor: User, organization: Organization, email: str, role: str
) -> OrganizationInvitation:
    """Owners invite a person by e-mail; the e-mail leaves after the commit."""
    if not permissions.is_owner(actor, organization):
        raise PermissionDenied
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")}, code="invalid_role")
    email = UserManager.normalize_email(email)
    if organization.memberships.filter(user__email=email).exists():
        raise ValidationError(
            {"email": _("This person is already a member of the organization.")},
            code="already_member",
        )
    invitation = OrganizationInvitation.objects.create(
        organization=organization, email=email, role=role, invited_by=actor
    )
    audit_record(
        verb="organization_invitation.sent",
        actor=actor,
        target=invitation,
        data={"organization": organization.pk, "email": email, "role": role},
    )
    user = User.objects.filter(email=email).first()
    notify(
        event="organization_invitation",
        key=f"organization-invitation:{invitation.pk}",
        recipients=[user or (email, actor.preferred_language)],
        context={
            "objects": {
                "invitation": ["accounts.OrganizationInvitation", invitation.pk],
                "organization": ["accounts.Organization", organization.pk],
            },
            "path": invitation.get_absolute_url(),
        },
    )
    return invitation


@transaction.atomic
def member_invitation_cancel(
    *, actor: User, invitation: OrganizationInvitation
) -> OrganizationInvitation:
    if not permissions.is_owner(actor, invitation.organization):
        raise PermissionDenied
    if invitation.accepted_at is None and invitation.cancelled_at is None:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at", "updated_at"])
        audit_record(verb="organization_invitation.cancelled", actor=actor, target=invitation)
    return invitation


def invitation_check_recipient(email: str, user: User) -> None:
    """An invitation is accepted only by someone who proved they own the invited address."""
    if not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it."),
            code="wrong_user",
            params={"email": email},
        )


@transaction.atomic
def member_invitation_accept(*, invitation: OrganizationInvitation, user: User) -> Membership:
    """The invited person, signed in with the invited address, joins once."""
    invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable_at(timezone.now()):
        raise ValidationError(
            _("This invitation has expired, was cancelled or was already used. Ask for a new one."),
            code="unusable",
        )
    invitation_check_recipient(invitation.email, user)
    membership, _created = Membership.objects.get_or_create(
        organization=invitation.organization, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    audit_record(
        verb="organization_invitation.accepted",
        actor=user,
        target=invitation,
        data={"organization": invitation.organization_id, "role": membership.role},
    )
    return membership


@transaction.atomic
def member_role_set(*, actor: User, membership: Membership, role: str) -> Membership:
    """Owners make a member an owner, or an owner a member (never the last owner)."""
    organization = _locked(membership.organization)
    if not permissions.is_owner(actor, organization):
        raise PermissionDenied
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role from the list."), code="invalid_role")
    membership = Membership.objects.get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.OWNER and _owner_count(organization) == 1:
        raise ValidationError(
            _("An organization needs at least one owner. Make someone else an owner first."),
            code="last_owner",
        )
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        verb="membership.role_changed",
        actor=actor,
        target=membership,
        data={"organization": organization.pk, "user": membership.user_id, "role": role},
    )
    return membership


def _membership_end(*, actor: User, membership: Membership, verb: str) -> None:
    organization = _locked(membership.organization)
    current = Membership.objects.filter(pk=membership.pk).first()
    if current is None:
        return  # already gone: removing twice changes nothing
    if current.role == Membership.Role.OWNER and _owner_count(organization) == 1:
        raise ValidationError(
            _("An organization needs at least one owner. Make someone else an owner first."),
            code="last_owner",
        )
    audit_record(
        verb=verb,
        actor=actor,
        target=organization,
        data={"user": current.user_id, "role": current.role},
    )
    current.delete()


@transaction.atomic
def member_remove(*, actor: User, membership: Membership) -> None:
    """Owners remove a member; the last owner stays."""
    if not permissions.is_owner(actor, membership.organization):
        raise PermissionDenied
    _membership_end(actor=actor, membership=membership, verb="membership.removed")


@transaction.atomic
def member_leave(*, actor: User, organization: Organization) -> None:
    """A member leaves; the last owner cannot (the organization would have nobody to run it)."""
    membership = permissions.membership_of(actor, organization)
    if membership is None:
        raise PermissionDenied
    _membership_end(actor=actor, membership=membership, verb="membership.left")


@transaction.atomic
def mfa_key_rotate() -> int:
    """Re-encrypt every second-factor secret under the first of CFLI_MFA_KEYS; the older keys
    can be removed afterwards. Returns how many authenticators were re-encrypted."""
    cipher = mfa_cipher()
    authenticators = Authenticator.objects.select_for_update().filter(type__in=MFA_SECRET_FIELDS)
    count = 0
    for authenticator in authenticators:
        authenticator.data = mfa_secrets_map(
            authenticator.type, authenticator.data, lambda v: cipher.rotate(v.encode()).decode()
        )
        authenticator.save(update_fields=["data"])
        count += 1
    audit_record(verb="mfa.key_rotated", data={"authenticators": count})
    return count
