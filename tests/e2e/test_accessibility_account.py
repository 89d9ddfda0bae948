import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.axe import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANONYMOUS_PAGES = ["/accounts/password/reset/", "/no-such-page/"]
SIGNED_IN_PAGES = [
    "/inbox/",
    "/accounts/profile/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_account_page_has_no_axe_violation(page, live_server, path):
    page.goto(live_server.url + path)

    check_axe(page)


def test_signed_in_account_pages_have_no_axe_violation(page, live_server):
    user = UserFactory(email="reader@example.org", full_name="Rania Haddad")
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Rania Haddad")).to_be_visible()

    for path in SIGNED_IN_PAGES:
        page.goto(live_server.url + path)
        assert page.url == live_server.url + path
        check_axe(page)


def test_totp_activation_page_has_no_axe_violation(page, live_server):
    user = UserFactory(email="second.factor@example.org")
    page.goto(live_server.url + "/accounts/2fa/totp/activate/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    assert page.url.endswith("/accounts/2fa/totp/activate/")
    assert page.get_by_role("img").count() == 1  # the QR code, with its text alternative
    check_axe(page)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_inbox_with_a_message_has_no_axe_violation(
    page, live_server, log_in, administrator, mission_mexico, language
):
    from tests.notifications.test_inbox import invite

    person = UserFactory(email=f"inbox.{language}@example.org", preferred_language=language)
    invite(person, administrator, mission_mexico, f"axe-{language}")
    log_in(person)

    page.goto(live_server.url + "/inbox/")

    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("li.card").count() == 1
    check_axe(page)
