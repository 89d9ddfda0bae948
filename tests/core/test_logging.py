"""Bad input from anyone logs one line, not a traceback; a server error keeps its traceback."""

import logging

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_failing")]


def request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name.startswith("django")]


@pytest.mark.parametrize(
    ("_case", "path", "line"),
    [
        ("NUL in the query string", "/?q=%00", "GET 400 Malformed query string.: /"),
        (
            "invalid UTF-8 in the query string",
            "/calls/?q=%ff",
            "GET 400 Malformed query string.: /calls/",
        ),
        ("NUL in the path", "/accounts/%00/", "GET 400 Malformed query string.: /accounts/\\x00/"),
    ],
)
def test_bad_input_logs_one_warning_line_without_a_traceback(_case, path, line, client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get(path)

    assert response.status_code == 400
    [record] = request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage() == line
    assert "Traceback" not in caplog.text
    assert "\n" not in caplog.text.strip()


def test_a_suspicious_request_logs_one_line_without_a_traceback(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/", headers={"host": "attacker.example"})

    assert response.status_code == 400
    [record] = request_records(caplog)
    assert record.name == "django.security.DisallowedHost"
    assert record.exc_info is None
    assert record.getMessage().startswith("GET 400 Invalid HTTP_HOST header: 'attacker.example'.")
    assert "Traceback" not in caplog.text


def test_a_server_error_still_logs_its_traceback(client, caplog):
    client.raise_request_exception = False

    with caplog.at_level(logging.INFO):
        response = client.get("/failing/")

    assert response.status_code == 500
    [record] = request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "Internal Server Error: /failing/"
    assert record.exc_info[0] is RuntimeError
    assert "Traceback" in caplog.text
    assert "deliberate failure for the 500 page test" in caplog.text
