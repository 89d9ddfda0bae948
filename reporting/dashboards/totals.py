"""The figures of a scope grouped by state and final gender-equality code: the one query
(`_grouped`) and what its rows add up to (`Totals`): counts by state, CAD requested and
approved, approved projects and CAD by code, planned beneficiaries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)

from proposals.models import GeCode, Proposal

from . import compiled
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
    approved_rows: list[dict] = field(default_factory=list)  # with their catalogue entries

    def add(self, row: dict) -> None:
        status = row["status"]
        self.counts[status] += row["count"]
        if status == Status.DRAFT:
            return  # drafts are counted, never summed: their figures are not final
        self.requested += row["requested"] or 0
        for name in BENEFICIARY_FIELDS:
            self.beneficiaries[name] += row[name] or 0
        if status == Status.APPROVED:
            self.approved_rows.append(row)
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


def _grouped_rows(call_ids: list[int] | None, *keys: str) -> list[dict]:
    """`_grouped` for the proposals of these calls (None: every proposal)."""
    return compiled.rows(_grouped_query, call_ids, *keys)


def _grouped_query(call_ids: list[int] | None, *keys: str) -> QuerySet:
    return _grouped(compiled.proposals_of(call_ids), *keys)


def _grouped(proposals: QuerySet[Proposal], *keys: str) -> QuerySet:
    """One row per (keys…, state) and, for approved proposals, per final GE code and catalogue
    entry: the count, the CAD requested (and approved), and the planned beneficiaries.

    Two halves in one statement: only approved proposals join their decision (a decision is
    one-to-one, so the join never multiplies rows), as the others need nothing from it and the
    join read every decision to serve a few; the others read nothing but the figures' index.
    The approved half also carries the catalogue entries, for the catalogues' approved CAD."""
    others = proposals.exclude(APPROVED).values(
        *keys,
        "status",
        ge_code=Value(None, CharField()),
        area_key=Value(None, IntegerField()),
        theme_key=Value(None, IntegerField()),
    )
    approved = proposals.filter(APPROVED).values(
        *keys,
        "status",
        ge_code=F("decision__ge_code"),
        area_key=F("call_priority__priority_area_id"),
        theme_key=F("sub_theme_id"),
    )
    sums = {name: Sum(name) for name in BENEFICIARY_FIELDS}
    return (
        others.annotate(
            approved=Value(None, DecimalField()),
            count=Count("pk"),
            requested=Sum("amount_requested_cad"),
            **sums,
        )
        .order_by()
        .union(
            approved.annotate(
                approved=Sum("decision__amount"),
                count=Count("pk"),
                requested=Sum("amount_requested_cad"),
                **sums,
            ).order_by(),
            all=True,
        )
        .order_by()
    )
