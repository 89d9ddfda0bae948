"""A signed-in request reads its session and its person in one query, with every check Django
makes on the person still made (accounts/sessions.py). Two web nodes: tests/core/test_two_nodes.py.
"""

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Session
from programs.permissions import mission_roles
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory

pytestmark = pytest.mark.django_db

# A page that reads request.user and nothing else from the database.
PAGE = "/accounts/profile/"


def user_of(client):
    """request.user of one request made with the client's cookie, and the queries it took."""
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    from accounts.sessions import AuthenticationMiddleware

    request = RequestFactory().get(PAGE)
    request.COOKIES.update({name: morsel.value for name, morsel in client.cookies.items()})
    SessionMiddleware(lambda request: HttpResponse()).process_request(request)
    AuthenticationMiddleware(lambda request: HttpResponse()).process_request(request)
    with CaptureQueriesContext(connection) as queries:
        user = request.user
        user.is_authenticated  # noqa: B018 (resolves the lazy user)
    return user, len(queries)


def test_the_session_and_its_person_are_read_in_one_query(client):
    person = UserFactory()
    client.force_login(person)

    user, queries = user_of(client)

    assert user == person
    assert queries == 1
    assert Session.objects.get().user == person


def test_a_session_whose_password_hash_no_longer_matches_is_ended(client):
    person = UserFactory()
    client.force_login(person)
    person.set_password("another long passphrase")
    person.save()

    user, _queries = user_of(client)

    assert not user.is_authenticated
    assert not Session.objects.exists()  # flushed by Django's own check


def test_a_deactivated_person_is_signed_out(client):
    person = UserFactory()
    client.force_login(person)
    person.is_active = False
    person.save()

    user, _queries = user_of(client)

    assert not user.is_authenticated


def test_a_session_without_its_hash_is_not_trusted(client):
    person = UserFactory()
    client.force_login(person)
    session = client.session
    del session[HASH_SESSION_KEY]
    session.save()

    user, _queries = user_of(client)

    assert not user.is_authenticated


def test_an_anonymous_session_has_no_person():
    session = Session.get_session_store_class()()
    session["language"] = "fr"
    session.save()

    assert Session.objects.get(pk=session.session_key).user is None


def test_the_persons_mission_roles_come_with_the_session(
    client, officer_mexico, mission_mexico, mission_colombia
):
    MissionStaffFactory(user=officer_mexico, mission=mission_colombia, role="reviewer")
    client.force_login(officer_mexico)

    user, queries = user_of(client)
    with CaptureQueriesContext(connection) as later:
        roles = mission_roles(user)

    assert queries == 1
    assert len(later) == 0
    assert roles == {
        mission_mexico.pk: {"program_officer"},
        mission_colombia.pk: {"reviewer"},
    }


def test_a_role_taken_away_is_gone_on_the_next_request(client, officer_mexico, call_mexico):
    client.force_login(officer_mexico)
    assert client.get("/manage/calls/").status_code == 200

    officer_mexico.mission_roles.all().delete()

    assert mission_roles(user_of(client)[0]) == {}
    assert client.get("/manage/calls/").status_code in (403, 404)


def test_a_partner_has_no_mission_roles(client, partner_oaxaca):
    client.force_login(partner_oaxaca)

    assert mission_roles(user_of(client)[0]) == {}
