"""Autosave as people use it: a reload mid-sentence, and two colleagues, or one person in two
tabs, on the same section."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.proposals.factories import ProposalFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def draft(call_mexico, organization_oaxaca, partner_oaxaca):
    return ProposalFactory(call=call_mexico, organization=organization_oaxaca)


def test_text_typed_then_reloaded_at_once_is_still_there(page, live_server, draft, partner_oaxaca):
    sign_in(page, live_server, partner_oaxaca)
    page.goto(f"{live_server.url}/proposals/{draft.pk}/context/")

    page.locator("#id_context").press_sequentially("El río Atoyac está contaminado")
    page.reload()  # before the autosave's pause: the page being left sends what it holds

    expect(page.locator("#id_context")).to_have_value("El río Atoyac está contaminado")
    # The page saves what the tab kept, in case the reload overtook the beacon.
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    draft.refresh_from_db()
    assert draft.context == "El río Atoyac está contaminado"


def test_autosave_says_when_it_saved(page, live_server, draft, partner_oaxaca):
    sign_in(page, live_server, partner_oaxaca)
    page.goto(f"{live_server.url}/proposals/{draft.pk}/project/")

    page.locator("#id_title").press_sequentially("Defensoras del Atoyac")

    expect(page.locator("#save-status")).to_contain_text(re.compile(r"Saved at \d"))
    draft.refresh_from_db()
    assert draft.title == "Defensoras del Atoyac"


def test_two_colleagues_on_one_section_see_the_conflict_and_lose_nothing(
    browser, live_server, draft, partner_oaxaca, member_oaxaca
):
    rosa, lucia = browser.new_page(), browser.new_page()
    sign_in(rosa, live_server, partner_oaxaca)
    sign_in(lucia, live_server, member_oaxaca)
    url = f"{live_server.url}/proposals/{draft.pk}/project/"
    rosa.goto(url)
    lucia.goto(url)

    rosa.locator("#id_title").press_sequentially("Título de Rosa")
    expect(rosa.locator("#save-status")).to_contain_text("Saved at")
    lucia.locator("#id_title").press_sequentially("Título de Lucía")

    expect(lucia.locator("#save-status")).to_contain_text("Rosa Martínez saved this section at")
    expect(lucia.locator("#id_title")).to_have_value("Título de Lucía")
    draft.refresh_from_db()
    assert draft.title == "Título de Rosa"

    lucia.get_by_role("button", name="Keep my version").click()
    expect(lucia.locator("#save-status")).to_contain_text("Saved at")
    draft.refresh_from_db()
    assert draft.title == "Título de Lucía"


def test_the_same_person_in_two_tabs_is_told_of_the_other_tab_and_loses_nothing(
    page, context, live_server, draft, partner_oaxaca
):
    first, second = page, context.new_page()  # one browser, one session, two tabs
    sign_in(first, live_server, partner_oaxaca)
    url = f"{live_server.url}/proposals/{draft.pk}/project/"
    first.goto(url)
    second.goto(url)

    first.locator("#id_title").press_sequentially("Primera pestaña")
    expect(first.locator("#id_version")).to_have_value("1")
    first.locator("#id_title").press_sequentially(", revisada")
    expect(first.locator("#id_version")).to_have_value("2")  # its own saves never conflict
    second.locator("#id_title").press_sequentially("Segunda pestaña")

    expect(second.locator("#save-status")).to_contain_text(
        "You saved this section in another tab or window"
    )
    expect(second.locator("#id_title")).to_have_value("Segunda pestaña")
    draft.refresh_from_db()
    assert draft.title == "Primera pestaña, revisada"

    second.get_by_role("button", name="Keep the text on this page").click()
    expect(second.locator("#save-status")).to_contain_text("Saved at")
    draft.refresh_from_db()
    assert draft.title == "Segunda pestaña"
