"""The dashboards' reports figures, recomputed here from the rows themselves: reports by
standing, people reached against plans (the latest accepted report of each project), results by
priority area and spending against the budget in CAD, on the mission's dashboard and at
headquarters. PostgreSQL only: the sums are exact to the cent there."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from monitoring.models import Report
from monitoring.services import (
    report_accept,
    report_due_date_move,
    report_save,
    report_submit,
)
from programs.models import PriorityArea
from proposals.beneficiaries import COUNT_FIELDS
from reporting.dashboards import headquarters_dashboard, mission_dashboard
from reporting.dashboards.freshness import figures_version
from tests.agreements.test_signature import signed
from tests.monitoring.test_report_form import NARRATIVE, started

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")
MISSION_URL = "/manage/dashboard/"


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def written(report, partner, *, counts, achievements, spent):
    """The report started and saved complete: these counts, each result's achievement in turn,
    each line's spending as `spent(planned)`, every difference explained."""
    report = started(report, partner)
    results = list(report.results.all())
    return report_save(
        report=report,
        actor=partner,
        values=NARRATIVE | counts,
        results={
            row.pk: {
                "actual": "Lo logrado",
                "achievement": achievements[index % len(achievements)],
                "explanation": ""
                if achievements[index % len(achievements)] == "met"
                else "Lluvias.",
            }
            for index, row in enumerate(results)
        },
        expenditures={
            line.pk: {"actual_local": spent(line.planned_local), "explanation": "Precios."}
            for line in report.expenditures.all()
        },
        version=report.version,
    )


def accepted(report, partner, officer, **writing):
    report = written(report, partner, **writing)
    report_submit(report=report, actor=partner)
    return report_accept(report=report, actor=officer)


def counts_of(base: int) -> dict:
    return {name: base + index for index, name in enumerate(COUNT_FIELDS)}


@pytest.fixture
def projects(parties, private_files):
    """Four agreements of the Mexico call: (1) interim and final accepted, (2) interim accepted
    and final submitted, (3) the final report being written and overdue, (4) nothing written;
    project 2 in a second priority area."""
    call, _organization, partner, officer, _approver = parties
    first, second, third, fourth = (signed(parties) for _ in range(4))
    other_area = PriorityArea.objects.create(name_en="Inclusive governance", position=9)
    priority = second.proposal.call_priority
    priority.pk, priority.priority_area = None, other_area
    priority.save()
    second.proposal.call_priority = priority
    second.proposal.save(update_fields=["call_priority"])
    for number, agreement in enumerate((first, second, third, fourth), start=1):
        type(agreement.proposal).objects.filter(pk=agreement.proposal_id).update(
            **counts_of(20 * number)
        )

    accepted(
        first.reports.get(kind="interim"),
        partner,
        officer,
        counts=counts_of(3),
        achievements=["partly"],
        spent=lambda planned: planned / 2,
    )
    accepted(
        first.reports.get(kind="final"),
        partner,
        officer,
        counts=counts_of(10),
        achievements=["met", "not_met"],
        spent=lambda planned: (planned * Decimal("1.2")).quantize(CENT),
    )
    accepted(
        second.reports.get(kind="interim"),
        partner,
        officer,
        counts=counts_of(7),
        achievements=["met", "partly"],
        spent=lambda planned: (planned * Decimal("0.7")).quantize(CENT),
    )
    final = written(
        second.reports.get(kind="final"),
        partner,
        counts=counts_of(50),
        achievements=["met"],
        spent=lambda planned: planned,
    )
    report_submit(report=final, actor=partner)
    written(
        third.reports.get(kind="final"),
        partner,
        counts=counts_of(80),
        achievements=["met"],
        spent=lambda planned: planned,
    )
    yesterday = timezone.now().date() - datetime.timedelta(days=1)
    third.reports.filter(kind="final").update(due_date=yesterday)
    third.reports.filter(kind="interim").update(due_date=yesterday + datetime.timedelta(days=20))
    return call, [first, second, third, fourth]


def latest_accepted(agreement) -> Report | None:
    reports = {
        report.kind: report
        for report in Report.objects.filter(agreement=agreement).select_related(
            "agreement__proposal__call_priority__priority_area"
        )
    }
    for kind in ("final", "interim"):
        if kind in reports and reports[kind].status == "accepted":
            return reports[kind]
    return None


def standing(report: Report, today: datetime.date) -> str:
    in_force = report.agreement.status == "active"
    if in_force and report.status in ("scheduled", "draft"):
        if report.due_date < today:
            return "overdue"
        return "due_soon" if report.due_date <= today + datetime.timedelta(days=30) else "due_later"
    if in_force and report.status == "submitted":
        return "to_review"
    if in_force and report.status == "revision_requested":
        return "revision"
    return "accepted" if report.status == "accepted" else ""


