import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from core.models import AuditEvent
from programs.models import MissionStaff, StaffInvitation
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def invite(client, administrator, mission, email="nuevo.revisor@example.org", role="reviewer"):
    client.force_login(administrator)
    return client.post("/manage/staff/", {"email": email, "mission": mission.pk, "role": role})


def test_administrator_invites_and_the_reviewer_accepts(
    client, administrator, mission_mexico, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, administrator, mission_mexico)

    assert response["Location"] == "/manage/staff/"
    invitation = StaffInvitation.objects.get()
    message = mail.outbox[0]
    assert message.to == ["nuevo.revisor@example.org"]
    # No account yet: the e-mail speaks the mission's first language (Spanish for Mexico).
    assert message.subject == f"[FCIL] Invitación a unirse a {mission_mexico.name_es}"
    link = re.search(r"http://\S+/invitations/\S+/", message.body).group(0)
    assert link.endswith(invitation.get_absolute_url())

    reviewer = UserFactory(email="nuevo.revisor@example.org")
    client.force_login(reviewer)
    page = client.get(invitation.get_absolute_url())
    accepted = client.post(invitation.get_absolute_url())

    assert page.status_code == 200
    assert accepted["Location"] == "/manage/reviews/"
    assert MissionStaff.objects.filter(
        user=reviewer, mission=mission_mexico, role="reviewer"
    ).exists()
    verbs = AuditEvent.objects.filter(verb__startswith="staff_invitation").order_by("id")
    assert list(verbs.values_list("verb", flat=True)) == [
        "staff_invitation.sent",
        "staff_invitation.accepted",
    ]
    again = client.post(invitation.get_absolute_url())
    assert again.status_code == 400
    assert "already used" in again.content.decode()


@pytest.mark.parametrize(
    ("role", "label", "start"),
    [
        ("reviewer", "Reviewer", "/manage/reviews/"),
        ("approver", "Approver", "/manage/proposals/?status=recommended"),
        ("program_officer", "Program officer", "/manage/proposals/?status=submitted"),
    ],
)
def test_accepting_lands_on_a_page_the_new_role_opens_with_a_welcome(
    client, administrator, mission_mexico, role, label, start
):
    invite(client, administrator, mission_mexico, role=role)
    invitee = Client()  # the invited person's own browser
    invitee.force_login(UserFactory(email="nuevo.revisor@example.org"))

    accepted = invitee.post(StaffInvitation.objects.get().get_absolute_url())
    landing = invitee.get(accepted["Location"])

    assert accepted["Location"] == start
    assert landing.status_code == 200
    assert [str(message) for message in landing.context["messages"]] == [
        f"Welcome to Embassy of Canada to Mexico. Your role: {label}."
    ]


def test_accepting_refreshes_the_roles_already_read_for_the_user(mission_mexico, administrator):
    from programs.permissions import mission_roles
    from programs.services import staff_invitation_accept

    invitation = StaffInvitation.objects.create(
        email="nuevo.revisor@example.org",
        mission=mission_mexico,
        role="approver",
        invited_by=administrator,
    )
    person = UserFactory(email="nuevo.revisor@example.org")
    assert mission_roles(person) == {}

    staff_invitation_accept(invitation=invitation, user=person)

    assert mission_roles(person) == {mission_mexico.pk: {"approver"}}


def test_a_newcomer_signs_up_from_the_invitation_and_comes_back_to_it_signed_in(
    client, administrator, mission_mexico
):
    invite(client, administrator, mission_mexico)
    client.logout()
    path = StaffInvitation.objects.get().get_absolute_url()
    mail.outbox.clear()

    page = client.get(path).content.decode()
    sign_up_link = f"/accounts/signup/?next={path}&amp;email=nuevo.revisor%40example.org"
    form = client.get(f"/accounts/signup/?next={path}&email=nuevo.revisor%40example.org")
    client.post(
        f"/accounts/signup/?next={path}",
        {
            "full_name": "Nuevo Revisor",
            "email": "nuevo.revisor@example.org",
            "password1": "rivers-and-mountains-2026",
            "password2": "rivers-and-mountains-2026",
            "next": path,
        },
    )
    confirm = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    confirmed = client.post(confirm)
    accepted = client.post(confirmed["Location"])

    assert sign_up_link in page
    assert form.context["form"]["email"].value() == "nuevo.revisor@example.org"
    assert confirmed["Location"] == path
    assert MissionStaff.objects.get(role="reviewer").user.email == "nuevo.revisor@example.org"
    assert accepted["Location"] == "/manage/reviews/"


