import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("_case", "path"),
    [
        ("NUL in the query string", "/?q=%00"),
        ("NUL in a key", "/?%00=1"),
        ("invalid UTF-8 in the query string", "/?q=%ff%fe"),
        ("invalid UTF-8 in the login page's query", "/accounts/login/?next=%c3%28"),
        ("NUL in the path", "/accounts/%00/"),
    ],
)
def test_malformed_query_answers_400_with_an_explanation(_case, path, client):
    response = client.get(path)

    assert response.status_code == 400
    assert "Request not understood" in response.content.decode()


def test_400_page_is_in_the_users_language(client):
    response = client.get("/?q=%00", headers={"accept-language": "es"})

    assert response.status_code == 400
    assert "Solicitud no comprendida" in response.content.decode()


def test_nul_in_a_form_answers_400_and_creates_nothing(client):
    response = client.post(
        "/accounts/signup/",
        "full_name=Ana%00&email=ana%40example.org&password1=x&password2=x",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert not get_user_model().objects.exists()


def test_invalid_utf8_in_a_form_answers_400(client):
    response = client.post(
        "/accounts/login/",
        b"login=ana%40example.org&password=%ff",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400


def test_nul_in_a_multipart_form_answers_400(client):
    response = client.post("/accounts/signup/", {"full_name": "Ana\x00", "email": "a@example.org"})

    assert response.status_code == 400
    assert not get_user_model().objects.exists()


def test_accented_input_is_accepted(client):
    response = client.get("/?q=%C3%A9t%C3%A9+caf%C3%A9")

    assert response.status_code == 200
