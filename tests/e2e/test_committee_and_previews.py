"""In the browser: the officer recommends from the committee page (a mistake comes back in its
row, open, as typed), and a PDF or an image attachment opens in Chromium's own viewer from its
"Preview" link, served inline in a sandbox, never as a download. Every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from proposals.downloads import PREVIEW_POLICY
from proposals.models import Attachment
from proposals.services import proposal_move, proposal_submit
from tests.core.test_uploads import image_bytes
from tests.e2e.axe import check_axe
from tests.proposals.factories import ProposalFactory, fill_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted(call_mexico, organization_oaxaca, partner_oaxaca, private_files):
    draft = fill_in(ProposalFactory(call=call_mexico, organization=organization_oaxaca))
    return proposal_submit(
        proposal=draft, actor=partner_oaxaca, received_at=call_mexico.opens_at + timedelta(days=1)
    ).proposal


def test_the_officer_recommends_from_the_committee_page(
    page, live_server, log_in, submitted, officer_mexico
):
    proposal = submitted
    for step in ("in_review", "reviewed"):
        proposal = proposal_move(proposal=proposal, to=step, actor=officer_mexico)
    log_in(officer_mexico)
    page.goto(f"{live_server.url}/manage/proposals/committee/{proposal.call_id}/")
    check_axe(page)
    row = page.locator(f"#proposal-{proposal.pk} + tr")

    row.get_by_text("Record the recommendation").first.click()
    row.get_by_label("Fund", exact=True).check()
    expect(row.get_by_label("Amount (CAD)")).to_have_value("37600.00")
    row.get_by_label("Amount (CAD)").fill("150000")
    row.get_by_label("Internal rationale").fill("Pertinente y bien presupuestada.")
    row.get_by_label("Reasons sent to the applicant").fill("Propuesta sólida.")
    row.get_by_role("button", name="Record the recommendation").click()

    # Refused: the row is open again with the error next to the amount, nothing lost.
    expect(row.locator("details")).to_have_attribute("open", "")
    expect(row.get_by_text("The amount is above the call's maximum")).to_be_visible()
    expect(row.get_by_label("Reasons sent to the applicant")).to_have_value("Propuesta sólida.")
    check_axe(page)
    expect(row.get_by_label("Internal rationale")).to_have_value("Pertinente y bien presupuestada.")
    row.get_by_label("Amount (CAD)").fill("37600")
    row.get_by_role("button", name="Record the recommendation").click()

    page.wait_for_url(re.compile(rf"/committee/{proposal.call_id}/#proposal-{proposal.pk}$"))
    expect(page.locator(".alert-success")).to_contain_text("The recommendation is recorded.")
    expect(page.locator(f"#proposal-{proposal.pk}")).to_contain_text("Fund · CAD 37,600.00")
    check_axe(page)


def test_a_pdf_and_an_image_open_in_the_browser_and_a_preview_never_downloads(
    page, context, live_server, log_in, submitted, officer_mexico
):
    from weasyprint import HTML

    pdf = Attachment.objects.get(proposal=submitted)
    pdf.file.save("presupuesto.pdf", ContentFile(HTML(string="<h1>Presupuesto</h1>").write_pdf()))
    png = Attachment(
        proposal=submitted,
        kind="other",
        file_name="foto.png",
        content_type="image/png",
        size=100,
        sha256="0" * 64,
        uploaded_by=submitted.created_by,
    )
    png.file.save("foto.png", ContentFile(image_bytes("PNG")), save=True)
    downloads = []

    def count_downloads(tab):
        tab.on("download", lambda download: downloads.append(download.suggested_filename))

    context.on("page", count_downloads)
    count_downloads(page)
    log_in(officer_mexico)
    page.goto(f"{live_server.url}/manage/proposals/{submitted.pk}/")
    check_axe(page)

    with context.expect_page() as opened:
        page.get_by_role("link", name="Preview presupuesto.pdf").click()
    viewer = opened.value
    viewer.wait_for_load_state()
    response = viewer.goto(
        f"{live_server.url}/manage/proposals/{submitted.pk}/attachments/{pdf.pk}/preview/"
    )

    headers = response.all_headers()  # `headers` leaves out the security headers
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == 'inline; filename="presupuesto.pdf"'
    assert headers["content-security-policy"] == PREVIEW_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert "no-store" in headers["cache-control"]
    # Chromium's PDF viewer shows it: its extension's frame comes into the page.
    for _ in range(50):
        if any(frame.url.startswith("chrome-extension://") for frame in viewer.frames):
            break
        viewer.wait_for_timeout(100)
    else:
        pytest.fail("Chromium's PDF viewer did not open the preview")

    image = context.new_page()
    response = image.goto(
        f"{live_server.url}/manage/proposals/{submitted.pk}/attachments/{png.pk}/preview/"
    )
    headers = response.all_headers()
    assert headers["content-type"] == "image/png"
    assert headers["content-disposition"] == 'inline; filename="foto.png"'
    assert headers["content-security-policy"] == PREVIEW_POLICY
    assert image.locator("img").evaluate("img => img.naturalWidth") == 4
    assert downloads == []
