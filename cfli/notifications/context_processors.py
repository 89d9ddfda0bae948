from .selectors import unread_count_for


def inbox(request):
    """The unread count shown in the header (one query, signed-in users only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count_for(user)}