def test_only_the_invited_address_can_accept(client, administrator, mission_mexico):
    invite(client, administrator, mission_mexico)
    invitation = StaffInvitation.objects.get()
    someone_else = UserFactory(email="someone.else@example.org")
    client.force_login(someone_else)

    response = client.post(invitation.get_absolute_url())

    assert response.status_code == 400
    assert "This invitation was sent to nuevo.revisor@example.org." in response.content.decode()
    assert not MissionStaff.objects.filter(user=someone_else).exists()


def test_an_expired_invitation_cannot_be_accepted(client, administrator, mission_mexico):
    invite(client, administrator, mission_mexico)
    invitation = StaffInvitation.objects.get()
    reviewer = UserFactory(email="nuevo.revisor@example.org")

    with time_machine.travel(timezone.now() + timedelta(days=15)):
        client.force_login(reviewer)
        response = client.post(invitation.get_absolute_url())

    assert response.status_code == 400
    assert not MissionStaff.objects.filter(role="reviewer").exists()


def test_an_anonymous_visitor_is_asked_to_log_in_with_the_invited_address(
    client, administrator, mission_mexico
):
    invite(client, administrator, mission_mexico)
    client.logout()

    html = client.get(StaffInvitation.objects.get().get_absolute_url()).content.decode()

    assert "Log in with nuevo.revisor@example.org to accept it." in html


def test_an_existing_user_is_invited_in_their_own_language(
    client, administrator, mission_mexico, django_capture_on_commit_callbacks
):
    UserFactory(email="claire@example.org", preferred_language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        invite(client, administrator, mission_mexico, email="Claire@Example.org")

    assert mail.outbox[0].to == ["claire@example.org"]
    assert "Pour accepter" in mail.outbox[0].body


def test_resend_sends_the_same_link_again(
    client, administrator, mission_mexico, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, administrator, mission_mexico)
        client.post(f"/manage/invitations/{StaffInvitation.objects.get().pk}/resend/")

    assert len(mail.outbox) == 2
    assert mail.outbox[0].body == mail.outbox[1].body


def test_removing_a_role_is_audited(client, administrator, officer_mexico):
    staff = MissionStaff.objects.get(user=officer_mexico)
    client.force_login(administrator)

    client.post(f"/manage/staff/{staff.pk}/revoke/")

    assert not MissionStaff.objects.filter(pk=staff.pk).exists()
    assert AuditEvent.objects.get(verb="staff_role.revoked").data == {"role": "program_officer"}


def test_program_officers_cannot_manage_staff(client, officer_mexico, mission_mexico):
    client.force_login(officer_mexico)

    assert client.get("/manage/staff/").status_code == 404
    response = client.post(
        "/manage/staff/",
        {"email": "x@example.org", "mission": mission_mexico.pk, "role": "reviewer"},
    )
    assert response.status_code == 404
    assert not StaffInvitation.objects.exists()


def test_staff_list_makes_a_fixed_number_of_queries(
    client, administrator, mission_mexico, django_assert_max_num_queries
):
    from tests.programs.factories import MissionStaffFactory

    client.force_login(administrator)
    MissionStaffFactory(mission=mission_mexico, user=UserFactory())
    # The header reads the user's mission roles once (to offer "My reviews") among these.
    with django_assert_max_num_queries(9) as few:
        client.get("/manage/staff/")
    for _ in range(15):
        MissionStaffFactory(mission=mission_mexico, user=UserFactory())
        StaffInvitation.objects.create(
            email=f"p{_}@example.org",
            mission=mission_mexico,
            role="reviewer",
            invited_by=administrator,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/manage/staff/")

    assert response.status_code == 200
    assert len(response.context["staff"]) == 16
    assert "p14@example.org" in response.content.decode()


def test_staff_list_filters_by_mission(client, administrator, officer_mexico, mission_colombia):
    from tests.programs.factories import MissionStaffFactory

    colombian = MissionStaffFactory(mission=mission_colombia, user=UserFactory()).user
    client.force_login(administrator)

    everyone = client.get("/manage/staff/").context["staff"]
    colombia_only = client.get("/manage/staff/", {"mission": mission_colombia.pk}).context["staff"]

    assert {item.user for item in everyone} == {officer_mexico, colombian}
    assert [item.user for item in colombia_only] == [colombian]
