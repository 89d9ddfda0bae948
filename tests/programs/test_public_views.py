from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.programs.factories import CallFactory, PriorityAreaFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [call.title for call in response.context["calls"]]


def test_list_shows_open_and_upcoming_published_calls_soonest_deadline_first(
    client, mission_mexico
):
    now = timezone.now()
    later = CallFactory(
        mission=mission_mexico, title_en="Later", closes_at=now + timedelta(days=40)
    )
    sooner = CallFactory(
        mission=mission_mexico, title_en="Sooner", closes_at=now + timedelta(days=5)
    )
    CallFactory(mission=mission_mexico, title_en="Draft", published_at=None)
    CallFactory(
        mission=mission_mexico,
        title_en="Closed",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
    )
    upcoming = CallFactory(
        mission=mission_mexico,
        title_en="Upcoming",
        opens_at=now + timedelta(days=10),
        closes_at=now + timedelta(days=50),
    )

    response = client.get("/calls/")

    assert titles(response) == [sooner.title, later.title, upcoming.title]
    html = response.content.decode()
    assert "3 calls match." in html
    assert "Draft" not in html


def test_filters_narrow_the_list(client, mission_mexico, mission_colombia):
    area = PriorityAreaFactory(name_en="Water")
    CallFactory(mission=mission_mexico, title_en="Mexico water", areas=[area])
    CallFactory(mission=mission_colombia, title_en="Colombia other", accepted_languages=["fr"])

    assert titles(client.get("/calls/", {"country": "CO"})) == ["Colombia other"]
    assert titles(client.get("/calls/", {"mission": mission_mexico.pk})) == ["Mexico water"]
    assert titles(client.get("/calls/", {"priority_area": area.pk})) == ["Mexico water"]
    assert titles(client.get("/calls/", {"language": "fr"})) == ["Colombia other"]


def test_an_unknown_filter_value_shows_every_call_instead_of_an_error(client, call_mexico):
    response = client.get("/calls/", {"mission": "not-a-number", "language": "xx"})

    assert response.status_code == 200
    assert titles(response) == [call_mexico.title]


# These commit for real: a write queues the version's change once per transaction.
@pytest.mark.django_db(transaction=True)
def test_list_makes_a_fixed_number_of_queries_and_one_once_kept(
    client, mission_mexico, django_assert_max_num_queries
):
    for _ in range(3):
        CallFactory(mission=mission_mexico, areas=[PriorityAreaFactory(), PriorityAreaFactory()])
    # The version, count, calls+missions, priorities+areas, the next opening or closing, the
    # filter's choices (missions, countries, areas), with slack for the session.
    with django_assert_max_num_queries(10) as first:
        response = client.get("/calls/")
    assert "3 calls match." in response.content.decode()
    with django_assert_max_num_queries(1):  # kept: the public calls' version only
        response = client.get("/calls/")
    assert "3 calls match." in response.content.decode()

    for _ in range(15):
        CallFactory(mission=mission_mexico, areas=[PriorityAreaFactory()])
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get("/calls/")

    assert len(response.context["calls"]) == 18


@pytest.mark.django_db(transaction=True)
def test_a_kept_list_shows_a_committed_change_on_the_next_request(client, call_mexico):
    assert call_mexico.title in client.get("/calls/").content.decode()
    call_mexico.title_en = "Renamed call"
    call_mexico.save()
    call_mexico.mission.name_en = "Renamed mission"
    call_mexico.mission.save()

    html = client.get("/calls/").content.decode()

    assert "Renamed call" in html
    assert "Renamed mission" in html


