"""The agreements of the seeded approved proposals: each funded proposal whose decision was
released gets its contribution agreement at a stage that fits its fiscal year (past years' are
in force and paid but for their holdback; the current year's are spread over every stage), with
its budget, its instalments, its bank account and its payments.

Like the rest of the seeding it writes in bulk and bypasses the services (no notification, no
audit row per agreement), and applies their rules by calling them: the schedule is split by
`agreements.money.allocate`, numbers come from `AgreementSequence.take` (gap-free, per mission
and fiscal year), the account number is encrypted by `agreements.bank`, and payments are
recorded in the budget's currency at the proposal's rate.
"""

import random
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agreements import bank, money
from agreements.models import (
    AgreementBudget,
    AgreementBudgetLine,
    AgreementEvent,
    AgreementSequence,
    BankAccount,
    ContributionAgreement,
    PaymentInstalment,
)
from programs.models import fiscal_year_label, fiscal_year_of
from proposals.models import Proposal

from .themes import THEMES, Theme

Status = ContributionAgreement.Status
Instalment = PaymentInstalment.Status
Kind = AgreementEvent.Kind

# The current fiscal year's agreements: how far each has gone (weights).
STAGES = {
    Status.DRAFT: 10,
    Status.TO_SIGN: 15,
    Status.PARTNER_SIGNED: 10,
    "advance_due": 15,
    "advance_paid": 45,
    Status.TERMINATED: 5,
}
# The events each stage has been through, in order.
STEPS: dict[str, list[str]] = {
    Status.BUDGET_ADJUSTMENT: [Kind.OPENED, Kind.BUDGET_REQUESTED],
    Status.DRAFT: [Kind.OPENED],
    Status.TO_SIGN: [Kind.OPENED, Kind.READY, Kind.BANK_ACCOUNT_SET],
    Status.PARTNER_SIGNED: [Kind.OPENED, Kind.READY, Kind.BANK_ACCOUNT_SET, Kind.PARTNER_SIGNED],
}
SIGNED_STEPS: list[str] = [*STEPS[Status.PARTNER_SIGNED], Kind.COUNTERSIGNED]


