"""The staff's list of agreements: their missions' only, filtered by status, call, fiscal year
and next action, each row with what it has been paid and what is next, in a bounded number of
queries whatever the number of agreements."""

import pytest

from tests.agreements.test_opening import funded
from tests.agreements.test_payments import pay
from tests.agreements.test_signature import signed, to_sign


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


@pytest.mark.django_db
def test_the_list_filters_by_next_action_and_shows_what_is_paid(
    client, parties, officer_colombia, private_files, django_assert_max_num_queries
):
    officer = parties[3]
    paid = signed(parties)
    pay(paid, officer)
    signed(parties)  # its advance is due
    to_sign(parties)
    funded(*parties, amount="30000")  # the partner adjusts the budget first
    client.force_login(officer)

    with django_assert_max_num_queries(8):
        everything = client.get("/manage/agreements/")
    assert "4 agreements" in everything.text
    assert "26,320.00" in everything.text  # paid on the first
    for label in (
        "Payment due",
        "Waiting for the partner&#x27;s signature",
        "Waiting for the adjusted budget",
    ):
        assert label in everything.text

    due = client.get("/manage/agreements/?next_action=payment")
    assert "1 agreement" in due.text
    active = client.get("/manage/agreements/?status=active&fiscal_year=2026")
    assert "2 agreements" in active.text
    odd = client.get("/manage/agreements/?status=nonsense")
    assert odd.status_code == 200
    assert "A filter was not understood" in odd.text

    client.force_login(officer_colombia)
    assert "0 agreements" in client.get("/manage/agreements/").text


@pytest.mark.django_db
def test_the_lists_query_count_does_not_grow_with_its_rows(
    client, parties, private_files, django_assert_max_num_queries
):
    officer = parties[3]
    for _ in range(6):
        signed(parties)
    client.force_login(officer)

    with django_assert_max_num_queries(8):
        page = client.get("/manage/agreements/")

    assert page.text.count("<td>Payment due</td>") == 6
