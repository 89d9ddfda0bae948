"""What the projects' reports say (issue 22): reports due, overdue and answered; people reached
against what the projects planned, by sex and age; results met, partly met and not met by
priority area; spending against the budget by cost category, in CAD.

Achievements are read from one report per project: its latest accepted one (the final report
once accepted, else the interim report), whose figures are cumulative. Drafts, submissions
awaiting review and revisions never count, so a partner's autosave never moves a figure.
Three grouped queries, never a row per report: by state and due date (with the counts reached
and planned beside, by mission at headquarters), results by priority area and achievement,
spending by category.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agreements.models import ContributionAgreement
from monitoring.models import OPEN, Report, ReportExpenditure, ReportResult
from programs.models import PriorityArea, ReportKind
from proposals.beneficiaries import COUNT_FIELDS, COUNT_GROUPS
from proposals.models import BudgetLine

from . import compiled
from .catalogues import _translated
from .charts import Bar, _bars, _ratio, _width

ACCEPTED = Report.Status.ACCEPTED
ACTIVE = ContributionAgreement.Status.ACTIVE
CENT = Decimal("0.01")
# "Due within 30 days", as the staff's list of reports judges it.
DUE_SOON_DAYS = 30

# The report's standing, in the order the table shows it: (key, label).
STANDINGS = (
    ("overdue", _("Overdue")),
    ("due_soon", _("Due within 30 days")),
    ("due_later", _("Due later")),
    ("to_review", _("Submitted, to review")),
    ("revision", _("Revision requested")),
    ("accepted", _("Accepted")),
)
AGES = (_("18 and over"), _("Under 18"))


def _counted(prefix: str = "") -> Q:
    """The report a project's achievements are read from: accepted, and the final one, or the
    interim one while the final one is not accepted. `prefix` leads from the rows to the
    report."""
    final_accepted = Report.objects.filter(
        agreement=OuterRef(f"{prefix}agreement"), kind=ReportKind.FINAL, status=ACCEPTED
    )
    return Q(**{f"{prefix}status": ACCEPTED}) & (
        Q(**{f"{prefix}kind": ReportKind.FINAL}) | ~Exists(final_accepted)
    )


@dataclass
class ReportCounts:
    """Reports by standing: those still to send by due date (of agreements in force, as the
    staff's list judges them), those answered, and the projects whose achievements count."""

    overdue: int = 0
    due_soon: int = 0
    due_later: int = 0
    to_review: int = 0
    revision: int = 0
    accepted: int = 0
    projects: int = 0  # with an accepted report

    def add(self, standing: str, count: int) -> None:
        setattr(self, standing, getattr(self, standing) + count)

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, key)) for key, label in STANDINGS]

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.rows)

    @property
    def bars(self) -> list[Bar]:
        return _bars(self.rows)


@dataclass(frozen=True)
class ReachedRow:
    """One cell of the sex × age grid: planned by the projects, reached as they reported."""

    label: str
    planned: int
    reached: int

    @property
    def share(self) -> Decimal | None:
        return _ratio(self.reached, self.planned)


@dataclass(frozen=True)
class Reached:
    """People reached against plans, of one reach (direct or indirect)."""

    reach: str
    rows: list[ReachedRow]

    @property
    def total(self) -> ReachedRow:
        return ReachedRow(
            str(_("Total")),
            sum(row.planned for row in self.rows),
            sum(row.reached for row in self.rows),
        )

    @property
    def bars(self) -> list[Bar]:
        """Reached as the bar, planned as its target line, on one scale."""
        scale = max((max(row.planned, row.reached) for row in self.rows), default=0)
        return [
            Bar(row.label, row.reached, _width(row.reached, scale), _width(row.planned, scale))
            for row in self.rows
        ]


@dataclass
class ResultsRow:
    """The expected results of one priority area's projects (label None: not given), by how
    far they were achieved."""

    label: str | None
    position: int | None
    met: int = 0
    partly: int = 0
    not_met: int = 0

    @property
    def total(self) -> int:
        return self.met + self.partly + self.not_met

    @property
    def met_share(self) -> Decimal | None:
        return _ratio(self.met, self.total)


