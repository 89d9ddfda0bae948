"""Monitoring visits with their follow-up actions, and the project's closure: refused while
anything is open (the final report, an instalment, a follow-up), then recorded with its final
figures; a closed project is read only."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services as agreements
from core.models import AuditEvent
from monitoring.models import Closure, FollowUp
from monitoring.services import (
    follow_up_done,
    project_close,
    report_accept,
    report_save,
    report_submit,
    visit_record,
)
from notifications.models import Notification
from notifications.services import render_email
from tests.agreements.test_payments import pay
from tests.agreements.test_signature import signed
from tests.core.test_uploads import image_bytes
from tests.monitoring.test_report_form import started, written_complete

PNG_BYTES = image_bytes("PNG")

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def accepted(agreement, kind, partner, officer):
    report = written_complete(started(agreement.reports.get(kind=kind), partner), partner)
    report_submit(report=report, actor=partner)
    return report_accept(report=report, actor=officer)


def paid_in(agreement, officer, sequence):
    """The instalment paid at the agreement's own rate."""
    instalment = agreement.instalments.get(sequence=sequence)
    local = (instalment.amount_cad / agreement.exchange_rate).quantize(Decimal("0.01"))
    return pay(agreement, officer, sequence=sequence, amount_local=local)


def visited(agreement, officer, *, partner_action=True, photos=()):
    return visit_record(
        agreement=agreement,
        actor=officer,
        visited_on=agreement.today,
        mode="site",
        staff=[officer],
        findings="Los talleres se hicieron; faltan las listas de asistencia.",
        follow_ups=[
            {
                "action": "Enviar las listas de asistencia.",
                "owner": None if partner_action else officer,
                "due_date": agreement.today + datetime.timedelta(days=15),
            }
        ],
        photos=photos,
    )


def test_a_visit_asks_the_partner_for_actions_in_their_language(client, parties, private_files):
    partner, officer = parties[2], parties[3]
    partner.preferred_language = "es"
    partner.save(update_fields=["preferred_language"])
    agreement = signed(parties)
    visit = visited(agreement, officer, photos=[SimpleUploadedFile("taller.png", PNG_BYTES)])
    assert visit.photos.count() == 1

    told = Notification.objects.get(event="visit_follow_ups")
    assert told.recipient == partner
    body = render_email(told).body
    assert "Enviar las listas de asistencia." in body
    assert "visita de seguimiento" in body
    client.force_login(partner)
    page = client.get(f"/proposals/{agreement.proposal_id}/agreement/").text
    assert "Enviar las listas de asistencia." in page

    client.force_login(officer)
    staff = client.get(f"/manage/proposals/{agreement.proposal_id}/agreement/").text
    assert "1 action open" in staff
    visit_page = client.get(f"/manage/proposals/{agreement.proposal_id}/visits/{visit.pk}/")
    assert "faltan las listas de asistencia" in visit_page.text
    photo = visit.photos.get()
    download = client.get(
        f"/manage/proposals/{agreement.proposal_id}/visits/{visit.pk}/photos/{photo.pk}/"
    )
    assert b"".join(download.streaming_content) == PNG_BYTES


def test_closure_is_refused_while_anything_is_open_then_records_the_final_figures(
    client, parties, private_files
):
    partner, officer = parties[2], parties[3]
    agreement = signed(parties)
    paid_in(agreement, officer, 1)
    visit = visited(agreement, officer)

    with pytest.raises(ValidationError) as refused:
        project_close(
            agreement=agreement, actor=officer, returned_cad=Decimal(0), final_ge_code="GE-2"
        )
    assert refused.value.messages == [
        "The final report is not accepted yet.",
        "2 instalments are neither paid nor cancelled.",
        "1 follow-up action of a monitoring visit is still open.",
    ]
    client.force_login(officer)
    closure_page = client.get(f"/manage/proposals/{agreement.proposal_id}/closure/").text
    assert "The project cannot close yet" in closure_page
    assert "2 instalments are neither paid nor cancelled." in closure_page

    accepted(agreement, "interim", partner, officer)
    paid_in(agreement, officer, 2)
    accepted(agreement, "final", partner, officer)
    paid_in(agreement, officer, 3)
    with pytest.raises(ValidationError):
        follow_up_done(follow_up=visit.follow_ups.get(), actor=officer, note=" ")
    follow_up_done(follow_up=visit.follow_ups.get(), actor=officer, note="Llegaron por correo.")
    assert FollowUp.objects.get().status == "done"

    page = client.get(f"/manage/proposals/{agreement.proposal_id}/closure/").text
    assert "Close the project" in page
    answer = client.post(
        f"/manage/proposals/{agreement.proposal_id}/closure/",
        {"returned_cad": "0", "final_ge_code": "GE-2", "note": "Sin saldo."},
    )
    assert answer.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "closed"
    closure = Closure.objects.get(agreement=agreement)
    paid = sum(i.paid_amount_cad for i in agreement.instalments.all())
    assert closure.paid_cad == paid == agreement.amount_cad
    # Received less spent (every line as planned), at the agreement's rate.
    received = sum(i.paid_amount_local for i in agreement.instalments.all())
    spent = sum(e.planned_local for e in agreement.reports.get(kind="final").expenditures.all())
    unspent = max(received - spent, Decimal(0))
    assert closure.unspent_local == unspent
    assert closure.unspent_cad == (unspent * agreement.exchange_rate).quantize(Decimal("0.01"))
    assert closure.final_ge_code == "GE-2"
    assert agreement.events.filter(kind="closed").exists()
    assert AuditEvent.objects.filter(verb="project.closed").exists()
    staff_page = client.get(f"/manage/proposals/{agreement.proposal_id}/agreement/").text
    assert "The project was closed on" in staff_page
    assert "Record a visit" not in staff_page

    # Closed: read only.
    with pytest.raises(ValidationError):
        visited(agreement, officer)
    with pytest.raises(PermissionDenied):
        report_save(
            report=agreement.reports.get(kind="final"),
            actor=partner,
            values={},
            results={},
            expenditures={},
            version=0,
        )
    with pytest.raises(ValidationError):
        agreements.amendment_request(
            agreement=agreement, actor=partner, kind="extension", reason="Más tiempo."
        )


def test_only_the_missions_officers_record_visits_and_close(
    client, parties, private_files, officer_colombia
):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = signed(parties)
    for person in (approver, partner):
        with pytest.raises(PermissionDenied):
            visited(agreement, person)
    client.force_login(approver)
    new_visit = f"/manage/proposals/{agreement.proposal_id}/visits/new/"
    assert client.get(new_visit).status_code == 404
    client.force_login(officer_colombia)
    assert client.get(new_visit).status_code == 404
    assert client.get(f"/manage/proposals/{agreement.proposal_id}/closure/").status_code == 404
    client.force_login(officer)
    assert client.get(new_visit).status_code == 200
    answer = client.post(
        new_visit,
        {
            "visited_on": agreement.today.isoformat(),
            "mode": "remote",
            "staff": [officer.pk],
            "findings": "",
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-INITIAL_FORMS": "0",
            "follow_ups-0-action": "Mandar fotos.",
            "follow_ups-0-owner": "",
            "follow_ups-0-due_date": "",
        },
    )
    assert answer.status_code == 400
    assert "Give the date the action is due." in answer.text
    assert agreement.visits.count() == 0
