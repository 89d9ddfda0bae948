"""Money of an agreement: CAD is the contract, the budget's currency is recorded at a rate."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def allocate(total: Decimal, weights: list[int | Decimal]) -> list[Decimal]:
    """Split `total` into parts proportional to `weights`, in cents, that add up to `total`
    exactly (the largest-remainder method): each part is its exact share rounded down to the
    cent, and the cents left go one each to the parts that lost the most, the first of equal
    ones first. So no part is a cent or more away from its exact share."""
    if total < 0 or total != total.quantize(CENT):
        raise ValueError("The total must be a positive amount in cents.")
    if not weights or any(weight < 0 for weight in weights) or sum(weights) <= 0:
        raise ValueError("The weights must be positive or zero, and not all zero.")
    cents = int(total / CENT)
    whole = sum(Decimal(weight) for weight in weights)
    exact = [Decimal(cents) * Decimal(weight) / whole for weight in weights]
    parts = [int(share.to_integral_value(rounding=ROUND_DOWN)) for share in exact]
    left = cents - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda index: (parts[index] - exact[index], index))
    for index in by_remainder[:left]:
        parts[index] += 1
    return [Decimal(part) * CENT for part in parts]


def in_currency(amount_cad: Decimal, rate: Decimal) -> Decimal:
    """An amount in CAD in a currency of which one unit is worth `rate` CAD, to the cent."""
    return (amount_cad / rate).quantize(CENT, rounding=ROUND_HALF_UP)
