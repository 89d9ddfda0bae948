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


@pytest.mark.django_db
def test_the_pages_ids_compiled_once_are_the_querysets_for_every_filter(
    parties, administrator, officer_colombia, private_files
):
    from agreements import selectors

    officer = parties[3]
    pay(signed(parties), officer)
    signed(parties)
    to_sign(parties)
    funded(*parties, amount="30000")
    year = parties[0].fiscal_year
    shapes = [
        {},
        {"status": "active"},
        {"next_action": "payment"},
        {"next_action": "budget_awaited", "fiscal_year": year},
        {"call_id": parties[0].pk, "status": "to_sign"},
        {"fiscal_year": year + 1},
    ]
    for user in (officer, administrator, officer_colombia):
        for filters in shapes:
            expected = list(
                selectors.agreement_list_for_staff(user, **filters).values_list("pk", flat=True)
            )
            ids = selectors.agreement_ids_for_staff(user, **filters)
            assert ids == expected, (user, filters)
            rows = selectors.agreement_rows(ids)
            assert [row.pk for row in rows] == expected
            assert [row.next_action for row in rows] == [
                row.next_action for row in selectors.agreement_list_for_staff(user, **filters)
            ]
    assert selectors.agreement_ids_for_staff(officer, next_action="payment")
