"""Review arithmetic: weighted scores, reviewer agreement, GBA+ totals, ranking, envelope.

Pure functions on plain values: no ORM, no Django, no other project module. Services read the
grid, the checklist and the reviews, build the dataclasses below and call these functions.

All arithmetic is Decimal. Scores, ratios and spreads that people see are rounded half-up to
two places (`ROUND_HALF_UP`, as a person rounds, not banker's rounding); a rule that compares
with a threshold inside one function compares the unrounded value. Money is never rounded here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

HUNDREDTH = Decimal("0.01")


def _shown(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


# --- Weighted score of one review ---------------------------------------------------------


@dataclass(frozen=True)
class CriterionScore:
    """One criterion of a grid as one reviewer scored it; `score=None` means "n/a"."""

    weight: Decimal
    scale_max: int
    score: int | None


def _check_criterion(position: int, criterion: CriterionScore) -> None:
    if not (criterion.weight.is_finite() and criterion.weight > 0):
        raise ValueError(
            f"Criterion {position}: weight must be greater than 0, not {criterion.weight}."
        )
    if criterion.scale_max < 1:
        raise ValueError(
            f"Criterion {position}: highest score must be at least 1, not {criterion.scale_max}."
        )
    if criterion.score is not None and not 0 <= criterion.score <= criterion.scale_max:
        raise ValueError(
            f"Criterion {position}: score must be between 0 and {criterion.scale_max}, "
            f"not {criterion.score}."
        )


def weighted_score(*, criteria: Sequence[CriterionScore]) -> Decimal | None:
    """Return a review's score out of 100, or None when every criterion is n/a.

    Rule: 100 × Σ(weight × score / scale_max) ÷ Σ(weight), both sums over the answered
    criteria only. An "n/a" criterion leaves both sums, so it never counts as 0 and never
    lowers the score: the result equals that of the same review without the criterion.
    Raise ValueError when a weight is not positive, a scale is below 1 or a score lies
    outside 0..scale_max (n/a criteria are checked too, except for their score).
    """
    numerator = Decimal(0)
    denominator = Decimal(0)
    for position, criterion in enumerate(criteria, start=1):
        _check_criterion(position, criterion)
        if criterion.score is None:
            continue
        numerator += criterion.weight * criterion.score / criterion.scale_max
        denominator += criterion.weight
    if not denominator:
        return None
    return _shown(100 * numerator / denominator)


# --- Several reviewers of one proposal -----------------------------------------------------


def combined_score(*, review_scores: Sequence[Decimal | None]) -> Decimal | None:
    """Return the mean of the reviewers' scores, skipping reviews that have none.

    A review whose every criterion was n/a (score None) is left out rather than counted as 0.
    Return None when no review has a score.
    """
    scores = [score for score in review_scores if score is not None]
    if not scores:
        return None
    return _shown(sum(scores, Decimal(0)) / len(scores))


@dataclass(frozen=True)
class Disagreement:
    """How far apart the reviewers' scores are, and whether that calls for a discussion."""

    spread: Decimal | None
    is_large: bool


DEFAULT_DISAGREEMENT_THRESHOLD = Decimal(20)


def disagreement(
    *,
    review_scores: Sequence[Decimal | None],
    threshold: Decimal = DEFAULT_DISAGREEMENT_THRESHOLD,
) -> Disagreement:
    """Measure how far reviewers disagree: the highest score minus the lowest.

    Reviews without a score are left out. With fewer than two scores there is nothing to
    compare: spread None, not large. The disagreement is large when spread ≥ threshold
    (points out of 100; 20 by default).
    """
    scores = [score for score in review_scores if score is not None]
    if len(scores) < 2:
        return Disagreement(spread=None, is_large=False)
    spread = max(scores) - min(scores)
    return Disagreement(spread=_shown(spread), is_large=spread >= threshold)


# --- GBA+ checklist and gender-equality code ------------------------------------------------

YES, PARTLY, NO, NA = "yes", "partly", "no", "na"
ANSWER_VALUES = {YES: Decimal(1), PARTLY: Decimal("0.5"), NO: Decimal(0)}
ANSWERS = (YES, PARTLY, NO, NA)

GE_0, GE_1, GE_2, GE_3 = "GE-0", "GE-1", "GE-2", "GE-3"
RATIO_HIGH = Decimal("0.75")
RATIO_MEDIUM = Decimal("0.4")

# Reason codes, in the order they appear in GeSuggestion.reasons. The UI maps each code to a
# translated sentence; the codes themselves are stable and never shown.
GE_REASONS = (
    "principal_objective",
    "ratio_high",
    "ratio_medium",
    "ratio_low",
    "required_item_no",
    "women_not_consulted",
    "women_consultation_unknown",
    "no_disaggregated_targets",
    "all_na",
)


@dataclass(frozen=True)
class ChecklistAnswer:
    """One GBA+ checklist item as a reviewer answered it: "yes", "partly", "no" or "na"."""

    key: str
    answer: str
    required: bool


@dataclass(frozen=True)
class GeSuggestion:
    """A suggested gender-equality code and the reason codes that decided it."""

    code: str
    reasons: tuple[str, ...]