@dataclass(frozen=True)
class SpendingRow:
    """A cost category: planned and spent, in CAD at each agreement's rate."""

    label: str
    planned: Decimal
    spent: Decimal

    @property
    def difference(self) -> Decimal:
        return self.spent - self.planned

    @property
    def share(self) -> Decimal | None:
        return _ratio(self.spent, self.planned)


@dataclass
class ReportFigures:
    counts: ReportCounts = field(default_factory=ReportCounts)
    reached: list[Reached] = field(default_factory=list)
    results: list[ResultsRow] = field(default_factory=list)
    spending: list[SpendingRow] = field(default_factory=list)

    @property
    def results_total(self) -> ResultsRow:
        total = ResultsRow(str(_("Total")), None)
        for row in self.results:
            total.met, total.partly = total.met + row.met, total.partly + row.partly
            total.not_met += row.not_met
        return total

    @property
    def results_bars(self) -> list[Bar]:
        return [
            Bar(row.label or "", row.met_share, _width(row.met_share, 100)) for row in self.results
        ]

    @property
    def spending_total(self) -> SpendingRow:
        return SpendingRow(
            str(_("Total")),
            sum((row.planned for row in self.spending), Decimal(0)),
            sum((row.spent for row in self.spending), Decimal(0)),
        )

    @property
    def spending_bars(self) -> list[Bar]:
        """Spent as the bar, planned as its target line, on one scale."""
        scale = max((max(row.planned, row.spent) for row in self.spending), default=0)
        return [
            Bar(row.label, row.spent, _width(row.spent, scale), _width(row.planned, scale))
            for row in self.spending
        ]


def _reports(call_ids: list[int] | None, *, by_mission: bool = False) -> dict:
    """The reports' figures of the calls (None: every call) under the key None; at
    headquarters also each mission's counts by standing (keyed by mission). Overdue and due
    soon are judged at UTC's date, as the staff's list of reports judges them.

    Queries: the reports by standing (by mission), the results by priority area, the spending
    by category: 3."""
    today = timezone.now().date()
    figures: dict = defaultdict(ReportFigures)
    total = figures[None]
    reached: dict[str, int] = defaultdict(int)
    for row in compiled.rows(_standing_query, call_ids, today, by_mission):
        if not row["standing"]:
            continue  # still to send, or answered, after the agreement ended: not the staff's
        for key in (None, row["agreement__mission_id"]) if by_mission else (None,):
            figures[key].counts.add(row["standing"], row["count"])
            if row["counted"]:
                figures[key].counts.projects += row["count"]
        if row["counted"]:
            for name in COUNT_FIELDS:
                reached[f"reached_{name}"] += row[f"reached_{name}"] or 0
                reached[f"planned_{name}"] += row[f"planned_{name}"] or 0
    total.reached = [_reached(reached, reach) for reach in ("direct", "indirect")]
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    total.results = _results(compiled.rows(_results_query, call_ids, language))
    total.spending = _spending(compiled.rows(_spending_query, call_ids))
    return figures


def _reached(sums: dict[str, int], reach: str) -> Reached:
    rows = [
        ReachedRow(
            f"{group} — {age}",
            sums[f"planned_{reach}_{suffix}"],
            sums[f"reached_{reach}_{suffix}"],
        )
        for group, adults, minors in COUNT_GROUPS
        for age, suffix in zip(AGES, (adults, minors), strict=True)
    ]
    return Reached(reach, rows)


