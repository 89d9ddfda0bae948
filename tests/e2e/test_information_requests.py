"""A request for more information in the browser: the officer asks, the partner answers with a
file, both pages axe-clean."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from proposals import services
from tests.core.test_uploads import PDF_BYTES
from tests.e2e.axe import check_axe
from tests.proposals.factories import ProposalFactory, fill_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_officer_asks_and_the_partner_answers_with_a_file(
    browser,
    live_server,
    tmp_path,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    private_files,
):
    from tests.accounts.factories import PASSWORD

    draft = fill_in(ProposalFactory(call=call_mexico, organization=organization_oaxaca))
    proposal = services.proposal_submit(
        proposal=draft, actor=partner_oaxaca, received_at=call_mexico.opens_at + timedelta(days=1)
    ).proposal
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save()

    def signed_in(user):
        page = browser.new_context().new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("#id_password").press("Enter")
        page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
        return page

    officer = signed_in(officer_mexico)
    officer.goto(f"{live_server.url}/manage/proposals/{proposal.pk}/")
    officer.get_by_label("Question to the applicant").fill("¿Quién llevará la contabilidad?")
    too_late = timezone.localdate() + timedelta(days=120)
    officer.get_by_label("Answer by").fill(too_late.isoformat())
    officer.get_by_role("button", name="Ask the applicant").click()
    expect(officer.locator(".invalid-feedback")).to_contain_text("Give a date within 90 days.")
    check_axe(officer)  # the page with the error, too
    due = timezone.localdate() + timedelta(days=7)
    officer.get_by_label("Answer by").fill(due.isoformat())
    officer.get_by_role("button", name="Ask the applicant").click()
    expect(officer.locator(".alert-success")).to_be_visible()
    expect(officer.get_by_text("Waiting for the answer")).to_be_visible()
    check_axe(officer)

    partner = signed_in(partner_oaxaca)
    partner.goto(f"{live_server.url}/proposals/")
    partner.get_by_role("link", name="Responder a la pregunta de la embajada").click()
    question = partner.get_by_role("region", name="La embajada necesita más información")
    expect(question).to_contain_text("¿Quién llevará la contabilidad?")
    check_axe(partner)
    partner.get_by_label("Su respuesta").fill("Una contadora certificada de la comunidad.")
    upload = tmp_path / "cv contadora.pdf"
    upload.write_bytes(PDF_BYTES)
    partner.get_by_label("Archivos (opcional)").set_input_files(str(upload))
    partner.get_by_role("button", name="Enviar la respuesta").click()
    expect(partner.locator(".alert-success")).to_be_visible()
    expect(partner.get_by_role("link", name="cv contadora.pdf", exact=True)).to_be_visible()
    check_axe(partner)

    officer.reload()
    expect(officer.get_by_text("Una contadora certificada de la comunidad.")).to_be_visible()
    with officer.expect_download() as download:
        officer.get_by_role("link", name="cv contadora.pdf", exact=True).click()
    assert download.value.suggested_filename == "cv contadora.pdf"
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
