"""Scope: what the user may see. The missions whose dashboard a user may open, the calls a
mission's dashboard may be narrowed to, and the fiscal years of the headquarters' filter."""

from programs.models import Call, Mission
from proposals.selectors import proposal_mission_ids_for_staff


def dashboard_mission_list_for(user) -> list[Mission]:
    """Missions whose dashboard the user may open: those where they are a program officer or an
    approver (the staff who see a mission's proposals); every mission for administrators."""
    ids = proposal_mission_ids_for_staff(user)
    missions = Mission.objects.order_by("name", "pk")
    return list(missions if ids is None else missions.filter(pk__in=ids))


def dashboard_call_list(mission: Mission) -> list[Call]:
    """The mission's published calls, newest first: what its dashboard may be narrowed to.
    A call still in preparation has no proposals, and its envelope is not yet promised."""
    return list(
        Call.objects.filter(mission=mission, published_at__isnull=False).order_by("-opens_at", "pk")
    )


def dashboard_fiscal_years() -> list[int]:
    """The fiscal years of every published call, latest first (headquarters' filter)."""
    return list(
        Call.objects.filter(published_at__isnull=False)
        .values_list("fiscal_year", flat=True)
        .distinct()
        .order_by("-fiscal_year")
    )
