"""While PostgreSQL is down or restarting, people are told to try again in a moment (503 with
Retry-After), not shown a server error; a genuine bug is still a 500.

The database is made really unreachable: the connection is pointed at a loopback port with
nothing listening, or PostgreSQL itself ends the connection. No test runs in a test
transaction: its request breaks the connection.
"""

import pytest
from django.conf import settings
from django.db import connection

from tests.services import free_port

pytestmark = pytest.mark.urls("tests.core.urls_failing")

TRY_AGAIN = (
    "The service is briefly unavailable. Nothing you saved before this page was lost. "
    "Please try again in a moment."
)
# The cookie of a signed-in person: loading their session is the first query of a request.
SESSION_KEY = "k" * 32


@pytest.fixture
def client(client):
    """A browser: it gets the error page, not the exception."""
    client.raise_request_exception = False
    return client


@pytest.fixture
def database_down(django_db_blocker, monkeypatch):
    """PostgreSQL is not there: connecting is refused (nothing listens on the port)."""
    with django_db_blocker.unblock():
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", str(free_port()))
        yield
        connection.close()


@pytest.fixture
def database():
    """The test database, in autocommit (no test transaction for a request to break); the
    connection a request broke is closed before the tables are emptied."""
    yield
    connection.close()


@pytest.mark.usefixtures("database_down")
@pytest.mark.parametrize(
    ("_case", "path", "signed_in"),
    [
        ("a page whose view queries the database", "/calls/", False),
        ("any page, when middleware loads the session", "/", True),
    ],
)
def test_a_request_while_the_database_is_down_is_told_to_try_again(_case, path, signed_in, client):
    if signed_in:
        client.cookies[settings.SESSION_COOKIE_NAME] = SESSION_KEY

    response = client.get(path)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    html = response.content.decode()
    assert '<h1 class="h2">Service briefly unavailable</h1>' in html
    assert TRY_AGAIN in html
    assert f'href="{path}">Try again</a>' in html
    assert 'id="main-content"' in html  # the site's page, not the bare fallback
    # The session cookie is kept: once the database is back, the person is still signed in.
    assert settings.SESSION_COOKIE_NAME not in response.cookies


@pytest.mark.usefixtures("database_down")
def test_the_try_again_page_is_in_the_users_language(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = SESSION_KEY

    response = client.get("/calls/", headers={"accept-language": "es"})

    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Ir a la página de inicio" in html


@pytest.mark.usefixtures("database_down")
def test_an_autosave_while_the_database_is_down_gets_its_status_line_and_retry_after(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = SESSION_KEY

    response = client.post(
        "/proposals/1/context/", {"context": "El río Atoyac"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.content.decode().strip() == (
        '<span class="text-danger">Not saved yet: the service is briefly unavailable. What you '
        "typed is still on this page and is sent again in a moment.</span>"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database")
def test_a_connection_postgresql_shuts_down_is_told_to_try_again(client):
    response = client.get("/failing/connection-terminated/")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert TRY_AGAIN in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database")
@pytest.mark.parametrize(
    ("_case", "path"),
    [
        ("an exception in a view", "/failing/"),
        ("a query on a missing table (PostgreSQL)", "/failing/missing-table/"),
        ("a statement cancelled by its timeout", "/failing/statement-timeout/"),
        ("a query on a missing table (SQLite)", "/failing/sqlite-missing-table/"),
    ],
)
def test_a_genuine_bug_is_still_a_server_error(_case, path, client):
    response = client.get(path)

    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    html = response.content.decode()
    assert '<h1 class="h2">Server error</h1>' in html
    assert "Nothing you saved before this page was lost." in html
    assert "Try again</a>" not in html
