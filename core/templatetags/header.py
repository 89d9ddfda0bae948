"""The page header (navigation, language switcher, account menu), written in Python.

Every page renders it: as three templates of `{% url %}`, `{% translate %}` and `{% if %}` tags
it cost about 3 ms a page. The URLs are reversed once per process (they never change while it
runs); only what depends on the request (who is signed in, which links they get, the current
page, the unread count, the CSRF token) is computed for each page.
"""

from functools import cache
from html import escape

from django import template
from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext, gettext_noop

register = template.Library()

# The navigation's links, in order: (URL name, label), grouped by who is offered them. The labels
# are marked for makemessages here and translated when the header is written.
CALL_LINKS = (("programs:call-list", gettext_noop("Calls for proposals")),)
PARTNER_LINKS = (
    ("proposals:dashboard", gettext_noop("My proposals")),
    ("accounts:organization-list", gettext_noop("My organizations")),
)
MANAGE_LINKS = (("programs:manage-call-list", gettext_noop("Manage calls")),)
PROPOSALS_LINKS = (
    ("proposals_staff:list", gettext_noop("Proposals")),
    ("agreements_manage:list", gettext_noop("Agreements")),
    ("monitoring_manage:list", gettext_noop("Reports")),
    ("reporting:search", gettext_noop("Search")),
    ("reporting:mission-dashboard", gettext_noop("Dashboard")),
)
REVIEW_LINKS = (("reviewer:list", gettext_noop("My reviews")),)
CATALOGUE_LINKS = (
    ("programs:manage-priority-area-list", gettext_noop("Priority areas")),
    ("instruments:grid-list", gettext_noop("Scoring grids")),
    ("instruments:checklist-list", gettext_noop("GBA+ checklists")),
    ("programs:manage-mission-list", gettext_noop("Missions")),
    ("programs:manage-staff", gettext_noop("Staff")),
)
ACCOUNT_LINKS = (
    ("accounts:profile", gettext_noop("Your profile")),
    ("account_email", gettext_noop("E-mail addresses")),
    ("account_change_password", gettext_noop("Change password")),
    ("mfa_index", gettext_noop("Two-factor authentication")),
)
ADMIN_LINKS = (("admin:index", gettext_noop("Administration")),)


@cache
def _url(name: str, script_prefix: str) -> str:
    """reverse(name), once per process and prefix (the prefix is part of what it returns)."""
    return escape(reverse(name))


@cache
def _languages() -> tuple[tuple[str, str], ...]:
    """(code, name in that language) of each interface language, escaped."""
    return tuple(
        (escape(code), escape(capfirst(get_language_info(code)["name_local"])))
        for code, _name in settings.LANGUAGES
    )


def _flag(context, name: str) -> bool:
    """A context processor's answer: a cached callable for signed-in users, else a bool."""
    value = context.get(name)
    return bool(value() if callable(value) else value)


def _nav_item(name: str, label: str, current: str | None, prefix: str) -> str:
    here = ' aria-current="page"' if name == current else ""
    return (
        f'<li class="nav-item"><a class="nav-link" href="{_url(name, prefix)}"{here}>'
        f"{escape(gettext(label))}</a></li>"
    )


def _navigation(context, signed_in: bool, current: str | None, prefix: str) -> str:
    manage, proposals = _flag(context, "show_manage_link"), _flag(context, "show_proposals_link")
    review = _flag(context, "show_review_link")
    groups = [CALL_LINKS]
    if signed_in and not manage and not review and not proposals:
        groups.append(PARTNER_LINKS)
    if manage:
        groups.append(MANAGE_LINKS)
    if proposals:
        groups.append(PROPOSALS_LINKS)
    if review:
        groups.append(REVIEW_LINKS)
    if _flag(context, "show_catalogue_link"):
        groups.append(CATALOGUE_LINKS)
    return "".join(
        _nav_item(name, label, current, prefix) for links in groups for name, label in links
    )


