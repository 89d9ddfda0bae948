"""The quarter's proactive publication in the browser: an officer in French writes an
agreement's texts on its page, prepares the quarter's file from "My exports", and downloads
it; axe-clean."""

import pytest
from playwright.sync_api import expect

from reporting.publication import Quarter
from tests.agreements.test_publication import TEXTS
from tests.agreements.test_signature import signed
from tests.e2e.axe import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def test_an_officer_writes_the_texts_then_prepares_and_downloads_the_quarter(
    page, live_server, log_in, parties, private_files
):
    officer = parties[3]
    officer.preferred_language = "fr"
    officer.save()
    agreement = signed(parties)
    log_in(officer)

    page.goto(f"{live_server.url}/manage/proposals/{agreement.proposal_id}/agreement/")
    expect(page.locator("#publication-missing")).to_contain_text("Titre en français")
    check_axe(page)
    for name, value in TEXTS.items():
        page.locator(f"#id_{name}").fill(value)
    page.get_by_role("button", name="Enregistrer les textes à publier").click()
    expect(page.locator("main")).to_contain_text("Les textes à publier sont enregistrés.")
    expect(page.locator("#publication-missing")).to_have_count(0)

    page.goto(f"{live_server.url}/manage/exports/")
    page.get_by_role("link", name="Préparer le fichier d’un trimestre").click()
    quarter = Quarter.of(agreement.start_date)
    page.locator("#id_fiscal_year").select_option(str(quarter.fiscal_year))
    page.locator("#id_quarter").select_option(str(quarter.number))
    page.get_by_role("button", name="Préparer le fichier").click()
    expect(page.locator("main")).to_contain_text("1 ligne à publier.")
    check_axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le fichier (CSV)").click()
    assert download.value.suggested_filename.endswith(f"-{quarter.code}-grants.csv")
