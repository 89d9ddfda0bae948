"""From approval to the first payment, in the browser: the partner (in Spanish) finds the
agreement from the proposal's page, adjusts the budget to the lower approved amount in the
proposal's own budget table and gives the bank account; the officer (in French) accepts the
budget, changes the payment schedule and sends the agreement for signature; the partner reads
the PDF in Spanish and signs; the head of mission (in French) countersigns; the officer reveals
the account and records the advance in MXN and CAD; the partner sees it paid. Every page
visited passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import ContributionAgreement
from tests.agreements.test_opening import funded
from tests.e2e.axe import check_axe
from tests.e2e.test_decision_journey import staff
from tests.proposals.test_print import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page, form, url_pattern):
    """Send the form with its main button (forms with rows also have "add a row")."""
    with page.expect_navigation(url=re.compile(url_pattern)):
        form.locator("button.btn-primary[type=submit]").click()
    check_axe(page)


def test_from_a_reduced_approval_to_the_advance_paid_in_spanish_and_french(
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

    officer = sign_in(staff(call_mexico.mission, "program_officer", "ana@example.org", "fr"))
    staff_page = f"/manage/proposals/{proposal.pk}/agreement/"
    officer.goto(live_server.url + f"/manage/proposals/{proposal.pk}/")
    with officer.expect_navigation(url=re.compile(f"{staff_page}$")):
        officer.locator(f"a[href$='{staff_page}']").click()
    check_axe(officer)
    submit(officer, officer.locator("form[action$='/budget/accept/']"), rf"{staff_page}$")
    expect(officer.locator(".alert-success")).to_contain_text("Le budget ajusté est accepté")

    schedule = officer.locator("form[action$='/schedule/']")
    # The default 70/20/10 of CAD 30,000; the officer makes it 80/10/10, one figure at a time.
    schedule.locator("#id_instalments-0-amount_cad").fill("24000")
    submit(officer, schedule, rf"{staff_page}schedule/$")
    expect(officer.locator("#form-errors")).to_contain_text(
        re.compile(r"Les versements totalisent 33\s000,00\s\$\sCA")
    )
    expect(schedule.locator("#id_instalments-0-amount_cad")).to_have_value("24000")
    schedule.locator("#id_instalments-1-amount_cad").fill("3000")
    submit(officer, schedule, rf"{staff_page}$")
    submit(officer, officer.locator("form[action$='/ready/']"), rf"{staff_page}$")
    expect(officer.locator(".alert-success")).to_have_text(
        "L’accord CFLI-MEX-2026-27-A0001 est prêt à signer."
    )
    agreement = ContributionAgreement.objects.get(proposal=proposal)
    assert [i.amount_cad for i in agreement.instalments.all()] == [24000, 3000, 3000]
    assert agreement.bank_account.account_last4 == "4821"

    # The partner reads the agreement in Spanish, then signs it.
    partner.goto(live_server.url + agreement_page)
    document = partner.request.get(live_server.url + f"/proposals/{proposal.pk}/agreement.pdf")
    assert document.headers["content-type"] == "application/pdf"
    text = pdf_text(document.body())
    assert "Acuerdo de contribución" in text
    assert "CFLI-MEX-2026-27-A0001" in text
    with partner.expect_navigation(url=re.compile(f"{agreement_page}sign/$")):
        partner.locator(f"a[href$='{agreement_page}sign/']").click()
    check_axe(partner)
    signature = partner.locator("form[action$='/agreement/sign/']")
    expect(signature.locator("#id_signatory_name")).to_have_value("Rosa Martínez")
    signature.locator("#id_signatory_title").fill("Directora")
    submit(partner, signature, rf"{agreement_page}sign/$")  # without the attestation
    expect(partner.locator("#form-errors")).to_contain_text("Confirme la declaración para firmar.")
    expect(signature.locator("#id_signatory_title")).to_have_value("Directora")
    signature.locator("#id_attested").check()
    submit(partner, signature, rf"{agreement_page}$")
    expect(partner.locator(".alert-success")).to_contain_text("Firmó el acuerdo")
    expect(partner.locator("main")).to_contain_text("Por Mujeres de la Sierra Norte: Rosa Martínez")

    # The head of mission countersigns, in French.
    head = sign_in(staff(call_mexico.mission, "approver", "chef@example.org", "fr"))
    head.goto(live_server.url + staff_page)
    check_axe(head)
    submit(head, head.locator("form[action$='/countersign/']"), rf"{staff_page}$")
    expect(head.locator(".alert-success")).to_contain_text(
        "L’accord CFLI-MEX-2026-27-A0001 est signé par les deux parties"
    )

    # The officer pays the advance into the account revealed for it, and records it.
    officer.goto(live_server.url + staff_page)
    instalment_page = f"{staff_page}instalments/1/"
    with officer.expect_navigation(url=re.compile(f"{instalment_page}$")):
        officer.locator(f"a[href$='{instalment_page}']").click()
    check_axe(officer)
    expect(officer.locator("main")).to_contain_text("•••• 4821")
    reveal = officer.locator("form[action$='/bank-account/']")
    with officer.expect_navigation(url=re.compile(f"{instalment_page}bank-account/$")):
        reveal.locator("button[type=submit]").click()
    check_axe(officer)
    expect(officer.locator("main")).to_contain_text("0123456789014821")
    payment = officer.locator("form[action$='/payment/']")
    expect(payment.locator("#id_amount_cad")).to_have_value("24000.00")
    payment.locator("#id_amount_local").fill("319148.94")
    payment.locator("#id_reference").fill("TRF-0415")
    submit(officer, payment, rf"{staff_page}$")
    expect(officer.locator(".alert-success")).to_contain_text(
        "Le paiement du versement 1 est enregistré"
    )

    partner.goto(live_server.url + agreement_page)
    check_axe(partner)
    paid = partner.locator("table", has_text="Pagado")
    expect(paid).to_contain_text(re.compile(r"CAD 24\s000,00 el"))
    expect(paid).to_contain_text(re.compile(r"319\s148,94 MXN recibidos \(CAD 0,0752 por 1 MXN\)"))
    expect(partner.locator("main")).to_contain_text("Próximo pago: el desembolso 2")
