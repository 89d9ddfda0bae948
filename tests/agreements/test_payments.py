"""Payments: none before the last signature, none on an instalment not due or cancelled, none
into an account the partner gave after signing until an officer confirmed it; each recorded in
CAD and in the budget's currency with the rate they make, told to the partner, audited. The
full account is shown only to the officer paying, and each showing is recorded."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from agreements import services
from agreements.models import PaymentInstalment
from core.models import AuditEvent
from notifications.models import Notification
from notifications.services import render_email
from tests.agreements.test_bank_account import account_data
from tests.agreements.test_signature import sign, signed, to_sign


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def pay(agreement, officer, sequence=1, **changes):
    instalment = agreement.instalments.get(sequence=sequence)
    values = {
        "paid_on": agreement.today,
        "amount_cad": instalment.amount_cad,
        "amount_local": Decimal("350000.00"),
        "reference": "TRF-2026-0415",
    } | changes
    return services.payment_record(
        agreement=agreement, instalment=instalment, actor=officer, **values
    )


@pytest.mark.django_db
def test_nothing_is_paid_before_the_last_signature(parties, private_files):
    partner, officer = parties[2], parties[3]
    agreement = to_sign(parties)
    PaymentInstalment.objects.filter(agreement=agreement, sequence=1).update(status="due")

    for moment in ("to_sign", "partner_signed"):
        if moment == "partner_signed":
            sign(agreement, partner)
        with pytest.raises(ValidationError) as error:
            pay(agreement, officer)
        assert error.value.messages == [
            "The agreement is not in force: nothing is paid before both parties signed it, nor "
            "after it ended."
        ]
    assert not agreement.instalments.filter(status="paid").exists()


@pytest.mark.django_db
def test_the_officer_records_the_advance_in_both_currencies_and_the_partner_is_told(
    parties, private_files
):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = signed(parties)
    with pytest.raises(PermissionDenied):
        pay(agreement, approver)
    with pytest.raises(ValidationError) as error:
        pay(
            agreement,
            officer,
            amount_cad=Decimal("26000"),
            paid_on=agreement.today + datetime.timedelta(days=1),
        )
    assert error.value.message_dict == {
        "amount_cad": ["Instalment 1 is CAD 26,320.00: it is paid in full."],
        "paid_on": ["The date of payment cannot be in the future."],
    }

    paid = pay(agreement, officer, amount_local=Decimal("349867.06"))

    paid.refresh_from_db()
    assert paid.status == "paid"
    assert (paid.paid_amount_cad, paid.paid_amount_local) == (
        Decimal("26320.00"),
        Decimal("349867.06"),
    )
    # CAD for one peso, to eight places, from the two amounts as recorded.
    assert paid.paid_rate == (Decimal("26320.00") / Decimal("349867.06")).quantize(
        Decimal("0.00000001")
    )
    assert paid.paid_rate == Decimal("0.07522857")
    audit = AuditEvent.objects.get(verb="agreement.payment_recorded")
    assert (audit.actor, audit.data["amount_local"], audit.data["instalment"]) == (
        officer,
        "349867.06",
        1,
    )
    told = Notification.objects.get(event="payment_recorded")
    assert told.recipient == partner
    body = render_email(told).body
    assert "CAD 26,320.00, which is 349,867.06 MXN" in body
    with pytest.raises(ValidationError):  # paid once
        pay(agreement, officer)


@pytest.mark.django_db
def test_an_instalment_not_due_or_cancelled_is_not_paid_and_one_made_due_says_why(
    parties, private_files
):
    officer = parties[3]
    agreement = signed(parties)
    with pytest.raises(ValidationError) as error:
        pay(agreement, officer, sequence=2)
    assert error.value.messages == [
        "This is not possible while the instalment's status is “Scheduled”."
    ]
    second = agreement.instalments.get(sequence=2)
    with pytest.raises(ValidationError) as error:
        services.instalment_mark_due(
            agreement=agreement, instalment=second, actor=officer, reason=" "
        )
    assert error.value.message_dict == {"reason": ["Say why the instalment is due, for the file."]}

    services.instalment_mark_due(
        agreement=agreement,
        instalment=second,
        actor=officer,
        reason="Informe intermedio aceptado el 12 de marzo.",
    )
    pay(agreement, officer, sequence=2, amount_local=Decimal("100000"))
    event = agreement.events.filter(kind="instalment_due", instalment=2).get()
    assert event.note == "Informe intermedio aceptado el 12 de marzo."

    agreement.instalments.filter(sequence=3).update(status="cancelled")
    with pytest.raises(ValidationError) as error:
        pay(agreement, officer, sequence=3)
    assert error.value.messages == [
        "This is not possible while the instalment's status is “Cancelled”."
    ]


@pytest.mark.django_db
def test_an_account_given_after_signature_is_paid_only_once_an_officer_confirmed_it(
    parties, private_files
):
    partner, officer = parties[2], parties[3]
    agreement = signed(parties)
    services.bank_account_set(
        agreement=agreement, actor=partner, **account_data(account_number="9999 8888 7777 6543")
    )
    agreement.refresh_from_db()
    assert agreement.bank_account.needs_confirmation

    with pytest.raises(ValidationError) as error:
        pay(agreement, officer)
    assert "confirm it with them by another channel" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.bank_account_confirm(agreement=agreement, actor=officer, note="")
    with pytest.raises(PermissionDenied):
        services.bank_account_confirm(agreement=agreement, actor=partner, note="Soy yo.")
    services.bank_account_confirm(
        agreement=agreement,
        actor=officer,
        note="Por teléfono con la directora, al número del expediente.",
    )

    pay(agreement, officer)
    audit = AuditEvent.objects.get(verb="agreement.payment_recorded")
    assert audit.data["account"] == "•••• 6543"
    assert AuditEvent.objects.filter(verb="agreement.bank_account_confirmed").exists()


@pytest.mark.django_db
def test_the_full_account_is_shown_only_to_the_officer_paying_and_each_showing_is_recorded(
    client, parties, private_files
):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = signed(parties)
    page = f"/manage/proposals/{agreement.proposal_id}/agreement/instalments/1/"
    client.force_login(officer)

    masked = client.get(page)
    assert "•••• 4821" in masked.text
    assert "012345678901" not in masked.text
    revealed = client.post(f"{page}bank-account/")
    assert "0123456789014821" in revealed.text
    client.post(f"{page}bank-account/")
    assert AuditEvent.objects.filter(verb="bank_details.revealed", actor=officer).count() == 2

    # An approver does not pay; a scheduled instalment is not paid yet.
    client.force_login(approver)
    assert client.post(f"{page}bank-account/").status_code == 403
    client.force_login(officer)
    pay(agreement, officer)
    assert client.post(f"{page}bank-account/").status_code == 403  # nothing due any more
    assert AuditEvent.objects.filter(verb="bank_details.revealed").count() == 2
    assert partner  # the partner reads their own account masked too (test_bank_account)


@pytest.mark.django_db
def test_the_partner_sees_what_was_paid_and_what_comes_next(
    client, parties, django_assert_max_num_queries, private_files
):
    partner, officer = parties[2], parties[3]
    agreement = signed(parties)
    pay(agreement, officer, amount_local=Decimal("349867.06"))
    client.force_login(partner)

    with django_assert_max_num_queries(14):
        page = client.get(f"/proposals/{agreement.proposal_id}/agreement/")

    assert "in force since" in page.text
    assert "CAD 26,320.00 on" in page.text
    assert "349,867.06 MXN received (CAD 0.07522857 for one MXN)" in page.text
    assert "reference TRF-2026-0415" in page.text
    assert (
        "Next payment: instalment 2, CAD 7,520.00, when the interim report is accepted."
        in page.text
    )
    assert "Payment made · instalment 1" in page.text


@pytest.mark.django_db
def test_the_staff_pages_of_a_signed_agreement_keep_a_bounded_query_count(
    client, parties, django_assert_max_num_queries, private_files
):
    officer = parties[3]
    agreement = signed(parties)
    client.force_login(officer)
    address = f"/manage/proposals/{agreement.proposal_id}/agreement/"

    with django_assert_max_num_queries(16):
        workspace = client.get(address)
    with django_assert_max_num_queries(14):
        instalment = client.get(f"{address}instalments/1/")

    assert "Instalment 1</a>" in workspace.text
    assert "Record the payment" in instalment.text
    assert client.get(f"{address}instalments/9/").status_code == 404


@pytest.mark.django_db
def test_instalments_paid_on_a_date_become_due_when_it_comes_once(parties, private_files):
    officer = parties[3]
    agreement = to_sign(parties)
    today = agreement.today
    services.agreement_schedule_set(
        agreement=agreement,
        actor=officer,
        instalments=[
            {"condition": "on_signature", "amount_cad": Decimal("20000")},
            {"condition": "on_date", "due_date": today, "amount_cad": Decimal("10000")},
            {
                "condition": "on_date",
                "due_date": today + datetime.timedelta(days=30),
                "amount_cad": Decimal("7600"),
            },
        ],
    )
    services.agreement_mark_ready(agreement=agreement, actor=officer)
    PaymentInstalment.objects.filter(agreement=agreement, sequence=2).update(
        due_date=today + datetime.timedelta(days=1)
    )  # after countersignature, then its day comes
    sign(agreement, parties[2])
    services.agreement_countersign(agreement=agreement, actor=parties[4])
    PaymentInstalment.objects.filter(agreement=agreement, sequence=2).update(due_date=today)

    assert services.instalments_due_on_date() == 1
    assert services.instalments_due_on_date() == 0
    assert list(agreement.instalments.values_list("status", flat=True)) == [
        "due",
        "due",
        "scheduled",
    ]
    assert Notification.objects.filter(event="instalment_due").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_officers_recording_the_same_payment_at_once_record_it_once(
    parties, private_files, settings
):
    officer = parties[3]
    agreement = signed(parties)
    barrier = threading.Barrier(2)
    outcomes = []

    def record():
        try:
            barrier.wait()
            with transaction.atomic():
                pay(agreement, officer)
            outcomes.append("paid")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        "This is not possible while the instalment's status is “Paid”.",
        "paid",
    ]
    assert Notification.objects.filter(event="payment_recorded").count() == 1


@pytest.mark.django_db
def test_posts_no_page_offers_them_change_nothing(
    client, parties, member_oaxaca, partner_bogota, officer_colombia, private_files
):
    partner, approver = parties[2], parties[4]
    agreement = signed(parties)
    staff = f"/manage/proposals/{agreement.proposal_id}/agreement/"
    payment = {"paid_on": agreement.today, "amount_cad": "26320", "amount_local": "350000"}
    payment |= {"reference": "X"}

    for person, url, data, status in [
        (partner, f"{staff}instalments/1/payment/", payment, 404),
        (partner, f"{staff}countersign/", {}, 404),
        (officer_colombia, f"{staff}instalments/1/payment/", payment, 404),
        (partner_bogota, f"/proposals/{agreement.proposal_id}/agreement/sign/", {}, 404),
        (approver, f"{staff}instalments/1/payment/", payment, 403),
        (approver, f"{staff}instalments/2/due/", {"reason": "Ya."}, 403),
        (member_oaxaca, f"/proposals/{agreement.proposal_id}/agreement/sign/", {}, 403),
    ]:
        client.force_login(person)
        assert client.post(url, data).status_code == status, (person, url)

    assert list(agreement.instalments.values_list("status", flat=True)) == [
        "due",
        "scheduled",
        "scheduled",
    ]
