from .models import MissionStaff
from .permissions import is_administrator, manages_calls, mission_roles


def staff_navigation(request):
    """Which staff pages the header offers (one cached roles query per request)."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "show_manage_link": signed_in and manages_calls(user),
        "show_catalogue_link": signed_in and is_administrator(user),
        "show_proposals_link": signed_in
        and (
            is_administrator(user)
            or any(
                roles & {MissionStaff.Role.PROGRAM_OFFICER, MissionStaff.Role.APPROVER}
                for roles in mission_roles(user).values()
            )
        ),
        "show_review_link": signed_in
        and any(MissionStaff.Role.REVIEWER in roles for roles in mission_roles(user).values()),
    }
