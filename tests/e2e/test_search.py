"""The search over proposals, in the browser: from the header's link to a marked result."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from proposals import services
from tests.e2e.axe import check_axe
from tests.proposals.factories import ProposalFactory, fill_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_an_officer_searches_from_the_header_and_sees_the_words_marked(
    page,
    live_server,
    log_in,
    language,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    private_files,
):
    draft = fill_in(ProposalFactory(call=call_mexico, organization=organization_oaxaca))
    proposal = services.proposal_submit(
        proposal=draft, actor=partner_oaxaca, received_at=call_mexico.opens_at + timedelta(days=1)
    ).proposal
    officer_mexico.preferred_language = language
    officer_mexico.save()
    log_in(officer_mexico)

    page.goto(live_server.url + "/manage/proposals/")
    page.locator("header a[href='/manage/search/']").click()
    page.wait_for_url(re.compile(r"/manage/search/$"))
    check_axe(page)

    # Typed without accents, the last word unfinished.
    page.locator("#id_q").fill("indigenas defens")
    page.locator("#id_q").press("Enter")
    page.wait_for_url(re.compile(r"/manage/search/\?q=indigenas\+defens$"))
    result = page.locator("#search-results > li")
    expect(result).to_have_count(1)
    expect(result.locator("h2 mark")).to_have_text(["Defensoras"])
    expect(result.locator("p mark")).to_have_text(["defensoras", "indígenas"])
    check_axe(page)

    page.get_by_role("link", name=proposal.reference).click()
    page.wait_for_url(re.compile(rf"/manage/proposals/{proposal.pk}/$"))

    page.goto(live_server.url + "/manage/search/?q=ninguna")
    expect(page.locator("#search-results > li")).to_have_count(0)
    check_axe(page)
