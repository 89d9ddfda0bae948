"""Scope: what the user may see. The missions whose dashboard a user may open, the calls a
mission's dashboard may be narrowed to, and the fiscal years of the headquarters' filter."""

from core.prepared import attach, prepared
from programs.models import Call, Mission
from proposals.selectors import proposal_mission_ids_for_staff

# What a dashboard reads of a call: its filter's label, its figures' scope and envelope, its
# chart's days (not its guidance, in three languages, nor its rules).
CALL_FIELDS = ("mission_id", "fiscal_year", "title", "opens_at", "closes_at", "budget_envelope")


def dashboard_mission_list_for(user) -> list[Mission]:
    """Missions whose dashboard the user may open: those where they are a program officer or an
    approver (the staff who see a mission's proposals); every mission for administrators."""
    ids = proposal_mission_ids_for_staff(user)
    if ids is not None and not ids:
        return []
    return _missions.list(ids or (), every_mission=ids is None)


@prepared
def _missions(mission_ids, *, every_mission: bool):
    missions = Mission.objects.order_by("name", "pk")
    return missions if every_mission else missions.filter(pk__in=mission_ids)


def dashboard_call_list(mission: Mission) -> list[Call]:
    """The mission's published calls, newest first: what its dashboard may be narrowed to.
    A call still in preparation has no proposals, and its envelope is not yet promised."""
    return attach(_published_calls.list(mission.pk), "mission", mission)


@prepared
def _published_calls(mission_id):
    return (
        Call.objects.filter(mission=mission_id, published_at__isnull=False)
        .order_by("-opens_at", "pk")
        .only(*CALL_FIELDS)
    )


def dashboard_headquarters_calls() -> list:
    """Every call, as what headquarters reads of it (id, mission, fiscal year, envelope,
    publication): its filter's fiscal years, its figures' scope and its envelopes. A few
    dozen rows a year."""
    return list(
        Call.objects.order_by().values_list(
            "pk", "mission_id", "fiscal_year", "budget_envelope", "published_at", named=True
        )
    )


def dashboard_fiscal_years(calls: list) -> list[int]:
    """The fiscal years of the published `calls` (`dashboard_headquarters_calls()`), latest
    first: headquarters' filter."""
    return sorted(
        {call.fiscal_year for call in calls if call.published_at is not None}, reverse=True
    )
