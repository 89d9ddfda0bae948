"""Planned beneficiaries by sex and age, direct and indirect: the table and bars of each reach,
from the sums that `totals.Totals` adds up."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .charts import _width

# Beneficiaries by sex and age: (row label, field suffix for 18 and over, for under 18); the
# same rows as the proposal's own form.
BENEFICIARY_GROUPS = (
    (_("Women and girls"), "women", "girls"),
    (_("Men and boys"), "men", "boys"),
    (_("Other gender identities"), "other_adults", "other_minors"),
)
REACHES = ("direct", "indirect")
BENEFICIARY_FIELDS = tuple(
    f"{reach}_{suffix}"
    for reach in REACHES
    for _label, adults, minors in BENEFICIARY_GROUPS
    for suffix in (adults, minors)
)


@dataclass(frozen=True)
class BeneficiaryRow:
    label: str
    adults: int
    minors: int
    adults_width: str = "0%"
    minors_width: str = "0%"

    @property
    def total(self) -> int:
        return self.adults + self.minors


@dataclass(frozen=True)
class Beneficiaries:
    """Planned beneficiaries of one reach (direct or indirect) by sex and age."""

    reach: str
    rows: list[BeneficiaryRow]
    total: BeneficiaryRow


def _beneficiaries(counts: dict[str, int], reach: str) -> Beneficiaries:
    sums = [
        (label, counts[f"{reach}_{adults}"], counts[f"{reach}_{minors}"])
        for label, adults, minors in BENEFICIARY_GROUPS
    ]
    scale = max((adults + minors for _label, adults, minors in sums), default=0)
    rows = [
        BeneficiaryRow(label, adults, minors, _width(adults, scale), _width(minors, scale))
        for label, adults, minors in sums
    ]
    total = BeneficiaryRow(
        _("Total"), sum(row.adults for row in rows), sum(row.minors for row in rows)
    )
    return Beneficiaries(reach, rows, total)


def _reach_total(counts: dict[str, int], reach: str) -> int:
    return sum(counts[name] for name in BENEFICIARY_FIELDS if name.startswith(f"{reach}_"))
