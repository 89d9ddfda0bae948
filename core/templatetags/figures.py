"""Figures as people read them, in the active language: {% load figures %} (dashboards, agreements).

Each filter writes exactly what Django's `floatformat` wrote before ("0g", "2g", "1"), rounded
half up and grouped by thousands, at half its cost: a dashboard writes some two hundred figures.
"""

import functools
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import get_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()

# The grouping Python's format writes: by thousands (English, French and Spanish all group so).
THOUSANDS = 3


@functools.cache
def _separators(language: str | None) -> dict[int, str] | None:
    """Python's separators → the language's, or None where the language groups otherwise."""
    if get_format("NUMBER_GROUPING", language) != THOUSANDS:
        return None
    return str.maketrans(
        {
            ",": get_format("THOUSAND_SEPARATOR", language),
            ".": get_format("DECIMAL_SEPARATOR", language),
        }
    )


# The quantum of each number of decimals the filters write.
QUANTA = {places: Decimal(1).scaleb(-places) for places in (0, 1, 2)}


def written(value, places: int, *, grouped: bool = True) -> str:
    """`value` rounded half up to `places` decimals, as `floatformat` writes it ("" for None)."""
    return _written(value, places, grouped, _separators(get_language()))


def _written(value, places: int, grouped: bool, separators: dict[int, str] | None) -> str:
    if value is None:
        return ""
    if separators is not None and type(value) is int:
        # A count: nothing to round, so no Decimal ("1,234", as the Decimal path writes it).
        text = format(abs(value), f"{',' if grouped else ''}.{places}f").translate(separators)
        return f"-{text}" if value < 0 else text
    rounded = Decimal(value).quantize(
        QUANTA.get(places) or Decimal(1).scaleb(-places), ROUND_HALF_UP
    )
    if separators is None:
        # floatformat never writes "-0".
        return number_format(rounded if rounded else abs(rounded), places, force_grouping=grouped)
    # Python writes the digits ("1,234.50"), then the language's separators replace its own.
    text = format(abs(rounded), f"{',' if grouped else ''}.{places}f").translate(separators)
    return f"-{text}" if rounded < 0 else text


class Figures:
    """The three filters for a whole table, the active language's separators and percent sign
    looked up once (a table writes dozens of figures): plain strings, digits and separators
    only, so they need no escaping."""

    def __init__(self):
        self.separators = _separators(get_language())
        self.share = gettext("%(value)s%%")

    def figure(self, value) -> str:
        return _written(value, 0, True, self.separators)

    def amount(self, value) -> str:
        return _written(value, 2, True, self.separators)

    def percent(self, value) -> str:
        if value is None:
            return "—"
        return self.share % {"value": _written(value, 1, False, self.separators)}


# Digits and separators need no escaping: like floatformat, the filters return safe strings.


@register.filter(is_safe=True)
def figure(value) -> SafeString:
    """A count (or an amount on a chart): whole, grouped, like floatformat:"0g"."""
    return mark_safe(written(value, 0))  # noqa: S308 (digits and separators)


@register.filter(is_safe=True)
def amount(value) -> SafeString:
    """An amount in CAD: two decimals, grouped, like floatformat:"2g"."""
    return mark_safe(written(value, 2))  # noqa: S308 (digits and separators)


@register.filter(is_safe=True)
def percent(value) -> SafeString:
    """A share: one decimal and the language's percent sign ("66.7%", "66,7 %"); "—" for None
    (nothing to divide by)."""
    if value is None:
        return mark_safe("—")
    share = gettext("%(value)s%%") % {"value": written(value, 1, grouped=False)}
    return mark_safe(share)  # noqa: S308 (digits, separators, our catalogue's sign)
