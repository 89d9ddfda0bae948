"""Staff sign-in has one path, allauth's, and a staff session must have entered a code
(docs/decisions/0008-staff-authentication.md). Each test runs with the second factor required,
as production does."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.accounts.factories import PASSWORD
from tests.accounts.test_mfa import totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.CFLI_STAFF_MFA_REQUIRED = True


def enroll(user) -> str:
    """Give the user an authenticator app (and recovery codes); return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def sign_in(client, user, secret: str) -> None:
    """Password, then the code: allauth's two steps, as in the browser."""
    first = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert first["Location"] == "/accounts/2fa/authenticate/"
    client.post("/accounts/2fa/authenticate/", {"code": totp(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_admin_login_form_no_longer_takes_a_password(client, admin_user):
    enroll(admin_user)

    response = client.post(
        "/admin/login/?next=/admin/", {"username": admin_user.email, "password": PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert client.get("/admin/").status_code == 302
    assert client.get("/manage/missions/").status_code == 302


def test_the_admin_sign_in_goes_through_allauth_and_its_code(client, admin_user):
    secret = enroll(admin_user)

    sign_in(client, admin_user, secret)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/accounts/user/")["Location"] == (
        "/admin/accounts/user/"
    )


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/", "/manage/calls/"])
def test_a_session_that_never_entered_a_code_gets_no_staff_page(
    client, admin_user, administrator, path
):
    # An administrator of the application with every Django flag too.
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    enroll(administrator)
    client.force_login(administrator)  # a session made without the second step

    response = client.get(path, follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/reauthenticate/?next=")
    assert "Staff pages need your authentication code for this session." in (
        response.content.decode()
    )


def test_entering_the_code_in_the_session_opens_staff_pages_and_the_admin(client, administrator):
    administrator.is_staff = True
    administrator.save()
    secret = enroll(administrator)
    client.force_login(administrator)

    asked = client.get("/manage/calls/")
    answered = client.post(
        "/accounts/2fa/reauthenticate/?next=/manage/calls/", {"code": totp(secret)}
    )

    assert asked["Location"] == "/accounts/2fa/reauthenticate/?next=/manage/calls/"
    assert answered["Location"] == "/manage/calls/"
    assert client.get("/manage/calls/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_an_officer_who_signed_in_with_a_code_reaches_staff_pages(
    client, officer_mexico, call_mexico
):
    secret = enroll(officer_mexico)

    sign_in(client, officer_mexico, secret)

    assert client.get("/manage/calls/").status_code == 200
    assert client.get(f"/manage/calls/{call_mexico.pk}/").status_code == 200


def test_without_an_authenticator_the_admin_and_staff_pages_ask_to_set_one_up(
    client, admin_user, officer_mexico
):
    client.force_login(admin_user)
    admin_page = client.get("/admin/", follow=True)
    client.force_login(officer_mexico)
    staff_page = client.get("/manage/calls/")

    assert [url for url, _ in admin_page.redirect_chain][1].startswith(
        "/accounts/2fa/totp/activate/?next=/admin/login/"
    )
    assert b"Django administration" not in admin_page.content
    assert staff_page["Location"] == "/accounts/2fa/totp/activate/?next=/manage/calls/"


# allauth announces the new authenticator after its commit: a real transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_setting_up_the_authenticator_counts_as_entering_a_code(client, officer_mexico):
    client.post("/accounts/login/", {"login": officer_mexico.email, "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]

    client.post("/accounts/2fa/totp/activate/", {"code": totp(secret)})

    assert client.get("/manage/calls/").status_code == 200


def test_another_users_code_in_the_same_browser_does_not_count(client, officer_mexico, user):
    secret = enroll(user)
    enroll(officer_mexico)
    sign_in(client, user, secret)

    client.force_login(officer_mexico)

    assert client.get("/manage/calls/")["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_partners_and_non_staff_get_no_admin(client, user):
    secret = enroll(user)
    sign_in(client, user, secret)

    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/").status_code == 404
    assert client.get("/manage/calls/").status_code == 404


def test_without_the_requirement_a_password_session_is_enough(client, settings, officer_mexico):
    settings.CFLI_STAFF_MFA_REQUIRED = False
    client.force_login(officer_mexico)

    assert client.get("/manage/calls/").status_code == 200
    assert Authenticator.objects.count() == 0


@pytest.mark.parametrize(("seconds_ago", "signed_in"), [(30, True), (90, False)])
def test_a_code_typed_as_its_window_ends_still_counts_but_an_older_one_does_not(
    client, officer_mexico, seconds_ago, signed_in
):
    secret = enroll(officer_mexico)
    client.post("/accounts/login/", {"login": officer_mexico.email, "password": PASSWORD})

    client.post("/accounts/2fa/authenticate/", {"code": totp(secret, at=time.time() - seconds_ago)})

    assert ("_auth_user_id" in client.session) is signed_in
