"""A program officer (in French) opens the final report from the agreement's page and moves its
due date, first forgetting the reason; the partner (in Spanish) reads the new date and why on
the agreement's page. Every page visited passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from tests.agreements.test_signature import signed
from tests.e2e.axe import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_officer_moves_the_final_report_and_the_partner_reads_why(
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
    final = agreement.reports.get(kind="final")
    new = final.due_date + timedelta(days=21)
    for person, language in ((partner_oaxaca, "es"), (officer_mexico, "fr")):
        person.preferred_language = language
        person.save()
    reason = "Las lluvias retrasaron los últimos talleres."

    officer = sign_in(officer_mexico)
    officer.goto(live_server.url + f"/manage/proposals/{agreement.proposal_id}/agreement/")
    reports = officer.locator("section", has=officer.locator("#reports-title"))
    expect(reports).to_contain_text("Rapport intermédiaire")
    check_axe(officer)
    with officer.expect_navigation(url=re.compile(r"/reports/final/$")):
        reports.get_by_role("link", name="Rapport final").click()
    expect(officer.locator("main")).to_contain_text("Rapport prévu")
    check_axe(officer)

    officer.get_by_label("Nouvelle date limite").fill(new.isoformat())
    officer.get_by_role("button", name="Reporter la date limite").click()
    expect(officer.locator("main")).to_contain_text("Ce champ est obligatoire.")
    check_axe(officer)
    officer.get_by_label("Pourquoi la déplacer\u202f?").fill(reason)
    with officer.expect_navigation(url=re.compile(r"/reports/final/$")):
        officer.get_by_role("button", name="Reporter la date limite").click()
    expect(officer.locator(".alert-success")).to_contain_text("La date limite a changé")
    expect(officer.locator("main")).to_contain_text(reason)
    check_axe(officer)

    partner = sign_in(partner_oaxaca)
    partner.goto(live_server.url + f"/proposals/{agreement.proposal_id}/agreement/")
    with translation.override("es"):
        day = date_format(new)
    section = partner.locator("section", has=partner.locator("#reports-title"))
    expect(section.get_by_role("row", name=re.compile("Informe final"))).to_contain_text(day)
    expect(partner.locator("main")).to_contain_text("Fecha límite del informe modificada")
    expect(partner.locator("main")).to_contain_text(reason)
    check_axe(partner)
