"""A dashboard: every figure of one scope put together, for a mission's calls or for
headquarters (with a row per mission)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from programs.models import Call, Mission

from .awards import Award, _largest_awards
from .beneficiaries import REACHES, Beneficiaries, _beneficiaries, _reach_total
from .catalogues import CategoryRow, _by_catalogue
from .charts import Bar, _bars
from .daily import Daily, _per_day
from .gender_equality import GenderEquality, _gender_equality
from .money import Money
from .payments import Payments, _payments
from .reports import ReportCounts, ReportFigures, _reports
from .scope import dashboard_headquarters_calls
from .totals import Status, Totals, _grouped_rows


@dataclass(frozen=True)
class MissionRow:
    """A mission's line of the headquarters table."""

    mission: Mission
    totals: Totals
    envelope: Decimal
    has_calls: bool  # calls in the chosen fiscal year: its link keeps the year
    payments: Payments = field(default_factory=Payments)
    reports: ReportCounts = field(default_factory=ReportCounts)


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
    payments: Payments = field(default_factory=Payments)
    reports: ReportFigures = field(default_factory=ReportFigures)
    missions: list[MissionRow] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    @property
    def priority_area_bars(self) -> list[Bar]:
        return _bars([(row.label, row.count) for row in self.priority_areas])

    @property
    def sub_theme_bars(self) -> list[Bar]:
        return _bars([(row.label, row.count) for row in self.sub_themes])


def _dashboard(call_ids: list[int] | None, totals: Totals, envelope: Decimal, **extra) -> Dashboard:
    """The figures every dashboard shows: by priority area and sub-theme (one grouped query)
    and the largest awards."""
    approved = totals.approved_beneficiaries
    catalogues = _by_catalogue(call_ids, totals.approved_rows)
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
        awards=_largest_awards(call_ids),
        totals=totals,
        **extra,
    )


def mission_dashboard(*, mission: Mission, calls: list[Call]) -> Dashboard:
    """The figures of these calls of one mission; the caller checked the user may see it.

    Queries: the figures grouped by state and code, grouped by priority area and sub-theme,
    the largest awards, the agreements' committed and paid amounts (2), the reports' figures
    (3) and, when the scope is one call, the submissions per day: 9 at most.
    """
    calls = [call for call in calls if call.mission_id == mission.pk]  # never another's
    call_ids = list(dict.fromkeys(call.pk for call in calls))
    totals = Totals()
    for row in _grouped_rows(call_ids):
        totals.add(row)
    daily = _per_day(calls[0], mission.zone) if len(calls) == 1 else None
    envelope = sum((call.budget_envelope for call in calls), Decimal(0))
    return _dashboard(
        call_ids,
        totals,
        envelope,
        daily=daily,
        payments=_payments(call_ids)[None],
        reports=_reports(call_ids)[None],
    )


def headquarters_dashboard(
    *, fiscal_year: int | None = None, calls: list | None = None
) -> Dashboard:
    """Every mission's figures (administrators only), of one fiscal year or of all, with a row
    per mission. `calls`: `dashboard_headquarters_calls()`, when the caller has them already.

    Queries: the calls unless given (the scope and the envelopes), the figures grouped by
    mission, state and code, the missions, the figures grouped by priority area and sub-theme,
    the largest awards, the agreements' committed and paid amounts by mission (2), the
    reports' figures (3, their counts by mission): 10, or 9 given the calls.
    """
    if calls is None:
        calls = dashboard_headquarters_calls()
    if fiscal_year is not None:
        calls = [call for call in calls if call.fiscal_year == fiscal_year]
    # The scope is every call of the year, published or not; the envelopes, those published.
    call_ids = None if fiscal_year is None else [call.pk for call in calls]
    envelopes: dict[int, Decimal] = {}
    for call in calls:
        if call.published_at is not None:
            envelopes[call.mission_id] = (
                envelopes.get(call.mission_id, Decimal(0)) + call.budget_envelope
            )
    totals, by_mission = Totals(), defaultdict(Totals)
    for row in _grouped_rows(call_ids, "call__mission_id"):
        totals.add(row)
        by_mission[row["call__mission_id"]].add(row)
    missions = Mission.objects.filter(
        Q(is_active=True) | Q(pk__in=[*envelopes, *by_mission])
    ).order_by("name", "pk")
    payments = _payments(call_ids, by_mission=True)
    reports = _reports(call_ids, by_mission=True)
    rows = [
        MissionRow(
            mission=mission,
            totals=by_mission[mission.pk],
            envelope=envelopes.get(mission.pk, Decimal(0)),
            has_calls=mission.pk in envelopes,
            payments=payments.get(mission.pk, Payments()),
            reports=reports[mission.pk].counts if mission.pk in reports else ReportCounts(),
        )
        for mission in missions
    ]
    return _dashboard(
        call_ids,
        totals,
        sum(envelopes.values(), Decimal(0)),
        missions=rows,
        payments=payments[None],
        reports=reports[None],
    )
