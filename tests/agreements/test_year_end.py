"""The fiscal year's end: unspent CFLI funds lapse on March 31. A mission's year-end page lists
every payment of its fiscal year's agreements still to make by then, with the amount at risk,
and the agreements that end after their call's latest end date; from a date each mission sets,
its officers get one reminder per fiscal year."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils.formats import date_format

from agreements import services
from agreements.models import ContributionAgreement, PaymentInstalment
from monitoring.models import Report
from monitoring.services import report_due_date_move
from notifications.models import Notification
from notifications.services import render_email
from programs.models import fiscal_year_bounds
from tests.agreements.test_bank_account import account_data
from tests.agreements.test_opening import funded
from tests.agreements.test_payments import pay
from tests.agreements.test_signature import sign, signed


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


@pytest.fixture
def seeded_year(parties, call_colombia, private_files):
    """Agreements of the Mexico mission's fiscal year in every state that matters here."""
    call, _organization, partner, officer, approver = parties
    closes_on = fiscal_year_bounds(call.fiscal_year)[1]

    # 2 waits for the interim report, due by March 31: counted; 3 for the final report, moved
    # to April: not counted.
    advance_paid = signed(parties)
    pay(advance_paid, officer)
    report_due_date_move(
        report=advance_paid.reports.get(kind="final"),
        actor=officer,
        due_date=closes_on + timedelta(days=10),
        reason="Cierre de la temporada.",
    )
    signed(parties)  # the advance is due, both reports due by March 31: all three at risk
    to_sign = funded(*parties).agreement  # its advance falls due at signature
    services.agreement_mark_ready(agreement=to_sign, actor=officer)
    dated = funded(*parties).agreement
    services.agreement_schedule_set(
        agreement=dated,
        actor=officer,
        instalments=[
            {"condition": "on_signature", "amount_cad": Decimal("10000")},
            {"condition": "on_date", "due_date": closes_on, "amount_cad": Decimal("20000")},
            {
                "condition": "on_date",
                "due_date": closes_on + timedelta(days=1),  # next year's money
                "amount_cad": Decimal("7600"),
            },
        ],
    )
    services.agreement_mark_ready(agreement=dated, actor=officer)
    services.bank_account_set(agreement=dated, actor=partner, **account_data())
    sign(dated, partner)
    services.agreement_countersign(agreement=dated, actor=approver)
    extended = signed(parties)  # paid in full, extended past the call's latest end date
    for sequence in (1, 2, 3):
        if sequence > 1:
            services.instalment_mark_due(
                agreement=extended,
                instalment=extended.instalments.get(sequence=sequence),
                actor=officer,
                reason="Informe aceptado.",
            )
        pay(extended, officer, sequence=sequence)
    amendment = services.amendment_request(
        agreement=extended,
        actor=partner,
        kind="extension",
        reason="Lluvias.",
        new_end_date=call.latest_end_date + timedelta(days=30),
    )
    services.amendment_decide(amendment=amendment, actor=approver, approve=True)
    ended = signed(parties)
    services.amendment_decide(
        amendment=services.amendment_request(
            agreement=ended, actor=officer, kind="termination", reason="Cerró."
        ),
        actor=approver,
        approve=True,
    )
    return call


def independent_at_risk(mission, fiscal_year) -> tuple[Decimal, set]:
    """From the rows, one by one: unpaid instalments of the mission's agreements of the year
    still running that fall due by March 31."""
    closes_on = fiscal_year_bounds(fiscal_year)[1]
    report_due = {
        (report.agreement_id, f"{report.kind}_report_accepted"): report.due_date
        for report in Report.objects.all()
    }
    total, rows = Decimal(0), set()
    for instalment in PaymentInstalment.objects.select_related("agreement"):
        agreement = instalment.agreement
        if agreement.mission_id != mission.pk or agreement.fiscal_year != fiscal_year:
            continue
        if agreement.status in ("closed", "terminated"):
            continue
        if instalment.status not in ("scheduled", "due"):
            continue
        by_march_31 = (
            instalment.status == "due"
            or instalment.condition == "on_signature"
            or (instalment.condition == "on_date" and instalment.due_date <= closes_on)
            or report_due.get((agreement.pk, instalment.condition), closes_on.max) <= closes_on
        )
        if by_march_31:
            total += instalment.amount_cad
            rows.add((agreement.pk, instalment.sequence))
    return total, rows


