"""The payment schedule in cents: parts that add up to the agreement's amount exactly."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agreements.money import allocate, in_currency

CENT = Decimal("0.01")
amounts = st.integers(min_value=1, max_value=10**11).map(lambda cents: Decimal(cents) * CENT)
weights = st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=8).filter(sum)


@given(total=amounts, weights=weights)
def test_the_parts_add_up_to_the_total_and_each_is_within_a_cent_of_its_share(total, weights):
    parts = allocate(total, weights)

    assert sum(parts) == total
    assert all(part == part.quantize(CENT) and part >= 0 for part in parts)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - total * weight / sum(weights)) < CENT


def test_the_cents_left_over_go_to_the_parts_that_lost_most_then_the_first():
    assert allocate(Decimal("100.00"), [1, 1, 1]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    assert allocate(Decimal("37600.01"), [70, 20, 10]) == [
        Decimal("26320.01"),
        Decimal("7520.00"),
        Decimal("3760.00"),
    ]


@pytest.mark.parametrize(
    ("total", "weights"),
    [(Decimal("-1.00"), [1]), (Decimal("1.001"), [1]), (Decimal("1.00"), [0, 0]), (Decimal(1), [])],
)
def test_an_amount_that_is_not_in_cents_or_weights_that_share_nothing_are_refused(total, weights):
    with pytest.raises(ValueError, match="must be"):
        allocate(total, weights)


def test_an_amount_in_cad_in_the_budgets_currency_is_rounded_to_the_cent():
    assert in_currency(Decimal("30000.00"), Decimal("0.0752")) == Decimal("398936.17")
