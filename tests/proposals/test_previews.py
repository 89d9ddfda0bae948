"""Previews of attachments, and the staff's PDF of a proposal.

A PDF or an image opens in the browser from a "Preview" link, served by the same view as its
download (so to the same people), inline, with the type its upload's checks recorded, never
sniffed, never cached, and locked in a sandbox that runs and loads nothing. Any other file is
still a download."""

import subprocess

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core.models import AuditEvent
from proposals.downloads import PREVIEW_POLICY
from proposals.models import Attachment, Proposal
from reviews.models import ReviewAssignment
from tests.accounts.factories import UserFactory
from tests.core.test_uploads import DOCX_TYPE, image_bytes, zeros_docx
from tests.programs.factories import MissionStaffFactory
from tests.proposals.factories import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_files")]

PNG = image_bytes("PNG")
DOCX = zeros_docx(size=0)


def attach(proposal, file_name, content_type, data, kind="other"):
    """A file as an accepted upload leaves it: the type is the one its content was checked to
    be (core.uploads), whatever its name says."""
    attachment = Attachment(
        proposal=proposal,
        kind=kind,
        file_name=file_name,
        content_type=content_type,
        size=len(data),
        sha256="0" * 64,
        uploaded_by=proposal.created_by,
    )
    attachment.file.save(file_name, ContentFile(data), save=True)
    return attachment


def cache_directives(response) -> set[str]:
    """Cache-Control's directives (signed-in pages add their own, all as strict)."""
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


def staff_url(attachment, preview=True):
    url = f"/manage/proposals/{attachment.proposal_id}/attachments/{attachment.pk}/"
    return url + "preview/" if preview else url


def test_staff_preview_a_pdf_in_the_browser_inline_sandboxed_and_uncached(
    client, submitted_oaxaca, officer_mexico
):
    attachment = submitted_oaxaca.attachments.get()  # presupuesto.pdf
    client.force_login(officer_mexico)

    response = client.get(staff_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="presupuesto.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Security-Policy"] == "sandbox; default-src 'none'; frame-ancestors 'none'"
    )
    assert response["Content-Security-Policy"] == PREVIEW_POLICY
    assert {"private", "no-store"} <= cache_directives(response)
    assert b"".join(response.streaming_content) == PDF
    # A preview is a download: on the audit trail.
    assert AuditEvent.objects.filter(verb="attachment.downloaded", actor=officer_mexico).exists()


def test_a_png_is_previewed_with_the_type_its_checks_recorded_not_the_one_its_name_says(
    client, submitted_oaxaca, officer_mexico
):
    attachment = attach(submitted_oaxaca, "escaneo.html", "image/png", PNG)
    client.force_login(officer_mexico)

    response = client.get(staff_url(attachment))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="escaneo.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == PREVIEW_POLICY
    assert {"private", "no-store"} <= cache_directives(response)


