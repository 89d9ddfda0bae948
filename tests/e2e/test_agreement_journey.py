"""From approval to an agreement ready to sign, in the browser: the partner (in Spanish) finds
the agreement from the proposal's page, adjusts the budget to the lower approved amount in the
proposal's own budget table and gives the bank account; the officer (in English) accepts the
budget, changes the payment schedule and sends the agreement for signature. Every page
visited passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import ContributionAgreement
from tests.agreements.test_opening import funded
from tests.e2e.axe import check_axe
from tests.e2e.test_decision_journey import staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page, form, url_pattern):
    """Send the form with its main button (forms with rows also have "add a row")."""
    with page.expect_navigation(url=re.compile(url_pattern)):
        form.locator("button.btn-primary[type=submit]").click()
    check_axe(page)


def test_the_partner_adjusts_the_budget_and_the_officer_sends_the_agreement_for_signature(
    sign_in,
    live_server,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
):
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save()
    proposal = funded(
        call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico, "30000"
    )
    agreement_page = f"/proposals/{proposal.pk}/agreement/"

    partner = sign_in(partner_oaxaca)
    partner.goto(live_server.url + f"/proposals/{proposal.pk}/")
    with partner.expect_navigation(url=re.compile(f"{agreement_page}$")):
        partner.locator(f"a[href$='{agreement_page}']").click()
    check_axe(partner)
    with partner.expect_navigation(url=re.compile(f"{agreement_page}budget/$")):
        partner.locator(f"a[href$='{agreement_page}budget/']").click()
    check_axe(partner)
    expect(partner.locator("main")).to_contain_text(re.compile(r"398.936,17 MXN"))
    budget = partner.locator("form[action$='/agreement/budget/']")
    budget.locator("#id_budget_lines-0-cfli_amount").fill("398936.17")
    budget.locator("#id_budget_lines-0-applicant_cash").fill("101063.83")
    submit(partner, budget, rf"{agreement_page}$")
    expect(partner.locator(".alert-success")).to_contain_text("presupuesto ajustado")

    with partner.expect_navigation(url=re.compile(f"{agreement_page}bank-account/$")):
        partner.locator(f"a[href$='{agreement_page}bank-account/']").click()
    check_axe(partner)
    account = partner.locator("form[action$='/agreement/bank-account/']")
    account.locator("#id_bank_name").fill("Banco del Bienestar")
    account.locator("#id_account_number").fill("0123 4567 8901 4821")
    submit(partner, account, rf"{agreement_page}$")
    expect(partner.locator("main")).to_contain_text("•••• 4821")
    expect(partner.locator("main")).not_to_contain_text("0123 4567")

    officer = sign_in(staff(call_mexico.mission, "program_officer", "ana@example.org", "en"))
    staff_page = f"/manage/proposals/{proposal.pk}/agreement/"
    officer.goto(live_server.url + f"/manage/proposals/{proposal.pk}/")
    with officer.expect_navigation(url=re.compile(f"{staff_page}$")):
        officer.locator(f"a[href$='{staff_page}']").click()
    check_axe(officer)
    submit(officer, officer.locator("form[action$='/budget/accept/']"), rf"{staff_page}$")
    expect(officer.locator(".alert-success")).to_contain_text("The adjusted budget is accepted")

    schedule = officer.locator("form[action$='/schedule/']")
    # The default 70/20/10 of CAD 30,000; the officer makes it 80/10/10, one figure at a time.
    schedule.locator("#id_instalments-0-amount_cad").fill("24000")
    submit(officer, schedule, rf"{staff_page}schedule/$")
    expect(officer.locator("#form-errors")).to_contain_text("add up to CAD 33,000.00")
    expect(schedule.locator("#id_instalments-0-amount_cad")).to_have_value("24000")
    schedule.locator("#id_instalments-1-amount_cad").fill("3000")
    submit(officer, schedule, rf"{staff_page}$")
    submit(officer, officer.locator("form[action$='/ready/']"), rf"{staff_page}$")
    expect(officer.locator(".alert-success")).to_have_text(
        "Agreement CFLI-MEX-2026-27-A0001 is ready to sign."
    )
    agreement = ContributionAgreement.objects.get(proposal=proposal)
    assert [i.amount_cad for i in agreement.instalments.all()] == [24000, 3000, 3000]
    assert agreement.bank_account.account_last4 == "4821"
