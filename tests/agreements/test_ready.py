"""An agreement goes out for signature with its number, the next of its mission's fiscal year,
without a gap or a duplicate; a schedule that does not add up, or a budget not yet accepted,
keeps it in draft with a message that says why."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from agreements import services
from agreements.models import AgreementSequence, ContributionAgreement
from core.models import AuditEvent
from tests.agreements.test_opening import funded
from tests.programs.factories import CallFactory


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


@pytest.mark.django_db
def test_the_officer_sends_it_for_signature_and_it_takes_the_next_number(parties, private_files):
    _call, _organization, partner, officer, approver = parties
    first = funded(*parties).agreement
    second = funded(*parties).agreement

    for person in (partner, approver):
        with pytest.raises(PermissionDenied):
            services.agreement_mark_ready(agreement=first, actor=person)
    services.agreement_mark_ready(agreement=second, actor=officer)
    services.agreement_mark_ready(agreement=first, actor=officer)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.number, first.number) == ("CFLI-MEX-2026-27-A0001", "CFLI-MEX-2026-27-A0002")
    assert first.status == second.status == "to_sign"
    assert list(first.events.values_list("kind", flat=True)) == ["opened", "ready"]
    assert AuditEvent.objects.filter(verb="agreement.ready", actor=officer).count() == 2
    with pytest.raises(ValidationError) as error:
        services.agreement_mark_ready(agreement=first, actor=officer)
    assert error.value.messages == [
        "This is not possible while the agreement's status is “Ready to sign”."
    ]


@pytest.mark.django_db
def test_each_mission_and_fiscal_year_counts_its_own_numbers(parties, private_files):
    _call, organization, partner, officer, approver = parties
    services.agreement_mark_ready(agreement=funded(*parties).agreement, actor=officer)
    next_year = CallFactory(mission=parties[0].mission, fiscal_year=2027)
    agreement = funded(next_year, organization, partner, officer, approver).agreement

    services.agreement_mark_ready(agreement=agreement, actor=officer)

    assert ContributionAgreement.objects.get(pk=agreement.pk).number == "CFLI-MEX-2027-28-A0001"


@pytest.mark.django_db
def test_a_schedule_that_does_not_add_up_or_a_budget_still_to_adjust_keep_it_in_draft(
    parties, private_files
):
    officer = parties[3]
    agreement = funded(*parties).agreement
    agreement.instalments.filter(sequence=3).update(amount_cad=Decimal("3759.99"))

    with pytest.raises(ValidationError) as error:
        services.agreement_mark_ready(agreement=agreement, actor=officer)

    assert error.value.messages == [
        "The instalments add up to CAD 37,599.99, not the agreement's CAD 37,600.00."
    ]
    agreement.refresh_from_db()
    assert (agreement.status, agreement.number) == ("draft", "")
    assert not AgreementSequence.objects.exists()  # no number taken, so no gap

    to_adjust = funded(*parties, amount="30000").agreement
    with pytest.raises(ValidationError) as error:
        services.agreement_mark_ready(agreement=to_adjust, actor=officer)
    assert error.value.messages == [
        "This is not possible while the agreement's status is “Budget to adjust”."
    ]


@pytest.mark.django_db(transaction=True)
def test_a_number_taken_while_another_is_not_yet_committed_is_the_next_one(mission_mexico):
    """Two agreements sent at the same instant: the second waits for the first's number to be
    committed, then takes the next; neither number is given twice."""
    AgreementSequence.objects.create(mission=mission_mexico, fiscal_year=2026)
    taken, release = threading.Event(), threading.Event()
    numbers, errors = [], []

    def first():
        try:
            with transaction.atomic():
                numbers.append(
                    services.agreement_number_allocate(mission=mission_mexico, fiscal_year=2026)
                )
                taken.set()
                release.wait(5)
        except Exception as error:  # reported below, so the test says what went wrong
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            with transaction.atomic():
                numbers.append(
                    services.agreement_number_allocate(mission=mission_mexico, fiscal_year=2026)
                )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=first)
    holder.start()
    assert taken.wait(5)
    waiter = threading.Thread(target=second)
    waiter.start()
    waiter.join(0.5)  # without the lock it would be done by now, with the same number
    release.set()
    holder.join()
    waiter.join()

    assert errors == []
    assert numbers == ["CFLI-MEX-2026-27-A0001", "CFLI-MEX-2026-27-A0002"]


@pytest.mark.django_db
def test_changing_the_schedule_of_an_agreement_sent_for_signature_brings_it_back_to_draft(
    parties, private_files
):
    officer = parties[3]
    agreement = funded(*parties).agreement
    services.agreement_mark_ready(agreement=agreement, actor=officer)

    services.agreement_schedule_set(
        agreement=agreement,
        instalments=[
            {"condition": "on_signature", "due_date": None, "amount_cad": Decimal("30000")},
            {"condition": "final_report_accepted", "due_date": None, "amount_cad": Decimal("7600")},
        ],
        actor=officer,
    )
    agreement.refresh_from_db()
    assert (agreement.status, agreement.number) == ("draft", "CFLI-MEX-2026-27-A0001")
    assert list(agreement.events.values_list("kind", flat=True))[-2:] == [
        "reopened",
        "schedule_changed",
    ]

    services.agreement_mark_ready(agreement=agreement, actor=officer)
    agreement.refresh_from_db()
    assert agreement.number == "CFLI-MEX-2026-27-A0001"  # the same number: no gap, no second one
    assert AgreementSequence.objects.get().last_number == 1