def agreements_seed(rng: random.Random, now: datetime, *, batch_size: int = 500) -> int:
    """Open the agreement of every released funding decision without one; returns how many."""
    waiting = (
        Proposal.objects.filter(
            status=Proposal.Status.APPROVED,
            decision__released_at__isnull=False,
            decision__amount__isnull=False,
            agreement__isnull=True,
        )
        .select_related("decision", "call__mission", "organization", "created_by")
        .order_by("pk")
    )
    ids = list(waiting.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            batch = list(
                waiting.filter(pk__in=ids[start : start + batch_size]).prefetch_related(
                    "budget_lines"
                )
            )
            _write(rng, now, batch)
    return len(ids)


def _stage_of(rng: random.Random, proposal: Proposal, today: date) -> str:
    if proposal.decision.amount != proposal.amount_requested_cad and rng.random() < 0.5:
        return Status.BUDGET_ADJUSTMENT
    if proposal.call.fiscal_year < fiscal_year_of(today):
        return "advance_paid"
    stages = list(STAGES)
    return rng.choices(stages, weights=[STAGES[stage] for stage in stages])[0]


def _write(rng: random.Random, now: datetime, proposals: list[Proposal]) -> None:
    today = now.date()
    plans = []
    for proposal in proposals:
        stage = _stage_of(rng, proposal, today)
        released = proposal.decision.released_at or now
        signed_on = min(released.date() + timedelta(days=rng.randint(10, 40)), today)
        status = {
            "advance_due": Status.ACTIVE,
            "advance_paid": Status.ACTIVE,
        }.get(stage, stage)
        plans.append((proposal, stage, status, released, signed_on))
    numbers = _numbers([(p, status) for p, _stage, status, _r, _s in plans])
    agreements = []
    for proposal, _stage, status, released, signed_on in plans:
        decision = proposal.decision
        amount = decision.amount if decision.amount is not None else Decimal(0)  # never: filtered
        rate = proposal.exchange_rate or Decimal(1)
        adjusted = amount != proposal.amount_requested_cad
        agreements.append(
            ContributionAgreement(
                proposal=proposal,
                mission=proposal.call.mission,
                fiscal_year=proposal.call.fiscal_year,
                number=numbers.get(proposal.pk, ""),
                status=status,
                title=proposal.title,
                language=proposal.language if proposal.language in ("en", "fr", "es") else "en",
                amount_cad=amount,
                currency=proposal.currency or "CAD",
                exchange_rate=rate,
                rate_date=released.date(),
                amount_local=money.in_currency(amount, rate)
                if adjusted
                else proposal.cfli_total or money.in_currency(amount, rate),
                start_date=signed_on if status in (Status.ACTIVE, Status.TERMINATED) else None,
                end_date=proposal.end_date or proposal.call.latest_end_date,
                special_conditions=decision.conditions,
                partner_signatory_name=proposal.created_by.full_name
                if status not in STEPS or status == Status.PARTNER_SIGNED
                else "",
                partner_signatory_title="Director"
                if status not in STEPS or status == Status.PARTNER_SIGNED
                else "",
                partner_signed_by_id=proposal.created_by_id
                if status not in STEPS or status == Status.PARTNER_SIGNED
                else None,
                partner_signed_at=_at(signed_on)
                if status not in STEPS or status == Status.PARTNER_SIGNED
                else None,
                # The approver who approved the funding signs for Canada, as in the demo.
                countersigned_by_id=decision.approved_by_id if status not in STEPS else None,
                countersigned_at=_at(signed_on) if status not in STEPS else None,
                **_publication(proposal),
            )
        )
    ContributionAgreement.objects.bulk_create(agreements)
    _budgets(agreements, plans)
    _accounts(agreements, plans)
    _instalments(agreements, plans, today)
    # The steps at their days, so that later steps (the reports') follow them on the timeline.
    from .services import _stamped_by_hand  # services imports this module

    with _stamped_by_hand(AgreementEvent):
        AgreementEvent.objects.bulk_create(
            AgreementEvent(
                agreement=agreement,
                kind=kind,
                created_at=_step_time(kind, released, signed_on, position),
            )
            for agreement, (_p, _stage, status, released, signed_on) in zip(
                agreements, plans, strict=True
            )
            for position, kind in enumerate(STEPS.get(status, SIGNED_STEPS))
        )


def _step_time(kind: str, released: datetime, signed_on: date, position: int) -> datetime:
    """When a step was taken: the countersignature at the agreement's `countersigned_at` (the
    reports' schedule starts then), the partner's signature just before, the steps before
    them in the days after the release (a minute apart at least, to keep their order)."""
    signed = _at(signed_on)
    if kind == Kind.COUNTERSIGNED:
        return signed
    if kind == Kind.PARTNER_SIGNED:
        return signed - timedelta(minutes=1)
    return min(released + timedelta(days=position), signed - timedelta(minutes=10 - position))


def _publication(proposal: Proposal) -> dict[str, str]:
    """What an officer would write for publication, in English and French, from the proposal's
    theme (found by its title) at its own place; a stream of its own per proposal, so that the
    agreements' other choices stay what the same seed gave."""
    rng = random.Random(proposal.pk)  # noqa: S311 (test data)
    theme = _theme_of(proposal)
    texts = {}
    for language in ("en", "fr"):
        text = theme.text[language]
        slots = {
            "city": proposal.location_city,
            "region": proposal.location_region,
            "group": text["group"],
            "topic": text["topic"],
            "n": rng.randint(8, 120),
        }
        texts[f"publication_title_{language}"] = rng.choice(text["titles"]).format(**slots)[:300]
        texts[f"publication_description_{language}"] = rng.choice(text["objectives"]).format(
            **slots
        )
        texts[f"publication_results_{language}"] = f"{text['output']}\n{text['outcome']}"
    return texts


def _theme_of(proposal: Proposal) -> Theme:
    """The theme whose title, in the proposal's language, the proposal's title was made from."""
    for theme in THEMES:
        for title in theme.text.get(proposal.language, {}).get("titles", ()):
            pattern = re.escape(title).replace(r"\{city\}", ".*").replace(r"\{region\}", ".*")
            if re.fullmatch(pattern.replace(r"\{n\}", r"\d+"), proposal.title):
                return theme
    return THEMES[0]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(15)))


def _numbers(plans) -> dict[int, str]:
    """Numbers for the agreements sent for signature, per mission and fiscal year, gap-free."""
    wanted: dict[tuple, list[Proposal]] = {}
    for proposal, status in plans:
        if status not in (Status.BUDGET_ADJUSTMENT, Status.DRAFT):
            key = (proposal.call.mission, proposal.call.fiscal_year)
            wanted.setdefault(key, []).append(proposal)
    numbers = {}
    for (mission, fiscal_year), proposals in wanted.items():
        taken = AgreementSequence.take(
            mission_id=mission.pk, fiscal_year=fiscal_year, count=len(proposals)
        )
        label = fiscal_year_label(fiscal_year)
        for proposal, number in zip(proposals, taken, strict=True):
            numbers[proposal.pk] = f"CFLI-{mission.code}-{label}-A{number:04d}"
    return numbers


