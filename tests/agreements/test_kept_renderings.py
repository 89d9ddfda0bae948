"""The agreement's pages keep the rendering of its budget table, payment schedule and timeline
under the versions of the rows they show (decision 0022): a second view reads no budget line
and prints the same tables, and every change those tables show is on the next view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.agreements.test_payments import pay
from tests.agreements.test_signature import signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def page(client, agreement):
    url = f"/manage/proposals/{agreement.proposal_id}/agreement/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    lines_read = [q for q in queries if "agreements_agreementbudgetline" in q["sql"]]
    return response.text, len(lines_read)


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_a_second_view_reads_no_budget_line_and_prints_the_same_tables(
    client, parties, private_files
):
    agreement = signed(parties)
    client.force_login(parties[3])

    first, lines_first = page(client, agreement)
    second, lines_second = page(client, agreement)

    assert (lines_first, lines_second) == (1, 0)
    for heading in ("budget-title", "schedule-title", "agreement-timeline-title"):
        assert section(second, heading) == section(first, heading)
    line = agreement.budget.lines.first()
    assert line.description in section(second, "budget-title")


def test_a_payment_and_a_new_name_show_on_the_next_view(client, parties, private_files):
    agreement = signed(parties)
    officer = parties[3]
    client.force_login(officer)
    before, _ = page(client, agreement)
    assert "TRF-2026-0415" not in before

    pay(agreement, officer)
    officer.full_name = "Olivia Renamed"
    officer.save(update_fields=["full_name"])
    after, _ = page(client, agreement)

    assert "TRF-2026-0415" in section(after, "schedule-title")
    assert "Olivia Renamed" in section(after, "agreement-timeline-title")


def test_each_language_and_each_side_keeps_its_own_rendering(
    client, parties, partner_oaxaca, private_files
):
    agreement = signed(parties)
    officer = parties[3]
    client.force_login(officer)
    english, _ = page(client, agreement)
    officer.preferred_language = "fr"
    officer.save(update_fields=["preferred_language"])
    french, _ = page(client, agreement)
    client.force_login(partner_oaxaca)
    partner = client.get(f"/proposals/{agreement.proposal_id}/agreement/").text

    assert "Line total" in section(english, "budget-title")
    assert "Total de la ligne" in section(french, "budget-title")
    assert "Total de la ligne" not in section(english, "budget-title")
    # The partner's schedule does not link to the staff's instalment pages.
    assert "/manage/proposals/" in section(english, "schedule-title")
    assert "/manage/proposals/" not in partner
