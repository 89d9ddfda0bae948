"""Who may do what with missions and calls. Pure checks over the user's roles."""

from .models import Call, Mission, MissionStaff


def mission_roles(user) -> dict[int, set[str]]:
    """The user's roles by mission id, read once per user object (a request's user)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_cfli_mission_roles", None)
    if cached is None:
        cached = {}
        for mission_id, role in MissionStaff.objects.filter(user=user).values_list(
            "mission_id", "role"
        ):
            cached.setdefault(mission_id, set()).add(role)
        user._cfli_mission_roles = cached
    return cached


def mission_roles_forget(user) -> None:
    """Read the user's roles afresh next time (after a change to them in this request)."""
    user.__dict__.pop("_cfli_mission_roles", None)


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_administrator)


def managed_mission_ids(user) -> set[int] | None:
    """Missions whose calls the user manages; None means every mission (administrators)."""
    if is_administrator(user):
        return None
    return {
        mission_id
        for mission_id, roles in mission_roles(user).items()
        if MissionStaff.Role.PROGRAM_OFFICER in roles
    }


def manages_calls(user) -> bool:
    """Program officers of a mission and administrators manage calls; other staff do not."""
    return managed_mission_ids(user) != set()


def can_manage_mission(user, mission: Mission) -> bool:
    ids = managed_mission_ids(user)
    return ids is None or mission.pk in ids


def can_manage_call(user, call: Call) -> bool:
    ids = managed_mission_ids(user)
    return ids is None or call.mission_id in ids


# What may be done to a call in each of its states (by those who manage it): the call's page
# offers these, and the services refuse the others. A draft's dates change with Edit.
CALL_ACTIONS: dict[str, frozenset[str]] = {
    Call.Status.DRAFT: frozenset({"publish"}),
    Call.Status.SCHEDULED: frozenset({"extend", "close"}),
    Call.Status.OPEN: frozenset({"extend", "close"}),
    Call.Status.CLOSED: frozenset({"extend", "archive"}),
    Call.Status.ARCHIVED: frozenset(),
}


def call_actions(call: Call, moment) -> frozenset[str]:
    return CALL_ACTIONS[call.status_at(moment)]


def can_manage_catalogue(user) -> bool:
    """Priority areas, sub-themes and missions are global: administrators only."""
    return is_administrator(user)


def is_staff_member(user) -> bool:
    return is_administrator(user) or bool(mission_roles(user))