def _budgets(agreements, plans) -> None:
    """Version 1, the proposal's budget, for every agreement past the budget's adjustment."""
    versions = []
    for agreement, (proposal, _stage, status, released, _s) in zip(agreements, plans, strict=True):
        if status == Status.BUDGET_ADJUSTMENT:
            continue
        versions.append(
            AgreementBudget(
                agreement=agreement,
                version=1,
                currency=agreement.currency,
                cfli_total=proposal.cfli_total or agreement.amount_local,
                project_total=proposal.project_total or agreement.amount_local,
                proposed_at=proposal.submitted_at or released,
                accepted_at=released,
            )
        )
    AgreementBudget.objects.bulk_create(versions)
    by_agreement = {version.agreement_id: version for version in versions}
    lines = []
    for agreement, (proposal, *_rest) in zip(agreements, plans, strict=True):
        version = by_agreement.get(agreement.pk)
        if version is None:
            continue
        for position, line in enumerate(proposal.budget_lines.all(), start=1):
            lines.append(
                AgreementBudgetLine(
                    budget=version,
                    position=position,
                    category=line.category,
                    description=line.description,
                    unit=line.unit,
                    quantity=line.quantity or Decimal(0),
                    unit_cost=line.unit_cost or Decimal(0),
                    cfli_amount=line.cfli_amount or Decimal(0),
                    applicant_cash=line.applicant_cash or Decimal(0),
                    in_kind=line.in_kind or Decimal(0),
                    other_donor=line.other_donor or Decimal(0),
                )
            )
        agreement.budget = version
    AgreementBudgetLine.objects.bulk_create(lines)
    ContributionAgreement.objects.bulk_update(
        [agreement for agreement in agreements if agreement.budget_id], ["budget"]
    )


def _accounts(agreements, plans) -> None:
    """The organization's account, given before the signature, for those sent to sign."""
    accounts = []
    for agreement, (proposal, _stage, status, _r, _s) in zip(agreements, plans, strict=True):
        if status in (Status.BUDGET_ADJUSTMENT, Status.DRAFT):
            continue
        number = f"{proposal.pk:012d}{agreement.pk % 10000:04d}"
        accounts.append(
            (
                agreement,
                BankAccount(
                    organization=proposal.organization,
                    holder=proposal.organization.name,
                    bank_name="Banco Nacional",
                    account_number_encrypted=bank.encrypt(number),
                    account_last4=number[-4:],
                    entered_by=proposal.created_by,
                    needs_confirmation=False,
                ),
            )
        )
    BankAccount.objects.bulk_create([account for _agreement, account in accounts])
    for agreement, account in accounts:
        agreement.bank_account = account
    ContributionAgreement.objects.bulk_update(
        [agreement for agreement, _account in accounts], ["bank_account"]
    )


def _instalments(agreements, plans, today: date) -> None:
    """The call's schedule in cents of the amount; the advance due or paid once both signed,
    the rest cancelled for a terminated agreement."""
    rows = []
    for agreement, (proposal, stage, status, _r, signed_on) in zip(agreements, plans, strict=True):
        schedule = proposal.call.payment_schedule
        amounts = money.allocate(agreement.amount_cad, [part["percent"] for part in schedule])
        for sequence, (part, amount) in enumerate(zip(schedule, amounts, strict=True), start=1):
            instalment = PaymentInstalment(
                agreement=agreement,
                sequence=sequence,
                condition=part["condition"],
                amount_cad=amount,
            )
            first = sequence == 1
            if status == Status.TERMINATED:
                instalment.status = Instalment.PAID if first else Instalment.CANCELLED
            elif status == Status.ACTIVE and first:
                instalment.status = Instalment.DUE if stage == "advance_due" else Instalment.PAID
            if instalment.status == Instalment.PAID:
                paid_on = min(signed_on + timedelta(days=7), today)
                instalment.paid_on = paid_on
                instalment.paid_amount_cad = amount
                instalment.paid_amount_local = money.in_currency(amount, agreement.exchange_rate)
                instalment.paid_rate = agreement.exchange_rate
                instalment.payment_reference = f"SEED-{agreement.pk}-{sequence}"
            rows.append(instalment)
    PaymentInstalment.objects.bulk_create(rows)