@pytest.mark.django_db
def test_the_year_end_page_shows_the_amount_at_risk_of_the_seeded_year(
    client, seeded_year, officer_mexico, django_assert_max_num_queries
):
    mission = seeded_year.mission
    client.force_login(officer_mexico)

    with django_assert_max_num_queries(10):
        page = client.get("/manage/agreements/year-end/")

    total, rows = independent_at_risk(mission, seeded_year.fiscal_year)
    # The interim instalment of the agreement whose advance is paid (its final report is due
    # in April); a due advance and both its report-bound instalments; the unsigned agreement's
    # advance; the dated agreement's advance (due) and its March 31 instalment. Not what is
    # paid, next year's or terminated.
    assert total == (
        Decimal("7520")
        + Decimal("26320")
        + Decimal("7520")
        + Decimal("3760")
        + Decimal("26320")
        + Decimal("10000")
        + Decimal("20000")
    )
    assert len(rows) == 7
    shown = f"CAD {total:,.2f}"
    assert f'id="at-risk">{shown}<' in page.text
    assert "7 payments still to make before March 31." in page.text
    holdback_report = Report.objects.get(
        kind="final",
        agreement__status="active",
        agreement__instalments__condition="final_report_accepted",
        agreement__instalments__status="scheduled",
        due_date__lte=fiscal_year_bounds(seeded_year.fiscal_year)[1],
    )
    due = holdback_report.due_date
    assert f"(report due {date_format(due)})" in page.text
    assert "Payments to make before March 31" in page.text
    extended = ContributionAgreement.objects.get(amendments__kind="extension")
    assert f"{extended.number}</a>" in page.text.split("ending after their call")[1]
    assert page.text.count("<tr>") == 1 + 7 + 1  # the head, the seven payments, the total


@pytest.mark.django_db
def test_staff_of_another_mission_read_their_own_year_end_only(
    client, seeded_year, officer_colombia, partner_oaxaca
):
    client.force_login(officer_colombia)
    # Asking for Mexico's shows their own mission's, where nothing is due.
    own = client.get(f"/manage/agreements/year-end/?mission={seeded_year.mission_id}")
    assert 'id="at-risk">CAD 0.00<' in own.text
    assert "Mujeres de la Sierra Norte" not in own.text
    client.force_login(partner_oaxaca)
    assert client.get("/manage/agreements/year-end/").status_code == 404


@pytest.mark.django_db
def test_each_officer_is_reminded_once_a_year_from_the_missions_date(seeded_year, officer_mexico):
    mission = seeded_year.mission
    closes_on = fiscal_year_bounds(seeded_year.fiscal_year)[1]
    mission.year_end_reminder_days = 45
    mission.save(update_fields=["year_end_reminder_days"])
    noon = datetime.time(12, tzinfo=mission.zone)

    with time_machine.travel(datetime.datetime.combine(closes_on - timedelta(46), noon)):
        assert services.year_end_reminders_send() == 0
    with time_machine.travel(datetime.datetime.combine(closes_on - timedelta(45), noon)):
        assert services.year_end_reminders_send() == 1
        assert services.year_end_reminders_send() == 0

    reminder = Notification.objects.get(event="year_end_reminder")
    assert reminder.recipient == officer_mexico
    body = render_email(reminder).body
    assert "still has 7 payments to make before then, CAD 101,440.00 in all" in body
    assert "1 agreement ends after its call's latest end date." in body
    assert f"/manage/agreements/year-end/?mission={mission.pk}" in body
