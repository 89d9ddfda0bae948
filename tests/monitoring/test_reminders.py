"""The partner is reminded of each report still to send: two weeks before its due date and once
it is overdue, each once, at the mission's date, in their language; a moved due date brings its
own reminders; a report sent gets none."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.utils import translation
from django.utils.formats import date_format

from monitoring.models import Report, ReportReminder
from monitoring.services import report_due_date_move, report_reminders_send
from notifications.models import Notification
from notifications.services import render_email
from tests.agreements.test_signature import signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save(update_fields=["preferred_language"])
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def at(day: datetime.date, report: Report):
    """Nine in the morning of `day` at the report's mission."""
    zone = report.agreement.mission.zone
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9, tzinfo=zone)))


def test_reminders_before_and_after_the_due_date_each_sent_once(parties, private_files):
    agreement = signed(parties)
    interim = agreement.reports.get(kind="interim")
    due = interim.due_date

    with at(due - timedelta(days=15), interim):
        assert report_reminders_send() == 0
    with at(due - timedelta(days=14), interim):
        assert report_reminders_send() == 1
        assert report_reminders_send() == 0
    with at(due, interim):
        assert report_reminders_send() == 0  # due today is not late
    with at(due + timedelta(days=1), interim):
        assert report_reminders_send() == 1
        assert report_reminders_send() == 0
    with at(due + timedelta(days=30), interim):
        assert report_reminders_send() == 0

    reminders = Notification.objects.filter(event__startswith="report_").order_by("pk")
    assert [(n.event, n.recipient) for n in reminders] == [
        ("report_before", parties[2]),
        ("report_overdue", parties[2]),
    ]
    with translation.override("es"):
        day = date_format(due)
    soon, late = (render_email(n) for n in reminders)
    assert soon.subject == f"[FCIL] Acuerdo {agreement.number}: informe intermedio para el {day}"
    assert f"El informe intermedio del acuerdo {agreement.number}" in soon.body
    assert "no lo ha recibido" in late.body
    assert f"/proposals/{agreement.proposal_id}/reports/interim/" in late.body


def test_a_moved_due_date_brings_its_own_reminders_and_a_report_sent_gets_none(
    parties, private_files
):
    officer = parties[3]
    agreement = signed(parties)
    interim, final = agreement.reports.get(kind="interim"), agreement.reports.get(kind="final")

    with at(interim.due_date + timedelta(days=1), interim):
        assert report_reminders_send() == 1  # overdue
        new = interim.agreement.today + timedelta(days=10)
        report_due_date_move(report=interim, actor=officer, due_date=new, reason="Más tiempo.")
        assert report_reminders_send() == 1  # due in ten days: the new date's reminder
        assert report_reminders_send() == 0
    assert list(ReportReminder.objects.filter(report=interim).values_list("kind", "due_date")) == [
        ("overdue", interim.due_date),
        ("before", new),
    ]

    Report.objects.filter(pk=final.pk).update(status="submitted")
    with at(final.due_date + timedelta(days=1), final):
        assert report_reminders_send() == 1  # the interim one, late again; none for the final
    assert not ReportReminder.objects.filter(report=final).exists()
