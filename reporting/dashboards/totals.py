"""The figures of a scope grouped by state and final gender-equality code: the one query
(`_grouped`) and what its rows add up to (`Totals`): counts by state, CAD requested and
approved, approved projects and CAD by code, planned beneficiaries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from proposals.models import GeCode, Proposal

from .beneficiaries import BENEFICIARY_FIELDS
from .charts import _ratio

Status = Proposal.Status
APPROVED = Q(status=Status.APPROVED)

# Codes of projects that integrate or target gender equality (Canada's first target).
INTEGRATED_CODES = (GeCode.GE1, GeCode.GE2, GeCode.GE3)


@dataclass
class Totals:
    """What grouped rows (by state and final gender-equality code) add up to, for a scope."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requested: Decimal = Decimal(0)
    approved: Decimal = Decimal(0)
    ge_counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    ge_amounts: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    beneficiaries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    approved_beneficiaries: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, row: dict) -> None:
        status = row["status"]
        self.counts[status] += row["count"]
        if status == Status.DRAFT:
            return  # drafts are counted, never summed: their figures are not final
        self.requested += row["requested"] or 0
        for name in BENEFICIARY_FIELDS:
            self.beneficiaries[name] += row[name] or 0
        if status == Status.APPROVED:
            code = row["ge_code"] or ""  # no decision, or a decision without a final code
            self.approved += row["approved"] or 0
            self.ge_counts[code] += row["count"]
            self.ge_amounts[code] += row["approved"] or 0
            for name in BENEFICIARY_FIELDS:
                self.approved_beneficiaries[name] += row[name] or 0

    @property
    def submitted(self) -> int:
        return sum(count for status, count in self.counts.items() if status != Status.DRAFT)

    @property
    def coded(self) -> int:
        return sum(self.ge_counts[code] for code in GeCode.values)

    @property
    def integrated_share(self) -> Decimal | None:
        """Approved projects coded GE-1, GE-2 or GE-3, as a share of those with a final code."""
        return _ratio(sum(self.ge_counts[code] for code in INTEGRATED_CODES), self.coded)

    @property
    def targeted_spending_share(self) -> Decimal | None:
        """Approved CAD of GE-3 projects, as a share of the approved CAD of coded projects."""
        coded_amount = sum(self.ge_amounts[code] for code in GeCode.values)
        return _ratio(self.ge_amounts[GeCode.GE3], coded_amount)


def _grouped(proposals: QuerySet[Proposal], *keys: str) -> QuerySet:
    """One row per (keys…, state, final GE code): the count, the CAD requested and approved, and
    the planned beneficiaries. A decision is one-to-one, so the join never multiplies rows."""
    return (
        proposals.values(*keys, "status", ge_code=F("decision__ge_code"))
        .annotate(
            count=Count("pk"),
            requested=Sum("amount_requested_cad"),
            approved=Sum("decision__amount"),
            **{name: Sum(name) for name in BENEFICIARY_FIELDS},
        )
        .order_by()
    )