def _exact_ratio(answers: Sequence[ChecklistAnswer]) -> Decimal | None:
    seen: set[str] = set()
    values = []
    for item in answers:
        if item.answer not in ANSWERS:
            allowed = ", ".join(ANSWERS)
            raise ValueError(f"Checklist item {item.key!r}: answer must be one of {allowed}.")
        if item.key in seen:
            raise ValueError(f"Checklist item {item.key!r} is answered twice.")
        seen.add(item.key)
        if item.answer != NA:
            values.append(ANSWER_VALUES[item.answer])
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def checklist_ratio(*, answers: Sequence[ChecklistAnswer]) -> Decimal | None:
    """Return the share of the checklist that is met, from 0 to 1, or None if all n.a.

    Rule: yes = 1, partly = 0.5, no = 0, averaged over the items not answered "na"; an n.a.
    item is left out, never counted as 0. Raise ValueError for an unknown answer or an item
    answered twice.
    """
    ratio = _exact_ratio(answers)
    return None if ratio is None else _shown(ratio)


def suggest_ge_code(
    *,
    answers: Sequence[ChecklistAnswer],
    gender_is_principal_objective: bool,
    women_consulted: bool | None,
    has_disaggregated_targets: bool,
) -> GeSuggestion:
    """Suggest a gender-equality code from the GBA+ checklist (our rule; the mission decides).

    Rule, with r the checklist ratio (unrounded):
    - every item n.a. (r is None): GE-0, reason "all_na";
    - GE-3 when gender equality is the principal objective, r ≥ 0.75, women were consulted
      (True; None means unknown) and the proposal has sex-disaggregated targets;
    - otherwise GE-2 when r ≥ 0.75;
    - otherwise GE-1 when r ≥ 0.4;
    - otherwise GE-0.
    Caps: a required item answered "no", or women not consulted (False), cap the code at GE-1.

    Reasons, in the order of GE_REASONS: "principal_objective" when it is; one ratio band
    ("ratio_high" r ≥ 0.75, "ratio_medium" r ≥ 0.4, "ratio_low"); then, when r is high, each
    cap or missing GE-3 condition that kept the code below what the ratio allowed. A cap that
    changed nothing (r already below 0.75) is not listed.
    """
    ratio = _exact_ratio(answers)
    if ratio is None:
        return GeSuggestion(code=GE_0, reasons=("all_na",))

    reasons: set[str] = set()
    if gender_is_principal_objective:
        reasons.add("principal_objective")

    if ratio >= RATIO_HIGH:
        reasons.add("ratio_high")
        blockers: set[str] = set()
        if any(item.required and item.answer == NO for item in answers):
            blockers.add("required_item_no")
        if women_consulted is False:
            blockers.add("women_not_consulted")
        if gender_is_principal_objective:
            if women_consulted is None:
                blockers.add("women_consultation_unknown")
            if not has_disaggregated_targets:
                blockers.add("no_disaggregated_targets")
        reasons |= blockers
        if blockers & {"required_item_no", "women_not_consulted"}:
            code = GE_1
        elif gender_is_principal_objective and not blockers:
            code = GE_3
        else:
            code = GE_2
    elif ratio >= RATIO_MEDIUM:
        reasons.add("ratio_medium")
        code = GE_1
    else:
        reasons.add("ratio_low")
        code = GE_0
    return GeSuggestion(code=code, reasons=tuple(r for r in GE_REASONS if r in reasons))


# --- Ranking and the call's envelope -------------------------------------------------------


class _Comparable(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


@dataclass(frozen=True)
class RankItem:
    """A proposal as the committee ranks it; `submitted_at` is anything comparable."""

    proposal_id: int
    score: Decimal | None
    amount: Decimal
    submitted_at: _Comparable


def rank(*, items: Sequence[RankItem]) -> list[RankItem]:
    """Order proposals for the committee: highest score first, unscored proposals last.

    Ties go to the proposal submitted earlier, then to the smaller proposal id, so the order
    never depends on the order of the input.
    """

    def key(item: RankItem) -> tuple[bool, Decimal, _Comparable, int]:
        return (
            item.score is None,
            -item.score if item.score is not None else Decimal(0),
            item.submitted_at,
            item.proposal_id,
        )

    return sorted(items, key=key)


def envelope_remaining(*, envelope: Decimal, approved_amounts: Sequence[Decimal]) -> Decimal:
    """Return what is left of a call's envelope after the approved amounts.

    Negative when the approvals already exceed the envelope (shown, not hidden). Raise
    ValueError for a negative envelope or amount.
    """
    if envelope < 0:
        raise ValueError(f"The envelope cannot be negative ({envelope}).")
    if any(amount < 0 for amount in approved_amounts):
        raise ValueError("Approved amounts cannot be negative.")
    return envelope - sum(approved_amounts, Decimal(0))


def fits_envelope(
    *, envelope: Decimal, approved_amounts: Sequence[Decimal], amount: Decimal
) -> bool:
    """Tell whether approving `amount` keeps the approvals within the envelope.

    An amount equal to what remains fits exactly. Raise ValueError for a negative amount.
    """
    if amount < 0:
        raise ValueError(f"The amount cannot be negative ({amount}).")
    return amount <= envelope_remaining(envelope=envelope, approved_amounts=approved_amounts)


def funding_line(*, envelope: Decimal, amounts: Sequence[Decimal | None]) -> int:
    """Where the envelope runs out along a ranked list: the number of leading items whose
    amounts, added in rank order, fit in the envelope (`None`: an item that takes nothing,
    such as a declined proposal). The committee draws its line before the item at that index.
    """
    total = Decimal(0)
    for index, amount in enumerate(amounts):
        if amount is None:
            continue
        total += amount
        if total > envelope:
            return index
    return len(amounts)
