"""Every URL of the project, for every role: the expected answer.

A URL added without a row here fails `test_every_url_has_a_row_in_the_matrix`: decide who may
see it before it ships. Django's admin is covered by one row (its index): Django guards its
other pages with the same staff check.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anonymous", "user", "admin_user"]
LOGIN = "login"  # a redirect to the login page

# url name → (kwargs, {role: expected status or LOGIN})
MATRIX = {
    "core:home": ({}, {"anonymous": 200, "user": 200, "admin_user": 200}),
    "core:health": ({}, {"anonymous": 200, "user": 200, "admin_user": 200}),
    # POST-only: a GET is refused for everyone.
    "accounts:language": ({}, {"anonymous": 405, "user": 405, "admin_user": 405}),
    "account_login": ({}, {"anonymous": 200, "user": 302, "admin_user": 302}),
    "account_logout": ({}, {"anonymous": 302, "user": 200, "admin_user": 200}),
    "account_inactive": ({}, {"anonymous": 200, "user": 200, "admin_user": 200}),
    "account_signup": ({}, {"anonymous": 200, "user": 302, "admin_user": 302}),
    "account_reauthenticate": ({}, {"anonymous": LOGIN, "user": 200, "admin_user": 200}),
    "account_email": ({}, {"anonymous": LOGIN, "user": 200, "admin_user": 200}),
    "account_email_verification_sent": ({}, {"anonymous": 200, "user": 200, "admin_user": 200}),
    "account_change_password": ({}, {"anonymous": LOGIN, "user": 200, "admin_user": 200}),
    "account_set_password": ({}, {"anonymous": LOGIN, "user": 302, "admin_user": 302}),
    "account_reset_password": ({}, {"anonymous": 200, "user": 200, "admin_user": 200}),
    "account_reset_password_done": ({}, {"anonymous": 200, "user": 200, "admin_user": 200}),
    "account_confirm_login_code": ({}, {"anonymous": 302, "user": 302, "admin_user": 302}),
    "account_confirm_email": (
        {"key": "not-a-real-key"},
        {"anonymous": 200, "user": 200, "admin_user": 200},
    ),
    "account_reset_password_from_key": (
        {"uidb36": "zz", "key": "not-a-real-key"},
        {"anonymous": 200, "user": 200, "admin_user": 200},
    ),
    "account_reset_password_from_key_done": (
        {},
        {"anonymous": 200, "user": 200, "admin_user": 200},
    ),
    "mfa_index": ({}, {"anonymous": LOGIN, "user": 200, "admin_user": 200}),
    "mfa_authenticate": ({}, {"anonymous": 302, "user": 302, "admin_user": 302}),
    "mfa_reauthenticate": ({}, {"anonymous": LOGIN, "user": 302, "admin_user": 302}),
    # A session from force_login is not a recent sign-in: activating asks to re-authenticate.
    "mfa_activate_totp": ({}, {"anonymous": LOGIN, "user": 302, "admin_user": 302}),
    "mfa_deactivate_totp": ({}, {"anonymous": LOGIN, "user": 404, "admin_user": 404}),
    "mfa_view_recovery_codes": ({}, {"anonymous": LOGIN, "user": 404, "admin_user": 404}),
    "mfa_generate_recovery_codes": ({}, {"anonymous": LOGIN, "user": 302, "admin_user": 302}),
    "mfa_download_recovery_codes": ({}, {"anonymous": LOGIN, "user": 404, "admin_user": 404}),
    "admin:index": ({}, {"anonymous": 302, "user": 302, "admin_user": 200}),
}


def url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_has_a_row_in_the_matrix():
    names = set(url_names(get_resolver().url_patterns))
    names = {name for name in names if not name.startswith("admin:")} | {"admin:index"}

    assert names - MATRIX.keys() == set(), "add these URLs to the matrix"
    assert MATRIX.keys() - names == set(), "these rows name URLs that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(MATRIX))
def test_url_answers_each_role_as_expected(name, role, client, request):
    kwargs, expected = MATRIX[name]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(name, kwargs=kwargs)

    response = client.get(url)

    if expected[role] == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected[role]
