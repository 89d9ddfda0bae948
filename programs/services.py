"""Writes for missions, staff roles, priority areas and calls. One function per change."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, UserManager
from accounts.services import invitation_check_recipient
from core.services import audit_record
from notifications.services import notify

from . import permissions
from .models import (
    LATEST_END_BEFORE_DEADLINE,
    Call,
    CallPriority,
    Mission,
    MissionStaff,
    PriorityArea,
    StaffInvitation,
    SubTheme,
)


def deadline_end_of_minute(moment: datetime) -> datetime:
    """A deadline given to the minute includes the whole minute (23:59 → 23:59:59.999999)."""
    return moment.replace(second=59, microsecond=999999)


# --- Missions --------------------------------------------------------------------------------


@transaction.atomic
def mission_save(*, actor, mission: Mission | None = None, **fields) -> Mission:
    """Administrators create and edit missions; every save is audited."""
    if not permissions.can_manage_catalogue(actor):
        raise PermissionDenied
    created = mission is None
    mission = (
        Mission() if mission is None else Mission.objects.select_for_update().get(pk=mission.pk)
    )
    for name, value in fields.items():
        setattr(mission, name, value)
    mission.full_clean()
    mission.save()
    audit_record(
        verb="mission.created" if created else "mission.updated",
        actor=actor,
        target=mission,
        mission_id=mission.pk,
    )
    return mission


# --- Catalogue: priority areas and sub-themes ------------------------------------------------

CATALOGUE_VERBS = {PriorityArea: "priority_area", SubTheme: "sub_theme"}


@transaction.atomic
def catalogue_item_save(*, actor, model, item=None, **fields):
    """Administrators add or edit a priority area or sub-theme of the global catalogue."""
    if not permissions.can_manage_catalogue(actor):
        raise PermissionDenied
    created = item is None
    item = model() if created else model.objects.select_for_update().get(pk=item.pk)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    verb = f"{CATALOGUE_VERBS[model]}.{'created' if created else 'updated'}"
    audit_record(verb=verb, actor=actor, target=item)
    return item


@transaction.atomic
def catalogue_item_set_active(*, actor, item, active: bool):
    """Retiring keeps the item where it is used already; nothing new can choose it."""
    if not permissions.can_manage_catalogue(actor):
        raise PermissionDenied
    model = type(item)
    item = model.objects.select_for_update().get(pk=item.pk)
    if item.is_active != active:
        item.is_active = active
        item.save(update_fields=["is_active", "updated_at"])
        state = "restored" if active else "retired"
        audit_record(verb=f"{CATALOGUE_VERBS[model]}.{state}", actor=actor, target=item)
    return item


@transaction.atomic
def catalogue_item_delete(*, actor, item) -> None:
    """Only an item nothing uses may be deleted; the others are retired instead."""
    if not permissions.can_manage_catalogue(actor):
        raise PermissionDenied
    model = type(item)
    item = model.objects.select_for_update().get(pk=item.pk)
    audit_record(verb=f"{CATALOGUE_VERBS[model]}.deleted", actor=actor, data={"name": item.name})
    try:
        item.delete()
    except ProtectedError as error:
        # Calls (and later proposals) hold it with PROTECT: refuse, and roll back the audit row.
        raise ValidationError(
            _("It is in use, so it cannot be deleted. Retire it instead."), code="in_use"
        ) from error


# --- Staff roles -----------------------------------------------------------------------------


@transaction.atomic
def staff_role_grant(*, actor, user, mission: Mission, role: str) -> MissionStaff:
    """Administrators give a person a role at a mission; granting it twice changes nothing."""
    if not permissions.is_administrator(actor):
        raise PermissionDenied
    if role not in MissionStaff.Role.values:
        raise ValidationError(_("Choose a role from the list."), code="invalid_role")
    staff, created = MissionStaff.objects.get_or_create(user=user, mission=mission, role=role)
    if created:
        audit_record(
            verb="staff_role.granted",
            actor=actor,
            target=user,
            mission_id=mission.pk,
            data={"role": role},
        )
    return staff


@transaction.atomic
def staff_role_revoke(*, actor, staff: MissionStaff) -> None:
    if not permissions.is_administrator(actor):
        raise PermissionDenied
    audit_record(
        verb="staff_role.revoked",
        actor=actor,
        target=staff.user,
        mission_id=staff.mission_id,
        data={"role": staff.role},
    )
    MissionStaff.objects.filter(pk=staff.pk).delete()


@transaction.atomic
def staff_invite(*, actor, email: str, mission: Mission, role: str) -> StaffInvitation:
    """Administrators invite a person by e-mail; the e-mail leaves after the commit."""
    if not permissions.is_administrator(actor):
        raise PermissionDenied
    if role not in MissionStaff.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")}, code="invalid_role")
    email = UserManager.normalize_email(email)
    if MissionStaff.objects.filter(user__email=email, mission=mission, role=role).exists():
        raise ValidationError(
            _("This person already has this role at this mission."), code="already_staff"
        )
    invitation = StaffInvitation.objects.create(
        email=email, mission=mission, role=role, invited_by=actor
    )
    audit_record(
        verb="staff_invitation.sent",
        actor=actor,
        target=invitation,
        mission_id=mission.pk,
        data={"email": email, "role": role},
    )
    _invitation_notify(invitation, occurrence=str(invitation.pk))
    return invitation


def _invitation_notify(invitation: StaffInvitation, *, occurrence: str) -> None:
    """E-mail the invitation, in the invited person's language (or the mission's)."""
    user = User.objects.filter(email=invitation.email).first()
    recipient: User | tuple[str, str]  # an account, or an address and a language
    if user is not None:
        recipient = user
    else:
        spoken = [
            code
            for code in invitation.mission.proposal_languages
            if code in dict(settings.LANGUAGES)
        ]
        recipient = (invitation.email, spoken[0] if spoken else settings.LANGUAGE_CODE)
    notify(
        event="staff_invitation",
        key=f"staff-invitation:{occurrence}",
        recipients=[recipient],
        context={
            "objects": {"invitation": ["programs.StaffInvitation", invitation.pk]},
            "path": invitation.get_absolute_url(),
        },
    )


@transaction.atomic
def staff_invitation_resend(*, actor, invitation: StaffInvitation) -> StaffInvitation:
    """Send a pending invitation again (lost e-mail); its link and expiry do not change."""
    if not permissions.is_administrator(actor):
        raise PermissionDenied
    if not invitation.is_usable_at(timezone.now()):
        raise ValidationError(
            _("This invitation has expired or was already used. Ask for a new one."),
            code="unusable",
        )
    audit_record(
        verb="staff_invitation.resent",
        actor=actor,
        target=invitation,
        mission_id=invitation.mission_id,
    )
    _invitation_notify(invitation, occurrence=f"{invitation.pk}:{timezone.now().isoformat()}")
    return invitation


@transaction.atomic
def staff_invitation_accept(*, invitation: StaffInvitation, user) -> MissionStaff:
    """The invited person, signed in with the invited address, takes the role once."""
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable_at(timezone.now()):
        raise ValidationError(
            _("This invitation has expired or was already used. Ask for a new one."),
            code="unusable",
        )
    invitation_check_recipient(invitation.email, user)
    staff, _created = MissionStaff.objects.get_or_create(
        user=user, mission=invitation.mission, role=invitation.role
    )
    permissions.mission_roles_forget(user)  # the caller lands the user by the new role
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        verb="staff_invitation.accepted",
        actor=user,
        target=invitation,
        mission_id=invitation.mission_id,
        data={"role": invitation.role},
    )
    return staff


# --- Calls -----------------------------------------------------------------------------------


def _check_priorities(priorities: list[dict]) -> None:
    if not priorities:
        raise ValidationError(
            _("Choose at least one priority area for this call."), code="no_priority"
        )
    areas = [item["priority_area"] for item in priorities]
    if len({area.pk for area in areas}) != len(areas):
        raise ValidationError(_("Each priority area can be chosen once."), code="duplicate")


def _save_priorities(call: Call, priorities: list[dict]) -> None:
    call.priorities.exclude(
        priority_area__in=[item["priority_area"] for item in priorities]
    ).delete()
    for item in priorities:
        values = {key: value for key, value in item.items() if key != "priority_area"}
        CallPriority.objects.update_or_create(
            call=call, priority_area=item["priority_area"], defaults=values
        )


def _call_save(*, call: Call, priorities: list[dict], actor, verb: str) -> Call:
    call.full_clean()
    _check_priorities(priorities)
    call.save()
    _save_priorities(call, priorities)
    audit_record(verb=verb, actor=actor, target=call, mission_id=call.mission_id)
    return call


@transaction.atomic
def call_create(*, actor, priorities: list[dict], **fields) -> Call:
    """A program officer drafts a call for their mission; it stays unpublished until published.

    `priorities`: dicts with `priority_area`, `is_preferred` and `focus_<language>`.
    """
    call = Call(**fields)
    if not permissions.can_manage_mission(actor, call.mission):
        raise PermissionDenied
    call.closes_at = deadline_end_of_minute(call.closes_at)
    return _call_save(call=call, priorities=priorities, actor=actor, verb="call.created")


@transaction.atomic
def call_update(*, actor, call: Call, priorities: list[dict], **fields) -> Call:
    """Edit a call. Once published, its deadline moves only through call_extend_deadline."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not permissions.can_manage_call(actor, call):
        raise PermissionDenied
    if "mission" in fields and fields["mission"].pk != call.mission_id:
        raise ValidationError(_("A call cannot move to another mission."), code="mission_fixed")
    if call.published_at and "closes_at" in fields:
        if deadline_end_of_minute(fields["closes_at"]) != call.closes_at:
            raise ValidationError(
                {
                    "closes_at": _(
                        "Use “Extend the deadline” to change a published call's deadline."
                    )
                },
                code="deadline_fixed",
            )
        fields.pop("closes_at")
    for name, value in fields.items():
        setattr(call, name, value)
    if "closes_at" in fields:
        call.closes_at = deadline_end_of_minute(call.closes_at)
    return _call_save(call=call, priorities=priorities, actor=actor, verb="call.updated")


