"""A real Celery worker on the real Redis: tasks leave only when their transaction commits."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone

from cfli.celery import app as celery_app
from cfli.core.background import enqueue_on_commit
from cfli.core.tasks import clear_expired_sessions

ROOT = Path(__file__).resolve().parent.parent.parent

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


def start_worker(queue_name: str) -> subprocess.Popen:
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cfli",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue_name,
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cfli.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": settings.CELERY_BROKER_URL,
        },
    )


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
    worker = start_worker(name)
    try:
        deadline = time.monotonic() + 60
        while Session.objects.filter(pk=session.pk).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    assert not Session.objects.filter(pk=session.pk).exists()
    assert broker.llen(name) == 0
