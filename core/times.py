"""Times as people read them: in a time zone that is always named.

Each person sees times in their own zone (their profile's, activated for each request by
core.middleware.UserTimeZoneMiddleware, and for each e-mail by notifications); a deadline is
also shown in its mission's zone. Either way, the zone is written next to the time, so the same
instant never reads as two different clocks.
"""

import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

# For forms only: the list changes with tzdata, so model fields validate instead.
TIME_ZONE_CHOICES = [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid_time_zone")


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    """The zone of that name; settings.TIME_ZONE for a name tzdata does not know (any more)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def zone_label(name: str) -> str:
    """An IANA time zone as people read it: America/Mexico_City → America/Mexico City."""
    return str(name).replace("_", " ")


def moment_text(value: datetime | date | None, format_name: str = "DATETIME_FORMAT") -> str:
    """The instant in the active time zone, named: "Dec. 6, 2026, 7:46 a.m. (America/Mexico
    City)". A date alone has no zone and is shown as a date."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime):
        return date_format(value, "DATE_FORMAT")
    local = timezone.localtime(value)
    zone = zone_label(timezone.get_current_timezone_name())
    return f"{date_format(local, format_name)} ({zone})"


def moment_html(value: datetime | date | None, format_name: str = "DATETIME_FORMAT") -> SafeString:
    """moment_text in a <time> element whose datetime attribute gives the instant to machines."""
    if value in (None, ""):
        return SafeString("")
    if not isinstance(value, datetime):
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), moment_text(value))
    machine = timezone.localtime(value).isoformat(timespec="seconds")
    return format_html('<time datetime="{}">{}</time>', machine, moment_text(value, format_name))


def time_left(deadline: datetime, now: datetime) -> str:
    """What is left until `deadline`, as people say it: "9 days left", "5 hours left", "less
    than an hour left"; "" once it has passed. Whole days and hours, rounded down, so the words
    never promise more time than there is."""
    remaining = deadline - now
    if remaining <= timedelta(0):
        return ""
    if remaining.days:
        return ngettext("%(count)d day left", "%(count)d days left", remaining.days) % {
            "count": remaining.days
        }
    hours = remaining.seconds // 3600
    if hours:
        return ngettext("%(count)d hour left", "%(count)d hours left", hours) % {"count": hours}
    return gettext("less than an hour left")
