import pytest

from core.models import AuditEvent
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Canada Fund for Local Initiatives"),
        ("fr", "Fonds canadien d’initiatives locales"),
        ("es", "Fondo Canadá para Iniciativas Locales"),
    ],
)
def test_home_page_follows_the_browser_language(client, language, heading):
    response = client.get("/", headers={"accept-language": language})

    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html


def test_switcher_remembers_an_anonymous_visitors_choice(client):
    response = client.post("/accounts/language/", {"language": "es", "next": "/"})

    assert response.status_code == 302
    assert client.cookies["django_language"].value == "es"
    assert '<html lang="es">' in client.get("/").content.decode()


def test_switcher_saves_the_choice_on_the_signed_in_user(client, user):
    client.force_login(user)

    client.post("/accounts/language/", {"language": "fr", "next": "/"})

    user.refresh_from_db()
    assert user.preferred_language == "fr"
    event = AuditEvent.objects.get(verb="user.language_changed")
    assert (event.actor, event.data) == (user, {"from": "en", "to": "fr"})


def test_the_saved_language_is_used_in_a_new_browser(client, user):
    user.preferred_language = "es"
    user.save()

    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.get("/", headers={"accept-language": "en"})

    assert '<html lang="es">' in response.content.decode()
    assert client.cookies["django_language"].value == "es"


def test_an_unknown_language_changes_nothing(client, user):
    client.force_login(user)

    client.post("/accounts/language/", {"language": "xx", "next": "/"})

    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert not AuditEvent.objects.filter(verb="user.language_changed").exists()
