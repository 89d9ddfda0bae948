"""A person's time zone: detected from the browser at sign-up, changed on their profile, and
used for the security notices of their account."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.services import user_profile_update
from core.models import AuditEvent
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
NEW_PASSWORD = "rivers-and-mountains-2026"


def sign_up(client, **extra):
    return client.post(
        "/accounts/signup/",
        {
            "full_name": "Nadia Benali",
            "email": "nadia@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            **extra,
        },
    )


def test_the_sign_up_form_asks_the_browser_for_its_zone(client):
    html = client.get("/accounts/signup/").text

    assert 'type="hidden" name="time_zone"' in html
    assert "data-cfli-time-zone" in html
    assert "js/time-zone" in html


def test_sign_up_keeps_the_zone_the_browser_gave(client):
    response = sign_up(client, time_zone="America/Bogota")

    assert response.status_code == 302
    assert User.objects.get().time_zone == "America/Bogota"


@pytest.mark.parametrize(
    ("_case", "sent"),
    [
        ("no JavaScript", {}),
        ("empty", {"time_zone": ""}),
        ("unknown zone", {"time_zone": "Mars/Olympus"}),
        ("not a zone at all", {"time_zone": "../../etc/passwd" * 20}),
    ],
)
def test_sign_up_without_a_known_zone_still_signs_up_in_utc(client, _case, sent):
    response = sign_up(client, **sent)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.get().time_zone == "UTC"


def test_the_profile_shows_the_persons_name_language_and_zone(client, user):
    user.time_zone = "America/Bogota"
    user.save(update_fields=["time_zone"])
    client.force_login(user)

    html = client.get(PROFILE).text

    assert 'value="Ana Partner"' in html
    assert '<option value="America/Bogota" selected>America/Bogota</option>' in html
    assert '<option value="en" selected>English</option>' in html


def test_changing_the_zone_on_the_profile_changes_every_time_shown(client, user):
    client.force_login(user)

    response = client.post(
        PROFILE,
        {"full_name": "Ana Partner", "preferred_language": "en", "time_zone": "America/Bogota"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "America/Bogota"
    event = AuditEvent.objects.get(verb="user.profile_changed")
    assert (event.actor, event.data) == (
        user,
        {"time_zone": {"from": "UTC", "to": "America/Bogota"}},
    )
    page = client.get(response["Location"]).text
    assert "Your profile is saved." in page


def test_a_new_language_on_the_profile_is_the_language_of_the_next_page(client, user):
    client.force_login(user)

    response = client.post(
        PROFILE,
        {"full_name": "Ana Partner", "preferred_language": "fr", "time_zone": "UTC"},
        follow=True,
    )

    user.refresh_from_db()
    assert user.preferred_language == "fr"
    assert '<html lang="fr">' in response.text


@pytest.mark.parametrize(
    ("_case", "data", "field"),
    [
        ("unknown zone", {"time_zone": "Mars/Olympus"}, "time_zone"),
        ("unknown language", {"preferred_language": "xx"}, "preferred_language"),
        ("no name", {"full_name": "  "}, "full_name"),
    ],
)
def test_a_wrong_profile_changes_nothing(client, user, _case, data, field):
    client.force_login(user)

    response = client.post(
        PROFILE,
        {"full_name": "Ana Partner", "preferred_language": "en", "time_zone": "UTC", **data},
    )

    assert response.status_code == 400
    assert field in response.context["form"].errors
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language, user.time_zone) == ("Ana Partner", "en", "UTC")
    assert not AuditEvent.objects.filter(verb="user.profile_changed").exists()


def test_the_profile_service_refuses_an_unknown_zone_and_leaves_the_user_as_it_was(user):
    with pytest.raises(ValidationError) as error:
        user_profile_update(
            user=user, full_name="Ana", preferred_language="en", time_zone="Mars/Olympus"
        )

    assert error.value.message_dict == {"time_zone": ["Choose a time zone from the list."]}
    assert (user.full_name, user.time_zone) == ("Ana Partner", "UTC")
    user.refresh_from_db()
    assert user.time_zone == "UTC"


def test_an_unchanged_profile_records_nothing(user):
    user_profile_update(
        user=user, full_name="Ana Partner", preferred_language="en", time_zone="UTC"
    )

    assert not AuditEvent.objects.exists()


def test_a_security_notice_dates_the_change_in_the_persons_zone(client, user):
    user.time_zone = "America/Mexico_City"
    user.save(update_fields=["time_zone"])
    client.force_login(user)

    with time_machine.travel(datetime(2026, 12, 6, 13, 46, tzinfo=UTC), tick=False):
        client.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )

    [notice] = mail.outbox
    assert "Date: Dec. 6, 2026, 7:46 a.m. (America/Mexico City)" in notice.body