def test_a_kept_list_is_never_shown_past_a_call_opening_or_closing(client, mission_mexico):
    now = timezone.now()
    closing = CallFactory(
        mission=mission_mexico, title_en="Closing soon", closes_at=now + timedelta(seconds=90)
    )
    CallFactory(
        mission=mission_mexico,
        title_en="Opening soon",
        opens_at=now + timedelta(seconds=30),
        closes_at=now + timedelta(days=30),
    )
    before = client.get("/calls/").content.decode()
    assert closing.title in before
    assert "Scheduled" in before

    with time_machine.travel(now + timedelta(seconds=31), tick=False):
        opened = client.get("/calls/").content.decode()
    with time_machine.travel(now + timedelta(seconds=91), tick=False):
        closed = client.get("/calls/").content.decode()

    assert "Scheduled" not in opened
    assert closed.count("text-bg-success") == 1  # only the call still open
    assert closing.title not in closed
    assert "1 call matches." in closed


def test_each_reader_keeps_the_deadline_in_their_own_time(client, call_mexico):
    in_mexico = UserFactory(time_zone="America/Mexico_City")
    in_paris = UserFactory(time_zone="Europe/Paris")

    client.force_login(in_mexico)
    mexican = client.get("/calls/").content.decode()
    client.force_login(in_paris)
    parisian = client.get("/calls/").content.decode()
    client.logout()
    visitor = client.get("/calls/").content.decode()

    assert "Your time:" not in mexican  # the mission's time is theirs
    assert "Your time:" in parisian
    assert "data-cfli-visitor-time" in visitor
    assert "data-cfli-visitor-time" not in parisian


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Appels de propositions"), ("es", "Convocatorias de propuestas")],
)
def test_list_and_call_page_speak_the_visitors_language(client, call_mexico, language, text):
    call_mexico.title_fr, call_mexico.title_es = "Appel Mexique", "Convocatoria México"
    call_mexico.save()
    headers = {"accept-language": language}

    listing = client.get("/calls/", headers=headers).content.decode()
    page = client.get(call_mexico.get_absolute_url(), headers=headers).content.decode()

    assert text in listing
    assert {"fr": "Appel Mexique", "es": "Convocatoria México"}[language] in page


def test_call_page_shows_the_rules(client, call_mexico):
    html = client.get(call_mexico.get_absolute_url()).content.decode()

    assert "Typical projects: CAD 20,000 to 45,000; at most CAD 100,000." in html
    assert "At most 15% of the CFLI contribution." in html
    assert "Local non-governmental or community-based organization" in html
    assert "Individuals and for-profit businesses may not apply." in html
    assert "Detailed budget" in html
    assert "Our focus" in html


def test_a_draft_call_page_is_not_found(client, mission_mexico):
    draft = CallFactory(mission=mission_mexico, published_at=None)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_user_written_text_is_escaped(client, mission_mexico):
    call = CallFactory(mission=mission_mexico, title_en="<script>alert(1)</script>")

    html = client.get(call.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db(transaction=True)
def test_a_kept_call_page_costs_one_query_and_shows_a_committed_change(
    client, call_mexico, django_assert_max_num_queries
):
    url = call_mexico.get_absolute_url()
    assert call_mexico.title in client.get(url).content.decode()
    with django_assert_max_num_queries(1):  # kept: the public calls' version only
        assert client.get(url).status_code == 200

    call_mexico.title_en = "Renamed call"
    call_mexico.save()
    renamed = client.get(url).content.decode()
    call_mexico.archived_at = timezone.now()
    call_mexico.save()

    assert "Renamed call" in renamed
    assert client.get(url).status_code == 404


def test_the_start_button_follows_the_call_opening_and_closing_with_nothing_written(
    client, mission_mexico
):
    now = timezone.now()
    call = CallFactory(
        mission=mission_mexico,
        opens_at=now + timedelta(seconds=30),
        closes_at=now + timedelta(seconds=90),
    )
    url = call.get_absolute_url()
    before = client.get(url).content.decode()

    with time_machine.travel(now + timedelta(seconds=31), tick=False):
        opened = client.get(url).content.decode()
    with time_machine.travel(now + timedelta(seconds=91), tick=False):
        closed = client.get(url).content.decode()

    assert "Start a proposal" not in before
    assert "Scheduled" in before
    assert "Start a proposal" in opened
    assert "Scheduled" not in opened
    assert "Start a proposal" not in closed
    assert "Closed" in closed
