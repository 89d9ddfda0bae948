"""What every chart of the dashboards is drawn with: a bar, and the shares and widths that place
it. The table beside each chart carries the same figures; nothing here queries."""

from dataclasses import dataclass
from decimal import Decimal


def _ratio(part, whole) -> Decimal | None:
    """`part` as a percentage of `whole`, exact; None when there is nothing to divide by."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def _width(value, scale) -> str:
    """A bar's length as an SVG attribute (a percentage of the chart), never localized."""
    share = _ratio(max(value or 0, 0), scale)
    return f"{min(share, Decimal(100)):.2f}%" if share else "0%"


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: the table beside it carries the same figure for everyone."""

    label: str
    value: Decimal | int | None
    width: str
    target: str = ""  # where a target line is drawn, in the same unit as `width`


def _bars(items: list[tuple[str, Decimal | int]], *, scale=None) -> list[Bar]:
    scale = scale if scale is not None else max((value or 0 for _l, value in items), default=0)
    return [Bar(label, value, _width(value, scale)) for label, value in items]
