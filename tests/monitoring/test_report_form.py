"""The partner writes a report beside what the project planned: the results with their targets,
the people reached beside the planned grid, the spending of each budget line beside the budget,
the narrative; it is autosaved as the proposal's sections are (a conflict shows the other text,
an expired session loses nothing), and it cannot be submitted with anything missing — an
unexplained variance names its line. Each submitted version is kept."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent
from monitoring.models import Report, ReportSubmission
from monitoring.services import report_save, report_start, report_submit
from notifications.models import Notification
from notifications.services import render_email
from proposals.beneficiaries import COUNT_FIELDS
from tests.agreements.test_signature import signed
from tests.core.test_uploads import EXE_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


@pytest.fixture
def final(parties, private_files) -> Report:
    return signed(parties).reports.get(kind="final")


def page(report: Report) -> str:
    return f"/proposals/{report.agreement.proposal_id}/reports/{report.kind}/"


def started(report: Report, partner) -> Report:
    report_start(report=report, actor=partner)
    return Report.objects.get(pk=report.pk)


def form_data(report: Report, **fields) -> dict:
    """The whole form as the page posts it, every row as given in `results`/`expenditures`."""
    results = fields.pop("results", [{} for _ in report.results.all()])
    spent = fields.pop("expenditures", [{} for _ in report.expenditures.all()])
    data = {
        "version": str(report.version),
        "editor": "a" * 32,
        "results-TOTAL_FORMS": str(len(results)),
        "results-INITIAL_FORMS": str(len(results)),
        "expenditures-TOTAL_FORMS": str(len(spent)),
        "expenditures-INITIAL_FORMS": str(len(spent)),
    }
    for index, row in enumerate(results):
        data |= {f"results-{index}-{name}": value for name, value in row.items()}
    for index, row in enumerate(spent):
        data |= {f"expenditures-{index}-{name}": value for name, value in row.items()}
    return data | fields


NARRATIVE = {
    "activities_done": "Doce talleres en seis comunidades.",
    "changes_observed": "Las defensoras documentan casos.",
    "gender_equality": "Las mujeres dirigieron los comités.",
    "lessons": "Trabajar con radios comunitarias.",
    "sustainability": "La red sigue con fondos propios.",
}


def complete(report: Report) -> dict:
    """A complete report: every result met, every line spent as planned, every count given."""
    return form_data(
        report,
        results=[
            {"actual": "40 defensoras formadas", "achievement": "met"} for _ in report.results.all()
        ],
        expenditures=[
            {"actual_local": str(e.planned_local), "explanation": ""}
            for e in report.expenditures.all()
        ],
        **NARRATIVE,
        **dict.fromkeys(COUNT_FIELDS, "10"),
    )


def written_complete(report: Report, partner) -> Report:
    """The same complete report, saved through the service as autosave saves it."""
    return report_save(
        report=report,
        actor=partner,
        values=NARRATIVE | dict.fromkeys(COUNT_FIELDS, 10),
        results={
            r.pk: {"actual": "40 defensoras formadas", "achievement": "met"}
            for r in report.results.all()
        },
        expenditures={e.pk: {"actual_local": e.planned_local} for e in report.expenditures.all()},
        version=report.version,
    )


def test_starting_copies_the_plan_once(parties, final):
    partner, officer = parties[2], parties[3]
    agreement = final.agreement
    with pytest.raises(PermissionDenied):
        report_start(report=final, actor=officer)

    report = started(final, partner)
    assert report.status == "draft"
    proposal_results = list(agreement.proposal.results.order_by("position", "pk"))
    assert [(r.description, r.target) for r in report.results.all()] == [
        (r.description, r.target) for r in proposal_results
    ]
    lines = list(agreement.budget.lines.all())
    assert [(e.description, e.planned_local) for e in report.expenditures.all()] == [
        (line.description, line.cfli_amount) for line in lines
    ]
    assert sum(e.planned_local for e in report.expenditures.all()) == agreement.amount_local
    started(final, partner)
    assert report.results.count() == len(proposal_results)
    assert agreement.events.filter(kind="report_started").count() == 1


def test_the_partner_reads_the_plan_beside_each_field_in_spanish(
    client, parties, final, django_assert_max_num_queries
):
    partner = parties[2]
    partner.preferred_language = "es"
    partner.save(update_fields=["preferred_language"])
    client.force_login(partner)
    first = client.get(page(final))
    assert "Empezar el informe" in first.text
    client.post(page(final) + "start/")

    with django_assert_max_num_queries(14):
        answer = client.get(page(final))
    text = answer.text
    proposal = final.agreement.proposal
    for result in proposal.results.all():
        assert result.target in text
    assert "Previsto, 18 años o más" in text
    line = final.agreement.budget.lines.first()
    assert line.description in text
    assert "Falta completar antes de presentar" in text


def test_autosave_saves_and_a_stale_page_sees_the_other_text(client, parties, final):
    partner = parties[2]
    report = started(final, partner)
    client.force_login(partner)
    data = form_data(report, activities_done="Primer borrador.")
    saved = client.post(page(report), data, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200
    assert "Saved at" in saved.text
    report.refresh_from_db()
    assert (report.activities_done, report.version) == ("Primer borrador.", 1)

    # Another page, opened before that save, sends its own text: a conflict, nothing written.
    stale = form_data(report, activities_done="Otro texto.") | {"version": "0", "editor": "b" * 32}
    conflict = client.post(page(report), stale, HTTP_HX_REQUEST="true")
    assert conflict.status_code == 409
    assert "Their text, where it differs from yours" in conflict.text
    assert "Primer borrador." in conflict.text
    report.refresh_from_db()
    assert report.activities_done == "Primer borrador."
    kept = client.post(page(report), stale | {"keep_mine": "1"}, HTTP_HX_REQUEST="true")
    assert kept.status_code == 200
    report.refresh_from_db()
    assert report.activities_done == "Otro texto."


def test_an_expired_session_keeps_the_text_for_after_signing_in(client, parties, final):
    partner = parties[2]
    report = started(final, partner)
    data = form_data(report, lessons="Lo que aprendimos.")
    expired = client.post(page(report), data, HTTP_HX_REQUEST="true")
    assert expired.status_code == 401
    client.force_login(partner)
    restored = client.get(page(report))
    assert "Your session had ended before this was saved" in restored.text
    assert "Lo que aprendimos." in restored.text
    report.refresh_from_db()
    assert report.lessons == ""  # nothing is saved until the person saves


def test_submission_is_refused_until_complete_and_names_an_unexplained_variance(
    client, parties, final
):
    partner, officer = parties[2], parties[3]
    report = started(final, partner)
    client.force_login(partner)
    refused = client.post(page(report) + "submit/", form_data(report), follow=True)
    assert "The report is not submitted yet" in refused.text
    assert "give the value achieved" in refused.text

    # The Submit button posts the page: what it holds is saved, then judged.
    data = complete(report)
    over = report.expenditures.first()
    data["expenditures-0-actual_local"] = str(
        (over.planned_local * Decimal("1.2")).quantize(Decimal("0.01"))
    )
    refused = client.post(page(report) + "submit/", data, follow=True)
    assert f"Spending on “{over.description}” differs from the budget by 20.0%" in refused.text
    report.refresh_from_db()
    assert report.status == "draft"
    assert report.activities_done == "Doce talleres en seis comunidades."

    data = complete(report) | {
        "expenditures-0-actual_local": str(
            (over.planned_local * Decimal("1.2")).quantize(Decimal("0.01"))
        ),
        "expenditures-0-explanation": "Subió el precio del transporte.",
    }
    client.post(
        page(report) + "files/",
        {"kind": "receipt", "file": SimpleUploadedFile("factura.pdf", PDF_BYTES)},
    )
    submitted = client.post(page(report) + "submit/", data)
    assert submitted.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    version = ReportSubmission.objects.get(report=report)
    assert version.number == 1
    assert version.snapshot["expenditures"][0]["explanation"] == "Subió el precio del transporte."
    assert [f["name"] for f in version.snapshot["files"]] == ["factura.pdf"]
    assert report.files.get().submission == version
    told = Notification.objects.get(event="report_submitted")
    assert told.recipient == officer
    assert report.agreement.number in render_email(told).body
    # Submitted: read only for the partner.
    with pytest.raises(PermissionDenied):
        report_save(
            report=report, actor=partner, values={}, results={}, expenditures={}, version=99
        )
    assert "nothing more to do until it answers" in client.get(page(report)).text


def test_a_report_without_an_explanation_of_a_shortfall_is_incomplete(parties, final):
    partner = parties[2]
    report = started(final, partner)
    values = dict.fromkeys(COUNT_FIELDS, 5) | {
        "activities_done": "a",
        "changes_observed": "b",
        "gender_equality": "c",
        "lessons": "d",
        "sustainability": "e",
    }
    report_save(
        report=report,
        actor=partner,
        values=values,
        results={r.pk: {"actual": "3", "achievement": "partly"} for r in report.results.all()},
        expenditures={e.pk: {"actual_local": e.planned_local} for e in report.expenditures.all()},
        version=report.version,
    )
    with pytest.raises(ValidationError) as error:
        report_submit(report=report, actor=partner)
    assert error.value.messages == [
        f"Result {n}: explain why it fell short." for n in range(1, report.results.count() + 1)
    ]


def test_files_are_checked_and_only_photos_may_be_published(client, parties, final, partner_bogota):
    partner = parties[2]
    report = started(final, partner)
    client.force_login(partner)
    refused = client.post(
        page(report) + "files/",
        {"kind": "receipt", "file": SimpleUploadedFile("factura.exe", EXE_BYTES)},
    )
    assert refused.status_code == 400
    assert report.files.count() == 0
    receipt_published = client.post(
        page(report) + "files/",
        {
            "kind": "receipt",
            "file": SimpleUploadedFile("factura.pdf", PDF_BYTES),
            "cleared_for_publication": "on",
        },
    )
    assert receipt_published.status_code == 400
    assert "Only a photo may be cleared for publication." in receipt_published.text
    client.post(
        page(report) + "files/",
        {"kind": "receipt", "file": SimpleUploadedFile("factura.pdf", PDF_BYTES)},
    )
    receipt = report.files.get()
    download = client.get(page(report) + f"files/{receipt.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert AuditEvent.objects.filter(verb="report.file_downloaded").count() == 1

    client.force_login(partner_bogota)
    assert client.get(page(report) + f"files/{receipt.pk}/").status_code == 404
    assert client.get(page(report)).status_code == 404


def test_text_restored_after_expiry_does_not_overwrite_a_colleagues_save(
    client, parties, final, member_oaxaca
):
    partner = parties[2]
    report = started(final, partner)
    typed = form_data(report, lessons="Lo que aprendimos.")
    client.post(page(report), typed, HTTP_HX_REQUEST="true")  # the session has ended: kept
    report_save(
        report=report,
        actor=member_oaxaca,
        values={"lessons": "El texto de Lucía."},
        results={},
        expenditures={},
        version=report.version,
    )

    client.force_login(partner)
    restored = client.get(page(report)).text
    assert 'name="version" id="id_version" value="0"' in restored  # the version it was typed on
    again = client.post(page(report), typed, HTTP_HX_REQUEST="true")
    assert again.status_code == 409
    assert "El texto de Lucía." in again.text
    report.refresh_from_db()
    assert report.lessons == "El texto de Lucía."
