"""Uploads through the proposal's page: what is refused, with which message, and who may
download what was accepted."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent
from proposals.models import Attachment
from tests.core.test_uploads import EXE_BYTES, HTML_BYTES, PDF_BYTES, SVG_BYTES, zeros_docx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_files")]


def upload(client, proposal, name, data, kind="budget"):
    return client.post(
        f"/proposals/{proposal.pk}/attachments/new/",
        {"kind": kind, "file": SimpleUploadedFile(name, data)},
    )


def test_a_pdf_is_attached_under_a_clean_name_with_its_sha256(
    client, draft_oaxaca, partner_oaxaca, private_files
):
    client.force_login(partner_oaxaca)

    response = upload(client, draft_oaxaca, "../../presupuesto final.pdf", PDF_BYTES)

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.file_name, attachment.kind, attachment.size) == (
        "presupuesto final.pdf",  # shown as the person named it; stored under a safe name
        "budget",
        len(PDF_BYTES),
    )
    assert attachment.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    stored = private_files / attachment.file.name
    assert stored.read_bytes() == PDF_BYTES
    assert ".." not in attachment.file.name


def test_the_applicant_previews_an_attached_pdf_from_the_attachments_section(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)
    upload(client, draft_oaxaca, "presupuesto.pdf", PDF_BYTES)
    attachment = Attachment.objects.get()

    section = client.get(f"/proposals/{draft_oaxaca.pk}/attachments/").text
    preview_url = f"/proposals/{draft_oaxaca.pk}/attachments/{attachment.pk}/preview/"

    assert f'href="{preview_url}"' in section
    shown = client.get(preview_url)
    assert shown["Content-Disposition"].startswith("inline")
    assert "sandbox" in shown["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("_case", "name", "data", "message"),
    [
        ("an .exe renamed .pdf", "factura.pdf", EXE_BYTES, "its content is not a PDF file"),
        ("HTML named .pdf", "carta.pdf", HTML_BYTES, "its content is not a PDF file"),
        ("an SVG", "logo.svg", SVG_BYTES, "is not a PDF, Word (DOCX)"),
        ("an SVG named .png", "logo.png", SVG_BYTES, "its content is not a PNG file"),
        (
            "a zip bomb named .docx",
            "plan.docx",
            zeros_docx(size=120 * 1024 * 1024),
            "is compressed in a way that could harm our servers",
        ),
    ],
)
def test_dangerous_files_are_refused_with_a_clear_message(
    _case, name, data, message, client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    response = upload(client, draft_oaxaca, name, data)

    assert response.status_code == 400
    assert message in response.text
    assert not Attachment.objects.exists()


def test_a_file_over_the_calls_limit_is_refused_while_it_streams(
    client, draft_oaxaca, partner_oaxaca
):
    call = draft_oaxaca.call
    call.attachment_max_mb = 1
    call.save()
    client.force_login(partner_oaxaca)
    data = PDF_BYTES + b"0" * (8 * 1024 * 1024)

    response = upload(client, draft_oaxaca, "enorme.pdf", data)

    # That reading stops at the limit, keeping nothing past it: tests/core/test_uploads.py.
    assert response.status_code == 400
    assert "is larger than 1 MB" in response.text
    assert not Attachment.objects.exists()


def test_only_the_organization_downloads_and_each_download_is_audited(
    client, draft_oaxaca, partner_oaxaca, partner_bogota
):
    client.force_login(partner_oaxaca)
    upload(client, draft_oaxaca, "presupuesto.pdf", PDF_BYTES)
    attachment = Attachment.objects.get()
    url = f"/proposals/{draft_oaxaca.pk}/attachments/{attachment.pk}/"

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="presupuesto.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(verb="attachment.downloaded").count() == 1

    client.force_login(partner_bogota)
    assert client.get(url).status_code == 404
    assert upload(client, draft_oaxaca, "otro.pdf", PDF_BYTES).status_code == 404
    assert client.post(f"{url}delete/").status_code == 404
    assert Attachment.objects.count() == 1


def test_a_file_is_removed_while_the_proposal_is_a_draft(
    client, draft_oaxaca, partner_oaxaca, private_files, django_capture_on_commit_callbacks
):
    client.force_login(partner_oaxaca)
    upload(client, draft_oaxaca, "presupuesto.pdf", PDF_BYTES)
    attachment = Attachment.objects.get()
    stored = private_files / attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/proposals/{draft_oaxaca.pk}/attachments/{attachment.pk}/delete/")

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not stored.exists()
