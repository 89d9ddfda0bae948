"""Organizations: registering one, its profile, members, invitations and the acting choice."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Membership, Organization, OrganizationInvitation
from core.models import AuditEvent
from notifications.models import Notification
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]

PROFILE = {
    "name": "Red de Mujeres Zapotecas",
    "acronym": "RMZ",
    "kind": "local_ngo",
    "country": "MX",
    "city": "Oaxaca de Juárez",
    "street_address": "Calle Macedonio Alcalá 402",
    "description": "Acompañamos a mujeres zapotecas en la defensa de su territorio.",
    "website": "https://rmz.example.org",
    "social_accounts": "@rmz_oaxaca",
    "contact_name": "Rosa Martínez",
    "contact_title": "Coordinadora",
    "contact_email": "rosa@rmz.example.org",
    "contact_phone": "+52 951 000 0000",
    "registration_status": "registered",
    "registration_date": "2012-03-08",
    "registration_place": "Oaxaca de Juárez",
    "registration_law": "Ley Federal de Fomento a las Actividades de las OSC",
    "has_own_bank_account": "True",
    "funding_from_canada": "",
    "funding_from_others": "Fondo Semillas, 2023, 150 000 MXN",
    "partner_organizations": "",
}


def test_a_person_registers_an_organization_and_becomes_its_owner(client, user):
    client.force_login(user)

    response = client.post("/accounts/organizations/new/", PROFILE)

    organization = Organization.objects.get()
    assert response["Location"] == f"/accounts/organizations/{organization.pk}/"
    assert organization.memberships.get().user == user
    assert organization.memberships.get().role == Membership.Role.OWNER
    assert organization.has_own_bank_account is True
    assert AuditEvent.objects.filter(verb="organization.created", actor=user).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Red de Mujeres Zapotecas (RMZ)" in page
    assert "Calle Macedonio Alcalá 402" in page
    listing = client.get("/accounts/organizations/").content.decode()
    assert "You act for this organization" in listing


def test_registered_without_its_details_names_the_missing_fields_and_saves_nothing(client, user):
    client.force_login(user)

    response = client.post(
        "/accounts/organizations/new/",
        {**PROFILE, "registration_date": "", "registration_place": ""},
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["registration_date"] == ["Give this detail of the registration."]
    assert form.errors["registration_place"] == ["Give this detail of the registration."]
    assert not Organization.objects.exists()


def test_an_organization_at_risk_keeps_no_address_no_phone_and_no_registration_detail(client, user):
    client.force_login(user)

    client.post("/accounts/organizations/new/", {**PROFILE, "registration_status": "at_risk"})

    organization = Organization.objects.get()
    assert organization.is_at_risk
    assert (organization.street_address, organization.contact_phone) == ("", "")
    assert (organization.registration_date, organization.registration_place) == (None, "")
    page = client.get(organization.get_absolute_url()).content.decode()
    assert "its e-mails only say that a new message is waiting here" in page


def test_the_description_is_limited_to_150_words_with_the_count_in_the_message(client, user):
    client.force_login(user)

    response = client.post(
        "/accounts/organizations/new/", {**PROFILE, "description": "palabra " * 151}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["description"] == [
        "Write at most 150 words (this text has 151)."
    ]
    assert 'data-cfli-max-words="150"' in response.content.decode()
    client.post("/accounts/organizations/new/", {**PROFILE, "description": "palabra " * 150})
    assert Organization.objects.count() == 1


def test_the_word_limit_message_is_in_the_users_language(client, user):
    user.preferred_language = "es"
    user.save()
    client.force_login(user)

    response = client.post(
        "/accounts/organizations/new/", {**PROFILE, "description": "palabra " * 151}
    )

    assert response.context["form"].errors["description"] == [
        "Escriba como máximo 150 palabras (este texto tiene 151)."
    ]


def test_only_owners_edit_the_profile(client, organization_oaxaca, partner_oaxaca, member_oaxaca):
    url = f"/accounts/organizations/{organization_oaxaca.pk}/edit/"
    client.force_login(member_oaxaca)
    assert client.post(url, {**PROFILE, "name": "Otro nombre"}).status_code == 403

    client.force_login(partner_oaxaca)
    response = client.post(url, {**PROFILE, "name": "Mujeres de la Sierra"})

    assert response.status_code == 302
    organization_oaxaca.refresh_from_db()
    assert organization_oaxaca.name == "Mujeres de la Sierra"


def test_an_owner_invites_and_the_invited_person_joins(
    client, organization_oaxaca, partner_oaxaca, django_capture_on_commit_callbacks
):
    client.force_login(partner_oaxaca)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/accounts/organizations/{organization_oaxaca.pk}/members/",
            {"email": "Nueva.Socia@Example.org", "role": "member"},
        )

    assert response.status_code == 302
    invitation = OrganizationInvitation.objects.get()
    assert invitation.email == "nueva.socia@example.org"
    message = mail.outbox[0]
    assert message.to == ["nueva.socia@example.org"]
    assert "Mujeres de la Sierra Norte" in message.subject
    assert invitation.get_absolute_url() in message.body

    newcomer = UserFactory(email="nueva.socia@example.org")
    client.force_login(newcomer)
    response = client.post(invitation.get_absolute_url())

    assert response["Location"] == organization_oaxaca.get_absolute_url()
    assert Membership.objects.get(user=newcomer).role == Membership.Role.MEMBER
    # It works once.
    assert client.post(invitation.get_absolute_url()).status_code == 400


def test_an_invitation_is_refused_to_another_address_and_once_cancelled(
    client, organization_oaxaca, partner_oaxaca, user
):
    invitation = OrganizationInvitation.objects.create(
        organization=organization_oaxaca,
        email="someone.else@example.org",
        role="member",
        invited_by=partner_oaxaca,
    )
    client.force_login(user)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 400
    assert "This invitation was sent to someone.else@example.org." in response.content.decode()

    client.force_login(partner_oaxaca)
    client.post(
        f"/accounts/organizations/{organization_oaxaca.pk}/invitations/{invitation.pk}/cancel/"
    )
    invitee = UserFactory(email="someone.else@example.org")
    client.force_login(invitee)

    response = client.post(invitation.get_absolute_url())

    assert response.status_code == 400
    assert "was cancelled" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_a_newcomer_invited_to_an_organization_signs_up_and_comes_back_to_join(
    client, organization_oaxaca, partner_oaxaca
):
    invitation = OrganizationInvitation.objects.create(
        organization=organization_oaxaca,
        email="nueva.socia@example.org",
        role="member",
        invited_by=partner_oaxaca,
    )
    path = invitation.get_absolute_url()

    page = client.get(path).content.decode()
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Nueva Socia",
            "email": "nueva.socia@example.org",
            "password1": "rivers-and-mountains-2026",
            "password2": "rivers-and-mountains-2026",
            "next": path,
        },
    )
    confirm = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    confirmed = client.post(confirm)
    joined = client.post(path)

    assert f"/accounts/signup/?next={path}&amp;email=nueva.socia%40example.org" in page
    assert confirmed["Location"] == path
    assert joined["Location"] == f"/accounts/organizations/{organization_oaxaca.pk}/"
    assert Membership.objects.get(user__email="nueva.socia@example.org").role == "member"


def test_inviting_a_member_again_is_refused_with_a_message(
    client, organization_oaxaca, partner_oaxaca, member_oaxaca
):
    client.force_login(partner_oaxaca)

    response = client.post(
        f"/accounts/organizations/{organization_oaxaca.pk}/members/",
        {"email": member_oaxaca.email, "role": "member"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "This person is already a member of the organization."
    ]


def test_the_last_owner_cannot_leave_or_step_down_until_another_owner_exists(
    client, organization_oaxaca, partner_oaxaca, member_oaxaca
):
    client.force_login(partner_oaxaca)
    base = f"/accounts/organizations/{organization_oaxaca.pk}"
    own = Membership.objects.get(user=partner_oaxaca)
    other = Membership.objects.get(user=member_oaxaca)

    response = client.post(f"{base}/leave/")
    assert response.status_code == 400
    assert "An organization needs at least one owner." in response.content.decode()
    client.post(f"{base}/members/{own.pk}/make-member/")
    assert Membership.objects.get(pk=own.pk).role == Membership.Role.OWNER

    client.post(f"{base}/members/{other.pk}/make-owner/")
    response = client.post(f"{base}/leave/")

    assert response["Location"] == "/accounts/organizations/"
    assert list(organization_oaxaca.memberships.values_list("user__email", "role")) == [
        (member_oaxaca.email, "owner")
    ]
    assert client.get(f"{base}/").status_code == 404


def test_an_owner_removes_a_member_who_then_sees_nothing(
    client, organization_oaxaca, partner_oaxaca, member_oaxaca
):
    client.force_login(partner_oaxaca)
    membership = Membership.objects.get(user=member_oaxaca)

    client.post(f"/accounts/organizations/{organization_oaxaca.pk}/members/{membership.pk}/remove/")

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(verb="membership.removed").exists()
    client.force_login(member_oaxaca)
    assert client.get(organization_oaxaca.get_absolute_url()).status_code == 404


def test_a_person_in_two_organizations_picks_the_one_they_act_for(client, partner_oaxaca):
    second = MembershipFactory(
        user=partner_oaxaca, organization__name="Zapotec Weavers"
    ).organization
    client.force_login(partner_oaxaca)
    listing = client.get("/accounts/organizations/")
    assert listing.context["acting"].name == "Mujeres de la Sierra Norte"

    client.post(f"/accounts/organizations/{second.pk}/act/")

    assert client.get("/accounts/organizations/").context["acting"] == second


def test_a_name_ending_in_an_abbreviation_ends_the_sentence_with_one_period(client, partner_oaxaca):
    second = MembershipFactory(
        user=partner_oaxaca, organization__name="Tejedoras Zapotecas, A.C."
    ).organization
    client.force_login(partner_oaxaca)

    page = client.post(f"/accounts/organizations/{second.pk}/act/", follow=True).text

    assert "You now act for Tejedoras Zapotecas, A.C." in page
    assert "A.C.." not in page


def test_acting_for_an_organization_one_does_not_belong_to_is_a_404(
    client, user, organization_oaxaca
):
    client.force_login(user)

    response = client.post(f"/accounts/organizations/{organization_oaxaca.pk}/act/")

    assert response.status_code == 404
    assert client.session.get("acting_organization") is None


def test_the_organization_pages_use_a_fixed_number_of_queries(
    client, partner_oaxaca, organization_oaxaca, django_assert_max_num_queries
):
    for number in range(15):
        MembershipFactory(organization=organization_oaxaca, role="member")
        MembershipFactory(user=partner_oaxaca, organization=OrganizationFactory())
        OrganizationInvitation.objects.create(
            organization=organization_oaxaca,
            email=f"guest{number}@example.org",
            role="member",
            invited_by=partner_oaxaca,
            expires_at=timezone.now() + timedelta(days=3),
        )
    client.force_login(partner_oaxaca)

    with django_assert_max_num_queries(12):
        assert client.get("/accounts/organizations/").status_code == 200
    with django_assert_max_num_queries(12):
        assert (
            client.get(f"/accounts/organizations/{organization_oaxaca.pk}/members/").status_code
            == 200
        )


def test_an_invitation_to_an_organization_at_risk_is_a_generic_email(
    client, partner_oaxaca, organization_oaxaca, django_capture_on_commit_callbacks
):
    organization_oaxaca.registration_status = Organization.Registration.AT_RISK
    organization_oaxaca.save()
    client.force_login(partner_oaxaca)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/accounts/organizations/{organization_oaxaca.pk}/members/",
            {"email": "nueva@example.org", "role": "member"},
        )

    message = mail.outbox[0]
    assert message.subject == "[CFLI] You have a new message"
    assert "Mujeres" not in message.subject + message.body
    assert "Mujeres" not in message.alternatives[0].content
    assert OrganizationInvitation.objects.get().get_absolute_url() in message.body
    assert Notification.objects.get().status == Notification.Status.SENT
