"""Beneficiaries by sex and age: the groups that the form's grid and the printed proposal show,
and how a count typed in the grid is read for its totals."""

import re

from django.utils.translation import gettext_lazy as _

# (row label, field suffix for 18 and over, for under 18).
COUNT_GROUPS = (
    (_("Women and girls"), "women", "girls"),
    (_("Men and boys"), "men", "boys"),
    (_("Other gender identities"), "other_adults", "other_minors"),
)
REACHES = (
    ("direct", _("Direct beneficiaries")),
    ("indirect", _("Indirect beneficiaries")),
)
COUNT_FIELDS = tuple(
    f"{reach}_{suffix}"
    for reach, _caption in REACHES
    for _label, adults, minors in COUNT_GROUPS
    for suffix in (adults, minors)
)

# A whole number from 0 to MAX_COUNT, as the form takes it ("12", or "12.0" from some
# keyboards); never more than nine digits.
MAX_COUNT = 100_000_000
WHOLE_NUMBER = re.compile(r"\s*([0-9]{1,9})(?:\.0*)?\s*")


def count(value: object) -> int:
    """A count as the form holds it (typed or saved). An empty or unreadable one adds nothing to
    the totals: the form says what is wrong with it, and static/js/budget.js reads it the same
    way while people type."""
    match = WHOLE_NUMBER.fullmatch("" if value is None else str(value))
    number = int(match.group(1)) if match else 0
    return number if number <= MAX_COUNT else 0
