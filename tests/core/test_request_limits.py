"""A body too large for the page is refused before it is read; signed-in pages are never
stored by a browser or a proxy."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = 300 * 1024 * 1024


class CountingBody:
    """A request body of any announced size that counts what the server reads of it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        self.read_bytes += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size)


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/admin/login/"])
def test_a_huge_anonymous_post_is_refused_without_reading_it(client, path, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client.get("/accounts/login/")  # a CSRF cookie, as an attacker would have
    body = CountingBody()

    response = client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(HUGE),
        **{"wsgi.input": body},
    )

    assert response.status_code == 413
    assert "Too much data" in response.content.decode()
    assert body.read_bytes == 0
    assert list(tmp_path.iterdir()) == []


def test_a_body_within_the_limit_reaches_the_page(client, user):
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "x", "filler": "a" * 1_000_000}
    )

    assert response.status_code == 200


def test_the_refusal_is_in_the_browsers_language(client):
    response = client.generic(
        "POST",
        "/accounts/login/",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(HUGE),
        headers={"accept-language": "es"},
        **{"wsgi.input": CountingBody()},
    )

    assert response.status_code == 413
    assert "Demasiados datos" in response.content.decode()


def test_upload_pages_keep_their_own_streaming_limit(client, complete_draft, partner_oaxaca):
    """The attachment upload bounds its body while reading it (core.uploads): it answers with
    its own form page, not this middleware's refusal."""
    client.force_login(partner_oaxaca)
    body = CountingBody()

    response = client.generic(
        "POST",
        f"/proposals/{complete_draft.pk}/attachments/new/",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(HUGE),
        **{"wsgi.input": body},
    )

    assert response.status_code == 400
    assert "Too much data" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("partner_oaxaca", "/proposals/{pk}/preview/"),
        ("partner_oaxaca", "/proposals/{pk}/"),
        ("officer_mexico", "/manage/proposals/{pk}/"),
        ("officer_mexico", "/manage/search/?q=agua"),
        ("officer_mexico", "/manage/proposals/"),
        ("partner_oaxaca", "/inbox/"),
    ],
)
def test_signed_in_pages_are_never_stored(client, request, submitted_oaxaca, who, path):
    client.force_login(request.getfixturevalue(who))

    response = client.get(path.format(pk=submitted_oaxaca.pk))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_for_anonymous_visitors_may_be_cached(client, call_mexico):
    response = client.get("/calls/")

    assert "no-store" not in response.get("Cache-Control", "")
