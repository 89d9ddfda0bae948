"""Submitted proposals by priority area and by sub-theme, in the active language."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import CharField, Count, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from proposals.models import Proposal

from .totals import APPROVED, Status


@dataclass
class CategoryRow:
    """A priority area or sub-theme (label None: not given yet) and what its submitted
    proposals add up to."""

    label: str | None
    position: int | None
    count: int = 0
    requested: Decimal = Decimal(0)
    approved_count: int = 0
    approved: Decimal = Decimal(0)

    def add(self, row: dict) -> None:
        self.count += row["count"]
        self.requested += row["requested"] or 0
        self.approved_count += row["approved_count"]
        self.approved += row["approved"] or 0


# The catalogues proposals are counted by: a prefix for the query's columns → the relation.
CATALOGUES = {"area": "call_priority__priority_area", "theme": "sub_theme"}


def _translated(path: str) -> Coalesce:
    """A translated catalogue name (modeltranslation's `<path>_<language>` columns) in the
    active language, else in the fallback languages, as modeltranslation itself would show it."""
    languages = [code for code, _name in settings.LANGUAGES]
    active = (get_language() or settings.LANGUAGE_CODE)[:2]
    order = dict.fromkeys([active, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]]).keys()
    return Coalesce(
        *(NullIf(F(f"{path}_{code}"), Value("")) for code in order if code in languages),
        F(path),
        output_field=CharField(),
    )


def _by_catalogue(proposals: QuerySet[Proposal]) -> dict[str, list[CategoryRow]]:
    """Submitted proposals by priority area and by sub-theme, each in its catalogue's order
    (proposals without an entry last): one query grouped by both pairs, added up here by one
    catalogue, then by the other."""
    columns = {}
    for prefix, relation in CATALOGUES.items():
        columns[f"{prefix}_key"] = F(f"{relation}_id")
        columns[f"{prefix}_name"] = _translated(f"{relation}__name")
        columns[f"{prefix}_position"] = F(f"{relation}__position")
    rows = list(
        proposals.exclude(status=Status.DRAFT)
        .values(**columns)
        .annotate(
            count=Count("pk"),
            requested=Sum("amount_requested_cad"),
            approved_count=Count("pk", filter=APPROVED),
            approved=Sum("decision__amount", filter=APPROVED),
        )
        .order_by()
    )
    result = {}
    for prefix in CATALOGUES:
        groups: dict[int | None, CategoryRow] = {}
        for row in rows:
            key = row[f"{prefix}_key"]
            if key not in groups:
                groups[key] = CategoryRow(row[f"{prefix}_name"], row[f"{prefix}_position"])
            groups[key].add(row)
        result[prefix] = [
            group
            for _key, group in sorted(
                groups.items(),
                key=lambda item: (item[0] is None, item[1].position or 0, item[0] or 0),
            )
        ]
    return result
