"""The head of mission returns a signature instead of countersigning it (in French); the
partner reads why on the agreement's page (in Spanish) and signs again. Every page visited
passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import ContributionAgreement
from tests.agreements.test_signature import sign, to_sign
from tests.e2e.axe import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_head_of_mission_returns_a_signature_and_the_partner_reads_why(
    sign_in,
    live_server,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
):
    parties = (call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico)
    agreement = to_sign(parties)
    sign(agreement, partner_oaxaca, signatory_title="Tesorera")
    for person, language in ((partner_oaxaca, "es"), (approver_mexico, "fr")):
        person.preferred_language = language
        person.save()
    reason = "L’accord doit être signé par la directrice, personne autorisée à signer."

    head = sign_in(approver_mexico)
    head.goto(live_server.url + f"/manage/proposals/{agreement.proposal_id}/agreement/")
    check_axe(head)
    form = head.locator("form[action$='/return-signature/']")
    form.get_by_label("Que faut-il changer dans la signature\u202f?").fill(reason)
    with head.expect_navigation(url=re.compile(r"/agreement/$")):
        form.get_by_role("button", name="Renvoyer au partenaire").click()
    expect(head.locator(".alert-success")).to_contain_text("La signature est renvoyée")
    check_axe(head)

    partner = sign_in(partner_oaxaca)
    partner.goto(live_server.url + f"/proposals/{agreement.proposal_id}/agreement/")
    expect(partner.locator("main")).to_contain_text("Firma devuelta, para firmar de nuevo")
    expect(partner.locator("main")).to_contain_text(reason)
    check_axe(partner)
    with partner.expect_navigation(url=re.compile(r"/sign/$")):
        partner.get_by_role("link", name="Firmar el acuerdo").click()
    assert ContributionAgreement.objects.get(pk=agreement.pk).status == "to_sign"