def _csrf_input(context) -> str:
    """What {% csrf_token %} writes: the page's one token (its forms share it)."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105  # Django's mark for "no token"
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'


def _language_switcher(context, request, csrf: str, prefix: str) -> str:
    active = get_language()
    buttons = "".join(
        f'<button type="submit" name="language" value="{code}" lang="{code}" class="btn btn-sm '
        + ('btn-light" aria-current="true">' if code == active else 'btn-outline-light">')
        + f"{name}</button>"
        for code, name in _languages()
    )
    path = escape(request.get_full_path()) if request is not None else ""
    return (
        f'<form class="cfli-language-switcher" action="{_url("accounts:language", prefix)}" '
        f'method="post">{csrf}<input type="hidden" name="next" value="{path}">'
        '<fieldset class="d-flex align-items-center gap-1">'
        f'<legend class="visually-hidden">{escape(gettext("Language"))}</legend>{buttons}'
        "</fieldset></form>"
    )


def _account_menu(context, user, csrf: str, prefix: str) -> str:
    if not getattr(user, "is_authenticated", False):
        return (
            '<div class="d-flex gap-2">'
            f'<a class="btn btn-light btn-sm" href="{_url("account_login", prefix)}">'
            f"{escape(gettext('Log in'))}</a>"
            f'<a class="btn btn-outline-light btn-sm" href="{_url("account_signup", prefix)}">'
            f"{escape(gettext('Sign up'))}</a></div>"
        )
    unread = context.get("unread_notifications")
    unread = unread() if callable(unread) else unread
    badge = (
        f' <span class="badge text-bg-light">{escape(str(unread))}<span class="visually-hidden">'
        f" {escape(gettext('unread'))}</span></span>"
        if unread
        else ""
    )
    links = [*ACCOUNT_LINKS, *(ADMIN_LINKS if user.is_staff else ())]
    items = "".join(
        f'<li><a class="dropdown-item" href="{_url(name, prefix)}">'
        f"{escape(gettext(label))}</a></li>"
        for name, label in links
    )
    return (
        f'<a class="btn btn-outline-light btn-sm" href="{_url("notifications:inbox", prefix)}">'
        f"{escape(gettext('Inbox'))}{badge}</a>"
        '<div class="dropdown"><button class="btn btn-outline-light btn-sm dropdown-toggle '
        'cfli-account-toggle" type="button" data-bs-toggle="dropdown" aria-expanded="false">'
        f"{escape(user.get_full_name())}</button>"
        f'<ul class="dropdown-menu dropdown-menu-end">{items}'
        '<li><hr class="dropdown-divider"></li>'
        f'<li><form action="{_url("account_logout", prefix)}" method="post">{csrf}'
        f'<button type="submit" class="dropdown-item">{escape(gettext("Log out"))}</button>'
        "</form></li></ul></div>"
    )


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    """The header of every page. Reads what the context processors give (`user`, the
    `show_*_link` flags, `unread_notifications`), so a page rendered without them (the error
    page when the database is down) gets the signed-out header, as the templates did."""
    request = context.get("request")
    user = context.get("user")
    signed_in = bool(getattr(user, "is_authenticated", False))
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match is not None else None
    prefix = get_script_prefix()
    csrf = _csrf_input(context)
    # Every value below is escaped where it is written (html.escape, as Django's escape does).
    html = (
        '<header class="cfli-header">'
        f'<nav class="navbar navbar-expand-md navbar-dark" aria-label="{escape(gettext("Main"))}">'
        '<div class="container">'
        f'<a class="navbar-brand fw-semibold" href="{_url("core:home", prefix)}">'
        f"{escape(gettext('CFLI Grants'))}"
        '<span class="d-block small fw-normal">'
        f"{escape(gettext('Canada Fund for Local Initiatives'))}</span></a>"
        '<button class="navbar-toggler" type="button" data-bs-toggle="collapse" '
        'data-bs-target="#main-navigation" aria-controls="main-navigation" aria-expanded="false">'
        '<span class="navbar-toggler-icon"></span>'
        f'<span class="visually-hidden">{escape(gettext("Menu"))}</span></button>'
        '<div class="collapse navbar-collapse justify-content-end gap-3" id="main-navigation">'
        f'<ul class="navbar-nav me-auto">{_navigation(context, signed_in, current, prefix)}</ul>'
        f"{_language_switcher(context, request, csrf, prefix)}"
        f"{_account_menu(context, user, csrf, prefix)}"
        "</div></div></nav></header>"
    )
    return SafeString(html)
