"""The officer (in French) reads the submitted final report, asks for a revision; the partner
(in Spanish) reads why on the report's page, revises and submits again; the officer compares
the two versions side by side and accepts: the holdback becomes due; the officer pays it and
closes the project, whose pages are then read only. Every page visited passes axe-core."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from monitoring.models import Report
from monitoring.services import report_submit
from tests.agreements.test_signature import signed
from tests.e2e.axe import check_axe
from tests.monitoring.test_closure import accepted, paid_in
from tests.monitoring.test_report_form import started, written_complete

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_revision_then_acceptance_releases_the_holdback(
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
    agreement = signed(parties)
    for person, language in ((partner_oaxaca, "es"), (officer_mexico, "fr")):
        person.preferred_language = language
        person.save()
    # The advance and the interim instalment are paid, the interim report accepted.
    paid_in(agreement, officer_mexico, 1)
    accepted(agreement, "interim", partner_oaxaca, officer_mexico)
    paid_in(agreement, officer_mexico, 2)
    report = started(agreement.reports.get(kind="final"), partner_oaxaca)
    written_complete(report, partner_oaxaca)
    report_submit(report=Report.objects.get(pk=report.pk), actor=partner_oaxaca)
    staff_url = live_server.url + f"/manage/proposals/{agreement.proposal_id}/reports/final/"
    comments = "Il manque le nombre de filles dans la ligne de Tlaxiaco."

    officer = sign_in(officer_mexico)
    officer.goto(live_server.url + "/manage/reports/")
    expect(officer.locator("main")).to_contain_text("À examiner")
    check_axe(officer)
    with officer.expect_navigation(url=re.compile(r"/reports/final/$")):
        officer.get_by_role("link", name=agreement.number).click()
    expect(officer.locator("main")).to_contain_text("Le rapport tel que soumis (version 1)")
    check_axe(officer)
    officer.get_by_label("Que doit réviser le partenaire\u202f?").fill(comments)
    with officer.expect_navigation(url=re.compile(r"/reports/final/$")):
        officer.get_by_role("button", name="Demander une révision").click()
    expect(officer.locator(".alert-success")).to_contain_text("Le rapport est renvoyé")

    partner = sign_in(partner_oaxaca)
    partner.goto(live_server.url + f"/proposals/{agreement.proposal_id}/reports/final/")
    expect(partner.locator("main")).to_contain_text(comments)
    check_axe(partner)
    partner.locator("#id_direct_girls").fill("14")
    partner.locator("#id_lessons").fill("Contar a las niñas por comunidad.")
    expect(partner.locator("#save-status")).to_contain_text("Guardado")
    partner.get_by_role("button", name="Presentar el informe").click()
    expect(partner.locator(".alert-success")).to_contain_text("El informe se presentó")
    check_axe(partner)

    officer.goto(staff_url)
    compared = officer.locator("section", has=officer.locator("#compared-title"))
    expect(compared).to_contain_text("Ce qui a changé de la version 1 à la version 2")
    expect(compared).to_contain_text("Contar a las niñas por comunidad.")
    check_axe(officer)
    with officer.expect_navigation(url=re.compile(r"/reports/final/$")):
        officer.get_by_role("button", name="Accepter le rapport").click()
    expect(officer.locator(".alert-success")).to_contain_text("Le rapport est accepté")
    check_axe(officer)
    holdback = agreement.instalments.get(condition="final_report_accepted")
    assert holdback.status == "due"

    agreement_page = f"/manage/proposals/{agreement.proposal_id}/agreement/"
    officer.goto(live_server.url + f"{agreement_page}instalments/{holdback.sequence}/")
    check_axe(officer)
    payment = officer.locator("form[action$='/payment/']")
    local = (holdback.amount_cad / agreement.exchange_rate).quantize(Decimal("0.01"))
    payment.locator("#id_amount_local").fill(str(local))
    payment.locator("#id_reference").fill("TRF-0916")
    with officer.expect_navigation(url=re.compile(f"{agreement_page}$")):
        payment.locator("button.btn-primary[type=submit]").click()
    expect(officer.locator(".alert-success")).to_contain_text("est enregistré")

    officer.goto(live_server.url + f"/manage/proposals/{agreement.proposal_id}/closure/")
    expect(officer.locator("main")).to_contain_text("Chiffres définitifs")
    check_axe(officer)
    officer.get_by_label("Remboursé au Canada ($ CA)").fill("0")
    with officer.expect_navigation(url=re.compile(f"{agreement_page}$")):
        officer.get_by_role("button", name="Clôturer le projet").click()
    expect(officer.locator(".alert-success")).to_contain_text("Le projet est clôturé")
    expect(officer.locator("main")).to_contain_text("Le projet a été clôturé le")
    check_axe(officer)
    agreement.refresh_from_db()
    assert agreement.status == "closed"
