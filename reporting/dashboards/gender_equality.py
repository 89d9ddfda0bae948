"""Approved projects and CAD by final gender-equality code, and Canada's two targets."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from proposals.models import GeCode

from .charts import Bar, _bars, _width
from .totals import Status, Totals

# Canada's targets (Feminist International Assistance Policy): the share of projects that
# integrate or target gender equality, and the share of spending on projects that target it.
TARGET_INTEGRATED = Decimal(95)
TARGET_TARGETED_SPENDING = Decimal(15)


@dataclass(frozen=True)
class CodeRow:
    code: str
    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class Share:
    """A share of approved projects or spending, against Canada's target."""

    label: str
    value: Decimal | None
    target: Decimal

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value >= self.target

    @property
    def bar(self) -> Bar:
        return Bar(self.label, self.value, _width(self.value, 100), _width(self.target, 100))


@dataclass(frozen=True)
class GenderEquality:
    rows: list[CodeRow]
    approved: int
    coded: int
    shares: list[Share]

    @property
    def uncoded(self) -> int:
        return self.approved - self.coded

    @property
    def bars(self) -> list[Bar]:
        return _bars([(row.code, row.count) for row in self.rows])

    @property
    def target_bars(self) -> list[Bar]:
        return [share.bar for share in self.shares]


def _gender_equality(totals: Totals) -> GenderEquality:
    return GenderEquality(
        rows=[
            CodeRow(code, label, totals.ge_counts[code], totals.ge_amounts[code])
            for code, label in GeCode.choices
        ],
        approved=totals.counts[Status.APPROVED],
        coded=totals.coded,
        shares=[
            Share(
                _("Approved projects that integrate or target gender equality (GE-1 to GE-3)"),
                totals.integrated_share,
                TARGET_INTEGRATED,
            ),
            Share(
                _("Approved spending on projects that target gender equality (GE-3)"),
                totals.targeted_spending_share,
                TARGET_TARGETED_SPENDING,
            ),
        ],
    )
