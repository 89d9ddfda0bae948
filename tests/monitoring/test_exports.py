"""The reports' figures as CSV or XLSX, as the staff's list of reports shows them: each report
with the people reached beside the plan, its results met / partly / not met, its spending
planned and actual in the budget's currency and in CAD; scoped to the user's missions."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest

from core.models import AuditEvent
from monitoring.models import Report
from monitoring.services import report_accept, report_save, report_submit
from tests.agreements.test_signature import signed
from tests.monitoring.test_report_form import started, written_complete

pytestmark = pytest.mark.django_db

EXPORT = "/manage/reports/export/"


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    return [dict(zip(table[0], row, strict=True)) for row in table[1:]]


def test_the_reports_figures_as_the_list_shows_them(
    client, parties, private_files, officer_colombia, partner_oaxaca
):
    partner, officer = parties[2], parties[3]
    agreement = signed(parties)
    report = written_complete(started(agreement.reports.get(kind="final"), partner), partner)
    first = report.expenditures.first()
    spent = first.planned_local + Decimal("1000.00")
    report_save(
        report=report,
        actor=partner,
        values={},
        results={
            r.pk: {"achievement": "partly", "explanation": "Lluvias."} for r in report.results.all()
        },
        expenditures={first.pk: {"actual_local": spent, "explanation": "Transporte."}},
        version=report.version,
    )
    report_submit(report=report, actor=partner)
    report_accept(report=report, actor=officer)

    client.force_login(officer)
    everything = rows(client.get(EXPORT + "?view=all&format=csv"))
    assert len(everything) == 2  # the interim report, not started, and the final one
    final = next(row for row in everything if row["Report"] == "Final report")
    assert (final["Agreement number"], final["Status"]) == (agreement.number, "Accepted")
    assert final["Reached: direct: women (18 and over)"] == "10"
    assert final["Planned: direct: women (18 and over)"] == str(agreement.proposal.direct_women)
    results = report.results.count()
    assert (final["Results met"], final["Results partly met"], final["Results not met"]) == (
        "0",
        str(results),
        "0",
    )
    planned = sum(e.planned_local for e in report.expenditures.all())
    actual = planned + Decimal("1000.00")
    assert Decimal(final["Planned spending (CFLI)"]) == planned
    assert Decimal(final["Spent (CFLI)"]) == actual
    rate = agreement.exchange_rate
    assert Decimal(final["Spent (CAD)"]) == (actual * rate).quantize(Decimal("0.01"))
    assert AuditEvent.objects.filter(verb="reports.exported", actor=officer).exists()

    # The list's default view: what needs the officer — not the accepted final report, nor
    # an interim report due in three months.
    Report.objects.filter(agreement=agreement, kind="interim").update(
        due_date=agreement.today + timedelta(days=90)
    )
    assert [row["Report"] for row in rows(client.get(EXPORT + "?format=csv"))] == []
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(EXPORT + "?view=all&format=xlsx").getvalue())
    )
    assert workbook.active.max_row == 3
    assert client.get(EXPORT + "?view=everything&format=csv").status_code == 400

    client.force_login(officer_colombia)
    assert rows(client.get(EXPORT + "?view=all&format=csv")) == []
    client.force_login(partner_oaxaca)
    assert client.get(EXPORT + "?view=all&format=csv").status_code == 404
