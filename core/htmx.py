"""What the htmx requests of our pages look like to a view."""


def is_autosave(request) -> bool:
    """A form saving itself as people type (htmx sends a header) or as the page is left (a
    beacon, which cannot send headers, says so in the URL)."""
    return bool(request.htmx) or request.GET.get("autosave") == "1"
