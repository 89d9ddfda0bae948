import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_failing")]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Page not found"),
        ("fr", "Page introuvable"),
        ("es", "Página no encontrada"),
    ],
)
def test_404_page_is_styled_and_in_the_users_language(client, language, text):
    response = client.get("/no-such-page/", headers={"accept-language": language})

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert text in html
    assert 'id="main-content"' in html


def test_500_page_tells_the_user_nothing_saved_was_lost(client):
    client.raise_request_exception = False

    response = client.get("/failing/")

    assert response.status_code == 500
    assert "Nothing you saved before this page was lost." in response.content.decode()


def test_403_page_is_styled(client):
    from django.test import RequestFactory

    from core.views import permission_denied

    request = RequestFactory().get("/")
    request.user = None

    response = permission_denied(request)

    assert response.status_code == 403
    assert "Access denied" in response.content.decode()
