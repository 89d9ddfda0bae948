"""An amendment in the browser: the partner (in French) asks for a no-cost extension, is told
what is wrong with the first date, and sends it; the head of mission (in Spanish) approves it
and the agreement's end date moves. Every page visited passes axe-core."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from agreements.models import ContributionAgreement
from tests.agreements.test_signature import signed
from tests.e2e.axe import check_axe
from tests.e2e.test_agreement_journey import submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_partner_asks_for_an_extension_and_the_head_of_mission_approves_it(
    sign_in,
    live_server,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
):
    agreement = signed(
        (call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico)
    )
    for person, language in ((partner_oaxaca, "fr"), (approver_mexico, "es")):
        person.preferred_language = language
        person.save()
    agreement_page = f"/proposals/{agreement.proposal_id}/agreement/"
    later = agreement.end_date + datetime.timedelta(days=60)

    partner = sign_in(partner_oaxaca)
    partner.goto(live_server.url + agreement_page)
    with partner.expect_navigation(url=re.compile(r"amendments/new/$")):
        partner.get_by_role("link", name="Demander une modification").click()
    check_axe(partner)
    with partner.expect_navigation(url=re.compile(r"kind=extension$")):
        partner.get_by_role("link", name="Prolongation sans frais").click()
    check_axe(partner)
    form = partner.locator("form[action='?kind=extension']")
    form.locator("#id_reason").fill("Les pluies de juillet ont coupé la route six semaines.")
    form.locator("#id_new_end_date").fill(agreement.end_date.isoformat())
    submit(partner, form, r"kind=extension$")
    expect(partner.locator("#form-errors")).to_contain_text("La nouvelle date de fin doit suivre")
    expect(form.locator("#id_reason")).to_have_value(
        "Les pluies de juillet ont coupé la route six semaines."
    )
    form.locator("#id_new_end_date").fill(later.isoformat())
    submit(partner, form, r"amendments/1/$")
    expect(partner.locator(".alert-success")).to_contain_text("La modification 1 est demandée")

    head = sign_in(approver_mexico)
    # The staff's list finds it by its next action; the list and the year-end page are
    # accessible too.
    head.goto(live_server.url + "/manage/agreements/")
    check_axe(head)
    head.get_by_label("Próximo paso").select_option(label="Enmienda por decidir")
    with head.expect_navigation(url=re.compile(r"next_action=amendment")):
        head.get_by_role("button", name="Filtrar").click()
    expect(head.locator("main")).to_contain_text("1 acuerdo")
    head.get_by_role("link", name=agreement.number).click()
    expect(head.locator("h1")).to_have_text("Acuerdo de contribución")
    head.goto(live_server.url + "/manage/agreements/year-end/")
    check_axe(head)
    head.goto(
        live_server.url + f"/manage/proposals/{agreement.proposal_id}/agreement/amendments/1/"
    )
    check_axe(head)
    expect(head.locator("main")).to_contain_text("Les pluies de juillet")
    decide = head.locator("form[action$='/decide/']")
    with head.expect_navigation(url=re.compile(r"amendments/1/$")):
        decide.get_by_role("button", name="Aprobar la enmienda").click()
    check_axe(head)
    expect(head.locator(".alert-success")).to_contain_text("La enmienda 1 está aprobada")
    assert ContributionAgreement.objects.get(pk=agreement.pk).end_date == later
