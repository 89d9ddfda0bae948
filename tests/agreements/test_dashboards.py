"""The dashboards' committed, paid and remaining to pay: per call and mission on the mission's
dashboard, per mission and fiscal year at headquarters, from the agreements' rows."""

from decimal import Decimal

import pytest

from reporting.dashboards import headquarters_dashboard, mission_dashboard
from tests.agreements.test_payments import pay
from tests.agreements.test_signature import signed


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


@pytest.mark.django_db
def test_committed_paid_and_remaining_follow_the_agreements(client, parties, private_files):
    from agreements import services

    call, _organization, _partner, officer, approver = parties
    first = signed(parties)
    pay(first, officer)  # 26,320.00 of 37,600.00
    ended = signed(parties)
    pay(ended, officer)
    services.amendment_decide(
        amendment=services.amendment_request(
            agreement=ended, actor=officer, kind="termination", reason="Cerró."
        ),
        actor=approver,
        approve=True,
    )

    figures = mission_dashboard(mission=call.mission, calls=[call]).payments
    # The terminated agreement commits what was paid of it and no more.
    assert (figures.committed, figures.paid) == (
        Decimal("37600") + Decimal("26320"),
        Decimal("26320") * 2,
    )
    assert figures.remaining == Decimal("11280")
    headquarters = headquarters_dashboard(fiscal_year=call.fiscal_year)
    assert headquarters.payments == figures
    row = next(r for r in headquarters.missions if r.mission == call.mission)
    assert row.payments == figures

    client.force_login(officer)
    page = client.get("/manage/dashboard/", {"mission": call.mission_id, "call": call.pk})
    assert "Agreements: committed, paid and remaining to pay (CAD)" in page.text
    assert "63,920.00" in page.text
    assert "11,280.00" in page.text
