"""Review arithmetic: exact values, no database."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from reviews.scoring import (
    ChecklistAnswer,
    CriterionScore,
    Disagreement,
    GeSuggestion,
    RankItem,
    checklist_ratio,
    combined_score,
    disagreement,
    envelope_remaining,
    fits_envelope,
    rank,
    suggest_ge_code,
    weighted_score,
)

# The default grid of domain.md: alignment 20, problem analysis 20, feasibility 15, budget 15,
# GBA+ 15, local ownership 10, sustainability 5 — each scored out of 5.
DEFAULT_WEIGHTS = (20, 20, 15, 15, 15, 10, 5)


def grid(*scores, weights=DEFAULT_WEIGHTS, scale_max=5):
    return [
        CriterionScore(weight=Decimal(weight), scale_max=scale_max, score=score)
        for weight, score in zip(weights, scores, strict=True)
    ]


# --- weighted_score -------------------------------------------------------------------------


def test_weighted_score_on_the_default_grid():
    # 100 × (20×4 + 20×3 + 15×5 + 15×2 + 15×4 + 10×3 + 5×5) / 5 / 100 = 72
    assert weighted_score(criteria=grid(4, 3, 5, 2, 4, 3, 5)) == Decimal("72.00")


def test_weighted_score_top_and_bottom_marks_give_100_and_0():
    assert weighted_score(criteria=grid(5, 5, 5, 5, 5, 5, 5)) == Decimal("100.00")
    assert weighted_score(criteria=grid(0, 0, 0, 0, 0, 0, 0)) == Decimal("0.00")


def test_an_na_criterion_scores_as_if_the_criterion_were_not_in_the_grid():
    # Given a review whose GBA+ criterion (weight 15) is n/a
    with_na = grid(4, 3, 5, 2, None, 3, 5)
    without = grid(4, 3, 5, 2, 3, 5, weights=(20, 20, 15, 15, 10, 5))
    as_zero = grid(4, 3, 5, 2, 0, 3, 5)

    # Then: 100 × 60 / 85 = 70.588… → 70.59, the same as without the criterion
    assert weighted_score(criteria=with_na) == Decimal("70.59")
    assert weighted_score(criteria=without) == Decimal("70.59")
    # and n/a does not lower the score: counting it as 0 would give 60.00
    assert weighted_score(criteria=as_zero) == Decimal("60.00")


def test_weighted_score_is_none_when_every_criterion_is_na():
    assert weighted_score(criteria=grid(None, None, None, None, None, None, None)) is None
    assert weighted_score(criteria=[]) is None


def test_weighted_score_rounds_half_up_not_to_even():
    # 100 × 1/32 = 3.125: half-up gives 3.13 where banker's rounding would give 3.12
    criteria = [CriterionScore(weight=Decimal(1), scale_max=32, score=1)]
    assert weighted_score(criteria=criteria) == Decimal("3.13")


def test_weighted_score_uses_each_criterions_own_scale():
    # 100 × (1 × 3/4 + 3 × 7/10) / 4 = 100 × 2.85 / 4 = 71.25
    criteria = [
        CriterionScore(weight=Decimal(1), scale_max=4, score=3),
        CriterionScore(weight=Decimal(3), scale_max=10, score=7),
    ]
    assert weighted_score(criteria=criteria) == Decimal("71.25")


@pytest.mark.parametrize(
    ("_case", "criterion", "message"),
    [
        ("score above the scale", CriterionScore(Decimal(20), 5, 6), "between 0 and 5, not 6"),
        ("negative score", CriterionScore(Decimal(20), 5, -1), "between 0 and 5, not -1"),
        ("zero weight", CriterionScore(Decimal(0), 5, 3), "weight must be greater than 0"),
        ("negative weight", CriterionScore(Decimal(-5), 5, None), "weight must be greater"),
        ("scale below 1", CriterionScore(Decimal(20), 0, None), "at least 1, not 0"),
    ],
)
def test_weighted_score_rejects_invalid_criteria(_case, criterion, message):
    criteria = [CriterionScore(weight=Decimal(20), scale_max=5, score=4), criterion]
    with pytest.raises(ValueError, match=f"Criterion 2: .*{message}"):
        weighted_score(criteria=criteria)


# --- combined_score and disagreement ------------------------------------------------------------


def test_combined_score_is_the_mean_of_the_scored_reviews():
    scores = [Decimal("72.00"), Decimal("70.59"), None]
    # (72.00 + 70.59) / 2 = 71.295 → 71.30
    assert combined_score(review_scores=scores) == Decimal("71.30")


def test_combined_score_rounds_half_up():
    # 70.125 → 70.13 (banker's rounding would give 70.12)
    assert combined_score(review_scores=[Decimal("70.00"), Decimal("70.25")]) == Decimal("70.13")


def test_combined_score_is_none_without_any_scored_review():
    assert combined_score(review_scores=[None, None]) is None
    assert combined_score(review_scores=[]) is None


def test_a_spread_of_exactly_the_threshold_is_a_large_disagreement():
    scores = [Decimal("72.00"), None, Decimal("60.50"), Decimal("52.00")]
    assert disagreement(review_scores=scores) == Disagreement(
        spread=Decimal("20.00"), is_large=True
    )


def test_a_spread_just_under_the_threshold_is_not_large():
    scores = [Decimal("72.00"), Decimal("52.01")]
    assert disagreement(review_scores=scores) == Disagreement(
        spread=Decimal("19.99"), is_large=False
    )


def test_disagreement_takes_a_custom_threshold():
    scores = [Decimal("72.00"), Decimal("62.00")]
    assert disagreement(review_scores=scores, threshold=Decimal(10)) == Disagreement(
        spread=Decimal("10.00"), is_large=True
    )


def test_fewer_than_two_scores_have_no_spread():
    expected = Disagreement(spread=None, is_large=False)
    assert disagreement(review_scores=[Decimal("90.00"), None]) == expected
    assert disagreement(review_scores=[]) == expected


# --- GBA+ checklist -------------------------------------------------------------------------


def checklist(*answers, required=()):
    return [
        ChecklistAnswer(key=f"item_{n}", answer=answer, required=n in required)
        for n, answer in enumerate(answers, start=1)
    ]


def test_checklist_ratio_leaves_na_out_instead_of_counting_it_as_zero():
    # (1 + 0.5 + 0) / 3, the n.a. item left out
    assert checklist_ratio(answers=checklist("yes", "partly", "no", "na")) == Decimal("0.50")
    # (1 + 1 + 0.5) / 3 = 0.8333… → 0.83
    answers = checklist("yes", "yes", "partly", "na", "na")
    assert checklist_ratio(answers=answers) == Decimal("0.83")


def test_checklist_ratio_is_none_when_every_item_is_na():
    assert checklist_ratio(answers=checklist("na", "na")) is None
    assert checklist_ratio(answers=[]) is None


def test_checklist_rejects_unknown_answers_and_repeated_items():
    with pytest.raises(ValueError, match="'item_2': answer must be one of yes, partly, no, na"):
        checklist_ratio(answers=checklist("yes", "maybe"))
    twice = [ChecklistAnswer("consulted", "yes", False), ChecklistAnswer("consulted", "no", False)]
    with pytest.raises(ValueError, match="'consulted' is answered twice"):
        checklist_ratio(answers=twice)


# --- suggest_ge_code ------------------------------------------------------------------------

ALL_YES = ("yes", "yes", "yes", "yes")
# 3 / 4 = 0.75 exactly, the "no" on item 4
THREE_YES_ONE_NO = ("yes", "yes", "yes", "no")


@pytest.mark.parametrize(
    ("_case", "answers", "required", "principal", "women", "targets", "expected"),
    [
        (
            "every item n.a.",
            ("na", "na"),
            (),
            True,
            False,
            False,
            GeSuggestion("GE-0", ("all_na",)),
        ),
        (
            "targeted, every condition met",
            ALL_YES,
            (),
            True,
            True,
            True,
            GeSuggestion("GE-3", ("principal_objective", "ratio_high")),
        ),
        (
            "targeted at exactly 0.75, the no not required",
            THREE_YES_ONE_NO,
            (),
            True,
            True,
            True,
            GeSuggestion("GE-3", ("principal_objective", "ratio_high")),
        ),
        (
            "principal objective without disaggregated targets",
            ALL_YES,
            (),
            True,
            True,
            False,
            GeSuggestion("GE-2", ("principal_objective", "ratio_high", "no_disaggregated_targets")),
        ),
        (
            "principal objective, consultation of women unknown",
            ALL_YES,
            (),
            True,
            None,
            True,
            GeSuggestion(
                "GE-2", ("principal_objective", "ratio_high", "women_consultation_unknown")
            ),
        ),
        (
            "principal objective, women not consulted: capped",
            ALL_YES,
            (),
            True,
            False,
            True,
            GeSuggestion("GE-1", ("principal_objective", "ratio_high", "women_not_consulted")),
        ),
        (
            "principal objective, required item no: capped",
            THREE_YES_ONE_NO,
            (4,),
            True,
            True,
            True,
            GeSuggestion("GE-1", ("principal_objective", "ratio_high", "required_item_no")),
        ),
        (
            "every cap and missing condition, in fixed order",
            THREE_YES_ONE_NO,
            (4,),
            True,
            False,
            False,
            GeSuggestion(
                "GE-1",
                (
                    "principal_objective",
                    "ratio_high",
                    "required_item_no",
                    "women_not_consulted",
                    "no_disaggregated_targets",
                ),
            ),
        ),
        (
            "integrated: targets and consultation only matter for GE-3",
            ALL_YES,
            (),
            False,
            None,
            False,
            GeSuggestion("GE-2", ("ratio_high",)),
        ),
        (
            "integrated, women not consulted: capped",
            ALL_YES,
            (),
            False,
            False,
            True,
            GeSuggestion("GE-1", ("ratio_high", "women_not_consulted")),
        ),
        (
            "integrated, required item no: capped",
            THREE_YES_ONE_NO,
            (4,),
            False,
            True,
            True,
            GeSuggestion("GE-1", ("ratio_high", "required_item_no")),
        ),
        (
            "partly integrated at exactly 0.4; the required no changes nothing",
            ("yes", "yes", "no", "no", "no"),
            (3,),
            False,
            False,
            False,
            GeSuggestion("GE-1", ("ratio_medium",)),
        ),
        (
            "principal objective but a medium ratio",
            ("yes", "partly", "no", "na"),
            (),
            True,
            True,
            True,
            GeSuggestion("GE-1", ("principal_objective", "ratio_medium")),
        ),
        (
            "below 0.4 (0.375)",
            ("yes", "partly", "no", "no"),
            (),
            False,
            True,
            True,
            GeSuggestion("GE-0", ("ratio_low",)),
        ),
    ],
)
def test_suggest_ge_code(_case, answers, required, principal, women, targets, expected):
    suggestion = suggest_ge_code(
        answers=checklist(*answers, required=required),
        gender_is_principal_objective=principal,
        women_consulted=women,
        has_disaggregated_targets=targets,
    )
    assert suggestion == expected


def test_suggest_ge_code_compares_the_unrounded_ratio():
    # Given 74 yes, 1 partly and 25 no: 74.5 / 100 = 0.745, shown as 0.75
    answers = checklist(*(["yes"] * 74 + ["partly"] + ["no"] * 25))
    assert checklist_ratio(answers=answers) == Decimal("0.75")

    suggestion = suggest_ge_code(
        answers=answers,
        gender_is_principal_objective=False,
        women_consulted=True,
        has_disaggregated_targets=True,
    )

    # Then the ratio is still below 0.75: GE-1, not GE-2
    assert suggestion == GeSuggestion("GE-1", ("ratio_medium",))


# --- rank ------------------------------------------------------------------------------------


def at(day):
    return datetime(2026, 3, day, 12, 0, tzinfo=UTC)


def test_rank_puts_high_scores_first_and_unscored_last_with_deterministic_ties():
    items = [
        RankItem(proposal_id=9, score=None, amount=Decimal(10000), submitted_at=at(1)),
        RankItem(proposal_id=7, score=Decimal("80.00"), amount=Decimal(20000), submitted_at=at(5)),
        RankItem(proposal_id=5, score=Decimal("80.00"), amount=Decimal(20000), submitted_at=at(5)),
        RankItem(proposal_id=8, score=Decimal("80.00"), amount=Decimal(20000), submitted_at=at(2)),
        RankItem(proposal_id=4, score=Decimal("91.50"), amount=Decimal(15000), submitted_at=at(9)),
        RankItem(proposal_id=2, score=Decimal("0.00"), amount=Decimal(5000), submitted_at=at(1)),
        RankItem(proposal_id=6, score=None, amount=Decimal(10000), submitted_at=at(3)),
    ]

    ranked = rank(items=items)

    # 91.50; then the three 80.00 by submission (8 on the 2nd, before smaller ids), then by id
    # (5 before 7); 0.00 is a score and comes before the unscored, ordered by submission too
    assert [item.proposal_id for item in ranked] == [4, 8, 5, 7, 2, 9, 6]
    assert [item.proposal_id for item in rank(items=items[::-1])] == [4, 8, 5, 7, 2, 9, 6]
    assert [item.proposal_id for item in items] == [9, 7, 5, 8, 4, 2, 6]  # input untouched


# --- envelope -------------------------------------------------------------------------------


def test_envelope_remaining_subtracts_the_approved_amounts():
    approved = [Decimal("25000.00"), Decimal("18750.50")]
    assert envelope_remaining(envelope=Decimal("100000.00"), approved_amounts=approved) == Decimal(
        "56249.50"
    )
    assert envelope_remaining(envelope=Decimal("100000.00"), approved_amounts=[]) == Decimal(
        "100000.00"
    )


def test_envelope_remaining_shows_an_overrun_as_a_negative_amount():
    approved = [Decimal("60000.00"), Decimal("45000.00")]
    assert envelope_remaining(envelope=Decimal("100000.00"), approved_amounts=approved) == Decimal(
        "-5000.00"
    )


def test_an_amount_equal_to_what_remains_fits_and_one_cent_more_does_not():
    approved = [Decimal("25000.00"), Decimal("18750.50")]
    envelope = Decimal("100000.00")
    assert fits_envelope(envelope=envelope, approved_amounts=approved, amount=Decimal("56249.50"))
    assert not fits_envelope(
        envelope=envelope, approved_amounts=approved, amount=Decimal("56249.51")
    )


def test_envelope_functions_reject_negative_amounts():
    with pytest.raises(ValueError, match="envelope cannot be negative"):
        envelope_remaining(envelope=Decimal(-1), approved_amounts=[])
    with pytest.raises(ValueError, match="Approved amounts cannot be negative"):
        envelope_remaining(envelope=Decimal(100), approved_amounts=[Decimal(-1)])
    with pytest.raises(ValueError, match="amount cannot be negative"):
        fits_envelope(envelope=Decimal(100), approved_amounts=[], amount=Decimal(-1))
