"""The header every page shows (core/templatetags/header.py): navigation, language switcher and
account menu, written in Python once per page."""

import re

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.notifications.helpers import notify_invitation

pytestmark = pytest.mark.django_db


def header(response) -> str:
    match = re.search(r"<header .*?</header>", response.content.decode(), re.S)
    assert match, response.content[:300]
    return match.group(0)


def test_a_visitor_gets_the_sign_in_links_and_the_language_switcher(client):
    html = header(client.get(reverse("core:home")))

    assert f'<a class="btn btn-light btn-sm" href="{reverse("account_login")}">Log in</a>' in html
    assert f'href="{reverse("account_signup")}">Sign up</a>' in html
    assert f'<a class="nav-link" href="{reverse("programs:call-list")}">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Inbox" not in html


def test_the_language_switcher_marks_the_active_language(client):
    html = header(client.get(reverse("core:home"), headers={"accept-language": "fr"}))

    # Each button says its language in that language.
    assert (
        '<button type="submit" name="language" value="fr" lang="fr" '
        'class="btn btn-sm btn-light" aria-current="true">Français</button>'
    ) in html
    assert 'value="en" lang="en" class="btn btn-sm btn-outline-light">English</button>' in html
    assert 'value="es" lang="es" class="btn btn-sm btn-outline-light">Español</button>' in html


def test_the_current_page_is_marked_and_the_return_path_escaped(client, officer_mexico):
    client.force_login(officer_mexico)
    url = reverse("proposals_staff:list")

    html = header(client.get(url, {"q": '"><script>', "sort": "title"}))

    assert f'<a class="nav-link" href="{url}" aria-current="page">Proposals</a>' in html
    assert f'<a class="nav-link" href="{reverse("reporting:search")}">Search</a>' in html
    # Partners' links are not offered to staff.
    assert reverse("accounts:organization-list") not in html
    assert '<input type="hidden" name="next" value="/manage/proposals/?q=%22%3E%3Cscript%3E' in html
    assert "<script>" not in html


def test_the_account_menu_names_the_person_escaped_and_counts_the_unread(
    client, administrator, mission_mexico
):
    from programs.models import StaffInvitation

    person = UserFactory(full_name="Ana <b>Ruiz</b>")
    invitation = StaffInvitation.objects.create(
        email=person.email, mission=mission_mexico, role="reviewer", invited_by=administrator
    )
    notify_invitation(invitation, person, "header")
    client.force_login(person)

    html = header(client.get(reverse("core:home")))

    assert "Ana &lt;b&gt;Ruiz&lt;/b&gt;</button>" in html
    assert (
        f'href="{reverse("notifications:inbox")}">Inbox <span class="badge text-bg-light">1'
        '<span class="visually-hidden"> unread</span></span></a>'
    ) in html
    # A partner's links; not the administration (not staff).
    assert f'href="{reverse("accounts:organization-list")}">My organizations</a>' in html
    assert reverse("admin:index") not in html
    assert f'<form action="{reverse("account_logout")}" method="post">' in html


def test_administrators_get_the_catalogues_and_django_staff_the_administration(
    client, administrator
):
    client.force_login(administrator)
    html = header(client.get(reverse("core:home")))
    for name in ("programs:manage-priority-area-list", "programs:manage-staff"):
        assert f'<a class="nav-link" href="{reverse(name)}">' in html
    assert reverse("admin:index") not in html

    client.force_login(UserFactory(is_staff=True))
    html = header(client.get(reverse("core:home")))
    assert f'<a class="dropdown-item" href="{reverse("admin:index")}">Administration</a>' in html


def test_the_error_page_without_context_processors_gets_the_signed_out_header(rf):
    """core.views.render_error_without_database renders without the context processors (no
    user, no unread count): the header is then the signed-out one, and asks no query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.views import render_error_without_database

    request = rf.get("/somewhere/")
    with CaptureQueriesContext(connection) as queries:
        response = render_error_without_database(request, 500)

    html = header(response)
    assert reverse("account_login") in html
    assert "cfli-account-toggle" not in html
    assert not queries.captured_queries