def test_a_word_file_is_still_downloaded_from_its_preview_url(
    client, submitted_oaxaca, officer_mexico
):
    attachment = attach(submitted_oaxaca, "plan de trabajo.docx", DOCX_TYPE, DOCX)
    client.force_login(officer_mexico)

    response = client.get(staff_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="plan de trabajo.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] != PREVIEW_POLICY  # the pages' own policy


def test_the_reviewer_and_the_applicant_preview_with_their_own_permission(
    client, submitted_oaxaca, partner_oaxaca, mission_mexico
):
    attachment = attach(submitted_oaxaca, "foto.png", "image/png", PNG)
    reviewer = MissionStaffFactory(mission=mission_mexico, role="reviewer", user=UserFactory()).user
    assignment = ReviewAssignment.objects.create(
        proposal=submitted_oaxaca,
        reviewer=reviewer,
        due_date="2027-01-15",
        declaration="pending",
    )
    url = f"/manage/reviews/{assignment.pk}/attachments/{attachment.pk}/preview/"
    client.force_login(reviewer)
    assert client.get(url).status_code == 404  # before declaring no conflict: no files
    ReviewAssignment.objects.filter(pk=assignment.pk).update(
        declaration="no_conflict", declared_at=timezone.now()
    )

    reviewed = client.get(url)
    assert f'href="{url}"' in client.get(f"/manage/reviews/{assignment.pk}/").text
    client.force_login(partner_oaxaca)
    applicant = client.get(f"/proposals/{submitted_oaxaca.pk}/attachments/{attachment.pk}/preview/")

    for response in (reviewed, applicant):
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'inline; filename="foto.png"'
        assert response["Content-Security-Policy"] == PREVIEW_POLICY


def test_another_missions_staff_get_a_404_for_the_preview_the_download_and_the_pdf(
    client, submitted_oaxaca, officer_colombia
):
    attachment = submitted_oaxaca.attachments.get()
    client.force_login(officer_colombia)

    for url in (
        staff_url(attachment),
        staff_url(attachment, preview=False),
        f"/manage/proposals/{submitted_oaxaca.pk}/pdf/",
    ):
        assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(actor=officer_colombia).exclude(verb="user.logged_in")


def test_preview_links_are_offered_for_pdf_and_images_only_and_never_printed(
    client, submitted_oaxaca, officer_mexico, partner_oaxaca
):
    pdf = submitted_oaxaca.attachments.get()
    png = attach(submitted_oaxaca, "foto.png", "image/png", PNG)
    docx = attach(submitted_oaxaca, "plan.docx", DOCX_TYPE, DOCX)
    client.force_login(officer_mexico)

    workspace = client.get(f"/manage/proposals/{submitted_oaxaca.pk}/").text

    for shown in (pdf, png):
        assert f'href="{staff_url(shown)}"' in workspace
    assert staff_url(docx) not in workspace
    assert 'Preview<span class="visually-hidden"> foto.png</span>' in workspace
    client.force_login(partner_oaxaca)
    own_page = client.get(f"/proposals/{submitted_oaxaca.pk}/preview/").text
    assert f'href="/proposals/{submitted_oaxaca.pk}/attachments/{png.pk}/preview/"' in own_page
    printed = pdf_text(client.get(f"/proposals/{submitted_oaxaca.pk}/pdf/").content)
    assert "foto.png" in printed
    assert "Preview" not in printed
    assert "Vista previa" not in printed


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_staff_download_the_proposal_as_a_pdf_in_their_own_language(
    client, submitted_oaxaca, officer_mexico, partner_oaxaca, django_assert_num_queries
):
    officer_mexico.preferred_language = "fr"
    officer_mexico.save()
    client.force_login(officer_mexico)
    workspace = client.get(f"/manage/proposals/{submitted_oaxaca.pk}/").text
    assert f'href="/manage/proposals/{submitted_oaxaca.pk}/pdf/"' in workspace

    # The session with its user and roles, the proposal, its five kinds of rows and files, the
    # audit row.
    with django_assert_num_queries(8):
        response = client.get(f"/manage/proposals/{submitted_oaxaca.pk}/pdf/")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{submitted_oaxaca.reference}-defensoras-comunitarias'
    )
    text = " ".join(pdf_text(response.content).split())
    assert "Contexte et problème" in text  # the staff member's language
    assert "Las defensoras indígenas enfrentan amenazas crecientes." in text  # as written
    assert submitted_oaxaca.reference in text
    assert AuditEvent.objects.filter(verb="proposal.viewed", actor=officer_mexico).exists()
    # The applicant's own PDF stays in the proposal's language (Spanish).
    client.force_login(partner_oaxaca)
    own = " ".join(pdf_text(client.get(f"/proposals/{submitted_oaxaca.pk}/pdf/").content).split())
    assert "Contexto y problema" in own
    assert Proposal.objects.get(pk=submitted_oaxaca.pk).language == "es"
