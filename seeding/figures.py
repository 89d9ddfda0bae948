"""The figures of a seeded proposal: the amount asked and its budget lines, the award within
what remains of the call's envelope, the beneficiaries and the project's dates."""

import math
import random
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from proposals.budget import money
from proposals.models import BudgetLine, Proposal
from reviews import scoring
from reviews.models import Screening

from .plans import CallPlan, Pending, VolumeReport

Status = Proposal.Status


def amount(rng: random.Random, plan: CallPlan, *, above_maximum: bool) -> Decimal:
    """CAD asked: mostly the call's typical range, some up to its maximum, always within
    CAD 10,000–100,000; above the maximum for a proposal refused for its amount."""
    call = plan.call
    low, high = float(call.typical_min_amount), float(call.typical_max_amount)
    top = float(call.maximum_amount)
    if above_maximum:
        value = rng.uniform(top, top * 1.3)
    elif rng.random() < 0.75:
        value = rng.uniform(low, high)
    else:
        value = rng.uniform(high, top)
    value = min(max(value, 10_000), 100_000)
    if not above_maximum:
        value = min(value, top)
    return Decimal(round(value / 100) * 100)


def budget(rng: random.Random, item: Pending, amount_cad: Decimal, *, admin_over: bool) -> None:
    """Budget lines in the budget's currency whose CFLI column is the amount asked; the
    administrative line within the call's cap (above it for a proposal refused for it)."""
    proposal, plan = item.proposal, item.plan
    local = amount_cad / plan.rate
    quantum = Decimal(10) ** max(0, int(math.log10(local)) - 3)
    local = (local / quantum).quantize(Decimal(1)) * quantum
    # Rounding to a round local figure must not push the CAD amount out of its range.
    while money(local * plan.rate) < 10_000:
        local += quantum
    ceiling = min(
        Decimal(100_000),
        Decimal(100_000) if item.reason == Screening.Reason.AMOUNT else plan.call.maximum_amount,
    )
    while money(local * plan.rate) > ceiling:
        local -= quantum
    cap = float(plan.call.admin_cost_cap_percent) / 100
    admin_share = cap + 0.05 if admin_over else rng.uniform(0.04, max(0.05, cap - 0.01))
    categories = rng.sample(
        ["training", "salaries", "outreach", "travel", "equipment", "hospitality",
         "professional", "research"],
        rng.randint(3, 5),
    )  # fmt: skip
    weights = [rng.uniform(1, 4) for _category in categories]
    texts = item.common["budget"]
    lines = []
    for position, (category, weight) in enumerate(zip(categories, weights, strict=True)):
        share = (1 - admin_share) * weight / sum(weights)
        lines.append(_line(rng, position, category, local * Decimal(share), texts))
    # The administrative line takes the rest, so the CFLI column adds up to the amount.
    rest = local - sum(line.cfli_amount for line in lines)
    lines.append(_line(rng, len(lines), "administration", rest, texts, 1))
    cfli = sum(line.cfli_amount for line in lines)
    if rng.random() < 0.5:
        description, unit = texts["other"]
        months = rng.randint(3, 10)
        unit_cost = money(local * Decimal(rng.uniform(0.01, 0.03)))
        lines.append(
            BudgetLine(
                position=len(lines),
                category="other",
                description=description,
                unit=unit,
                quantity=Decimal(months),
                unit_cost=unit_cost,
                cfli_amount=Decimal(0),
                in_kind=unit_cost * months,
            )
        )
    proposal.amount_requested = cfli
    proposal.cfli_total = cfli
    proposal.project_total = money(sum(line.quantity * line.unit_cost for line in lines))
    proposal.amount_requested_cad = money(cfli * plan.rate)
    item.lines = lines


def _line(
    rng: random.Random, position, category, amount: Decimal, texts, quantity=None
) -> BudgetLine:
    description, unit = texts[category]
    quantity = Decimal(quantity or rng.randint(1, 24))
    unit_cost = (amount / quantity).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return BudgetLine(
        position=position,
        category=category,
        description=description,
        unit=unit,
        quantity=quantity,
        unit_cost=unit_cost,
        cfli_amount=unit_cost * quantity,
    )


def fund(
    rng: random.Random,
    item: Pending,
    approved: dict[int, list[Decimal]],
    report: VolumeReport,
) -> None:
    """The approved amount (the request, or a little less) if it fits what remains of the
    envelope, by the review's own rule (`scoring.fits_envelope`); otherwise the proposal waits
    on the list or is declined. `approved` holds the amounts approved so far, by call."""
    proposal, call = item.proposal, item.plan.call
    requested = proposal.amount_requested_cad
    award = requested
    if rng.random() < 0.35:
        award = (requested * Decimal(rng.uniform(0.8, 0.95)) / 500).quantize(
            Decimal(1), rounding=ROUND_DOWN
        ) * 500
    award = min(award, call.maximum_amount)
    envelope, taken = call.budget_envelope, approved[call.pk]
    left = scoring.envelope_remaining(envelope=envelope, approved_amounts=taken)
    # A forced approval (see Generator._cover), or one in five, takes a smaller award that fits.
    if award > left >= Decimal(10_000) and (item.forced or rng.random() < 0.2):
        award = (left / 500).quantize(Decimal(1), rounding=ROUND_DOWN) * 500
    if award <= 0 or not scoring.fits_envelope(
        envelope=envelope, approved_amounts=taken, amount=award
    ):
        item.state = Status.WAITLISTED if rng.random() < 0.15 else Status.DECLINED
        proposal.status = item.state
        return
    taken.append(award)
    item.amount = award
    report.approved_cad += award


def beneficiaries(rng: random.Random, profile: str, total: int) -> dict[str, int]:
    """Direct beneficiaries by sex and age, as the theme reaches them."""
    shares = {
        "women": {"women": 0.8, "girls": 0.08, "men": 0.1, "boys": 0.0},
        "girls": {"women": 0.45, "girls": 0.48, "men": 0.04, "boys": 0.01},
        "youth": {"women": 0.12, "girls": 0.38, "men": 0.1, "boys": 0.36},
        "mixed": {"women": 0.52, "girls": 0.08, "men": 0.34, "boys": 0.05},
    }[profile]
    counts = {
        f"direct_{group}": round(total * share * rng.uniform(0.8, 1.2))
        for group, share in shares.items()
    }
    other = round(total * 0.02) if rng.random() < 0.2 else 0
    counts["direct_other_adults"] = other
    counts["direct_other_minors"] = 0
    return counts


def indirect(rng: random.Random, direct: dict[str, int]) -> dict[str, int]:
    people = sum(direct.values()) * rng.randint(3, 10)
    return {
        "indirect_women": round(people * 0.31),
        "indirect_girls": round(people * 0.2),
        "indirect_men": round(people * 0.29),
        "indirect_boys": round(people * 0.2),
        "indirect_other_adults": 0,
        "indirect_other_minors": 0,
    }


def dates(rng: random.Random, plan: CallPlan, *, late: bool) -> tuple[date, date]:
    """The project's start and end: after the call closes, by its latest end date (after it
    for a proposal refused for its end date)."""
    call = plan.call
    closes = timezone.localtime(call.closes_at, plan.mission.zone).date()
    latest = call.latest_end_date
    start = min(closes + timedelta(days=rng.randint(20, 60)), latest - timedelta(days=30))
    start = max(start, closes + timedelta(days=1))
    end = latest - timedelta(days=rng.randint(0, 20))
    if late:
        end = latest + timedelta(days=rng.randint(10, 45))
    return start, max(end, start)
