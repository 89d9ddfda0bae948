"""Redis lost, a worker killed: a real worker on a private Redis, e-mails to a private SMTP sink."""

from datetime import timedelta

import kombu.pools
import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from cfli.celery import app as celery_app
from notifications.models import Notification
from notifications.services import CLAIM_TIMEOUT, notify
from notifications.tasks import relay_notifications
from tests.services import RedisServer, SmtpSink, start_worker, stop_worker, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

Status = Notification.Status


def connect_producers_again() -> None:
    """Make the next task sent from this process connect to the broker configured now.

    Kombu keeps its connection and producer pools in process-wide registries keyed by broker:
    closing one pool alone would leave a producer pool on a closed pool for later tests.
    """
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(monkeypatch):
    server = RedisServer()
    server.start()
    monkeypatch.setitem(celery_app.conf, "broker_url", server.url)
    connect_producers_again()
    yield server
    server.close()
    connect_producers_again()


@pytest.fixture
def sink():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def start_mail_worker(broker, sink):
    """Start real workers that take this process's tasks from `broker` and mail to `sink`."""
    workers = []

    def start(queue=settings.CELERY_TASK_DEFAULT_QUEUE):
        worker = start_worker(
            broker_url=broker.url,
            queue=queue,
            database=connection.settings_dict,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(sink.port),
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        stop_worker(worker)


def invite(client, mission, email):
    form = {"email": email, "mission": mission.pk, "role": "reviewer"}
    return client.post("/manage/staff/", form)


def delivered_once_each(sink, expected: list[str]) -> bool:
    wait_until(lambda: len(sink.messages) >= len(expected), timeout=90)
    # Anything sent twice would arrive within the next moments.
    wait_until(lambda: len(sink.messages) > len(expected), timeout=2)
    return sink.recipients() == sorted(expected)


def test_redis_down_while_50_notifications_are_created_then_each_arrives_once(
    client, administrator, mission_mexico, broker, sink, start_mail_worker
):
    client.force_login(administrator)
    guests = [f"guest{number}@example.org" for number in range(50)]

    broker.stop()
    responses = [invite(client, mission_mexico, email) for email in guests]

    assert [response.status_code for response in responses] == [302] * 50
    assert Notification.objects.filter(status=Status.PENDING).count() == 50

    broker.start()  # empty: every message sent while it was down is gone
    start_mail_worker()
    # A minute later the scheduler runs the relay, which finds the rows Redis never carried.
    Notification.objects.update(created_at=F("created_at") - timedelta(minutes=2))
    relay_notifications.delay()

    assert delivered_once_each(sink, guests)
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_worker_killed_in_the_middle_of_a_delivery_sends_the_email_once(
    client, administrator, mission_mexico, broker, sink, start_mail_worker
):
    client.force_login(administrator)
    sink.hold()
    worker = start_mail_worker()

    invite(client, mission_mexico, "guest@example.org")
    assert sink.receiving.wait(timeout=60), "the worker reached the SMTP relay"
    assert Notification.objects.get().status == Status.SENDING

    worker.kill()  # SIGKILL, in the middle of the SMTP conversation
    worker.wait(timeout=10)
    sink.release()
    assert sink.messages == []

    start_mail_worker()
    # Once the claim has timed out, the relay gives the row back and it is sent again.
    Notification.objects.update(claimed_at=F("claimed_at") - CLAIM_TIMEOUT - timedelta(minutes=1))
    relay_notifications.delay()

    assert delivered_once_each(sink, ["guest@example.org"])
    assert Notification.objects.get().status == Status.SENT


def test_what_people_wait_for_is_sent_before_the_reminders_queued_ahead_of_it(
    django_user_model, broker, sink, start_mail_worker
):
    # Deadline day: beat has just queued a reminder for every open draft, then three people
    # submit. Their confirmations must not wait behind the reminders.
    people = [
        django_user_model.objects.create_user(email=f"person{number}@example.org")
        for number in range(43)
    ]
    with transaction.atomic():
        for person in people[:40]:
            notify(
                event="welcome",
                key=f"reminder:{person.pk}",
                recipients=[person],
                context={},
                bulk=True,
            )
    with transaction.atomic():
        for person in people[40:]:
            notify(
                event="welcome", key=f"confirmation:{person.pk}", recipients=[person], context={}
            )

    start_mail_worker(queue=None)  # a worker as production starts it: every queue, in order
    wait_until(lambda: len(sink.messages) >= 43, timeout=90)

    order = list(Notification.objects.order_by("sent_at").values_list("key", flat=True))
    assert [key.split(":")[0] for key in order[:3]] == ["confirmation"] * 3
    assert len(order) == 43
