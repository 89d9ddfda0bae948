import pytest

from notifications.models import Notification
from programs.models import StaffInvitation
from tests.accounts.factories import UserFactory
from tests.notifications.helpers import notify_invitation
from tests.programs.factories import MissionFactory

pytestmark = pytest.mark.django_db


def invite(person, administrator, mission, occurrence):
    invitation = StaffInvitation.objects.create(
        email=person.email, mission=mission, role="reviewer", invited_by=administrator
    )
    notify_invitation(invitation, person, occurrence)
    return invitation


def test_the_inbox_shows_the_users_own_messages_and_the_unread_count(
    client, user, administrator, mission_mexico
):
    invite(user, administrator, mission_mexico, "mine")
    other = UserFactory()
    invite(other, administrator, mission_mexico, "theirs")
    client.force_login(user)

    response = client.get("/inbox/")

    assert [n.recipient for n in response.context["notifications"]] == [user]
    html = response.content.decode()
    assert f"You are invited to join {mission_mexico.name}. Your role: Reviewer." in html
    assert '1<span class="visually-hidden"> unread</span>' in html


def test_marking_one_and_all_as_read(client, user, administrator, mission_mexico):
    invite(user, administrator, mission_mexico, "one")
    invite(user, administrator, mission_mexico, "two")
    first, _second = Notification.objects.filter(recipient=user).order_by("pk")
    client.force_login(user)

    client.post(f"/inbox/{first.pk}/read/")
    assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 1
    client.post("/inbox/read/")
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_nobody_can_mark_someone_elses_message(client, user, administrator, mission_mexico):
    other = UserFactory()
    invite(other, administrator, mission_mexico, "theirs")
    client.force_login(user)

    client.post(f"/inbox/{Notification.objects.get().pk}/read/")

    assert Notification.objects.get().read_at is None


def test_the_inbox_makes_a_fixed_number_of_queries(
    client, user, administrator, django_assert_max_num_queries
):
    invite(user, administrator, MissionFactory(), "first")
    client.force_login(user)
    with django_assert_max_num_queries(9) as few:
        client.get("/inbox/")
    for number in range(15):
        invite(user, administrator, MissionFactory(), f"more-{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/inbox/")

    assert len(response.context["notifications"]) == 16


def test_the_unread_count_comes_with_the_session_and_follows_each_request(
    client, user, administrator, mission_mexico, django_assert_num_queries
):
    invite(user, administrator, mission_mexico, "one")
    invite(user, administrator, mission_mexico, "two")
    client.force_login(user)
    badge = '<span class="visually-hidden"> unread</span>'

    # The session's query reads the person, their roles and the count: nothing else counts.
    with django_assert_num_queries(1) as queries:
        html = client.get("/").text
    assert f"2{badge}" in html
    assert "notifications_notification" in queries.captured_queries[0]["sql"]

    client.post("/inbox/read/")
    assert badge not in client.get("/").text
    invite(user, administrator, mission_mexico, "three")
    assert f"1{badge}" in client.get("/").text


# Sent to an address, never to an account: they never reach an inbox.
ADDRESS_ONLY_EVENTS = {"sign_in_unlock"}


def test_every_event_sent_by_e_mail_can_be_shown_in_the_inbox():
    from django.conf import settings

    templates = settings.BASE_DIR / "templates"
    emailed = {
        path.name.removesuffix(".subject.txt") for path in templates.glob("email/*.subject.txt")
    }
    shown = {path.stem for path in templates.glob("notifications/events/*.html")}

    assert emailed - {"discreet"} - ADDRESS_ONLY_EVENTS - shown == set()
