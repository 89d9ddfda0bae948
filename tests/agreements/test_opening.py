"""From approval to an agreement: releasing a funding decision opens the proposal's draft
contribution agreement, with the proposal's budget or a budget to adjust, and the call's
payment schedule in cents that add up to the amount."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from agreements import services
from agreements.models import AgreementEvent, ContributionAgreement
from core.models import AuditEvent
from notifications.models import Notification
from notifications.services import render_email
from reviews import services as reviews
from tests.reviews.test_decisions import recommend, release, reviewed

pytestmark = pytest.mark.django_db


def funded(
    call, organization, partner, officer, approver, amount="37600", conditions="", language=""
):
    proposal = reviewed(call, organization, partner, officer)
    if language:  # the language the proposal was written in
        type(proposal).objects.filter(pk=proposal.pk).update(language=language)
        proposal.refresh_from_db()
    decision = reviews.decision_recommend(
        proposal=proposal,
        actor=officer,
        recommendation="fund_with_conditions" if conditions else "fund",
        amount=Decimal(amount),
        conditions=conditions,
        rationale="Sólido y bien presupuestado.",
    )
    decision = reviews.decision_approve(decision=decision, actor=approver, ge_code="GE-2")
    release(decision, approver)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def test_a_proposal_funded_as_asked_gets_a_draft_with_its_budget_as_version_one(
    parties, private_files
):
    proposal = funded(*parties, conditions="Informe de seguridad antes del segundo pago.")

    agreement = proposal.agreement
    assert agreement.status == "draft"
    assert agreement.number == ""  # numbered when it goes out for signature
    assert (agreement.amount_cad, agreement.currency, agreement.amount_local) == (
        Decimal("37600.00"),
        "MXN",
        Decimal("500000.00"),
    )
    assert agreement.exchange_rate == Decimal("0.0752")
    assert agreement.language == "es"
    assert agreement.title == proposal.title
    assert agreement.special_conditions == "Informe de seguridad antes del segundo pago."
    assert agreement.start_date is None  # the last signature's date
    budget = agreement.budget
    assert (budget.version, budget.cfli_total, budget.accepted_at is not None) == (
        1,
        Decimal("500000.00"),
        True,
    )
    assert [(line.description, line.cfli_amount) for line in budget.lines.all()] == [
        ("Talleres", Decimal("500000.00"))
    ]
    assert [
        (instalment.condition, instalment.amount_cad, instalment.status)
        for instalment in agreement.instalments.all()
    ] == [
        ("on_signature", Decimal("26320.00"), "scheduled"),
        ("interim_report_accepted", Decimal("7520.00"), "scheduled"),
        ("final_report_accepted", Decimal("3760.00"), "scheduled"),
    ]
    assert list(agreement.events.values_list("kind", flat=True)) == ["opened"]
    assert not Notification.objects.filter(event__startswith="agreement").exists()
    assert AuditEvent.objects.filter(verb="agreement.opened", target_id=str(agreement.pk)).exists()


def test_a_proposal_funded_below_the_amount_asked_waits_for_its_budget_to_be_adjusted(
    parties, member_oaxaca, private_files
):
    member_oaxaca.preferred_language = "es"
    member_oaxaca.save()
    proposal = funded(*parties, amount="30000.01")

    agreement = proposal.agreement
    assert agreement.status == "budget_adjustment"
    assert agreement.budget is None
    # What the partner's adjusted budget must ask of the CFLI, at the proposal's rate.
    assert agreement.amount_local == Decimal("398936.30")
    assert sum(i.amount_cad for i in agreement.instalments.all()) == Decimal("30000.01")
    assert list(agreement.events.values_list("kind", flat=True)) == [
        AgreementEvent.Kind.OPENED,
        AgreementEvent.Kind.BUDGET_REQUESTED,
    ]
    # Each member is told what to do next, in their language, with the agreement's address.
    told = Notification.objects.filter(event="agreement_budget_requested").order_by("email")
    assert [(n.email, n.language) for n in told] == [
        ("member.oaxaca@example.org", "es"),
        ("owner.oaxaca@example.org", "en"),
    ]
    spanish, english = (render_email(notification) for notification in told)
    assert "ajuste su presupuesto" in spanish.body
    assert "CAD 30\xa0000,01 (398\xa0936,30 MXN)" in spanish.body
    assert "CAD 30,000.01 (398,936.30 MXN)" in english.body
    assert f"/proposals/{proposal.pk}/agreement/" in english.body


def test_the_agreement_follows_the_calls_payment_schedule(parties, private_files):
    call = parties[0]
    call.payment_schedule = [
        {"condition": "on_signature", "percent": 50},
        {"condition": "final_report_accepted", "percent": 50},
    ]
    call.save()

    agreement = funded(*parties, amount="37600.01").agreement

    assert [(i.sequence, i.condition, i.amount_cad) for i in agreement.instalments.all()] == [
        (1, "on_signature", Decimal("18800.01")),
        (2, "final_report_accepted", Decimal("18800.00")),
    ]


def test_declined_and_waitlisted_proposals_get_no_agreement(parties, private_files):
    call, organization, partner, officer, approver = parties
    for outcome in ("decline", "waitlist"):
        proposal = reviewed(call, organization, partner, officer)
        decision = recommend(proposal, officer)
        decision = reviews.decision_approve(
            decision=decision,
            actor=approver,
            ge_code="GE-1",
            recommendation=outcome,
            reasons_for_applicant="Otras propuestas respondían mejor a la convocatoria.",
        )
        release(decision, approver)

    assert not ContributionAgreement.objects.exists()


def test_opening_twice_keeps_the_one_agreement(parties, private_files):
    proposal = funded(*parties)
    agreement = proposal.agreement

    again = services.agreement_open(decision=proposal.decision, actor=parties[4])

    assert again == agreement
    assert ContributionAgreement.objects.count() == 1
    assert agreement.instalments.count() == 3


def test_a_waitlisted_proposal_funded_later_gets_its_agreement_then(parties, private_files):
    call, organization, partner, officer, approver = parties
    proposal = reviewed(call, organization, partner, officer)
    decision = reviews.decision_approve(
        decision=recommend(proposal, officer, amount="37600"),
        actor=approver,
        ge_code="GE-2",
        recommendation="waitlist",
    )
    release(decision, approver)
    assert not ContributionAgreement.objects.exists()

    decision = reviews.decision_approve(
        decision=decision,
        actor=approver,
        ge_code="GE-2",
        recommendation="fund",
        amount=Decimal("37600"),
    )
    release(decision, approver)

    assert ContributionAgreement.objects.get().proposal == proposal


def test_proposals_funded_before_agreements_existed_get_theirs_once(parties, private_files):
    proposal = funded(*parties)
    older = funded(*parties, amount="30000")
    ContributionAgreement.objects.filter(proposal=older).delete()  # as before the app existed
    ContributionAgreement.objects.filter(proposal=proposal).update(title="Kept as it was")
    out = io.StringIO()

    call_command("agreements_open_missing", stdout=out)
    call_command("agreements_open_missing", stdout=out)

    assert out.getvalue() == "Opened 1 agreements.\nOpened 0 agreements.\n"
    older.refresh_from_db()
    assert (older.agreement.status, older.agreement.amount_cad) == ("budget_adjustment", 30000)
    assert ContributionAgreement.objects.get(proposal=proposal).title == "Kept as it was"
