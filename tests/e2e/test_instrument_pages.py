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


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_refused_publication_takes_the_focus_at_the_top_and_leads_to_the_field(
    page, live_server, log_in, language, administrator, default_instruments
):
    published = ScoringGrid.objects.get(family="cfli-default")
    draft = services.instrument_new_version(instrument=published, actor=administrator)
    last = draft.criteria.last()
    services.instrument_draft_save(
        instrument=draft,
        actor=administrator,
        texts={},
        parts=[{"id": last.pk, "name_fr": "", "name_es": ""}],
    )
    administrator.preferred_language = language
    administrator.save()
    log_in(administrator)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/manage/grids/{draft.pk}/")

    # The button is far down the page; the answer starts at the top, on the summary.
    page.locator(f"form[action='/manage/grids/{draft.pk}/publish/'] button").click()
    page.wait_for_url(re.compile(rf"/manage/grids/{draft.pk}/publish/$"))

    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    names = {"en": ("French", "Spanish"), "fr": ("Français", "Espagnol")}[language]
    for name in names:
        expect(summary).to_contain_text(name)
    check_axe(page)

    summary.locator("a[href='#id_criteria-6-name_fr']").click()
    field = page.locator("#id_criteria-6-name_fr")
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    draft.refresh_from_db()
    assert not draft.is_published
