"""Submitted proposals by priority area and by sub-theme, in the active language."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import CharField, Count, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from programs.models import PriorityArea, SubTheme

from . import compiled
from .totals import Status


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


# The catalogues proposals are counted by: a prefix for the query's columns → the proposal's
# column of the entry and the catalogue's model. `totals._grouped` names its approved rows'
# entries `<prefix>_key` too.
CATALOGUES = {
    "area": ("call_priority__priority_area_id", PriorityArea),
    "theme": ("sub_theme_id", SubTheme),
}


def _translated(path: str, active: str) -> Coalesce:
    """A translated catalogue name (modeltranslation's `<path>_<language>` columns) in the
    `active` language, else in the fallback languages, as modeltranslation itself would show
    it."""
    languages = [code for code, _name in settings.LANGUAGES]
    order = dict.fromkeys([active, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]]).keys()
    return Coalesce(
        *(NullIf(F(f"{path}_{code}"), Value("")) for code in order if code in languages),
        F(path),
        output_field=CharField(),
    )


def _by_catalogue(
    call_ids: list[int] | None, approved_rows: list[dict]
) -> dict[str, list[CategoryRow]]:
    """Submitted proposals by priority area and by sub-theme, each in its catalogue's order
    (proposals without an entry last): one query grouped by both pairs, added up here by one
    catalogue, then by the other. The approvals (count and CAD) come from `approved_rows`, the
    approved rows of `totals._grouped` (with their entries), so this query never joins the
    decisions and both approval columns come from one statement."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    rows = compiled.rows(_catalogue_query, call_ids, language)
    result = {}
    for prefix in CATALOGUES:
        groups: dict[int | None, CategoryRow] = {}
        for row in rows:
            key = row[f"{prefix}_key"]
            if key not in groups:
                groups[key] = CategoryRow(row[f"{prefix}_name"], row[f"{prefix}_position"])
            groups[key].add(row)
        for row in approved_rows:
            # Every approved proposal is submitted, so its entry is among the groups (unless a
            # write came between the two queries: then the next view is right).
            if (group := groups.get(row[f"{prefix}_key"])) is not None:
                group.approved_count += row["count"]
                group.approved += row["approved"] or 0
        result[prefix] = [
            group
            for _key, group in sorted(
                groups.items(),
                key=lambda item: (item[0] is None, item[1].position or 0, item[0] or 0),
            )
        ]
    return result


def _catalogue_query(call_ids: list[int] | None, language: str) -> QuerySet:
    """Submitted proposals grouped by priority area and sub-theme, with the entries' names in
    `language`."""
    columns = {f"{prefix}_key": F(column) for prefix, (column, _model) in CATALOGUES.items()}
    entries = {}
    for prefix, (_column, model) in CATALOGUES.items():
        # Read after grouping, once a group: joined before it, the names cost a hash join
        # and a text key on every proposal (headquarters: twice the whole query).
        entry = model.objects.filter(pk=OuterRef(f"{prefix}_key")).order_by()
        entries[f"{prefix}_name"] = Subquery(
            entry.annotate(label=_translated("name", language)).values("label")
        )
        entries[f"{prefix}_position"] = Subquery(entry.values("position"))
    return (
        compiled.proposals_of(call_ids)
        .exclude(status=Status.DRAFT)
        .values(**columns)
        .annotate(
            count=Count("pk"),
            requested=Sum("amount_requested_cad"),
        )
        .annotate(**entries)
        .order_by()
    )
