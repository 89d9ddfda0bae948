"""The SMTP relay down, then back; or accepting connections and never answering."""

import socket
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from programs.models import StaffInvitation
from tests.notifications.helpers import notify_invitation
from tests.services import SmtpSink, free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_eager")]

Status = Notification.Status


@pytest.fixture
def smtp_port(settings):
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    return port


@pytest.fixture
def invitation(administrator, mission_mexico):
    return StaffInvitation.objects.create(
        email="guest@example.org", mission=mission_mexico, role="reviewer", invited_by=administrator
    )


def test_smtp_down_then_back_delivers_each_email_once(smtp_port, invitation):
    for number in range(5):
        notify_invitation(invitation, (f"person{number}@example.org", "en"), f"down-{number}")
    assert Notification.objects.filter(status=Status.PENDING).count() == 5
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}

    sink = SmtpSink(port=smtp_port)
    sink.start()
    try:
        with time_machine.travel(timezone.now() + timedelta(hours=2)):
            services.notifications_relay()
            services.notifications_relay()  # a second pass finds nothing left to send
    finally:
        sink.stop()

    assert sink.recipients() == [f"person{number}@example.org" for number in range(5)]
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


def test_an_smtp_server_that_never_answers_times_out_and_the_row_waits(smtp_port, invitation):
    listener = socket.socket()
    listener.bind(("127.0.0.1", smtp_port))
    listener.listen()
    accepted = []

    def accept_and_stay_silent():
        connection, _address = listener.accept()
        accepted.append(connection)

    threading.Thread(target=accept_and_stay_silent, daemon=True).start()
    try:
        started = time.monotonic()
        notify_invitation(invitation, ("guest@example.org", "en"))
        elapsed = time.monotonic() - started
    finally:
        for connection in accepted:
            connection.close()
        listener.close()

    notification = Notification.objects.get()
    assert accepted, "the client did connect"
    assert elapsed < 10
    assert (notification.status, notification.attempts) == (Status.PENDING, 1)
    assert "timed out" in notification.last_error
