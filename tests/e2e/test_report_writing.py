"""The partner (in Spanish) writes the final report in the browser: starts it from the
agreement's page, gives the actuals beside the plan (autosaved as she types), is refused at
submission for a line spent over the call's variance without an explanation, explains it,
attaches a receipt and submits. Every page visited passes axe-core."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from monitoring.models import Report
from proposals.beneficiaries import COUNT_FIELDS
from tests.agreements.test_signature import signed
from tests.core.test_uploads import PDF_BYTES
from tests.e2e.axe import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_partner_writes_and_submits_the_final_report(
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
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save()

    page = sign_in(partner_oaxaca)
    page.goto(live_server.url + f"/proposals/{agreement.proposal_id}/agreement/")
    reports = page.locator("section", has=page.locator("#reports-title"))
    with page.expect_navigation(url=re.compile(r"/reports/final/$")):
        reports.get_by_role("link", name="Informe final").click()
    check_axe(page)
    with page.expect_navigation(url=re.compile(r"/reports/final/$")):
        page.get_by_role("button", name="Empezar el informe").click()
    check_axe(page)

    results = Report.objects.get(agreement=agreement, kind="final").results.count()
    for index in range(results):
        page.locator(f"#id_results-{index}-actual").fill("40 defensoras formadas")
        page.locator(f"#id_results-{index}-achievement_0").check()
    for name in COUNT_FIELDS:
        page.locator(f"#id_{name}").fill("12")
    lines = list(agreement.budget.lines.all())
    over = lines[0].cfli_amount * Decimal("1.2")
    page.locator("#id_expenditures-0-actual_local").fill(f"{over:.2f}")
    for index, line in enumerate(lines[1:], start=1):
        page.locator(f"#id_expenditures-{index}-actual_local").fill(f"{line.cfli_amount:.2f}")
    for name, text in (
        ("activities_done", "Doce talleres en seis comunidades."),
        ("changes_observed", "Las defensoras documentan casos."),
        ("gender_equality", "Las mujeres dirigieron los comités."),
        ("lessons", "Trabajar con radios comunitarias."),
        ("sustainability", "La red sigue con fondos propios."),
    ):
        page.locator(f"#id_{name}").fill(text)
    expect(page.locator("#save-status")).to_contain_text("Guardado")

    page.get_by_role("button", name="Presentar el informe").click()
    problems = page.locator("#report-problems")
    expect(problems).to_contain_text(lines[0].description)
    expect(problems).to_contain_text("20,0")
    check_axe(page)

    page.locator("#id_expenditures-0-explanation").fill("Subió el precio del transporte.")
    expect(page.locator("#save-status")).to_contain_text("Guardado")
    receipt = tmp_path / "factura.pdf"
    receipt.write_bytes(PDF_BYTES)
    page.locator("#id_file").set_input_files(str(receipt))
    page.get_by_role("button", name="Agregar el archivo").click()
    expect(page.locator(".alert-success")).to_contain_text("factura.pdf")
    check_axe(page)
    page.get_by_role("button", name="Presentar el informe").click()
    expect(page.locator(".alert-success")).to_contain_text("El informe se presentó")
    check_axe(page)
    report = Report.objects.get(agreement=agreement, kind="final")
    assert report.status == "submitted"
    assert report.expenditures.first().explanation == "Subió el precio del transporte."
