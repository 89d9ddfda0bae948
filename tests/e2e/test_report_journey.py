"""Issue 22's journey in the browser, axe-clean on every page: the partner (in Spanish) writes
the final report — actuals, people reached, spending with one line over the call's variance,
refused until she explains it, a receipt — and submits it; the officer (in French) asks for a
revision; the partner reads why, revises and submits again; the officer compares the two
versions side by side and accepts: the holdback becomes due; the officer pays it and closes
the project, whose pages are then read only."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from monitoring.models import Report
from proposals.beneficiaries import COUNT_FIELDS
from tests.agreements.test_signature import signed
from tests.core.test_uploads import PDF_BYTES
from tests.e2e.axe import check_axe
from tests.monitoring.test_closure import accepted, paid_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_final_report_from_writing_to_the_projects_closure(
    sign_in,
    live_server,
    tmp_path,
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
    report_url = f"/proposals/{agreement.proposal_id}/reports/final/"
    staff_url = live_server.url + f"/manage/proposals/{agreement.proposal_id}/reports/final/"
    comments = "Il manque le nombre de filles dans la ligne de Tlaxiaco."

    # The partner writes the final report.
    partner = sign_in(partner_oaxaca)
    partner.goto(live_server.url + f"/proposals/{agreement.proposal_id}/agreement/")
    reports = partner.locator("section", has=partner.locator("#reports-title"))
    with partner.expect_navigation(url=re.compile(r"/reports/final/$")):
        reports.get_by_role("link", name="Informe final").click()
    check_axe(partner)
    with partner.expect_navigation(url=re.compile(r"/reports/final/$")):
        partner.get_by_role("button", name="Empezar el informe").click()
    check_axe(partner)
    results = Report.objects.get(agreement=agreement, kind="final").results.count()
    for index in range(results):
        partner.locator(f"#id_results-{index}-actual").fill("40 defensoras formadas")
        partner.locator(f"#id_results-{index}-achievement_0").check()
    for name in COUNT_FIELDS:
        partner.locator(f"#id_{name}").fill("12")
    lines = list(agreement.budget.lines.all())
    partner.locator("#id_expenditures-0-actual_local").fill(
        f"{lines[0].cfli_amount * Decimal('1.2'):.2f}"
    )
    for index, line in enumerate(lines[1:], start=1):
        partner.locator(f"#id_expenditures-{index}-actual_local").fill(f"{line.cfli_amount:.2f}")
    for name, text in (
        ("activities_done", "Doce talleres en seis comunidades."),
        ("changes_observed", "Las defensoras documentan casos."),
        ("gender_equality", "Las mujeres dirigieron los comités."),
        ("lessons", "Trabajar con radios comunitarias."),
        ("sustainability", "La red sigue con fondos propios."),
    ):
        partner.locator(f"#id_{name}").fill(text)
    expect(partner.locator("#save-status")).to_contain_text("Guardado")
    partner.get_by_role("button", name="Presentar el informe").click()
    problems = partner.locator("#report-problems")
    expect(problems).to_contain_text(lines[0].description)
    expect(problems).to_contain_text("20,0")
    check_axe(partner)
    partner.locator("#id_expenditures-0-explanation").fill("Subió el precio del transporte.")
    expect(partner.locator("#save-status")).to_contain_text("Guardado")
    receipt = tmp_path / "factura.pdf"
    receipt.write_bytes(PDF_BYTES)
    partner.locator("#id_file").set_input_files(str(receipt))
    partner.get_by_role("button", name="Agregar el archivo").click()
    expect(partner.locator(".alert-success")).to_contain_text("factura.pdf")
    check_axe(partner)
    partner.get_by_role("button", name="Presentar el informe").click()
    expect(partner.locator(".alert-success")).to_contain_text("El informe se presentó")
    check_axe(partner)

    # The officer asks for a revision.
    officer = sign_in(officer_mexico)
    officer.goto(live_server.url + "/manage/reports/")
    expect(officer.locator("main")).to_contain_text("À examiner")
    check_axe(officer)
    with officer.expect_navigation(url=re.compile(r"/reports/final/$")):
        officer.get_by_role("link", name=agreement.number).click()
    expect(officer.locator("main")).to_contain_text("Le rapport tel que soumis (version 1)")
    expect(officer.locator("main")).to_contain_text("Subió el precio del transporte.")
    check_axe(officer)
    officer.get_by_label("Que doit réviser le partenaire\u202f?").fill(comments)
    with officer.expect_navigation(url=re.compile(r"/reports/final/$")):
        officer.get_by_role("button", name="Demander une révision").click()
    expect(officer.locator(".alert-success")).to_contain_text("Le rapport est renvoyé")

    # The partner revises.
    partner.goto(live_server.url + report_url)
    expect(partner.locator("main")).to_contain_text(comments)
    check_axe(partner)
    partner.locator("#id_direct_girls").fill("14")
    partner.locator("#id_lessons").fill("Contar a las niñas por comunidad.")
    expect(partner.locator("#save-status")).to_contain_text("Guardado")
    partner.get_by_role("button", name="Presentar el informe").click()
    expect(partner.locator(".alert-success")).to_contain_text("El informe se presentó")
    check_axe(partner)

    # The officer compares, accepts, pays the holdback and closes the project.
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
    partner.goto(live_server.url + report_url)
    expect(partner.locator("main")).not_to_contain_text("Presentar el informe")
