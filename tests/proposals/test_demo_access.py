"""With the demo data, the Bogotá partner reaches nothing of the Oaxaca organization's."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from agreements.models import Amendment
from monitoring.models import Report
from proposals.models import Attachment, InformationRequest, Proposal
from proposals.sections import SECTION_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_files")]

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_partner_bogota_gets_404_on_every_page_autosave_and_file_of_oaxaca(client):
    call_command("seed_demo", verbosity=0)
    client.force_login(User.objects.get(email="partner.bogota@cfli.example"))
    oaxaca = Proposal.objects.filter(organization__name__startswith="Mujeres Tejiendo")
    # A draft, submitted ones in every state of the review, and approved ones at each stage of
    # their agreement and of their reports.
    assert oaxaca.count() == 15
    files = Attachment.objects.filter(proposal__in=oaxaca).count()

    for proposal in oaxaca:
        pages = [
            reverse(name, args=[proposal.pk])
            for name in (
                "proposals:detail",
                "proposals:checklist",
                "proposals:receipt",
                "proposals:receipt-pdf",
                "proposals:preview",
                "proposals:pdf",
                "proposals:withdraw",
            )
        ] + [reverse("proposals:section", args=[proposal.pk, key]) for key in SECTION_KEYS]
        for url in pages:
            assert client.get(url).status_code == 404, url
        for key in SECTION_KEYS:
            url = reverse("proposals:section", args=[proposal.pk, key])
            assert client.post(url, {"version": "0", "title": "¡Mío!"}, **HTMX).status_code == 404
        for action in ("proposals:submit", "proposals:withdraw", "proposals:attachment-upload"):
            assert client.post(reverse(action, args=[proposal.pk])).status_code == 404
        if hasattr(proposal, "agreement"):
            agreement_pages = [
                "agreements:agreement",
                "agreements:pdf",
                "agreements:budget",
                "agreements:bank-account",
                "agreements:sign",
                "agreements:signed-copy",
                "agreements:amendment-new",
            ]
            for name in agreement_pages:
                url = reverse(name, args=[proposal.pk])
                assert client.get(url).status_code == 404, url
                assert client.post(url, {"reason": "¡Mío!"}).status_code == 404, url
            for amendment in proposal.agreement.amendments.all():
                url = reverse("agreements:amendment", args=[proposal.pk, amendment.number])
                assert client.get(url).status_code == 404
            for report in proposal.agreement.reports.all():
                url = reverse("monitoring:report", args=[proposal.pk, report.kind])
                assert client.get(url).status_code == 404, url
                assert (
                    client.post(url, {"version": "0", "lessons": "¡Mío!"}, **HTMX).status_code
                    == 404
                )
                for action in ("monitoring:start", "monitoring:submit", "monitoring:file-upload"):
                    url = reverse(action, args=[proposal.pk, report.kind])
                    assert client.post(url).status_code == 404, url
                for report_file in report.files.all():
                    url = reverse(
                        "monitoring:file", args=[proposal.pk, report.kind, report_file.pk]
                    )
                    assert client.get(url).status_code == 404
        for question in proposal.information_requests.all():
            url = reverse("proposals:information-answer", args=[proposal.pk, question.pk])
            assert client.post(url, {"answer": "¡Mío!"}).status_code == 404
        for attachment in Attachment.objects.filter(proposal=proposal):
            for name in ("proposals:attachment-download", "proposals:attachment-delete"):
                url = reverse(name, args=[proposal.pk, attachment.pk])
                assert client.get(url).status_code == 404
                assert client.post(url).status_code == 404

    assert not Proposal.objects.filter(title="¡Mío!").exists()
    assert not InformationRequest.objects.filter(answer="¡Mío!").exists()
    assert not Amendment.objects.filter(reason="¡Mío!").exists()
    assert not Report.objects.filter(lessons="¡Mío!").exists()
    assert Attachment.objects.filter(proposal__in=oaxaca).count() == files == 42
