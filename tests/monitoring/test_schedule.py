"""An agreement in force gets its reports in the transaction that countersigns it: an interim
report at mid-term when a payment waits for it or the call asks every project for one, and a
final report the call's number of days after the end; both sides read them on the agreement's
pages. An approved extension moves the final report with the end date."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import services as agreements
from agreements.models import AgreementEvent
from core.models import AuditEvent
from monitoring.models import Report
from monitoring.services import (
    report_due_date_move,
    reports_schedule,
    reports_schedule_missing,
)
from tests.agreements.test_signature import sign, signed, to_sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def test_countersignature_schedules_an_interim_report_at_mid_term_and_a_final_report(
    parties, private_files
):
    agreement = to_sign(parties)
    sign(agreement, parties[2])
    assert not Report.objects.exists()  # nothing to report before the agreement is in force

    agreements.agreement_countersign(agreement=agreement, actor=parties[4])

    agreement.refresh_from_db()
    start, end = agreement.start_date, agreement.end_date
    reports = {r.kind: r for r in agreement.reports.all()}
    assert sorted(reports) == ["final", "interim"]
    assert reports["interim"].due_date == start + (end - start) / 2
    assert reports["final"].due_date == end + timedelta(days=30)
    assert {r.status for r in reports.values()} == {"scheduled"}
    scheduled = AgreementEvent.objects.filter(agreement=agreement, kind="report_scheduled")
    assert sorted(scheduled.values_list("report", flat=True)) == ["final", "interim"]
    assert AuditEvent.objects.filter(verb="agreement.report_scheduled").count() == 2

    assert reports_schedule(agreement=agreement, actor=parties[4]) == []  # once
    assert agreement.reports.count() == 2


def test_without_a_payment_on_the_interim_report_only_the_final_report_unless_the_call_asks(
    parties, private_files
):
    call, officer = parties[0], parties[3]
    one_payment = to_sign(parties)
    agreements.agreement_schedule_set(
        agreement=one_payment,
        actor=officer,
        instalments=[
            {"condition": "on_signature", "amount_cad": one_payment.amount_cad * 9 / 10},
            {"condition": "final_report_accepted", "amount_cad": one_payment.amount_cad / 10},
        ],
    )
    agreements.agreement_mark_ready(agreement=one_payment, actor=officer)
    sign(one_payment, parties[2])
    agreements.agreement_countersign(agreement=one_payment, actor=parties[4])
    assert list(one_payment.reports.values_list("kind", flat=True)) == ["final"]

    call.final_report_days = 45
    call.interim_report_required = True
    call.save(update_fields=["final_report_days", "interim_report_required"])
    asked = signed(parties)
    asked.refresh_from_db()
    assert asked.reports.get(kind="final").due_date == asked.end_date + timedelta(days=45)
    assert asked.reports.filter(kind="interim").exists()


def test_both_sides_read_the_reports_on_the_agreements_pages(
    client, parties, private_files, django_assert_max_num_queries
):
    agreement = signed(parties)
    final = agreement.reports.get(kind="final")
    partner, officer = parties[2], parties[3]

    client.force_login(officer)
    with CaptureQueriesContext(connection) as staff_page:
        page = client.get(f"/manage/proposals/{agreement.proposal_id}/agreement/")
    assert 'id="reports-title">Reports<' in page.text
    assert f'/manage/proposals/{agreement.proposal_id}/reports/final/">Final report</a>' in (
        page.text
    )
    assert "Not started" in page.text
    client.force_login(partner)
    with CaptureQueriesContext(connection) as partner_page:
        page = client.get(f"/proposals/{agreement.proposal_id}/agreement/")
    section = page.text.split('id="reports-title"')[1].split("</section>")[0]
    assert "Final report" in section
    assert "/manage/" not in section
    assert final.due_date.strftime("%B") in section
    # The section reads its reports in one query on each page.
    for queries in (staff_page, partner_page):
        assert sum("monitoring_report" in q["sql"] for q in queries.captured_queries) == 1

    # Before signature, no section.
    unsigned = to_sign(parties)
    assert (
        'id="reports-title"' not in client.get(f"/proposals/{unsigned.proposal_id}/agreement/").text
    )


def test_an_approved_extension_moves_the_final_report_unless_it_was_moved_later_by_hand(
    parties, private_files
):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = signed(parties)
    final = agreement.reports.get(kind="final")
    interim_due = agreement.reports.get(kind="interim").due_date

    new_end = agreement.end_date + timedelta(days=20)
    agreements.amendment_decide(
        amendment=agreements.amendment_request(
            agreement=agreement,
            actor=partner,
            kind="extension",
            reason="Lluvias.",
            new_end_date=new_end,
        ),
        actor=approver,
        approve=True,
    )
    final.refresh_from_db()
    assert final.due_date == new_end + timedelta(days=30)
    assert agreement.reports.get(kind="interim").due_date == interim_due
    moved = AgreementEvent.objects.get(kind="report_due_date_moved")
    assert (moved.report, moved.amendment) == ("final", 1)

    later = final.due_date + timedelta(days=60)
    report_due_date_move(report=final, actor=officer, due_date=later, reason="Temporada.")
    agreements.amendment_decide(
        amendment=agreements.amendment_request(
            agreement=agreement,
            actor=partner,
            kind="extension",
            reason="Más lluvias.",
            new_end_date=new_end + datetime.timedelta(days=5),
        ),
        actor=approver,
        approve=True,
    )
    final.refresh_from_db()
    assert final.due_date == later


def test_agreements_signed_before_the_app_get_their_reports_once(parties, private_files):
    agreement = signed(parties)
    agreement.reports.all().delete()
    AgreementEvent.objects.filter(kind="report_scheduled").delete()

    assert reports_schedule_missing() == 1
    assert sorted(agreement.reports.values_list("kind", flat=True)) == ["final", "interim"]
    assert set(
        AgreementEvent.objects.filter(kind="report_scheduled").values_list("actor", flat=True)
    ) == {parties[4].pk}  # who countersigned
    assert reports_schedule_missing() == 0
