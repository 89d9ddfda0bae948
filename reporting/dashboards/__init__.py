"""The figures of the mission and headquarters dashboards.

Every figure is a GROUP BY in the database: the rows that come back are groups (a state and a
gender-equality code, a priority area, a day), never proposals, so a page makes the same few
queries for ten proposals or ten thousand. Python only adds up those groups and turns them into
rows, bars and shares.

Scope is the caller's business: views pass a mission from `dashboard_mission_list_for(user)` and
calls of that mission, or use the headquarters figures for administrators only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from programs.models import Call, Mission
from proposals.models import GeCode, Proposal
from proposals.selectors import proposal_mission_ids_for_staff

Status = Proposal.Status
APPROVED = Q(status=Status.APPROVED)

# Canada's targets (Feminist International Assistance Policy): the share of projects that
# integrate or target gender equality, and the share of spending on projects that target it.
TARGET_INTEGRATED = Decimal(95)
TARGET_TARGETED_SPENDING = Decimal(15)
INTEGRATED_CODES = (GeCode.GE1, GeCode.GE2, GeCode.GE3)

LARGEST_AWARDS = 10

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


# --- Scope: what the user may see --------------------------------------------------------------


def dashboard_mission_list_for(user) -> list[Mission]:
    """Missions whose dashboard the user may open: those where they are a program officer or an
    approver (the staff who see a mission's proposals); every mission for administrators."""
    ids = proposal_mission_ids_for_staff(user)
    missions = Mission.objects.order_by("name", "pk")
    return list(missions if ids is None else missions.filter(pk__in=ids))


def dashboard_call_list(mission: Mission) -> list[Call]:
    """The mission's published calls, newest first: what its dashboard may be narrowed to.
    A call still in preparation has no proposals, and its envelope is not yet promised."""
    return list(
        Call.objects.filter(mission=mission, published_at__isnull=False).order_by("-opens_at", "pk")
    )


def dashboard_fiscal_years() -> list[int]:
    """The fiscal years of every published call, latest first (headquarters' filter)."""
    return list(
        Call.objects.filter(published_at__isnull=False)
        .values_list("fiscal_year", flat=True)
        .distinct()
        .order_by("-fiscal_year")
    )


# --- What the pages show -----------------------------------------------------------------------


def _ratio(part, whole) -> Decimal | None:
    """`part` as a percentage of `whole`, exact; None when there is nothing to divide by."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def _width(value, scale) -> str:
    """A bar's length as an SVG attribute (a percentage of the chart), never localized."""
    share = _ratio(max(value or 0, 0), scale)
    return f"{min(share, Decimal(100)):.2f}%" if share else "0%"


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: the table beside it carries the same figure for everyone."""

    label: str
    value: Decimal | int | None
    width: str
    target: str = ""  # where a target line is drawn, in the same unit as `width`


def _bars(items: list[tuple[str, Decimal | int]], *, scale=None) -> list[Bar]:
    scale = scale if scale is not None else max((value or 0 for _l, value in items), default=0)
    return [Bar(label, value, _width(value, scale)) for label, value in items]


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


@dataclass(frozen=True)
class Money:
    envelope: Decimal
    requested: Decimal
    approved: Decimal

    @property
    def remaining(self) -> Decimal:
        """Negative when approvals exceed the envelope: shown, not hidden."""
        return self.envelope - self.approved

    @property
    def bars(self) -> list[Bar]:
        return _bars(
            [
                (_("Envelope"), self.envelope),
                (_("Requested"), self.requested),
                (pgettext_lazy("amount", "Approved"), self.approved),
                (_("Remaining"), self.remaining),
            ]
        )


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


@dataclass(frozen=True)
class Day:
    """A day of the call and its submissions; x, width, y and height place its column in the
    chart, as SVG percentages."""

    day: date
    count: int
    is_deadline: bool
    x: str
    width: str
    y: str
    height: str


@dataclass(frozen=True)
class Daily:
    days: list[Day]
    opens: date
    deadline: date
    deadline_x: str

    @property
    def total(self) -> int:
        return sum(day.count for day in self.days)

    @property
    def most(self) -> int:
        return max((day.count for day in self.days), default=0)


def _per_day(proposals: QuerySet[Proposal], call: Call, zone: ZoneInfo) -> Daily:
    """Submissions per day in the mission's time zone, every day from the call's opening to its
    deadline (a day without any is a zero, not a gap)."""
    counts = dict(
        proposals.exclude(status=Status.DRAFT)
        .filter(submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=zone))
        .values("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
        .order_by("day")
    )
    opens = call.opens_at.astimezone(zone).date()
    deadline = call.closes_at.astimezone(zone).date()
    # A submission outside the window (a deadline moved earlier) still counts: widen it.
    first, last = min([opens, *counts]), max([deadline, *counts])
    dates = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    slot = Decimal(100) / len(dates)
    most = max(counts.values(), default=0)
    days = []
    for index, day in enumerate(dates):
        count = counts.get(day, 0)
        height = _ratio(count, most) or Decimal(0)
        days.append(
            Day(
                day=day,
                count=count,
                is_deadline=day == deadline,
                x=f"{slot * index + slot / 10:.3f}%",
                width=f"{slot * 8 / 10:.3f}%",
                y=f"{100 - height:.2f}%",
                height=f"{height:.2f}%",
            )
        )
    deadline_x = f"{slot * ((deadline - first).days + Decimal('0.5')):.3f}%"
    return Daily(days=days, opens=opens, deadline=deadline, deadline_x=deadline_x)


def _largest_awards(proposals: QuerySet[Proposal]) -> list[Proposal]:
    return list(
        proposals.filter(APPROVED, decision__amount__isnull=False)
        .select_related("organization", "decision", "call__mission")
        .only(
            "reference",
            "title",
            "organization__name",
            "decision__amount",
            "call__mission__code",
        )
        .order_by("-decision__amount", "pk")[:LARGEST_AWARDS]
    )


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
    awards: list[Proposal]
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
