import importlib
import sys

import pytest

SECURITY_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "SECURE_CSP",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
]


@pytest.fixture
def production_security(settings, monkeypatch):
    """Apply the security settings of cfli.settings.production to the test run."""
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cfli")
    monkeypatch.setenv("CFLI_MFA_KEYS", "xZ1oYpo2YmHg8A0m2wqK6Yf9mC8bqJ1Qm0h0b3ZkS1E=")
    monkeypatch.setenv("CFLI_DATA_KEYS", "q1Jm2WnH5p0uXo3Yv8RkT4cLsA7dE9fGhB6iZ2yN0xM=")
    sys.modules.pop("cfli.settings.production", None)
    production = importlib.import_module("cfli.settings.production")
    for name in SECURITY_SETTINGS:
        setattr(settings, name, getattr(production, name))
    yield
    sys.modules.pop("cfli.settings.production", None)


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    script_src = next(part for part in csp.split("; ") if part.startswith("script-src"))
    assert script_src.startswith("script-src 'self' 'nonce-")
    assert "unsafe-inline" not in csp
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls_failing")
@pytest.mark.parametrize(
    ("_case", "path", "status"),
    [("page", "/", 200), ("not found", "/no-such-page/", 404), ("server error", "/failing/", 500)],
)
def test_security_headers_on_every_kind_of_response(
    _case, path, status, client, production_security
):
    client.raise_request_exception = False

    response = client.get(path, secure=True)

    assert response.status_code == status
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls_failing")
def test_every_script_tag_carries_the_nonce_of_its_response(client):
    response = client.get("/")

    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"') == 2


@pytest.mark.django_db
def test_cookies_are_secure_in_production(client, production_security):
    response = client.get("/accounts/login/", secure=True)

    csrf_cookie = response.cookies["csrftoken"]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["httponly"] is True
