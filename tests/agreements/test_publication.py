"""What Canada publishes of an agreement, in English and French whatever the proposal's
language: prefilled from an English or French proposal, written or confirmed by a program
officer of the mission, audited; the page names what is still missing."""

import pytest
from django.core.exceptions import PermissionDenied

from agreements import services
from agreements.models import PUBLICATION_FIELDS
from core.models import AuditEvent
from tests.agreements.test_opening import funded

pytestmark = pytest.mark.django_db

TEXTS = {
    "publication_title_en": "Community defenders of the Sierra Norte",
    "publication_title_fr": "Défenseures communautaires de la Sierra Norte",
    "publication_description_en": "Training 40 women to document and report violence.",
    "publication_description_fr": "Former 40 femmes à documenter et signaler les violences.",
    "publication_results_en": "40 defenders trained\nA network in six communities",
    "publication_results_fr": "40 défenseures formées\nUn réseau dans six communautés",
}


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def page(agreement) -> str:
    return f"/manage/proposals/{agreement.proposal_id}/agreement/"


def test_a_spanish_proposal_s_agreement_asks_for_every_text_then_the_officer_writes_them(
    client, parties, private_files
):
    officer = parties[3]
    agreement = funded(*parties).agreement
    assert agreement.proposal.language == "es"
    client.force_login(officer)

    missing = client.get(page(agreement)).text.split('id="publication-missing"')[1]
    missing = missing.split("</div>")[0]
    for label in ("Title in English", "Title in French", "Expected results in French"):
        assert label in missing
    saved = client.post(page(agreement) + "publication/", TEXTS)

    assert saved.status_code == 302
    agreement.refresh_from_db()
    assert {name: getattr(agreement, name) for name in PUBLICATION_FIELDS} == TEXTS
    assert agreement.publication_missing == []
    shown = client.get(page(agreement)).text
    assert 'id="publication-missing"' not in shown
    assert 'lang="fr"' in shown.split('id="publication-title"')[1]
    event = AuditEvent.objects.get(verb="agreement.publication_set")
    assert event.actor == officer
    assert event.data["publication_title_fr"] == {"from": "", "to": TEXTS["publication_title_fr"]}


def test_a_partial_save_keeps_what_is_written_and_names_the_rest(client, parties, private_files):
    agreement = funded(*parties).agreement
    client.force_login(parties[3])

    client.post(page(agreement) + "publication/", {"publication_title_en": "  Defenders  "})

    agreement.refresh_from_db()
    assert agreement.publication_title_en == "Defenders"
    assert len(agreement.publication_missing) == 5
    assert (
        "Title in English"
        not in client.get(page(agreement))
        .text.split('id="publication-missing"')[1]
        .split("</div>")[0]
    )


def test_an_english_proposal_prefills_the_english_texts_for_the_officer_to_confirm(
    parties, private_files
):
    agreement = funded(*parties, language="en").agreement
    proposal = agreement.proposal
    assert agreement.publication_title_en == proposal.title
    assert agreement.publication_description_en == proposal.objectives.strip()
    assert agreement.publication_results_en == "\n".join(
        r.description for r in proposal.results.order_by("position", "pk")
    )
    assert agreement.publication_missing == [
        "title in French",
        "description in French",
        "expected results in French",
    ]


def test_only_the_mission_s_program_officers_write_them(client, parties, private_files):
    agreement = funded(*parties).agreement
    approver = parties[4]
    with pytest.raises(PermissionDenied):
        services.agreement_publication_set(agreement=agreement, actor=approver, values=TEXTS)
    client.force_login(approver)
    assert (
        'action="/manage/proposals/'
        not in client.get(page(agreement))
        .text.split('id="publication-title"')[1]
        .split("</section>")[0]
    )
    assert client.post(page(agreement) + "publication/", TEXTS).status_code == 403
    agreement.refresh_from_db()
    assert agreement.publication_missing  # nothing written
