"""The staff's list of reports: by default what needs them — reports to review, overdue, or
due within 30 days — soonest first, from their own missions only; a filter for each; as many
queries for fifty rows as for one."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring.models import Report
from tests.agreements.test_signature import signed

pytestmark = pytest.mark.django_db

LIST = "/manage/reports/"


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def rows(text: str) -> int:
    return text.split("<tbody>")[1].count("<tr>") if "<tbody>" in text else 0


def test_the_list_shows_what_needs_the_officer_and_filters(
    client, parties, private_files, officer_colombia, partner_oaxaca
):
    today = timezone.now().date()
    first, second = signed(parties), signed(parties)
    Report.objects.filter(agreement=first, kind="interim").update(due_date=today - timedelta(3))
    Report.objects.filter(agreement=first, kind="final").update(status="submitted")
    Report.objects.filter(agreement=second, kind="interim").update(due_date=today + timedelta(10))
    Report.objects.filter(agreement=second, kind="final").update(due_date=today + timedelta(90))

    client.force_login(parties[3])
    attention = client.get(LIST).text
    assert "3 reports" in attention  # overdue, to review, due in ten days; not the one in 90
    body = attention.split("<tbody>")[1]
    assert body.index(first.number) < body.index(second.number)  # the overdue one first
    assert "Overdue" in body
    assert "To review" in body
    assert "1 report" in client.get(LIST + "?view=to_review").text
    assert "1 report" in client.get(LIST + "?view=overdue").text
    assert "4 reports" in client.get(LIST + "?view=all").text
    assert "3 reports" in client.get(LIST + "?view=nonsense").text

    client.force_login(officer_colombia)
    assert "0 reports" in client.get(LIST + "?view=all").text
    client.force_login(partner_oaxaca)
    assert client.get(LIST).status_code == 404


def test_the_list_reads_as_many_queries_for_many_rows_as_for_few(client, parties, private_files):
    signed(parties)
    client.force_login(parties[3])
    with CaptureQueriesContext(connection) as few:
        page = client.get(LIST + "?view=all")
    assert rows(page.text) == 2
    signed(parties)
    signed(parties)
    with CaptureQueriesContext(connection) as many:
        page = client.get(LIST + "?view=all")
    assert rows(page.text) == 6
    assert len(many.captured_queries) == len(few.captured_queries) <= 6
