"""The printable proposal: its preview page, its PDF, the receipt PDF and a call's blank form."""

import subprocess
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from proposals.models import BudgetLine, Proposal, ProposalResult
from proposals.sections import SECTIONS

REFERENCE = "CFLI-MEX-2026-27-0001"


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True, timeout=30
    ).stdout.decode()


def submitted(proposal: Proposal) -> Proposal:
    """The proposal as the submission leaves it (without the e-mails and the revision)."""
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Proposal.Status.SUBMITTED,
        reference=REFERENCE,
        # 18:30 UTC is 12:30 in Mexico City.
        submitted_at=datetime(2026, 11, 20, 18, 30, tzinfo=UTC),
        amount_requested_cad=Decimal("37600.00"),
    )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def submitted_oaxaca(complete_draft):
    return submitted(complete_draft)


# --- Preview ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_shows_every_section_in_order_and_escapes_what_users_wrote(
    client, complete_draft, partner_oaxaca
):
    complete_draft.title = "<script>alert(1)</script>"
    complete_draft.save(update_fields=["title"])
    client.force_login(partner_oaxaca)

    response = client.get(reverse("proposals:preview", args=[complete_draft.pk]))

    assert response.status_code == 200
    page = response.text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    positions = [
        page.index(f"{number}. {section.title}") for number, section in enumerate(SECTIONS, start=1)
    ]
    assert positions == sorted(positions)
    assert "Defensoras de 12 comunidades zapotecas." in page
    assert '<caption class="fw-bold text-body">Budget lines</caption>' in page
    assert '<th scope="col" class="text-end pdf-number">Unit cost</th>' in page
    assert '<th scope="row">Women and girls</th>' in page
    attachment = complete_draft.attachments.get()
    download = reverse("proposals:attachment-download", args=[complete_draft.pk, attachment.pk])
    assert f'<a href="{download}">presupuesto.pdf</a>' in page
    assert f'href="{reverse("proposals:pdf", args=[complete_draft.pk])}"' in page


