"""'My proposals' (issue 19, 10): each proposal is a card, on a phone as on a wide screen, whose
title leads to the draft or to its status page, with its status, deadline and next step."""

import re

import pytest

from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def cards(page: str) -> list[str]:
    return re.findall(r'<li class="card mb-2">(.*?)</li>', page, re.S)


def test_each_proposal_is_a_card_whose_title_leads_to_the_draft_or_its_status(
    client, submitted_oaxaca, call_mexico, organization_oaxaca, partner_oaxaca
):
    draft = ProposalFactory(
        call=call_mexico, organization=organization_oaxaca, title="Agua segura para Juchitán"
    )
    client.force_login(partner_oaxaca)

    page = client.get("/proposals/").text

    assert "table-responsive" not in page  # nothing to scroll sideways
    draft_card, submitted_card = cards(page)[:2]  # the latest change first
    assert f'<a href="/proposals/{draft.pk}/project/">Agua segura para Juchitán</a>' in draft_card
    assert f'<a class="btn btn-primary" href="/proposals/{draft.pk}/project/">' in draft_card
    assert "Continue the draft" in draft_card
    assert '<dd class="mb-0 fw-semibold">Draft</dd>' in draft_card
    title = "Defensoras comunitarias de la Sierra Norte"
    assert f'<a href="/proposals/{submitted_oaxaca.pk}/">{title}</a>' in submitted_card
    assert "CFLI-MEX-2026-27-0001" in submitted_card
    assert '<dd class="mb-0 fw-semibold">Submitted</dd>' in submitted_card
    assert "See its status" in submitted_card


def test_an_untitled_draft_still_has_a_title_to_follow(client, draft_oaxaca, partner_oaxaca):
    client.force_login(partner_oaxaca)

    page = client.get("/proposals/").text

    assert f'<a href="/proposals/{draft_oaxaca.pk}/project/">Untitled proposal</a>' in page
