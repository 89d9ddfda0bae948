"""Submissions per day of one call, in the mission's time zone."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from programs.models import Call
from proposals.models import Proposal

from .charts import _ratio
from .totals import Status


@dataclass(frozen=True)
class Day:
    """A day of the call and its submissions; x, width, y and height place its column in the
    chart, as SVG percentages."""

    day: date
    label: str  # the day as the table writes it, in the active language
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

    @property
    def columns(self) -> SafeString:
        """The chart's columns, an SVG rect a day: written here in one pass, where the template
        resolved four attributes for each day of the call."""
        return format_html_join(
            "",
            '<rect class="cfli-chart-fill" x="{}" y="{}" width="{}" height="{}"></rect>',
            ((day.x, day.y, day.width, day.height) for day in self.days),
        )


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
                label=date_format(day, "DATE_FORMAT"),
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
