import pytest

from cfli.celery import app as celery_app
from tests.services import private_redis

pytestmark = pytest.mark.django_db


def test_health_reports_each_service_ok(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_and_names_the_broker_when_redis_is_down(client, monkeypatch):
    with private_redis() as (url, redis_process):
        monkeypatch.setattr(celery_app.conf, "broker_url", url)
        assert client.get("/health/").status_code == 200

        redis_process.terminate()
        redis_process.wait(timeout=10)
        response = client.get("/health/")
        serving = client.get("/health/serving/")

    # The balancer's probe keeps the node in service: requests never need the broker.
    assert serving.status_code == 200
    assert serving.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in serving["Cache-Control"]
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "ok", "broker": "unavailable"},
    }
