"""Amendments of an agreement in force: a later end date, the budget reallocated, another
amount (the budget brought to it, the unpaid instalments rescaled to the cent, a higher one
within the call's envelope under the same lock as decisions) or a termination; asked for with
a reason by the partner or the officer, one at a time, numbered, decided by an approver, each
keeping the terms before it readable."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from agreements import services
from agreements.models import AgreementBudgetLine, Amendment, ContributionAgreement
from core.models import AuditEvent
from notifications.models import Notification
from notifications.services import render_email
from reviews import commitments
from tests.agreements.test_bank_account import account_data
from tests.agreements.test_opening import funded
from tests.agreements.test_payments import pay
from tests.agreements.test_signature import sign, signed


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def lines_for(agreement, cfli_total: Decimal) -> list[AgreementBudgetLine]:
    """The agreement's budget lines, the first line's CFLI share moved so the column adds up
    to `cfli_total` (its other columns absorb the difference, so each line still adds up)."""
    lines = []
    for line in agreement.budget.lines.all():
        line.pk = None
        lines.append(line)
    difference = cfli_total - agreement.budget.cfli_total
    first = lines[0]
    first.cfli_amount += difference
    first.applicant_cash -= difference
    if first.applicant_cash < 0:  # the line grows instead
        first.unit_cost += -first.applicant_cash / first.quantity
        first.applicant_cash = Decimal(0)
    return lines


def ask(agreement, person, kind, **values):
    return services.amendment_request(
        agreement=agreement,
        actor=person,
        kind=kind,
        reason=values.pop("reason", "Lluvias."),
        **values,
    )


@pytest.mark.django_db
def test_a_no_cost_extension_asked_by_the_partner_approved_keeps_the_former_end_readable(
    parties, private_files
):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = signed(parties)
    former_end = agreement.end_date
    with pytest.raises(ValidationError) as error:
        ask(agreement, partner, "extension", new_end_date=former_end, reason=" ")
    assert set(error.value.message_dict) == {"reason", "new_end_date"}
    with pytest.raises(PermissionDenied):  # the officer alone ends an agreement
        ask(agreement, partner, "termination")

    first = ask(agreement, partner, "extension", new_end_date=former_end + datetime.timedelta(90))
    with pytest.raises(ValidationError) as error:  # one at a time
        ask(agreement, officer, "extension", new_end_date=former_end + datetime.timedelta(30))
    assert error.value.messages == [
        "Amendment 1 is waiting for a decision: one amendment at a time."
    ]
    told = Notification.objects.get(event="amendment_requested")
    assert told.recipient == approver
    with pytest.raises(PermissionDenied):
        services.amendment_decide(amendment=first, actor=officer, approve=True)

    services.amendment_decide(amendment=first, actor=approver, approve=True)

    agreement.refresh_from_db()
    first.refresh_from_db()
    assert agreement.end_date == former_end + datetime.timedelta(90)
    assert (first.number, first.status) == (1, "approved")
    assert first.before["end_date"] == former_end.isoformat()
    assert first.after["end_date"] == agreement.end_date.isoformat()
    assert AuditEvent.objects.filter(verb="agreement.amendment_approved", actor=approver).exists()
    decided = Notification.objects.filter(event="amendment_decided", recipient=partner).get()
    assert "Amendment 1 of agreement CFLI-MEX-2026-27-A0001 is approved" in (
        render_email(decided).body
    )
    second = ask(
        agreement, partner, "extension", new_end_date=agreement.end_date + datetime.timedelta(1)
    )
    assert second.number == 2


@pytest.mark.django_db
def test_a_refusal_says_why_and_changes_nothing(parties, private_files):
    partner, approver = parties[2], parties[4]
    agreement = signed(parties)
    amendment = ask(
        agreement, partner, "extension", new_end_date=agreement.end_date + datetime.timedelta(30)
    )

    with pytest.raises(ValidationError):
        services.amendment_decide(amendment=amendment, actor=approver, approve=False, note="")
    services.amendment_decide(
        amendment=amendment, actor=approver, approve=False, note="El año fiscal termina antes."
    )

    amendment.refresh_from_db()
    assert (amendment.status, amendment.decision_note) == (
        "refused",
        "El año fiscal termina antes.",
    )
    assert ContributionAgreement.objects.get(pk=agreement.pk).end_date == agreement.end_date
    with pytest.raises(ValidationError):  # decided once
        services.amendment_decide(amendment=amendment, actor=approver, approve=True)


@pytest.mark.django_db
def test_a_reallocation_is_a_new_budget_version_and_the_former_one_stays(parties, private_files):
    partner, approver = parties[2], parties[4]
    agreement = signed(parties)
    moved = lines_for(agreement, agreement.budget.cfli_total)
    moved[0].cfli_amount -= Decimal("1000")
    moved[-1].cfli_amount += Decimal("1000")
    moved[0].applicant_cash += Decimal("1000")
    moved[-1].applicant_cash -= Decimal("1000")

    amendment = ask(agreement, partner, "reallocation", lines=moved)
    services.amendment_decide(amendment=amendment, actor=approver, approve=True)

    agreement.refresh_from_db()
    assert agreement.budget.version == 2
    assert list(agreement.budgets.values_list("version", flat=True)) == [1, 2]
    assert agreement.budget.cfli_total == agreement.amount_local  # the same total
    assert amendment.before["budget_version"] == 1


@pytest.mark.django_db
def test_a_higher_amount_rescales_the_unpaid_instalments_to_the_cent(parties, private_files):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = signed(parties)
    pay(agreement, officer)  # the advance, CAD 26,320.00
    new_amount = Decimal("40000.01")
    local = services.money.in_currency(new_amount, agreement.exchange_rate)

    with pytest.raises(ValidationError) as error:
        ask(agreement, partner, "amount", new_amount_cad=Decimal("20000"))
    assert error.value.messages == ["CAD 26,320.00 is already paid: the amount cannot be lower."]
    amendment = ask(
        agreement, partner, "amount", new_amount_cad=new_amount, lines=lines_for(agreement, local)
    )
    services.amendment_decide(amendment=amendment, actor=approver, approve=True)

    agreement.refresh_from_db()
    assert (agreement.amount_cad, agreement.amount_local) == (new_amount, local)
    instalments = list(agreement.instalments.all())
    assert [i.status for i in instalments] == ["paid", "scheduled", "scheduled"]
    assert instalments[0].amount_cad == Decimal("26320.00")  # what is paid stays paid
    assert sum(i.amount_cad for i in instalments) == new_amount
    # 7,520 and 3,760 before: the 13,680.01 left keeps their 2:1 proportion, to the cent.
    assert [i.amount_cad for i in instalments[1:]] == [Decimal("9120.01"), Decimal("4560.00")]
    assert commitments.beyond_decisions(agreement.proposal.call_id) == new_amount - Decimal("37600")


@pytest.mark.django_db
def test_a_termination_cancels_what_is_unpaid_and_frees_the_rest_of_the_envelope(
    parties, private_files
):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = signed(parties)
    pay(agreement, officer)
    with pytest.raises(ValidationError) as error:
        ask(agreement, officer, "termination", repaid_cad=Decimal("30000"))
    assert error.value.messages == [
        "What the partner returns is between CAD 0 and the CAD 26,320.00 paid."
    ]

    amendment = ask(
        agreement,
        officer,
        "termination",
        repaid_cad=Decimal("5000"),
        reason="La organización cerró su oficina en Oaxaca.",
    )
    services.amendment_decide(amendment=amendment, actor=approver, approve=True)

    agreement.refresh_from_db()
    assert agreement.status == "terminated"
    assert [i.status for i in agreement.instalments.all()] == ["paid", "cancelled", "cancelled"]
    # The call counts what was paid and not returned: 26,320 − 5,000 of the 37,600 decided.
    assert commitments.beyond_decisions(agreement.proposal.call_id) == Decimal("21320") - Decimal(
        "37600"
    )
    assert list(agreement.events.values_list("kind", flat=True))[-2:] == [
        "terminated",
        "amendment_approved",
    ]
    with pytest.raises(ValidationError) as error:
        pay(agreement, officer, sequence=2)
    assert "not in force" in error.value.messages[0]
    with pytest.raises(ValidationError):
        ask(
            agreement, partner, "extension", new_end_date=agreement.end_date + datetime.timedelta(9)
        )


@pytest.mark.django_db(transaction=True)
def test_two_amendments_that_together_exceed_the_envelope_one_passes(parties, private_files):
    call, _organization, partner, officer, approver = parties
    first = signed(parties)
    second_proposal = funded(*parties)
    second = second_proposal.agreement
    services.agreement_mark_ready(agreement=second, actor=officer)
    services.bank_account_set(agreement=second, actor=partner, **account_data())
    sign(second, partner)
    services.agreement_countersign(agreement=second, actor=approver)
    # The envelope leaves CAD 3,000 beyond the two decisions: each asks for 2,000 more.
    call.budget_envelope = Decimal("37600") * 2 + Decimal("3000")
    call.save(update_fields=["budget_envelope"])
    amendments = []
    for agreement in (first, second):
        agreement.refresh_from_db()
        local = services.money.in_currency(Decimal("39600"), agreement.exchange_rate)
        amendments.append(
            ask(
                agreement,
                partner,
                "amount",
                new_amount_cad=Decimal("39600"),
                lines=lines_for(agreement, local),
            )
        )
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(amendment):
        try:
            barrier.wait()
            services.amendment_decide(amendment=amendment, actor=approver, approve=True)
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(a,)) for a in amendments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        "CAD 2,000.00 more does not fit: CAD 77,200.00 of the call's envelope of CAD "
        "78,200.00 is committed, so CAD 1,000.00 remains.",
        "approved",
    ]
    assert Amendment.objects.filter(status="approved").count() == 1
    assert ContributionAgreement.objects.filter(amount_cad=Decimal("39600")).count() == 1


@pytest.mark.django_db
def test_the_partner_asks_on_the_page_and_the_approver_decides_on_the_amendments_page(
    client, parties, member_oaxaca, django_assert_max_num_queries, private_files
):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = signed(parties)
    address = f"/proposals/{agreement.proposal_id}/agreement/"
    client.force_login(member_oaxaca)  # any member may ask

    choices = client.get(f"{address}amendments/new/")
    assert "No-cost extension" in choices.text
    assert "Termination" not in choices.text  # the officer's alone
    assert (
        client.post(f"{address}amendments/new/?kind=termination", {"reason": "x"}).status_code
        == 403
    )
    refused = client.post(
        f"{address}amendments/new/?kind=extension",
        {"reason": "Lluvias de julio.", "new_end_date": "2020-01-01"},
    )
    assert refused.status_code == 400
    assert "The new end date comes after the current one" in refused.text
    assert "Lluvias de julio." in refused.text  # kept
    later = agreement.end_date + datetime.timedelta(60)
    asked = client.post(
        f"{address}amendments/new/?kind=extension",
        {"reason": "Lluvias de julio.", "new_end_date": later.isoformat()},
        follow=True,
    )
    assert "Amendment 1 is asked for" in asked.text
    assert client.get(address).text.count("Ask for an amendment") == 0  # one at a time

    client.force_login(approver)
    staff = f"/manage/proposals/{agreement.proposal_id}/agreement/amendments/1/"
    with django_assert_max_num_queries(16):
        page = client.get(staff)
    assert "Lluvias de julio." in page.text
    assert "Approve the amendment" in page.text
    no_reason = client.post(f"{staff}decide/", {"decision": "refuse", "note": ""})
    assert no_reason.status_code == 400
    assert "Say why the amendment is refused" in no_reason.text
    client.post(f"{staff}decide/", {"decision": "approve", "note": ""})
    agreement.refresh_from_db()
    assert agreement.end_date == later

    client.force_login(officer)  # an officer reads it, and does not decide
    officer_page = client.get(staff)
    assert "Approve the amendment" not in officer_page.text
    assert client.post(f"{staff}decide/", {"decision": "approve"}).status_code == 403
    client.force_login(partner)
    partner_page = client.get(f"{address}amendments/1/")
    assert "Approved" in partner_page.text
    assert "Lluvias de julio." in partner_page.text


@pytest.mark.django_db
def test_a_reallocation_is_asked_in_the_budgets_own_table(client, parties, private_files):
    partner, approver = parties[2], parties[4]
    agreement = signed(parties)
    address = f"/proposals/{agreement.proposal_id}/agreement/amendments/new/?kind=reallocation"
    client.force_login(partner)

    form = client.get(address)
    assert "budget_lines-0-cfli_amount" in form.text
    lines = list(agreement.budget.lines.all())
    data = {
        "reason": "El transporte costó menos.",
        "budget_lines-TOTAL_FORMS": str(len(lines)),
        "budget_lines-INITIAL_FORMS": "0",
    }
    for index, line in enumerate(lines):
        for name in ("category", "description", "unit", "quantity", "unit_cost"):
            data[f"budget_lines-{index}-{name}"] = str(getattr(line, name))
        for name in ("cfli_amount", "applicant_cash", "in_kind", "other_donor"):
            data[f"budget_lines-{index}-{name}"] = str(getattr(line, name))
    unbalanced = client.post(address, data | {"budget_lines-0-cfli_amount": "1"})
    assert unbalanced.status_code == 400
    assert "The CFLI column adds up to" in unbalanced.text
    assert Amendment.objects.count() == 0

    client.post(address, data)
    services.amendment_decide(amendment=Amendment.objects.get(), actor=approver, approve=True)
    agreement.refresh_from_db()
    assert (agreement.budget.version, agreement.budget.cfli_total) == (2, agreement.amount_local)
