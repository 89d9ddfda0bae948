from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from programs.models import StaffInvitation
from tests.accounts.factories import UserFactory
from tests.notifications.helpers import notify_invitation
from tests.services import free_port

pytestmark = pytest.mark.django_db

Status = Notification.Status


@pytest.fixture
def invitation(administrator, mission_mexico):
    return StaffInvitation.objects.create(
        email="guest@example.org", mission=mission_mexico, role="reviewer", invited_by=administrator
    )


@pytest.fixture
def smtp_down(settings):
    """The SMTP relay refuses connections: a free loopback port with nothing listening."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }


def test_delivery_is_enqueued_only_after_the_commit(invitation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notify_invitation(invitation, ("guest@example.org", "en"))

    assert Notification.objects.get().status == Status.PENDING
    assert len(callbacks) == 1


@transaction.atomic
def notify_then_fail(invitation):
    notify_invitation(invitation, ("guest@example.org", "en"))
    raise RuntimeError


def test_a_rolled_back_transaction_leaves_no_notification(
    invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        notify_then_fail(invitation)

    assert not Notification.objects.exists()
    assert callbacks == []


def test_the_same_occurrence_notifies_a_person_once(invitation):
    notify_invitation(invitation, ("guest@example.org", "en"))
    again = notify_invitation(invitation, ("Guest@Example.org", "en"))

    assert again == []
    assert Notification.objects.count() == 1


def test_delivering_twice_sends_one_email_with_a_stable_message_id(invitation):
    [notification] = notify_invitation(invitation, ("guest@example.org", "en"))

    first = services.notification_deliver(notification_id=notification.pk)
    second = services.notification_deliver(notification_id=notification.pk)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == notification.message_id
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)
    assert notification.sent_at is not None


def test_a_database_restart_after_the_relay_accepted_the_email_does_not_send_it_twice(
    invitation, monkeypatch
):
    [notification] = notify_invitation(invitation, ("guest@example.org", "en"))
    # The SMTP relay has accepted the message; PostgreSQL restarts as the row is marked sent.
    outage = iter(["server closed the connection unexpectedly", "connection refused"])
    update = QuerySet.update

    def update_while_restarting(queryset, **values):
        if values.get("status") == Status.SENT and (error := next(outage, None)):
            raise OperationalError(error)
        return update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", update_while_restarting)
    monkeypatch.setattr(services.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(services, "connection", SimpleNamespace(close=lambda: None))

    assert services.notification_deliver(notification_id=notification.pk) is True

    notification.refresh_from_db()
    assert notification.status == Status.SENT
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        assert services.notifications_relay() == 0  # nothing left to send again
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Pour accepter, ouvrez ce lien"),
        ("es", "Para aceptar, abra este enlace"),
        ("en", "To accept, open this link"),
    ],
)
def test_each_person_gets_the_email_in_their_language(invitation, language, text):
    person = UserFactory(email=f"{language}@example.org", preferred_language=language)
    [notification] = notify_invitation(invitation, person)

    services.notification_deliver(notification_id=notification.pk)

    message = mail.outbox[0]
    assert text in message.body
    html = message.alternatives[0].content
    assert f'<html lang="{language}">' in html
    assert text in html


@pytest.mark.usefixtures("smtp_down")
def test_smtp_down_returns_the_row_to_pending_with_a_later_attempt(invitation):
    [notification] = notify_invitation(invitation, ("guest@example.org", "en"))

    with pytest.raises(ConnectionRefusedError):
        services.notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.PENDING, 1)
    assert notification.next_attempt_at > timezone.now()
    assert "ConnectionRefusedError" in notification.last_error


@pytest.mark.usefixtures("smtp_down")
def test_after_the_last_attempt_the_row_is_failed(invitation):
    [notification] = notify_invitation(invitation, ("guest@example.org", "en"))
    Notification.objects.filter(pk=notification.pk).update(attempts=services.MAX_ATTEMPTS - 1)

    with pytest.raises(ConnectionRefusedError):
        services.notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert services.notification_deliver(notification_id=notification.pk) is False


def test_a_message_that_cannot_be_rendered_fails_without_retrying(invitation):
    [notification] = notify_invitation(invitation, ("guest@example.org", "en"))
    invitation.delete()

    assert services.notification_deliver(notification_id=notification.pk) is False

    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert "DoesNotExist" in notification.last_error
    assert mail.outbox == []


@pytest.mark.usefixtures("celery_eager")
def test_the_relay_sends_what_the_broker_lost_and_reclaims_stuck_rows(
    invitation, django_capture_on_commit_callbacks
):
    notify_invitation(invitation, ("lost@example.org", "en"), occurrence="lost")
    [stuck] = notify_invitation(invitation, ("stuck@example.org", "en"), occurrence="stuck")
    Notification.objects.filter(pk=stuck.pk).update(
        status=Status.SENDING, claimed_at=timezone.now()
    )

    # 90 s on: the lost row is due (a minute old), the claim is still fresh (CLAIM_TIMEOUT).
    later = timezone.now() + timedelta(seconds=90)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        first = services.notifications_relay()
    much_later = timezone.now() + timedelta(minutes=20)
    with time_machine.travel(much_later), django_capture_on_commit_callbacks(execute=True):
        second = services.notifications_relay()

    assert (first, second) == (1, 1)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "lost@example.org",
        "stuck@example.org",
    ]
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


@pytest.mark.usefixtures("celery_eager")
def test_an_administrator_sends_a_failed_notification_again(
    client, admin_user, invitation, django_capture_on_commit_callbacks
):
    [notification] = notify_invitation(invitation, ("guest@example.org", "en"))
    Notification.objects.filter(pk=notification.pk).update(
        status=Status.FAILED, attempts=10, last_error="SMTPServerDisconnected: gone"
    )
    client.force_login(admin_user)

    listing = client.get("/admin/notifications/notification/?status=failed")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/notifications/notification/",
            {"action": "send_again", "_selected_action": [notification.pk]},
        )

    assert "guest@example.org" in listing.content.decode()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("celery_eager")
def test_a_verified_address_gets_one_welcome_in_the_users_language(
    client, django_capture_on_commit_callbacks
):
    import re

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "full_name": "Lucía Pérez",
                "email": "lucia@example.org",
                "password1": "cumbres-nevadas-2026",
                "password2": "cumbres-nevadas-2026",
            },
            headers={"accept-language": "es"},
        )
    link = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)

    welcome = Notification.objects.get(event="welcome")
    assert welcome.language == "es"
    assert mail.outbox[-1].subject == "[FCIL] Le damos la bienvenida a Subvenciones FCIL"
    assert welcome.recipient.email == "lucia@example.org"


@pytest.mark.parametrize(
    ("language", "subject", "text"),
    [
        ("en", "[CFLI] You have a new message", "You have a new message. Sign in to read it:"),
        ("fr", "[FCIL] Vous avez un nouveau message", "Vous avez un nouveau message."),
        ("es", "[FCIL] Tiene un mensaje nuevo", "Tiene un mensaje nuevo."),
    ],
)
def test_a_member_of_an_organization_at_risk_gets_only_the_generic_text(
    client, invitation, member_oaxaca, organization_oaxaca, language, subject, text
):
    organization_oaxaca.registration_status = "at_risk"
    organization_oaxaca.save()
    member_oaxaca.preferred_language = language
    member_oaxaca.save()
    [notification] = notify_invitation(invitation, member_oaxaca)

    services.notification_deliver(notification_id=notification.pk)

    message = mail.outbox[0]
    html = message.alternatives[0].content
    assert message.subject == subject
    assert text in message.body
    assert text in html
    mission = invitation.mission
    names = {mission.name_en, mission.name_fr, mission.name_es} - {None, ""}
    assert not any(name in message.subject + message.body + html for name in names)
    # The full text waits in the inbox.
    client.force_login(member_oaxaca)
    inbox = client.get("/inbox/").content.decode()
    assert (getattr(mission, f"name_{language}") or mission.name_en) in inbox


def test_a_member_of_an_organization_not_at_risk_gets_the_full_email(invitation, member_oaxaca):
    [notification] = notify_invitation(invitation, member_oaxaca)

    services.notification_deliver(notification_id=notification.pk)

    assert invitation.mission.name_en in mail.outbox[0].body


def test_an_inbox_only_notification_is_delivered_without_an_email(
    invitation, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [notification] = services.notify(
            event="staff_invitation",
            key="inbox-only",
            recipients=[user],
            context={"objects": {"invitation": ["programs.StaffInvitation", invitation.pk]}},
            channels=["inbox"],
        )

    assert callbacks == []
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert services.notifications_relay() == 0