@transaction.atomic
def call_publish(*, actor, call: Call) -> Call:
    """Publishing shows the call to the public; it opens for proposals at `opens_at`. A call
    is published with its title in every language (its guidance in every language or none)
    and projects able to end after its deadline (Call.clean)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not permissions.can_manage_call(actor, call):
        raise PermissionDenied
    if call.published_at is not None:
        return call
    if call.closes_at <= timezone.now():
        raise ValidationError(
            _("This call's deadline has passed: change it before publishing."), code="past"
        )
    if not call.priorities.exists():
        raise ValidationError(
            _("Choose at least one priority area for this call."), code="no_priority"
        )
    call.published_at = timezone.now()
    # Its rules as a published call (its texts in every language), and the others again: a
    # draft may have been saved before one of them existed. Every problem at once.
    call.clean()
    call.save(update_fields=["published_at", "updated_at"])
    audit_record(verb="call.published", actor=actor, target=call, mission_id=call.mission_id)
    return call


@transaction.atomic
def call_archive(*, actor, call: Call) -> Call:
    """A closed call can be archived: it leaves the public pages, its data stays."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not permissions.can_manage_call(actor, call):
        raise PermissionDenied
    if "archive" not in permissions.call_actions(call, timezone.now()):
        raise ValidationError(_("Only a closed call can be archived."), code="state")
    call.archived_at = timezone.now()
    call.save(update_fields=["archived_at", "updated_at"])
    audit_record(verb="call.archived", actor=actor, target=call, mission_id=call.mission_id)
    return call


