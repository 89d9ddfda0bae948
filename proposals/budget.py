"""Budget arithmetic and rules, computed on the server from the lines as saved; and the totals
the budget's page shows of the lines as typed, which static/js/budget.js repeats while people
type."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.models import field_label

from .models import MAX_AMOUNT, MAX_QUANTITY, BudgetLine

CENT = Decimal("0.01")
# What a line's contributors give; together they pay for quantity × unit cost.
CONTRIBUTIONS = ("cfli_amount", "applicant_cash", "in_kind", "other_donor")
# An amount or a quantity as the form takes it: digits, and at most two of them after a point
# (never more than ten before it: the largest amount, MAX_AMOUNT, has ten).
TYPED_AMOUNT = re.compile(r"\s*([0-9]{0,10})(?:\.([0-9]{0,2}))?\s*")


def money(value: Decimal | int) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def shown(value: Decimal | int) -> str:
    return number_format(money(value), decimal_pos=2, use_l10n=True, force_grouping=True)


def typed_amount(value: object, maximum: Decimal = MAX_AMOUNT) -> Decimal | None:
    """An amount or a quantity as the form holds it, typed or saved; None when it is empty or
    not one the form accepts (the form says why). static/js/budget.js reads it the same way."""
    match = TYPED_AMOUNT.fullmatch("" if value is None else str(value))
    if match is None or not (match.group(1) or match.group(2)):
        return None
    amount = Decimal(f"{match.group(1) or 0}.{match.group(2) or 0}")
    return amount if amount <= maximum else None


def typed_line(values: Mapping[str, object]) -> BudgetLine:
    """A budget line as its row of the form holds it, unsaved: for the totals the page shows
    before the lines are saved (and checked) again."""
    return BudgetLine(
        quantity=typed_amount(values.get("quantity"), MAX_QUANTITY),
        **{name: typed_amount(values.get(name)) for name in ("unit_cost", *CONTRIBUTIONS)},
    )


@dataclass(frozen=True)
class Totals:
    cfli: Decimal
    applicant_cash: Decimal
    in_kind: Decimal
    other_donor: Decimal
    project: Decimal
    administration: Decimal

    @property
    def administration_percent(self) -> Decimal:
        if not self.cfli:
            return Decimal(0)
        return (self.administration * 100 / self.cfli).quantize(Decimal("0.1"))


class Line(Protocol):
    """A budget line as these rules read it: a proposal's, or a version of an agreement's."""

    @property
    def category(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def quantity(self) -> Decimal | None: ...
    @property
    def unit_cost(self) -> Decimal | None: ...
    @property
    def cfli_amount(self) -> Decimal | None: ...

    def line_total(self) -> Decimal | int: ...


def line_label(position: int, line: Line) -> str:
    if line.description:
        return _("Line %(number)d (%(description)s)") % {
            "number": position,
            "description": line.description,
        }
    return _("Line %(number)d") % {"number": position}


def totals(lines: Sequence[Line]) -> Totals:
    def total(name: str) -> Decimal:
        return money(sum((getattr(line, name) or Decimal(0) for line in lines), Decimal(0)))

    return Totals(
        cfli=total("cfli_amount"),
        applicant_cash=total("applicant_cash"),
        in_kind=total("in_kind"),
        other_donor=total("other_donor"),
        project=money(sum((line.line_total() for line in lines), Decimal(0))),
        administration=money(
            sum(
                (
                    line.cfli_amount or Decimal(0)
                    for line in lines
                    if line.category == BudgetLine.Category.ADMINISTRATION
                ),
                Decimal(0),
            )
        ),
    )


def to_cad(amount: Decimal, rate: Decimal | None) -> Decimal | None:
    return None if rate is None else money(amount * rate)


def cad_rate(*, call, currency: str) -> Decimal | None:
    """CAD for one unit of the budget's currency: the rate every rule and CAD figure uses.

    A budget in CAD is not converted; one in the mission's currency is converted at the call's
    rate, and nothing else is. A rate an applicant states never decides a check (at 0.00001 CAD
    a peso, any budget would pass the call's maximum). None: no usable rate.
    """
    if currency == "CAD":
        return Decimal(1)
    if call.exchange_rate is None or currency != call.mission.local_currency:
        return None
    return call.exchange_rate


def line_problems(lines: Sequence[Line]) -> list[tuple[str, str]]:
    """(field id, message) for each line that is incomplete or does not add up."""
    problems = []
    for index, line in enumerate(lines):
        label = line_label(index + 1, line)
        prefix = f"id_budget_lines-{index}-"
        for name in ("category", "description", "quantity", "unit_cost"):
            if getattr(line, name) in (None, ""):
                problems.append(
                    (
                        prefix + name,
                        _("%(line)s: fill in “%(field)s”.")
                        % {"line": label, "field": field_label(BudgetLine, name)},
                    )
                )
        contributions = sum(
            (getattr(line, name) or Decimal(0) for name in CONTRIBUTIONS), Decimal(0)
        )
        if (
            line.quantity is not None
            and line.unit_cost is not None
            and money(contributions) != money(line.line_total())
        ):
            problems.append(
                (
                    prefix + "cfli_amount",
                    _(
                        "%(line)s: the CFLI, applicant, in-kind and other donor amounts add "
                        "up to %(contributions)s, but quantity × unit cost is %(total)s."
                    )
                    % {
                        "line": label,
                        "contributions": shown(contributions),
                        "total": shown(line.line_total()),
                    },
                )
            )
    return problems


def rule_problems(*, lines, amount_requested, currency, call) -> list[tuple[str, str]]:
    """The call's rules on the whole budget: admin cap, maximum, and the amount requested.
    The maximum is checked at the call's rate (see `cad_rate`)."""
    problems = []
    rate = cad_rate(call=call, currency=currency)
    result = totals(lines)
    cap = Decimal(call.admin_cost_cap_percent)
    allowed = money(result.cfli * cap / 100)
    if result.administration > allowed:
        numbers = ", ".join(
            str(index + 1)
            for index, line in enumerate(lines)
            if line.category == BudgetLine.Category.ADMINISTRATION
        )
        first = next(
            index
            for index, line in enumerate(lines)
            if line.category == BudgetLine.Category.ADMINISTRATION
        )
        problems.append(
            (
                f"id_budget_lines-{first}-cfli_amount",
                _(
                    "Administration and overhead (line %(lines)s) ask %(amount)s %(currency)s "
                    "of the CFLI, %(percent)s%% of the CFLI total of %(total)s; the call allows "
                    "at most %(cap)s%% (%(allowed)s %(currency)s)."
                )
                % {
                    "lines": numbers,
                    "amount": shown(result.administration),
                    "currency": currency,
                    "percent": number_format(result.administration_percent, use_l10n=True),
                    "total": shown(result.cfli),
                    "cap": number_format(cap.normalize(), use_l10n=True),
                    "allowed": shown(allowed),
                },
            )
        )
    cfli_cad = to_cad(result.cfli, rate)
    if cfli_cad is not None and cfli_cad > call.maximum_amount:
        problems.append(
            (
                "id_amount_requested",
                _(
                    "The CFLI total of %(total)s %(currency)s is CAD %(cad)s, above the call's "
                    "maximum of CAD %(maximum)s."
                )
                % {
                    "total": shown(result.cfli),
                    "currency": currency,
                    "cad": shown(cfli_cad),
                    "maximum": shown(call.maximum_amount),
                },
            )
        )
    if amount_requested is not None and money(amount_requested) != result.cfli:
        problems.append(
            (
                "id_amount_requested",
                _(
                    "The amount requested (%(requested)s %(currency)s) must equal the total of "
                    "the CFLI column (%(total)s %(currency)s)."
                )
                % {
                    "requested": shown(amount_requested),
                    "currency": currency,
                    "total": shown(result.cfli),
                },
            )
        )
    return problems
