"""What the htmx requests of our pages look like to a view."""

import re

from django.http import QueryDict

EDITOR = re.compile(r"[0-9a-f]{32}")


def is_autosave(request) -> bool:
    """A form saving itself as people type (htmx sends a header) or as the page is left (a
    beacon, which cannot send headers, says so in the URL)."""
    return bool(request.htmx) or request.GET.get("autosave") == "1"


def editor_token(request) -> str:
    """The token of the autosaved page a save comes from (each page gets its own, so that its
    own saves are told from another tab's); "" if none."""
    token = request.POST.get("editor", "")
    return token if EDITOR.fullmatch(token) else ""


def querydict(data: dict) -> QueryDict:
    """A form's data kept as lists (a session's stash of what was typed) as a request's."""
    values = QueryDict(mutable=True)
    for key, items in data.items():
        values.setlist(key, items)
    return values
