"""A signed-in request reads its session and its person in one query, with every check Django
makes on the person still made (accounts/sessions.py). Two web nodes: tests/core/test_two_nodes.py.
"""

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Session
from tests.accounts.factories import UserFactory

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
