from .permissions import is_administrator, is_staff_member


def staff_navigation(request):
    """Which staff pages the header offers (one cached roles query per request)."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "show_manage_link": signed_in and is_staff_member(user),
        "show_catalogue_link": signed_in and is_administrator(user),
    }
