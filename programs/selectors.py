"""Reads of missions, staff, priority areas and calls, scoped to who is asking."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from core.models import AuditEvent

from .models import (
    Call,
    CallPriority,
    Mission,
    MissionStaff,
    PriorityArea,
    StaffInvitation,
    SubTheme,
)
from .permissions import managed_mission_ids


def mission_list_for(user) -> QuerySet[Mission]:
    """Missions the user manages: all for administrators, their own for program officers."""
    ids = managed_mission_ids(user)
    missions = Mission.objects.all()
    return missions if ids is None else missions.filter(pk__in=ids)


def mission_get_for(user, pk: int) -> Mission:
    return get_object_or_404(mission_list_for(user), pk=pk)


def mission_list_with_counts() -> QuerySet[Mission]:
    """Every mission with its number of calls and staff roles, for administrators."""
    return Mission.objects.annotate(
        call_count=Count("calls", distinct=True), staff_count=Count("staff", distinct=True)
    ).order_by("-is_active", "name")


def staff_list_for(user) -> QuerySet[MissionStaff]:
    return MissionStaff.objects.filter(mission__in=mission_list_for(user)).select_related(
        "user", "mission"
    )


def invitation_pending_list_for(user) -> QuerySet[StaffInvitation]:
    return (
        StaffInvitation.objects.filter(mission__in=mission_list_for(user), accepted_at__isnull=True)
        .select_related("mission", "invited_by")
        .order_by("-created_at")
    )


def invitation_get_by_token(token: str) -> StaffInvitation:
    """Anyone holding the link may see the invitation (the token is the secret)."""
    return get_object_or_404(StaffInvitation.objects.select_related("mission"), token=token)


def call_manage_list_for(user) -> QuerySet[Call]:
    """Calls the user may edit: their missions' (every mission's for administrators)."""
    return Call.objects.filter(mission__in=mission_list_for(user)).select_related("mission")


def call_manage_get_for(user, pk: int) -> Call:
    return get_object_or_404(call_manage_list_for(user), pk=pk)


def _with_priorities(calls: QuerySet[Call]) -> QuerySet[Call]:
    return calls.select_related("mission").prefetch_related(
        Prefetch(
            "priorities",
            queryset=CallPriority.objects.select_related("priority_area"),
        )
    )


def call_public_list(
    *,
    moment: datetime,
    mission: Mission | None = None,
    country: str = "",
    priority_area: PriorityArea | None = None,
    language: str = "",
) -> QuerySet[Call]:
    """Published calls that are open or not yet open at `moment`, soonest deadline first."""
    calls = Call.objects.published().filter(closes_at__gte=moment)
    if mission is not None:
        calls = calls.filter(mission=mission)
    if country:
        calls = calls.filter(mission__countries__contains=country)
    if priority_area is not None:
        # A subquery, not a join: a call is listed once, with no DISTINCT over its columns.
        calls = calls.filter(
            Exists(CallPriority.objects.filter(call=OuterRef("pk"), priority_area=priority_area))
        )
    if language:
        # JSON `contains` is not available on SQLite (the embedded default); a quoted code in
        # the serialized list is exact, since codes are validated against ProposalLanguage.
        calls = calls.filter(accepted_languages__icontains=f'"{language}"')
    return _with_priorities(calls).order_by("closes_at", "pk")


def call_status_changes_after(calls: QuerySet[Call], moment: datetime) -> datetime | None:
    """The first moment after `moment` when one of these calls opens or closes (None: never)."""
    bounds = calls.order_by().aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=moment)),
        closes=Min("closes_at", filter=Q(closes_at__gte=moment)),
    )
    return min((bound for bound in bounds.values() if bound is not None), default=None)


def call_public_get(pk: int) -> Call:
    """Any published call, open or past; drafts do not exist for the public."""
    return get_object_or_404(_with_priorities(Call.objects.published()), pk=pk)


def public_mission_list() -> QuerySet[Mission]:
    return Mission.objects.filter(
        Q(is_active=True) & Q(calls__published_at__isnull=False)
    ).distinct()


def call_history(call: Call) -> QuerySet[AuditEvent]:
    """What happened to a call, newest first, for the staff page."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Call), target_id=str(call.pk)
    ).select_related("actor")


def priority_area_list(*, active_only: bool = False) -> QuerySet[PriorityArea]:
    areas = PriorityArea.objects.all()
    return areas.filter(is_active=True) if active_only else areas


def priority_area_list_with_use() -> QuerySet[PriorityArea]:
    """Every area with the number of calls using it (used areas can only be retired)."""
    return PriorityArea.objects.annotate(use_count=Count("call_priorities")).order_by(
        "-is_active", "position", "pk"
    )


def sub_theme_list(*, active_only: bool = False) -> QuerySet[SubTheme]:
    themes = SubTheme.objects.all()
    return themes.filter(is_active=True) if active_only else themes


def program_officers_of(mission_id: int) -> QuerySet:
    """The mission's active program officers: whom its proposals' staff messages go to."""
    return _staff_in_role(mission_id, MissionStaff.Role.PROGRAM_OFFICER)


def approvers_of(mission_id: int) -> QuerySet:
    """The mission's active approvers: the head of mission and those it delegates to."""
    return _staff_in_role(mission_id, MissionStaff.Role.APPROVER)


def _staff_in_role(mission_id: int, role: str) -> QuerySet:
    return User.objects.filter(
        mission_roles__mission=mission_id, mission_roles__role=role, is_active=True
    ).distinct()


def reviewers_of(mission_ids) -> QuerySet:
    """The reviewers of these missions (`None`: every mission), by name: whom a staff list may
    be filtered by."""
    roles = MissionStaff.objects.filter(role=MissionStaff.Role.REVIEWER)
    if mission_ids is not None:
        roles = roles.filter(mission__in=mission_ids)
    # A subquery rather than a join and DISTINCT: each person once, and a simpler plan.
    return User.objects.filter(pk__in=roles.values("user_id")).order_by("full_name", "email")
