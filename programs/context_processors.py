from functools import cache

from .models import MissionStaff
from .permissions import is_administrator, manages_calls, mission_roles


def staff_navigation(request):
    """Which staff pages the header offers, from the roles read with the session (decision
    0016), asked only by a template that shows the header (not an htmx fragment such as the
    autosave status)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {
            "show_manage_link": False,
            "show_catalogue_link": False,
            "show_proposals_link": False,
            "show_review_link": False,
        }

    def any_role(*wanted) -> bool:
        return any(roles & set(wanted) for roles in mission_roles(user).values())

    # Templates call what they are given; `cache` keeps each answer for the request.
    return {
        "show_manage_link": cache(lambda: manages_calls(user)),
        "show_catalogue_link": cache(lambda: is_administrator(user)),
        "show_proposals_link": cache(
            lambda: (
                is_administrator(user)
                or any_role(MissionStaff.Role.PROGRAM_OFFICER, MissionStaff.Role.APPROVER)
            )
        ),
        "show_review_link": cache(lambda: any_role(MissionStaff.Role.REVIEWER)),
    }
