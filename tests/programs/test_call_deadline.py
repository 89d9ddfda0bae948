"""A call closing at 23:59 in Mexico City is open through 23:59:59 and closed at midnight."""

import time
from datetime import date

import pytest
import time_machine

from programs.models import Call
from programs.services import deadline_end_of_minute
from tests.programs.factories import CallFactory, local

ZONE = "America/Mexico_City"
DEADLINE_DAY = date(2026, 12, 21)


@pytest.fixture(params=["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def far_time_zone(request, monkeypatch, settings):
    """The server's own time zone (process and Django) must not matter."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    settings.TIME_ZONE = request.param
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def call(db, mission_mexico):
    return CallFactory(
        mission=mission_mexico,
        opens_at=local(ZONE, date(2026, 11, 1), 9, 0),
        closes_at=deadline_end_of_minute(local(ZONE, DEADLINE_DAY, 23, 59)),
    )


@pytest.mark.parametrize(
    ("_case", "moment", "status"),
    [
        ("a minute before", local(ZONE, DEADLINE_DAY, 23, 58, 59), Call.Status.OPEN),
        ("the last second", local(ZONE, DEADLINE_DAY, 23, 59, 59, 999000), Call.Status.OPEN),
        ("midnight", local(ZONE, date(2026, 12, 22), 0, 0, 0), Call.Status.CLOSED),
    ],
)
def test_deadline_is_the_end_of_the_minute_in_the_missions_time(
    _case, moment, status, call, far_time_zone
):
    with time_machine.travel(moment, tick=False):
        call.refresh_from_db()
        assert call.status == status
        assert Call.objects.open_at(moment).filter(pk=call.pk).exists() is (status == "open")


def test_the_deadline_shows_23_59_in_the_missions_time(call, client, far_time_zone):
    with time_machine.travel(local(ZONE, DEADLINE_DAY, 12, 0), tick=False):
        html = client.get(call.get_absolute_url()).content.decode()

    assert "Dec. 21, 2026, 11:59 p.m." in html
    assert "America/Mexico City" in html