@pytest.mark.django_db
def test_preview_of_a_new_draft_says_what_is_not_answered_and_links_to_each_section(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    page = client.get(reverse("proposals:preview", args=[draft_oaxaca.pk])).text

    assert page.count("Not answered yet") > 20
    for section in SECTIONS:
        assert f'href="{reverse("proposals:section", args=[draft_oaxaca.pk, section.key])}"' in page
    # The call does not allow multi-year projects: the question is not asked, so not missing.
    assert "why the project needs more than one year" not in page.lower()


@pytest.mark.django_db
def test_preview_of_a_submitted_proposal_has_no_links_to_edit(
    client, submitted_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    page = client.get(reverse("proposals:preview", args=[submitted_oaxaca.pk])).text

    assert REFERENCE in page
    assert reverse("proposals:section", args=[submitted_oaxaca.pk, "project"]) not in page


@pytest.mark.django_db
def test_preview_reads_the_proposal_in_a_fixed_number_of_queries_however_many_rows(
    client, complete_draft, partner_oaxaca, django_assert_max_num_queries
):
    for position in range(1, 6):
        BudgetLine.objects.create(proposal=complete_draft, position=position, description="x")
        ProposalResult.objects.create(proposal=complete_draft, position=position, target="60")
    client.force_login(partner_oaxaca)

    # The session with its user; the proposal with its call, mission, organization, priority and
    # sub-theme; its results, activities, budget lines, other funders and attachments (5
    # prefetches); the membership that allows editing; the header's staff roles and unread
    # notifications.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("proposals:preview", args=[complete_draft.pk]))

    assert response.status_code == 200
    assert response.text.count("<td>x</td>") == 5


# --- Proposal PDF -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_pdf_of_a_spanish_proposal_has_spanish_labels_for_an_english_reader(
    client, complete_draft, partner_oaxaca
):
    assert complete_draft.language == "es"
    assert partner_oaxaca.preferred_language == "en"
    client.force_login(partner_oaxaca)

    response = client.get(
        reverse("proposals:pdf", args=[complete_draft.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="draft-defensoras-comunitarias-de-la-sierra-norte.pdf"'
    )
    text = pdf_text(response.content)
    assert "Fondo Canadá para Iniciativas Locales" in text
    assert "Área prioritaria" in text
    assert "Borrador" in text
    assert "Priority area" not in text
    assert "Canada Fund for Local Initiatives" not in text
    assert "Defensoras comunitarias de la Sierra Norte" in text
    assert "Las defensoras indígenas enfrentan amenazas crecientes." in text


@pytest.mark.django_db
def test_pdf_prints_what_users_wrote_literally(client, complete_draft, partner_oaxaca):
    complete_draft.context = "<b>Primero</b>\nSegundo & tercero"
    complete_draft.save(update_fields=["context"])
    client.force_login(partner_oaxaca)

    text = pdf_text(client.get(reverse("proposals:pdf", args=[complete_draft.pk])).content)

    assert "<b>Primero</b>\nSegundo & tercero" in text


@pytest.mark.django_db
def test_pdf_of_an_untitled_draft_is_named_draft(client, draft_oaxaca, partner_oaxaca):
    client.force_login(partner_oaxaca)

    response = client.get(reverse("proposals:pdf", args=[draft_oaxaca.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="draft.pdf"'


# --- Receipt PDF ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_receipt_pdf_gives_the_reference_in_the_mission_time_and_the_asker_language(
    client, submitted_oaxaca, partner_oaxaca
):
    Proposal.objects.filter(pk=submitted_oaxaca.pk).update(language="en")
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save(update_fields=["preferred_language"])
    client.force_login(partner_oaxaca)

    response = client.get(reverse("proposals:receipt-pdf", args=[submitted_oaxaca.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{REFERENCE}-receipt.pdf"'
    text = pdf_text(response.content)
    assert REFERENCE in text
    assert "Mujeres de la Sierra Norte" in text
    assert "12:30" in text
    assert "America/Mexico City" in text
    assert "500 000,00 MXN (CAD 37 600,00)" in text  # Spanish grouping
    assert "Fondo Canadá para Iniciativas Locales" in text


@pytest.mark.django_db
def test_a_draft_has_no_receipt_pdf(client, draft_oaxaca, partner_oaxaca):
    client.force_login(partner_oaxaca)

    response = client.get(reverse("proposals:receipt-pdf", args=[draft_oaxaca.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_receipt_page_links_to_its_pdf(client, submitted_oaxaca, partner_oaxaca):
    client.force_login(partner_oaxaca)

    page = client.get(reverse("proposals:receipt", args=[submitted_oaxaca.pk])).text

    assert f'href="{reverse("proposals:receipt-pdf", args=[submitted_oaxaca.pk])}"' in page


# --- Who may see them -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["proposals:preview", "proposals:pdf", "proposals:receipt-pdf"])
def test_someone_outside_the_organization_gets_404(name, client, submitted_oaxaca, partner_bogota):
    client.force_login(partner_bogota)

    response = client.get(reverse(name, args=[submitted_oaxaca.pk]))

    assert response.status_code == 404


# --- Blank form of a call ---------------------------------------------------------------------


@pytest.mark.django_db
def test_anyone_gets_the_blank_form_of_a_call_with_its_own_limits_and_choices(client, call_mexico):
    area = call_mexico.priorities.get().priority_area

    response = client.get(reverse("proposals:call-form-pdf", args=[call_mexico.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="mexico-call-2026-27-form.pdf"'
    text = pdf_text(response.content)
    assert "Mexico call 2026-27" in text
    assert area.name in text
    assert "At most 150 words." in text
    assert "At most 500 words." in text
    assert "Detailed budget" in text  # the call's required attachment
    assert "Proof of legal registration" in text  # required by the call's settings
    assert "Unit cost" in text
    assert "Women and girls" in text
    assert "Declaration" in text


@pytest.mark.django_db
def test_the_blank_form_speaks_the_visitor_language(client, call_mexico):
    client.cookies["django_language"] = "es"

    text = pdf_text(client.get(reverse("proposals:call-form-pdf", args=[call_mexico.pk])).content)

    assert call_mexico.title_es in text
    assert "Área prioritaria" in text
    assert "Fondo Canadá para Iniciativas Locales" in text


@pytest.mark.django_db
def test_an_unpublished_call_has_no_blank_form(client, call_mexico):
    call_mexico.published_at = None
    call_mexico.save(update_fields=["published_at"])

    response = client.get(reverse("proposals:call-form-pdf", args=[call_mexico.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_call_page_links_to_its_blank_form(client, call_mexico):
    page = client.get(reverse("programs:call-detail", args=[call_mexico.pk])).text

    assert f'href="{reverse("proposals:call-form-pdf", args=[call_mexico.pk])}"' in page