@transaction.atomic
def call_close_early(*, actor, call: Call, reason: str) -> Call:
    """Close an open or scheduled call now; proposals already submitted stay submitted."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not permissions.can_manage_call(actor, call):
        raise PermissionDenied
    now = timezone.now()
    if "close" not in permissions.call_actions(call, now):
        raise ValidationError(_("Only an open or scheduled call can be closed."), code="state")
    if not reason.strip():
        raise ValidationError(_("Say why the call closes early."), code="reason_required")
    previous = call.closes_at
    call.closes_at = now
    if call.opens_at >= now:
        call.opens_at = now - timedelta(microseconds=1)
    call.save(update_fields=["closes_at", "opens_at", "updated_at"])
    audit_record(
        verb="call.closed_early",
        actor=actor,
        target=call,
        mission_id=call.mission_id,
        data={"previous_closes_at": previous.isoformat(), "reason": reason.strip()},
    )
    return call


@transaction.atomic
def call_extend_deadline(*, actor, call: Call, closes_at: datetime, reason: str) -> Call:
    """Move a published call's deadline later, with a reason that is recorded."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not permissions.can_manage_call(actor, call):
        raise PermissionDenied
    if "extend" not in permissions.call_actions(call, timezone.now()):
        raise ValidationError(
            _(
                "Only a published call's deadline can be extended (a draft's dates change "
                "with Edit)."
            )
            if call.published_at is None
            else _("An archived call cannot be extended."),
            code="state",
        )
    new_deadline = deadline_end_of_minute(closes_at)
    if new_deadline <= call.closes_at:
        raise ValidationError(
            {"closes_at": _("The new deadline must be later than the current one.")},
            code="not_later",
        )
    if not call.ends_after_deadline(new_deadline):
        raise ValidationError({"closes_at": LATEST_END_BEFORE_DEADLINE}, code="after_end_date")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the deadline moves.")}, code="reason")
    previous = call.closes_at
    call.closes_at = new_deadline
    call.save(update_fields=["closes_at", "updated_at"])
    audit_record(
        verb="call.deadline_extended",
        actor=actor,
        target=call,
        mission_id=call.mission_id,
        data={
            "previous_closes_at": previous.isoformat(),
            "closes_at": new_deadline.isoformat(),
            "reason": reason.strip(),
        },
    )
    return call