def test_the_reports_figures_equal_sums_recomputed_from_the_rows(projects):
    call, agreements = projects
    today = timezone.now().date()
    counted = [report for a in agreements if (report := latest_accepted(a)) is not None]
    assert [report.kind for report in counted] == ["final", "interim"]

    expected_standing = Counter(
        standing(report, today) for report in Report.objects.select_related("agreement")
    )
    figures = mission_dashboard(mission=call.mission, calls=[call]).reports
    assert {key: getattr(figures.counts, key) for key in expected_standing} == dict(
        expected_standing
    )
    assert figures.counts.overdue == 1
    assert figures.counts.projects == 2

    reached = {name: sum(getattr(r, name) for r in counted) for name in COUNT_FIELDS}
    planned = {
        name: sum(getattr(r.agreement.proposal, name) for r in counted) for name in COUNT_FIELDS
    }
    shown = [row for table in figures.reached for row in table.rows]
    assert [row.reached for row in shown] == [reached[name] for name in COUNT_FIELDS]
    assert [row.planned for row in shown] == [planned[name] for name in COUNT_FIELDS]
    direct = figures.reached[0]
    assert direct.total.reached == sum(reached[name] for name in COUNT_FIELDS[:6])

    achieved: dict = defaultdict(Counter)
    for report in counted:
        area = report.agreement.proposal.call_priority.priority_area.name
        for result in report.results.all():
            achieved[area][result.achievement] += 1
    assert {
        row.label: Counter({"met": row.met, "partly": row.partly, "not_met": row.not_met})
        for row in figures.results
    } == {area: Counter(dict(counts)) for area, counts in achieved.items()}

    spending: dict = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for report in counted:
        rate = report.agreement.exchange_rate
        for line in report.expenditures.all():
            spending[line.get_category_display()][0] += line.planned_local * rate
            spending[line.get_category_display()][1] += line.actual_local * rate
    assert {row.label: [row.planned, row.spent] for row in figures.spending} == {
        label: [planned.quantize(CENT), spent.quantize(CENT)]
        for label, (planned, spent) in spending.items()
    }
    assert figures.spending_total.spent != figures.spending_total.planned  # a real comparison

    headquarters = headquarters_dashboard(fiscal_year=call.fiscal_year)
    assert headquarters.reports == figures
    row = next(r for r in headquarters.missions if r.mission == call.mission)
    assert row.reports == figures.counts


def test_the_dashboard_shows_each_figure_with_its_table(client, projects, officer_mexico):
    call, _agreements = projects
    client.force_login(officer_mexico)
    page = client.get(MISSION_URL, {"mission": call.mission_id, "call": call.pk}).text
    for heading in (
        "Reports: due, overdue and answered",
        "People reached against plans",
        "Results achieved by priority area",
        "Spending against the budget (CAD)",
        "Inclusive governance",
        "From 2 projects with an accepted report",
    ):
        assert heading in page
    reports = page.split('id="reports-title"')[1].split("</section>")[0]
    assert '<th scope="row" class="fw-normal">Overdue</th><td class="text-end">1</td>' in reports


@pytest.mark.django_db(transaction=True)
def test_a_report_s_autosave_keeps_the_figures_but_a_moved_due_date_and_an_acceptance_do_not(
    projects, officer_mexico
):
    _call, agreements = projects
    partner = agreements[0].proposal.organization.memberships.first().user
    being_written = agreements[2].reports.get(kind="final")
    version = figures_version()
    report_save(
        report=being_written,
        actor=partner,
        values={"lessons": "Otra lección.", "direct_women": 3},
        results={},
        expenditures={},
        version=being_written.version,
    )
    assert figures_version() == version  # no figure reads a report before it is accepted

    report_due_date_move(
        report=being_written,
        actor=officer_mexico,
        due_date=timezone.now().date() + datetime.timedelta(days=90),
        reason="Lluvias en la sierra.",
    )
    assert figures_version() != version  # overdue no more
    version = figures_version()
    report_accept(report=agreements[1].reports.get(kind="final"), actor=officer_mexico)
    assert figures_version() != version


def test_a_report_falls_overdue_on_the_page_at_midnight_without_any_write(
    client, projects, officer_mexico
):
    """Nothing is written when a due date passes: the kept rendering is the day's (UTC's, as
    the list of reports judges it), though the figures' version has not changed."""
    call, agreements = projects
    evening = datetime.datetime.combine(
        timezone.now().date() + datetime.timedelta(days=1), datetime.time(23, 55), datetime.UTC
    )
    agreements[2].reports.filter(kind="interim").update(due_date=evening.date())
    params = {"mission": call.mission_id, "call": call.pk}

    def overdue_row(response) -> str:
        reports = response.text.split('id="reports-title"')[1].split("</section>")[0]
        return reports.split('class="fw-normal">Overdue</th>')[1].split("</tr>")[0]

    with time_machine.travel(evening, tick=False):
        client.force_login(officer_mexico)
        assert overdue_row(client.get(MISSION_URL, params)) == '<td class="text-end">1</td>'
    with time_machine.travel(evening + datetime.timedelta(minutes=6), tick=False):
        assert overdue_row(client.get(MISSION_URL, params)) == '<td class="text-end">2</td>'
