"""Submissions per day of one call, in the mission's time zone."""

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from programs.models import Call

from . import compiled
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
        resolved four attributes for each day of the call (all four are percentages)."""
        return mark_safe(  # noqa: S308 (numbers and "%" only)
            "".join(
                f'<rect class="cfli-chart-fill" x="{day.x}" y="{day.y}" width="{day.width}" '
                f'height="{day.height}"></rect>'
                for day in self.days
            )
        )


@functools.lru_cache(maxsize=4096)
def _day_label(day: date, written: str, language: str | None) -> str:
    """`date_format(day, "DATE_FORMAT")` in `language` (the active one: month names are
    translated), kept: a day's label never changes, and a call's chart writes one a day."""
    return dateformat.format(day, written)


def _per_day(call: Call, zone: ZoneInfo) -> Daily:
    """Submissions per day in the mission's time zone, every day from the call's opening to its
    deadline (a day without any is a zero, not a gap)."""
    counts = {row["day"]: row["count"] for row in compiled.rows(_daily_query, [call.pk], zone.key)}
    opens = call.opens_at.astimezone(zone).date()
    deadline = call.closes_at.astimezone(zone).date()
    # A submission outside the window (a deadline moved earlier) still counts: widen it.
    first, last = min([opens, *counts]), max([deadline, *counts])
    dates = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    slot = Decimal(100) / len(dates)
    most = max(counts.values(), default=0)
    written, language = get_format("DATE_FORMAT"), get_language()  # as date_format reads them
    width = f"{slot * 8 / 10:.3f}%"  # every column's
    columns = {}  # a count's y and height: most days share theirs with others
    days = []
    for index, day in enumerate(dates):
        count = counts.get(day, 0)
        if count not in columns:
            height = _ratio(count, most) or Decimal(0)
            columns[count] = (f"{100 - height:.2f}%", f"{height:.2f}%")
        y, height = columns[count]
        days.append(
            Day(
                day=day,
                label=_day_label(day, written, language),
                count=count,
                is_deadline=day == deadline,
                x=f"{slot * index + slot / 10:.3f}%",
                width=width,
                y=y,
                height=height,
            )
        )
    deadline_x = f"{slot * ((deadline - first).days + Decimal('0.5')):.3f}%"
    return Daily(days=days, opens=opens, deadline=deadline, deadline_x=deadline_x)


def _daily_query(call_ids: list[int], zone: str) -> QuerySet:
    return (
        compiled.proposals_of(call_ids)
        .exclude(status=Status.DRAFT)
        .filter(submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=ZoneInfo(zone)))
        .values("day")
        .annotate(count=Count("pk"))
        .values("day", "count")
        .order_by("day")
    )
