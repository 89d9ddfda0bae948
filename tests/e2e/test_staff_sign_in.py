"""Staff sign-in in the browser, with the second factor required as in production: the admin
goes through the same sign-in and code as every staff page; a paused sign-in says what to do."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.accounts.test_mfa import totp
from tests.accounts.test_staff_second_factor import enroll
from tests.e2e.axe import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.CFLI_STAFF_MFA_REQUIRED = True


def test_the_admin_signs_in_with_password_then_code(page, live_server, admin_user):
    secret = enroll(admin_user)

    page.goto(live_server.url + "/admin/")
    assert "/accounts/login/" in page.url
    page.locator("#id_login").fill(admin_user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    assert page.url.endswith("/accounts/2fa/authenticate/")
    check_axe(page)
    page.locator("#id_code").fill(totp(secret))
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    assert page.url == live_server.url + "/admin/"


def test_a_session_without_its_code_is_asked_for_it_before_a_staff_page(
    page, live_server, officer_mexico, call_mexico
):
    secret = enroll(officer_mexico)
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(officer_mexico.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.locator("#id_code").fill(totp(secret))
    page.get_by_role("button", name="Sign In").click()

    page.goto(live_server.url + "/manage/calls/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url == live_server.url + "/manage/calls/"


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Too many failed sign-in attempts"),
        ("fr", "Trop de tentatives de connexion échouées"),
        ("es", "Demasiados intentos fallidos de inicio de sesión"),
    ],
)
def test_the_paused_sign_in_page_says_what_to_do_in_three_languages(
    page_in, user, language, heading
):
    page = page_in("/accounts/login/", language)
    for _ in range(6):
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill("wrong-password")
        page.locator("#id_password").press("Enter")

    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    check_axe(page)
