"""An applicant on a phone (375 × 812 px, issue 19, 6, 10 and 17): "My proposals" shows each
proposal's title as a link and its next step without sideways scrolling, and the form takes a
filled-in field off the list of what is still to complete as soon as it is saved, says so where
one types, and marks the section complete, without a reload.

Set CFLI_SCREENSHOTS to a folder to keep a full-page screenshot of both pages."""

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_axe
from tests.proposals.factories import ProposalFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def keep_screenshot(page, name: str) -> None:
    folder = os.environ.get("CFLI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def assert_nothing_scrolls_sideways(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_my_proposals_on_a_phone_shows_the_title_link_and_the_next_step_on_screen(
    page, log_in, live_server, submitted_oaxaca, call_mexico, organization_oaxaca, partner_oaxaca
):
    draft = ProposalFactory(
        call=call_mexico, organization=organization_oaxaca, title="Agua segura para Juchitán"
    )
    page.set_viewport_size(PHONE)
    log_in(partner_oaxaca)
    page.goto(live_server.url + "/proposals/")

    action = page.get_by_role("link", name="Continue the draft")
    expect(action).to_be_visible()
    box = action.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    expect(page.get_by_role("link", name="Agua segura para Juchitán")).to_have_attribute(
        "href", f"/proposals/{draft.pk}/project/"
    )
    expect(page.get_by_role("link", name=submitted_oaxaca.title)).to_have_attribute(
        "href", f"/proposals/{submitted_oaxaca.pk}/"
    )
    assert_nothing_scrolls_sideways(page)
    check_axe(page)
    keep_screenshot(page, "my-proposals-375.png")


def test_on_a_phone_a_filled_in_field_leaves_the_list_to_complete_without_a_reload(
    page, log_in, live_server, call_mexico, organization_oaxaca, partner_oaxaca
):
    # The project section lacks only its title.
    draft = ProposalFactory(
        call=call_mexico,
        organization=organization_oaxaca,
        location_city="Juchitán",
        location_country="MX",
        start_date=date(2026, 12, 1),
        end_date=date(2027, 2, 10),
    )
    page.set_viewport_size(PHONE)
    log_in(partner_oaxaca)
    page.goto(f"{live_server.url}/proposals/{draft.pk}/project/")
    to_complete = page.get_by_role("region", name="Still to complete before you submit").locator(
        "li"
    )
    expect(to_complete).to_have_text(["Fill in “Project title”."])
    page.evaluate("window.cfliSamePage = true")

    page.locator("#id_title").press_sequentially("Agua segura para Juchitán")

    expect(to_complete).to_have_count(0)
    expect(page.locator("#section-problems")).to_have_text("This section is complete.")
    expect(page.locator("#section-state-project")).to_have_text("State: Complete")
    expect(page.locator("#deadline")).to_contain_text("days left")
    status = page.locator("#save-status")
    expect(status).to_contain_text("Saved at")
    expect(status).to_contain_text("This section is complete.")
    expect(status).to_be_in_viewport()  # where one types, not at the end of a long form
    assert page.evaluate("window.cfliSamePage") is True  # no reload
    draft.refresh_from_db()
    assert draft.title == "Agua segura para Juchitán"
    assert_nothing_scrolls_sideways(page)
    check_axe(page)
    keep_screenshot(page, "partner-form-375.png")
