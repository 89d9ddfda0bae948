"""A program officer moves a report's due date, saying why: the partner is told in their
language and reads the reason on the agreement's timeline; both dates stay in the audit log.
Bad input is refused with the reason and changes nothing; other staff and other missions
cannot."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.formats import date_format

from core.models import AuditEvent
from monitoring.models import Report
from monitoring.services import report_due_date_move
from notifications.models import Notification
from notifications.services import render_email
from tests.agreements.test_signature import signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


@pytest.fixture
def final(parties, private_files) -> Report:
    return signed(parties).reports.get(kind="final")


def page(proposal_pk) -> str:
    return f"/manage/proposals/{proposal_pk}/reports/final/"


def test_the_officer_moves_the_due_date_and_the_partner_reads_why_in_spanish(
    client, parties, final
):
    partner, officer = parties[2], parties[3]
    partner.preferred_language = "es"
    partner.save(update_fields=["preferred_language"])
    before, new = final.due_date, final.due_date + timedelta(days=21)
    proposal_pk = final.agreement.proposal_id

    client.force_login(officer)
    form = client.get(page(proposal_pk))
    assert "Move the due date" in form.text
    answer = client.post(
        page(proposal_pk) + "due-date/",
        {"due_date": new.isoformat(), "reason": "Las lluvias retrasaron los talleres."},
    )
    assert answer.status_code == 302
    final.refresh_from_db()
    assert final.due_date == new
    history = client.get(page(proposal_pk)).text
    assert "The due date moved: the partner is told why." in history
    assert "Las lluvias retrasaron los talleres." in history
    audit = AuditEvent.objects.get(verb="agreement.report_due_date_moved")
    assert audit.data == {"from": before.isoformat(), "to": new.isoformat(), "report": "final"}

    told = Notification.objects.get(event="report_due_date_moved")
    assert told.recipient == partner
    email = render_email(told)
    with translation.override("es"):
        day = date_format(new)
    assert (
        f"La embajada cambió la fecha límite del informe final del acuerdo {final.agreement.number}"
        in email.body
    )
    assert day in email.body
    assert "Las lluvias retrasaron los talleres." in email.body

    client.force_login(partner)
    timeline = client.get(f"/proposals/{proposal_pk}/agreement/").text
    assert "Las lluvias retrasaron los talleres." in timeline
    assert date_format(new) in timeline


def test_bad_input_is_refused_with_the_reason_and_nothing_changes(client, parties, final):
    officer = parties[3]
    agreement = final.agreement
    due = final.due_date
    client.force_login(officer)

    for data, message in (
        ({"due_date": (due + timedelta(days=5)).isoformat(), "reason": " "}, "field is required"),
        ({"due_date": due.isoformat(), "reason": "Igual."}, "This is already the report"),
        (
            {
                "due_date": (agreement.start_date - timedelta(days=1)).isoformat(),
                "reason": "Antes.",
            },
            "cannot be due before the agreement starts",
        ),
        ({"due_date": "31/02/2027", "reason": "Fecha mala."}, "Enter a valid date."),
    ):
        answer = client.post(page(agreement.proposal_id) + "due-date/", data)
        assert answer.status_code == 400
        assert message in answer.content.decode()
        assert data["reason"] in answer.content.decode() or not data["reason"].strip()
    final.refresh_from_db()
    assert final.due_date == due
    assert not Notification.objects.filter(event="report_due_date_moved").exists()


def test_only_the_missions_officers_move_a_due_date_and_only_while_the_partner_has_it(
    client, parties, final, officer_colombia
):
    approver, officer = parties[4], parties[3]
    later = final.due_date + timedelta(days=7)
    with pytest.raises(PermissionDenied):
        report_due_date_move(report=final, actor=approver, due_date=later, reason="No.")
    client.force_login(approver)
    assert "Move the due date" not in client.get(page(final.agreement.proposal_id)).text
    client.force_login(officer_colombia)
    assert client.get(page(final.agreement.proposal_id)).status_code == 404
    assert (
        client.post(
            page(final.agreement.proposal_id) + "due-date/",
            {"due_date": later.isoformat(), "reason": "No."},
        ).status_code
        == 404
    )

    Report.objects.filter(pk=final.pk).update(status="submitted")
    final.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        report_due_date_move(report=final, actor=officer, due_date=later, reason="Tarde.")
    assert "can no longer move" in str(error.value)
    client.force_login(officer)
    assert "Move the due date" not in client.get(page(final.agreement.proposal_id)).text


def test_the_report_page_reads_a_bounded_number_of_queries(
    client, parties, final, django_assert_max_num_queries
):
    client.force_login(parties[3])
    for day in (7, 14, 21):
        report_due_date_move(
            report=final,
            actor=parties[3],
            due_date=final.due_date + timedelta(days=day),
            reason=f"Cambio {day}.",
        )
    with django_assert_max_num_queries(8):
        answer = client.get(page(final.agreement.proposal_id))
    assert answer.text.count("Cambio ") == 3
