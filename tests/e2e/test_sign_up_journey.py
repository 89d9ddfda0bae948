import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "monsoon-harvest-2026"


def test_a_new_partner_signs_up_and_is_signed_in_by_verifying_their_address(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Create an account").click()

    page.get_by_label("Full name").fill("Imani Okafor")
    page.get_by_label("Email").fill("imani@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Confirming in the browser that signed up signs in, on the partner's start page.
    expect(page.get_by_role("button", name="Imani Okafor")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("My proposals")
    assert page.url == live_server.url + "/proposals/"


def test_the_language_switcher_changes_the_page_and_keeps_the_place(page, live_server):
    page.goto(live_server.url + "/accounts/login/")

    page.get_by_role("button", name="Français").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.url == live_server.url + "/accounts/login/"
    expect(page.get_by_role("link", name="Passer au contenu principal")).to_be_attached()
