"""A dashboard: every figure of one scope put together, for a mission's calls or for
headquarters (with a row per mission)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from programs.models import Call, Mission
from proposals.models import Proposal

from .awards import Award, _largest_awards
from .beneficiaries import REACHES, Beneficiaries, _beneficiaries, _reach_total
from .catalogues import CategoryRow, _by_catalogue
from .charts import Bar, _bars
from .daily import Daily, _per_day
from .gender_equality import GenderEquality, _gender_equality
from .money import Money
from .totals import Status, Totals, _grouped


@dataclass(frozen=True)
class MissionRow:
    """A mission's line of the headquarters table."""

    mission: Mission
    totals: Totals
    envelope: Decimal
    has_calls: bool  # calls in the chosen fiscal year: its link keeps the year


@dataclass(frozen=True)
class Dashboard:
    states: list[Bar]
    submitted: int
    drafts: int
    money: Money
    priority_areas: list[CategoryRow]
    sub_themes: list[CategoryRow]
    gender_equality: GenderEquality
    beneficiaries: list[Beneficiaries]
    approved_direct: int
    approved_indirect: int
    awards: list[Award]
    daily: Daily | None = None
    missions: list[MissionRow] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    @property
    def priority_area_bars(self) -> list[Bar]:
        return _bars([(row.label, row.count) for row in self.priority_areas])

    @property
    def sub_theme_bars(self) -> list[Bar]:
        return _bars([(row.label, row.count) for row in self.sub_themes])


def _dashboard(
    proposals: QuerySet[Proposal], totals: Totals, envelope: Decimal, **extra
) -> Dashboard:
    """The figures every dashboard shows: by priority area and sub-theme (one grouped query)
    and the largest awards."""
    approved = totals.approved_beneficiaries
    catalogues = _by_catalogue(proposals)
    return Dashboard(
        states=_bars(
            [
                (label, totals.counts[status])
                for status, label in Status.choices
                if status != Status.DRAFT
            ]
        ),
        submitted=totals.submitted,
        drafts=totals.counts[Status.DRAFT],
        money=Money(envelope=envelope, requested=totals.requested, approved=totals.approved),
        priority_areas=catalogues["area"],
        sub_themes=catalogues["theme"],
        gender_equality=_gender_equality(totals),
        beneficiaries=[_beneficiaries(totals.beneficiaries, reach) for reach in REACHES],
        approved_direct=_reach_total(approved, "direct"),
        approved_indirect=_reach_total(approved, "indirect"),
        awards=_largest_awards(proposals),
        totals=totals,
        **extra,
    )


def mission_dashboard(*, mission: Mission, calls: list[Call]) -> Dashboard:
    """The figures of these calls of one mission; the caller checked the user may see it.

    Queries: the figures grouped by state and code, grouped by priority area and sub-theme,
    the largest awards and, when the scope is one call, the submissions per day: 4 at most.
    """
    calls = [call for call in calls if call.mission_id == mission.pk]  # never another's
    proposals = Proposal.objects.filter(call__in=[call.pk for call in calls])
    totals = Totals()
    for row in _grouped(proposals):
        totals.add(row)
    daily = _per_day(proposals, calls[0], mission.zone) if len(calls) == 1 else None
    envelope = sum((call.budget_envelope for call in calls), Decimal(0))
    return _dashboard(proposals, totals, envelope, daily=daily)


def headquarters_dashboard(*, fiscal_year: int | None = None) -> Dashboard:
    """Every mission's figures (administrators only), of one fiscal year or of all, with a row
    per mission.

    Queries: the envelopes by mission, the figures grouped by mission, state and code, the
    missions, the figures grouped by priority area and sub-theme, the largest awards: 5.
    """
    calls = Call.objects.filter(published_at__isnull=False)
    proposals = Proposal.objects.all()
    if fiscal_year is not None:
        calls = calls.filter(fiscal_year=fiscal_year)
        proposals = proposals.filter(call__fiscal_year=fiscal_year)
    envelopes = dict(
        calls.values("mission_id")
        .annotate(envelope=Sum("budget_envelope"))
        .values_list("mission_id", "envelope")
        .order_by()
    )
    totals, by_mission = Totals(), defaultdict(Totals)
    for row in _grouped(proposals, "call__mission_id"):
        totals.add(row)
        by_mission[row["call__mission_id"]].add(row)
    missions = Mission.objects.filter(
        Q(is_active=True) | Q(pk__in=[*envelopes, *by_mission])
    ).order_by("name", "pk")
    rows = [
        MissionRow(
            mission=mission,
            totals=by_mission[mission.pk],
            envelope=envelopes.get(mission.pk, Decimal(0)),
            has_calls=mission.pk in envelopes,
        )
        for mission in missions
    ]
    return _dashboard(proposals, totals, sum(envelopes.values(), Decimal(0)), missions=rows)
