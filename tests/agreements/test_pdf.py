"""The agreement as a document: one template, in the partner's language for the partner, in
any of the three for staff; with the parties, the budget, the schedule, the conditions and the
bank account masked."""

import pytest

from agreements import services
from tests.agreements.test_opening import funded
from tests.proposals.test_print import pdf_text

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    """The PDF's text on one line, as a reader would take it in."""
    return " ".join(pdf_text(content).split())


@pytest.fixture
def agreement(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    proposal = funded(
        call_mexico,
        organization_oaxaca,
        partner_oaxaca,
        officer_mexico,
        approver_mexico,
        conditions="Informe de seguridad antes del segundo pago.",
    )
    services.bank_account_set(
        agreement=proposal.agreement,
        actor=partner_oaxaca,
        holder="Mujeres de la Sierra Norte",
        bank_name="Banco del Bienestar",
        bank_address="",
        account_number="0123456789014821",
        swift_bic="",
        iban="",
    )
    return proposal.agreement


def test_the_partner_reads_the_agreement_in_its_language(
    client, agreement, partner_oaxaca, private_files
):
    client.force_login(partner_oaxaca)  # whose pages are in English; the agreement is Spanish

    response = client.get(f"/proposals/{agreement.proposal_id}/agreement.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Acuerdo de contribución (borrador)" in text
    assert "Mujeres de la Sierra Norte" in text
    assert "Talleres" in text
    assert "Informe de seguridad antes del segundo pago." in text
    assert "A la firma del acuerdo" in text
    assert "•••• 4821" in text
    assert "0123456789" not in text


def test_staff_read_it_as_the_partner_does_or_in_another_language(
    client, agreement, officer_mexico, private_files
):
    services.agreement_mark_ready(agreement=agreement, actor=officer_mexico)
    client.force_login(officer_mexico)
    address = f"/manage/proposals/{agreement.proposal_id}/agreement/pdf/"

    as_partner = text_of(client.get(address).content)
    in_english = text_of(client.get(f"{address}?language=en").content)

    assert "Acuerdo de contribución CFLI-MEX-2026-27-A0001" in as_partner
    assert "Contribution agreement CFLI-MEX-2026-27-A0001" in in_english
    assert "On signature of the agreement" in in_english
    assert client.get(f"{address}?language=pt").status_code == 404
