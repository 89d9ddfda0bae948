"""The staff pages of proposals, in the browser: axe-clean, and screening with the keyboard."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from proposals import services
from tests.e2e.axe import check_axe
from tests.proposals.factories import ProposalFactory, fill_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_an_officer_finds_screens_and_comments_on_a_proposal(
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
    check_axe(page)
    page.get_by_role("link", name=proposal.reference).click()
    page.wait_for_url(re.compile(rf"/manage/proposals/{proposal.pk}/$"))
    check_axe(page)

    page.locator(f"a[href='/manage/proposals/{proposal.pk}/screening/']").click()
    page.wait_for_url(re.compile(r"/screening/$"))
    check_axe(page)
    page.locator("input[name=check_registration][value=yes]").check()  # checked by hand
    page.locator("input[name=outcome][value=eligible]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/manage/proposals/{proposal.pk}/$"))
    expect(page.locator(".alert-success")).to_be_visible()
    check_axe(page)
    proposal.refresh_from_db()
    assert proposal.status == "in_review"
    page.goto(f"{live_server.url}/manage/proposals/committee/{call_mexico.pk}/")
    check_axe(page)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reviewer_declares_then_scores(
    page,
    live_server,
    log_in,
    language,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    mission_mexico,
    private_files,
    default_instruments,
):
    from proposals.services import proposal_move
    from reviews.services import reviewers_assign
    from tests.accounts.factories import UserFactory
    from tests.programs.factories import MissionStaffFactory

    reviewer = MissionStaffFactory(
        mission=mission_mexico, role="reviewer", user=UserFactory(preferred_language=language)
    ).user
    draft = fill_in(ProposalFactory(call=call_mexico, organization=organization_oaxaca))
    proposal = services.proposal_submit(
        proposal=draft, actor=partner_oaxaca, received_at=call_mexico.opens_at + timedelta(days=1)
    ).proposal
    proposal = proposal_move(proposal=proposal, to="in_review", actor=officer_mexico)
    (assignment,) = reviewers_assign(proposal=proposal)
    log_in(reviewer)

    page.goto(live_server.url + "/manage/reviews/")
    check_axe(page)
    page.get_by_role("link", name=proposal.reference).click()
    page.wait_for_url(re.compile(rf"/manage/reviews/{assignment.pk}/$"))
    check_axe(page)
    page.locator("input[name=conflict][value=False]").check()
    page.locator("button[name=declare]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    check_axe(page)
    first = page.locator("select[name^=score_]").first
    first.select_option("4")
    expect(page.locator("#save-status")).not_to_have_text("")
    assignment.refresh_from_db()
    assert list(assignment.review.scores.values()) == [4]
