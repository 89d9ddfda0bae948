"""Submissions per day of one call, in the mission's time zone."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate

from programs.models import Call
from proposals.models import Proposal

from .charts import _ratio
from .totals import Status


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