def _results(rows: list[dict]) -> list[ResultsRow]:
    """By priority area in the catalogue's order, results of projects without one last."""
    areas: dict[int | None, ResultsRow] = {}
    for row in rows:
        key = row["area_key"]
        if key not in areas:
            areas[key] = ResultsRow(row["area_name"], row["area_position"])
        achievement = row["achievement"]
        attribute = "partly" if achievement == ReportResult.Achievement.PARTLY else achievement
        setattr(areas[key], attribute, getattr(areas[key], attribute) + row["count"])
    return [
        area
        for _key, area in sorted(
            areas.items(), key=lambda item: (item[0] is None, item[1].position or 0, item[0] or 0)
        )
    ]


def _spending(rows: list[dict]) -> list[SpendingRow]:
    """By cost category in the budget form's order, each rounded to the cent once summed."""
    sums = {row["category"]: row for row in rows}
    return [
        SpendingRow(
            str(label),
            (sums[category]["planned"] or Decimal(0)).quantize(CENT),
            (sums[category]["spent"] or Decimal(0)).quantize(CENT),
        )
        for category, label in BudgetLine.Category.choices
        if category in sums
    ]


def _scope(call_ids: list[int] | None, prefix: str) -> Q:
    return Q() if call_ids is None else Q(**{f"{prefix}agreement__proposal__call_id__in": call_ids})


def _standing_query(call_ids: list[int] | None, today: date, by_mission: bool) -> QuerySet:
    """Reports grouped by standing and by whether they count for achievements, with the
    counts they reached and their projects planned."""
    in_force = Q(agreement__status=ACTIVE)
    still_to_send = in_force & Q(status__in=OPEN)
    standing = Case(
        When(still_to_send & Q(due_date__lt=today), then=Value("overdue")),
        When(
            still_to_send & Q(due_date__lte=today + timedelta(days=DUE_SOON_DAYS)),
            then=Value("due_soon"),
        ),
        When(still_to_send, then=Value("due_later")),
        When(in_force & Q(status=Report.Status.SUBMITTED), then=Value("to_review")),
        When(in_force & Q(status=Report.Status.REVISION_REQUESTED), then=Value("revision")),
        When(status=ACCEPTED, then=Value("accepted")),
        default=Value(""),
        output_field=CharField(),
    )
    return (
        Report.objects.filter(_scope(call_ids, ""))
        .values(
            *(["agreement__mission_id"] if by_mission else []),
            standing=standing,
            counted=ExpressionWrapper(_counted(), output_field=BooleanField()),
        )
        .annotate(
            count=Count("pk"),
            **{f"reached_{name}": Sum(name) for name in COUNT_FIELDS},
            **{f"planned_{name}": Sum(f"agreement__proposal__{name}") for name in COUNT_FIELDS},
        )
        .order_by()
    )


def _results_query(call_ids: list[int] | None, language: str) -> QuerySet:
    """The counted reports' results grouped by priority area and achievement, with each area's
    name in `language` and its position."""
    area = PriorityArea.objects.filter(pk=OuterRef("area_key")).order_by()
    return (
        # An accepted report assessed every result (`monitoring.completeness`).
        ReportResult.objects.filter(_scope(call_ids, "report__"), _counted("report__"))
        .exclude(achievement="")
        .values(
            "achievement",
            area_key=F("report__agreement__proposal__call_priority__priority_area_id"),
        )
        .annotate(count=Count("pk"))
        .annotate(
            area_name=Subquery(area.annotate(label=_translated("name", language)).values("label")),
            area_position=Subquery(area.values("position")),
        )
        .order_by()
    )


MONEY = DecimalField(max_digits=30, decimal_places=10)


def _spending_query(call_ids: list[int] | None) -> QuerySet:
    """The counted reports' spending grouped by cost category, planned and spent, each line in
    CAD at its agreement's rate."""
    rate = F("report__agreement__exchange_rate")
    return (
        ReportExpenditure.objects.filter(_scope(call_ids, "report__"), _counted("report__"))
        .values("category")
        .annotate(
            planned=Sum(ExpressionWrapper(F("planned_local") * rate, output_field=MONEY)),
            spent=Sum(ExpressionWrapper(F("actual_local") * rate, output_field=MONEY)),
        )
        .order_by()
    )
