"""When a request reached us: the deadline counts from there (quality.md), not from when a busy
server got round to it."""

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

# A request older than this has timed out at the balancer already; later than now is a clock
# out of step. Either way the header is ignored.
MAX_QUEUED = timedelta(seconds=60)
STAMP = re.compile(r"(?:t=)?([0-9]{9,17})(\.[0-9]{1,6})?")


def arrival_time(request) -> datetime:
    """The time the load balancer received the request, from its X-Request-Start header when
    settings.TRUST_X_REQUEST_START says the balancer sets it (and overwrites any a client sent);
    otherwise now. HAProxy: `http-request set-header X-Request-Start t=%[date(0,ms)]` (ms);
    nginx: `proxy_set_header X-Request-Start "t=${msec}";` (seconds with a fraction)."""
    now = timezone.now()
    if not settings.TRUST_X_REQUEST_START:
        return now
    stamp = _parse(request.META.get("HTTP_X_REQUEST_START", ""))
    if stamp is None or not (now - MAX_QUEUED <= stamp <= now):
        return now
    return stamp


def _parse(value: str) -> datetime | None:
    match = STAMP.fullmatch(value.strip())
    if match is None:
        return None
    whole, fraction = match.groups()
    number = int(whole)
    if fraction:  # seconds with a fraction (nginx)
        seconds = number + float(fraction)
    else:  # whole seconds, milliseconds (HAProxy) or microseconds (Apache)
        seconds = number / (1_000_000 if number >= 1e15 else 1_000 if number >= 1e12 else 1)
    return datetime.fromtimestamp(seconds, tz=UTC)
