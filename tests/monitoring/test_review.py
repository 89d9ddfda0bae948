"""The officer reads the submitted report beside the plan and answers: a revision asked with
comments the partner reads (in Spanish), the revised version compared side by side with the
first, then acceptance, which makes due the instalments waiting for that report. Nobody else
answers, and nothing is answered twice."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import PaymentInstalment
from monitoring.models import Report, ReportReview
from monitoring.services import report_accept, report_file_add, report_revision_request
from notifications.models import Notification
from notifications.services import render_email
from tests.agreements.test_signature import signed
from tests.core.test_uploads import PDF_BYTES
from tests.monitoring.test_report_form import complete, page, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def submitted(client, report: Report, partner, **changes) -> Report:
    """The report written complete through its page and submitted."""
    client.force_login(partner)
    answer = client.post(page(report) + "submit/", complete(report) | changes)
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    return report


def staff_page(report: Report) -> str:
    return f"/manage/proposals/{report.agreement.proposal_id}/reports/{report.kind}/"


def test_a_revision_asked_then_the_versions_side_by_side_then_acceptance_releases_the_holdback(
    client, parties, private_files, django_assert_max_num_queries
):
    partner, officer = parties[2], parties[3]
    partner.preferred_language = "es"
    partner.save(update_fields=["preferred_language"])
    agreement = signed(parties)
    report = submitted(client, started(agreement.reports.get(kind="final"), partner), partner)

    client.force_login(officer)
    reading = client.get(staff_page(report))
    assert "The report as submitted (version 1)" in reading.text
    assert "Doce talleres en seis comunidades." in reading.text
    asked = client.post(
        staff_page(report) + "revision/",
        {"comments": "Falta el número de niñas en la fila de Tlaxiaco."},
    )
    assert asked.status_code == 302
    report.refresh_from_db()
    assert report.status == "revision_requested"
    told = Notification.objects.get(event="report_revision_requested")
    assert told.recipient == partner
    body = render_email(told).body
    assert "Falta el número de niñas en la fila de Tlaxiaco." in body
    assert "revise el informe final" in body

    client.force_login(partner)
    revising = client.get(page(report))
    assert "Falta el número de niñas en la fila de Tlaxiaco." in revising.text
    report = submitted(client, report, partner, direct_girls="14", lessons="Contar mejor.")
    assert report.submissions.count() == 2

    client.force_login(officer)
    with django_assert_max_num_queries(14):
        reading = client.get(staff_page(report))
    compared = reading.text.split('id="compared-title"')[1].split("</section>")[0]
    assert "What changed from version 1 to version 2" in compared
    assert "Trabajar con radios comunitarias." in compared  # before
    assert "Contar mejor." in compared  # after
    assert "Direct: girls (under 18)" in compared

    holdback = agreement.instalments.get(condition="final_report_accepted")
    assert holdback.status == "scheduled"
    client.post(staff_page(report) + "accept/", {"note": "Gracias."})
    report.refresh_from_db()
    assert (report.status, report.accepted_by) == ("accepted", officer)
    holdback.refresh_from_db()
    assert holdback.status == "due"
    assert Notification.objects.filter(event="instalment_due", recipient=officer).exists()
    assert Notification.objects.get(event="report_accepted").recipient == partner
    assert list(ReportReview.objects.values_list("decision", flat=True)) == [
        "revision_requested",
        "accepted",
    ]
    assert agreement.events.filter(kind="report_accepted", report="final").exists()
    client.force_login(partner)
    timeline = client.get(f"/proposals/{agreement.proposal_id}/agreement/").text
    assert "Gracias." in timeline  # the note accepting it is written to the partner
    client.force_login(officer)
    # Accepted: nothing more to answer.
    assert "Accept the report" not in client.get(staff_page(report)).text
    with pytest.raises(PermissionDenied):
        report_accept(report=report, actor=officer)


def test_the_interim_report_accepted_makes_the_second_instalment_due(
    client, parties, private_files
):
    partner, officer = parties[2], parties[3]
    agreement = signed(parties)
    report = submitted(client, started(agreement.reports.get(kind="interim"), partner), partner)
    report_accept(report=report, actor=officer)
    statuses = dict(agreement.instalments.values_list("condition", "status"))
    assert statuses == {
        "on_signature": "due",
        "interim_report_accepted": "due",
        "final_report_accepted": "scheduled",
    }


def test_only_the_missions_officers_answer_and_only_a_submitted_report(
    client, parties, private_files, officer_colombia
):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = signed(parties)
    report = started(agreement.reports.get(kind="final"), partner)
    with pytest.raises(PermissionDenied):
        report_accept(report=report, actor=officer)  # still being written
    report = submitted(client, report, partner)
    for person in (approver, partner):
        with pytest.raises(PermissionDenied):
            report_accept(report=report, actor=person)
    with pytest.raises(ValidationError) as error:
        report_revision_request(report=report, actor=officer, comments=" ")
    assert "Say what the partner must revise" in str(error.value)
    client.force_login(approver)
    assert "Accept the report" not in client.get(staff_page(report)).text
    client.force_login(officer_colombia)
    assert client.get(staff_page(report)).status_code == 404
    assert client.post(staff_page(report) + "accept/").status_code == 404
    assert PaymentInstalment.objects.filter(status="due").count() == 1  # the advance only


def test_the_officer_downloads_the_receipts_sent_with_the_report(
    client, parties, private_files, officer_colombia
):
    partner, officer = parties[2], parties[3]
    report = started(signed(parties).reports.get(kind="final"), partner)
    receipt = report_file_add(
        report=report,
        actor=partner,
        kind="receipt",
        upload=SimpleUploadedFile("factura.pdf", PDF_BYTES),
    )
    submitted(client, report, partner)
    client.force_login(officer)
    assert "factura.pdf" in client.get(staff_page(report)).text
    download = client.get(staff_page(report) + f"files/{receipt.pk}/")
    assert b"".join(download.streaming_content) == PDF_BYTES
    client.force_login(officer_colombia)
    assert client.get(staff_page(report) + f"files/{receipt.pk}/").status_code == 404
