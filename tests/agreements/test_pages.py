"""The agreement's pages as their users see them: the officer prepares the schedule, accepts
the partner's adjusted budget and sends the agreement for signature; the partner reads the
terms and adjusts the budget to the approved amount. Bad input is refused with the reason and
nothing already saved is lost."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import ContributionAgreement
from notifications.models import Notification
from notifications.services import render_email
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.agreements.test_opening import funded
from tests.programs.factories import MissionStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def schedule_data(*parts, add=False):
    data = {
        "instalments-TOTAL_FORMS": str(len(parts)),
        "instalments-INITIAL_FORMS": "3",
        "instalments-MIN_NUM_FORMS": "0",
        "instalments-MAX_NUM_FORMS": "12",
    }
    for index, (condition, day, amount) in enumerate(parts):
        data[f"instalments-{index}-condition"] = condition
        data[f"instalments-{index}-due_date"] = day
        data[f"instalments-{index}-amount_cad"] = amount
    if add:
        data["add_row"] = "1"
    return data


def budget_data(*lines):
    data = {
        "budget_lines-TOTAL_FORMS": str(len(lines)),
        "budget_lines-INITIAL_FORMS": "1",
        "budget_lines-MIN_NUM_FORMS": "0",
        "budget_lines-MAX_NUM_FORMS": "100",
    }
    for index, (description, quantity, unit_cost, cfli, cash) in enumerate(lines):
        data |= {
            f"budget_lines-{index}-category": "training",
            f"budget_lines-{index}-description": description,
            f"budget_lines-{index}-unit": "taller",
            f"budget_lines-{index}-quantity": quantity,
            f"budget_lines-{index}-unit_cost": unit_cost,
            f"budget_lines-{index}-cfli_amount": cfli,
            f"budget_lines-{index}-applicant_cash": cash,
        }
    return data


def test_the_officer_changes_the_schedule_and_sends_the_agreement_for_signature(
    client, parties, private_files
):
    proposal = funded(*parties)
    officer = parties[3]
    client.force_login(officer)
    address = f"/manage/proposals/{proposal.pk}/agreement/"

    workspace = client.get(f"/manage/proposals/{proposal.pk}/").text
    page = client.get(address).text
    assert address in workspace
    assert "CAD 37,600.00" in page
    assert "500,000.00 MXN at CAD 0.0752 for one MXN" in page
    assert "Send for signature" in page

    refused = client.post(
        f"{address}schedule/",
        schedule_data(("on_signature", "", "30000"), ("on_date", "", "7000")),
    )
    assert refused.status_code == 400
    assert "Instalment 2 is paid on a date: give the date." in refused.text
    assert "The instalments add up to CAD 37,000.00, not the agreement&#x27;s CAD 37,600.00." in (
        refused.text
    )
    assert 'value="7000"' in refused.text  # what was typed is kept
    assert proposal.agreement.instalments.count() == 3  # and nothing changed

    wider = client.post(
        f"{address}schedule/", schedule_data(("on_signature", "", "30000"), add=True)
    )
    assert 'name="instalments-1-amount_cad"' in wider.text

    saved = client.post(
        f"{address}schedule/",
        schedule_data(("on_signature", "", "30080"), ("on_date", "2027-01-15", "7520")),
    )
    assert saved.status_code == 302
    agreement = ContributionAgreement.objects.get(pk=proposal.agreement.pk)
    assert [(i.condition, str(i.due_date), i.amount_cad) for i in agreement.instalments.all()] == [
        ("on_signature", "None", Decimal("30080.00")),
        ("on_date", "2027-01-15", Decimal("7520.00")),
    ]

    sent = client.post(f"{address}ready/", follow=True)
    assert "Agreement CFLI-MEX-2026-27-A0001 is ready to sign." in sent.text
    assert "Send for signature" not in sent.text


def test_the_partner_adjusts_the_budget_and_the_officer_accepts_it(
    client, parties, officer_mexico, partner_oaxaca, private_files
):
    proposal = funded(*parties, amount="30000")
    partner_address = f"/proposals/{proposal.pk}/agreement/"
    client.force_login(partner_oaxaca)

    detail = client.get(f"/proposals/{proposal.pk}/").text
    page = client.get(partner_address).text
    form_page = client.get(f"{partner_address}budget/").text
    assert partner_address in detail
    assert "adds up to that amount" in page
    assert f"{partner_address}budget/" in page
    assert "398,936.17 MXN" in form_page
    assert 'value="Talleres"' in form_page  # the proposal's lines to start from

    refused = client.post(
        f"{partner_address}budget/", budget_data(("Talleres", "10", "50000", "400000", "100000"))
    )
    assert refused.status_code == 400
    assert (
        "The CFLI column adds up to 400,000.00 MXN; it must be the approved amount, "
        "398,936.17 MXN (CAD 30,000.00)." in refused.text.replace("&#x27;", "'")
    )
    assert 'value="400000"' in refused.text

    sent = client.post(
        f"{partner_address}budget/",
        budget_data(
            ("Talleres", "10", "40000", "400000", "0"),
            ("Materiales", "1", "1063.83", "-1063.83", "0"),
        ),
    )
    assert sent.status_code == 400  # a negative amount is refused by the form itself
    sent = client.post(
        f"{partner_address}budget/",
        budget_data(("Talleres", "10", "50000", "398936.17", "101063.83")),
    )
    assert sent.status_code == 302
    reviewing = client.get(partner_address).text
    assert "the embassy is reviewing it" in reviewing
    assert "The adjusted budget you sent on" in reviewing
    to_officer = Notification.objects.get(event="agreement_budget_sent")
    assert to_officer.email == officer_mexico.email
    assert "Mujeres de la Sierra Norte sent the budget of CFLI-MEX-2026-27-0001" in (
        render_email(to_officer).body
    )

    client.force_login(officer_mexico)
    staff_address = f"/manage/proposals/{proposal.pk}/agreement/"
    assert "Adjusted budget sent by the partner" in client.get(staff_address).text
    accepted = client.post(f"{staff_address}budget/accept/", follow=True)
    assert "The adjusted budget is accepted" in accepted.text
    agreement = ContributionAgreement.objects.get(proposal=proposal)
    assert (agreement.status, agreement.budget.version, agreement.budget.cfli_total) == (
        "draft",
        1,
        Decimal("398936.17"),
    )
    client.force_login(partner_oaxaca)
    assert client.post(f"{partner_address}budget/", budget_data()).status_code == 403
    assert client.get(f"{partner_address}budget/").status_code == 302  # nothing to adjust now


def test_the_partner_reads_the_agreement_in_their_language(
    client, parties, partner_oaxaca, private_files
):
    proposal = funded(*parties)
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save()
    client.force_login(partner_oaxaca)

    page = client.get(f"/proposals/{proposal.pk}/agreement/", HTTP_ACCEPT_LANGUAGE="es").text

    assert "Acuerdo de contribución" in page
    assert "a la firma del acuerdo" in page.lower()


def test_another_missions_staff_and_another_organization_get_a_404(
    client, parties, call_colombia, private_files
):
    proposal = funded(*parties)
    outsiders = [
        MissionStaffFactory(mission=call_colombia.mission, user=UserFactory()).user,
        MembershipFactory().user,
    ]
    for person in outsiders:
        client.force_login(person)
        for address in ("/manage/proposals/{}/agreement/", "/proposals/{}/agreement/"):
            assert client.get(address.format(proposal.pk)).status_code == 404
        assert client.post(f"/manage/proposals/{proposal.pk}/agreement/ready/").status_code == 404
    assert ContributionAgreement.objects.get().status == "draft"


def test_an_approver_reads_the_agreement_but_only_an_officer_prepares_it(
    client, parties, approver_mexico, private_files
):
    proposal = funded(*parties)
    client.force_login(approver_mexico)
    address = f"/manage/proposals/{proposal.pk}/agreement/"

    page = client.get(address).text

    assert "Send for signature" not in page
    assert client.post(f"{address}ready/").status_code == 403
    assert client.post(f"{address}schedule/", schedule_data()).status_code == 403


def test_the_pages_read_a_bounded_number_of_rows(client, parties, partner_oaxaca, private_files):
    proposal = funded(*parties)
    client.force_login(parties[3])
    with CaptureQueriesContext(connection) as staff:
        assert client.get(f"/manage/proposals/{proposal.pk}/agreement/").status_code == 200
    client.force_login(partner_oaxaca)
    with CaptureQueriesContext(connection) as partner:
        assert client.get(f"/proposals/{proposal.pk}/agreement/").status_code == 200

    assert len(staff) <= 9, [query["sql"] for query in staff]
    assert len(partner) <= 9, [query["sql"] for query in partner]
