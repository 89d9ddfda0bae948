"""An applicant's whole journey in Spanish, with the keyboard only: sign up, verify, register the
organization, fill every section, attach a PDF, submit, and get the receipt and its PDF."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from programs.models import SubTheme
from proposals.models import Proposal
from tests.core.test_uploads import PDF_BYTES
from tests.e2e.axe import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "maiz-azul-y-frijol-2026"


def type_into(page, selector, text):
    """Replace what the field holds, as a person would: select it all, then type."""
    page.locator(selector).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press(page, selector, key="Enter"):
    page.locator(selector).focus()
    page.keyboard.press(key)


def save_and_continue(page, next_path):
    press(page, "button[name=save_next]")
    page.wait_for_url(re.compile(next_path))
    check_axe(page)


@pytest.fixture
def spanish_page(context, live_server):
    context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    return context.new_page()


def test_a_partner_applies_in_spanish_with_the_keyboard_only(
    spanish_page, live_server, call_mexico, private_files
):
    SubTheme.objects.create(name_en="Water", name_fr="Eau", name_es="Agua", position=4)
    page = spanish_page
    # Sign up, and verify the address with the link of the e-mail.
    page.goto(live_server.url + "/accounts/signup/")
    check_axe(page)
    type_into(page, "#id_full_name", "Itzel López")
    type_into(page, "#id_email", "itzel@example.org")
    type_into(page, "#id_password1", PASSWORD)
    type_into(page, "#id_password2", PASSWORD)
    press(page, "#id_password2")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    check_axe(page)
    press(page, "main form button[type=submit]")
    # Confirming in the browser that signed up signs in, on the partner's start page.
    page.wait_for_url(re.compile(r"/proposals/$"))
    check_axe(page)

    # Register the organization.
    page.goto(live_server.url + "/accounts/organizations/new/")
    check_axe(page)
    type_into(page, "#id_name", "Colectivo Tierra y Agua")
    page.locator("#id_kind").select_option("local_ngo")
    page.locator("#id_country").select_option("MX")
    type_into(page, "#id_city", "Juchitán")
    type_into(page, "#id_description", "Defendemos el agua del Istmo.")
    type_into(page, "#id_contact_name", "Itzel López")
    type_into(page, "#id_contact_email", "itzel@example.org")
    press(page, "#id_has_own_bank_account_0", "Space")
    press(page, "input[name=registration_status][value=not_registered]", "Space")
    press(page, "form[data-cfli-organization-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/organizations/\d+/$"))
    check_axe(page)

    # Start a proposal from the dashboard.
    page.goto(live_server.url + "/proposals/")
    check_axe(page)
    press(page, f"form[action='/proposals/new/{call_mexico.pk}/'] button")
    page.wait_for_url(re.compile(r"/proposals/\d+/project/$"))
    check_axe(page)
    proposal = Proposal.objects.get()
    base = f"/proposals/{proposal.pk}/"

    type_into(page, "#id_title", "Agua segura para Juchitán")
    type_into(page, "#id_location_region", "Oaxaca")
    page.locator("#id_start_date").fill("2026-12-01")
    page.locator("#id_end_date").fill("2027-02-10")
    save_and_continue(page, base + "priority/$")

    press(page, "input[name=call_priority]", "Space")
    page.locator("#id_sub_theme").select_option(label="Agua")
    save_and_continue(page, base + "context/$")

    type_into(page, "#id_context", "Las familias del Istmo no tienen agua potable.")
    press(page, "#id_local_authorization_needed_1", "Space")
    save_and_continue(page, base + "results/$")

    type_into(page, "#id_objectives", "Agua potable para 300 familias.")
    page.locator("#id_results-0-kind").select_option("outcome")
    type_into(page, "#id_results-0-description", "Familias con agua potable")
    type_into(page, "#id_results-0-indicator", "Número de familias")
    type_into(page, "#id_results-0-baseline", "0")
    type_into(page, "#id_results-0-target", "300")
    type_into(page, "#id_activities-0-description", "Instalar filtros comunitarios")
    page.locator("#id_activities-0-start_date").fill("2026-12-05")
    page.locator("#id_activities-0-end_date").fill("2027-01-31")
    save_and_continue(page, base + "beneficiaries/$")

    type_into(page, "#id_beneficiaries_description", "Familias zapotecas de Juchitán.")
    type_into(page, "#id_direct_women", "300")
    type_into(page, "#id_direct_girls", "150")
    press(page, "input[name=beneficiaries_consulted][value=yes]", "Space")
    type_into(page, "#id_consultation_explanation", "Dos asambleas en octubre.")
    save_and_continue(page, base + "gba/$")

    type_into(page, "#id_gba_differential_impacts", "Las mujeres acarrean el agua.")
    press(page, "input[name=gba_women_consulted][value=yes]", "Space")
    type_into(page, "#id_gba_consultation_influence", "Eligieron dónde poner los filtros.")
    type_into(page, "#id_gba_do_no_harm", "Filtros en lugares seguros y visibles.")
    save_and_continue(page, base + "risks/$")

    type_into(page, "#id_risks", "Lluvias: calendario flexible.")
    type_into(page, "#id_sustainability", "Comités de agua mantienen los filtros.")
    type_into(page, "#id_environment", "Sin impacto negativo.")
    save_and_continue(page, base + "budget/$")

    page.locator("#id_budget_lines-0-category").select_option("equipment")
    type_into(page, "#id_budget_lines-0-description", "Filtros")
    type_into(page, "#id_budget_lines-0-unit", "filtro")
    type_into(page, "#id_budget_lines-0-quantity", "100")
    type_into(page, "#id_budget_lines-0-unit_cost", "5000")
    type_into(page, "#id_budget_lines-0-cfli_amount", "500000")
    # The amount requested is the CFLI column's total, not typed again.
    expect(page.locator("#id_amount_requested")).to_have_text(re.compile(r"500.000,00 MXN"))
    save_and_continue(page, base + "funders/$")
    save_and_continue(page, base + "attachments/$")

    page.locator("#id_kind").select_option("budget")
    page.locator("#id_file").set_input_files(
        {"name": "presupuesto.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    press(page, "form[enctype='multipart/form-data'] button[type=submit]")
    expect(page.get_by_role("link", name="presupuesto.pdf", exact=True)).to_be_visible()
    check_axe(page)
    save_and_continue(page, base + "declaration/$")

    type_into(page, "#id_declarant_name", "Itzel López")
    type_into(page, "#id_declarant_title", "Coordinadora")
    press(page, "#id_declaration_attested", "Space")
    press(page, "#section-form button[type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()

    # Everything is complete: the checklist offers the submit button.
    press(page, f"nav a.btn[href='{base}checklist/']")
    page.wait_for_url(re.compile(base + "checklist/$"))
    check_axe(page)
    expect(page.get_by_text("Completa", exact=True)).to_have_count(11)
    press(page, f"form[action='{base}submit/'] button")
    page.wait_for_url(re.compile(base + "receipt/$"))
    check_axe(page)

    proposal.refresh_from_db()
    expect(page.get_by_text(proposal.reference)).to_be_visible()
    assert proposal.reference == f"CFLI-{call_mexico.mission.code}-2026-27-0001"
    with page.expect_download() as download:
        press(page, "a[href$='receipt.pdf']")
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
