"""A real Celery worker on the real Redis: tasks leave only when their transaction commits."""

import uuid
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Session
from cfli.celery import app as celery_app
from core.background import enqueue_on_commit
from core.tasks import clear_expired_sessions
from tests.services import start_worker, stop_worker, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


class Rollback(Exception):
    pass


@pytest.fixture
def queue(monkeypatch):
    """A queue of this test's own on the shared Redis, so no other worker takes its tasks."""
    name = f"cfli-test-{uuid.uuid4().hex}"
    monkeypatch.setitem(celery_app.conf, "task_default_queue", name)
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    yield name, broker
    broker.delete(name)


def expired_session() -> Session:
    return Session.objects.create(
        session_key=uuid.uuid4().hex,
        session_data="",
        expire_date=timezone.now() - timedelta(days=1),
    )


@transaction.atomic
def enqueue_then_roll_back():
    enqueue_on_commit(clear_expired_sessions)
    raise Rollback


def test_task_is_not_sent_when_the_transaction_rolls_back(queue):
    name, broker = queue

    with pytest.raises(Rollback):
        enqueue_then_roll_back()

    assert broker.llen(name) == 0


def test_task_enqueued_on_commit_is_sent_after_commit_and_run_by_a_worker(queue):
    name, broker = queue

    with transaction.atomic():
        session = expired_session()
        enqueue_on_commit(clear_expired_sessions)
        assert broker.llen(name) == 0  # nothing leaves before the commit

    assert broker.llen(name) == 1
    worker = start_worker(
        broker_url=settings.CELERY_BROKER_URL, queue=name, database=connection.settings_dict
    )
    try:
        wait_until(lambda: not Session.objects.filter(pk=session.pk).exists(), interval=0.2)
    finally:
        stop_worker(worker)

    assert not Session.objects.filter(pk=session.pk).exists()
    assert broker.llen(name) == 0
