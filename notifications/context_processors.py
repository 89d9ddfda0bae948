from functools import cache

from .selectors import unread_count_for


def inbox(request):
    """The unread count shown in the header, for signed-in users: read with their session, or
    one query when a template shows it (an htmx fragment such as the autosave status does not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A template calls what it is given; `cache` makes it one query however often it is shown.
    return {"unread_notifications": cache(lambda: unread_count_for(user))}
