"""Who may do what with missions and calls. Pure checks over the user's roles."""

import contextlib

from .models import Call, Mission, MissionStaff


def mission_roles(user) -> dict[int, set[str]]:
    """The user's roles by mission id, read once per user object (a request's user)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_cfli_mission_roles", None)
    if cached is None:
        cached = {}
        # No order: the model's (by mission name and e-mail) would join two tables for nothing.
        roles = MissionStaff.objects.filter(user=user).order_by().values_list("mission_id", "role")
        for mission_id, role in roles:
            cached.setdefault(mission_id, set()).add(role)
        user._cfli_mission_roles = cached
    return cached


def mission_roles_column(connection) -> str:
    """The person's roles as "mission id:role" pairs joined by commas, as a subquery on the
    person (aliased u) that the session's query reads (`accounts.sessions.read_with_session`):
    the header and every staff page ask for them."""
    table = connection.ops.quote_name(MissionStaff._meta.db_table)
    pair = "CAST(r.mission_id AS TEXT) || ':' || r.role"
    aggregate = (
        f"string_agg({pair}, ',')"
        if connection.vendor == "postgresql"
        else (f"group_concat({pair}, ',')")
    )
    sql = f"(SELECT {aggregate} FROM {table} r WHERE r.user_id = u.id)"  # noqa: S608 (table name only)
    return sql


def mission_roles_load(user, pairs: str | None) -> None:
    """Keep the roles read with the session on the user, as `mission_roles` would."""
    roles: dict[int, set[str]] = {}
    for pair in (pairs or "").split(","):
        if pair:
            mission_id, role = pair.split(":", 1)
            roles.setdefault(int(mission_id), set()).add(role)
    user._cfli_mission_roles = roles


def mission_roles_forget(user) -> None:
    """Read the user's roles afresh next time (after a change to them in this request)."""
    # delattr, not the instance's __dict__: request.user is a lazy object that passes it on.
    with contextlib.suppress(AttributeError):
        del user._cfli_mission_roles


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
