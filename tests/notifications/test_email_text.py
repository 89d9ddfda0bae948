"""Names people typed reach an e-mail's subject and plain text as typed (no HTML entities);
the HTML part escapes them."""

import pytest
from django.core import mail

from accounts.services import member_invite
from notifications import services
from notifications.models import Notification
from notifications.services import notify
from programs.services import staff_invite
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.programs.factories import CallFactory, MissionFactory

pytestmark = pytest.mark.django_db

NAME = """Mujeres & Futuro <Sierra> "Norte" d'Oaxaca"""
NAME_IN_HTML = "Mujeres &amp; Futuro &lt;Sierra&gt; &quot;Norte&quot; d&#x27;Oaxaca"
INVITER = "Ana O'Brien & Co"
INVITER_IN_HTML = "Ana O&#x27;Brien &amp; Co"


def the_email():
    """Deliver the one notification written, and return its e-mail."""
    services.notification_deliver(notification_id=Notification.objects.get().pk)
    [message] = mail.outbox
    return message


@pytest.fixture
def guest():
    return UserFactory(email="guest@example.org", preferred_language="en")


def test_an_organization_invitation_shows_the_names_as_typed(guest):
    organization = OrganizationFactory(name=NAME)
    owner = MembershipFactory(
        organization=organization, user=UserFactory(full_name=INVITER, preferred_language="en")
    ).user
    member_invite(actor=owner, organization=organization, email=guest.email, role="member")

    message = the_email()

    assert message.subject == f"[CFLI] You are invited to join {NAME}"
    assert f"{INVITER} invites you to join {NAME} on CFLI Grants" in message.body
    html = message.alternatives[0].content
    assert f"{INVITER_IN_HTML} invites you to join {NAME_IN_HTML} on CFLI Grants" in html
    assert NAME not in html


def test_a_staff_invitation_shows_the_names_as_typed(guest):
    mission = MissionFactory(name_en=NAME)
    administrator = UserFactory(full_name=INVITER, is_administrator=True)
    staff_invite(actor=administrator, email=guest.email, mission=mission, role="reviewer")

    message = the_email()

    assert message.subject == f"[CFLI] You are invited to join {NAME}"
    assert (
        f"{INVITER} invites you to work on the Canada Fund for Local Initiatives with {NAME}."
        in message.body
    )
    html = message.alternatives[0].content
    assert (
        f"{INVITER_IN_HTML} invites you to work on the Canada Fund for Local Initiatives with "
        f"{NAME_IN_HTML}." in html
    )
    assert NAME not in html


def test_a_call_closed_email_shows_the_calls_title_as_typed(guest):
    call = CallFactory(title_en=NAME)
    notify(
        event="call_closed",
        key=f"call-closed:{call.pk}",
        recipients=[guest],
        context={
            "objects": {"call": ["programs.Call", call.pk]},
            "submitted": 2,
            "drafts": 1,
            "path": "/manage/proposals/",
        },
    )

    message = the_email()

    assert message.subject == f"[CFLI] “{NAME}” is closed"
    assert f"The call “{NAME}” is closed: 2 proposals were submitted." in message.body
    html = message.alternatives[0].content
    assert f"The call “{NAME_IN_HTML}” is closed: 2 proposals were submitted." in html
    assert NAME not in html
