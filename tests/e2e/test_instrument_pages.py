"""The administrators' pages for scoring grids and a call's review settings, in the browser:
axe-clean; a line is added and its error shown without leaving the page."""

import re

import pytest
from playwright.sync_api import expect

from reviews import services
from reviews.models import ScoringGrid
from tests.e2e.test_staff_proposals import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_grid_list_and_draft_page_are_axe_clean(
    page, live_server, log_in, language, administrator, default_instruments, call_mexico
):
    published = ScoringGrid.objects.get(family="cfli-default")
    draft = services.instrument_new_version(instrument=published, actor=administrator)
    administrator.preferred_language = language
    administrator.save()
    log_in(administrator)

    page.goto(live_server.url + "/manage/grids/")
    check_axe(page)
    page.locator(f"a[href='/manage/grids/{draft.pk}/']").first.click()
    page.wait_for_url(re.compile(rf"/manage/grids/{draft.pk}/$"))
    check_axe(page)

    # A new line comes from the page itself, and takes the focus.
    page.locator("[data-cfli-add-row=criteria]").click()
    expect(page.locator("#id_criteria-7-name_en")).to_be_focused()
    page.keyboard.type("Innovation")
    page.locator("#id_criteria-7-weight").fill("0")
    page.locator("#lines ~ button[type=submit]").click()

    expect(page.locator("#form-errors a[href='#id_criteria-7-weight']")).to_be_visible()
    check_axe(page)
    assert draft.criteria.count() == 7

    page.goto(f"{live_server.url}/manage/grids/{published.pk}/")  # read-only, frozen
    check_axe(page)
    page.goto(f"{live_server.url}/manage/calls/{call_mexico.pk}/review-settings/")
    check_axe(page)
