"""Failed sign-ins are limited on every form, without handing anyone a way to lock others out
(docs/decisions/0008-staff-authentication.md)."""

import re

import pytest
from django.core import mail
from django.test import Client

from core.models import AuditEvent
from notifications.models import Notification
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.test_mfa import totp
from tests.accounts.test_staff_second_factor import enroll

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-in attempts"


def attempt(client, email, password="wrong", **headers):
    return client.post("/accounts/login/", {"login": email, "password": password}, **headers)


def signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_five_wrong_passwords_then_the_right_one_is_refused_with_429(client, user):
    for _ in range(5):
        assert "are not correct" in attempt(client, user.email).content.decode()

    refused = attempt(client, user.email, PASSWORD)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    assert LOCKED in refused.content.decode()
    assert not signed_in(client, user)
    refusal = AuditEvent.objects.get(verb="user.login_refused")
    assert refusal.data == {"email": user.email, "known_browser": False}
    assert refusal.ip_address == "127.0.0.1"


def test_the_admin_has_no_password_form_to_guess_on(client, admin_user):
    for _ in range(15):
        client.post("/admin/login/", {"username": admin_user.email, "password": "wrong"})
    answer = client.post("/admin/login/", {"username": admin_user.email, "password": PASSWORD})

    assert answer["Location"].startswith("/accounts/login/")
    assert not signed_in(client, admin_user)


def test_wrong_codes_at_the_second_step_are_limited_too(client, user):
    secret = enroll(user)
    attempt(client, user.email, PASSWORD)
    for _ in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    client.post("/accounts/2fa/authenticate/", {"code": totp(secret)})

    assert not signed_in(client, user)


def test_a_browser_that_signed_in_before_is_not_locked_out_by_someone_else(user):
    owner, attacker = Client(), Client()
    attempt(owner, user.email, PASSWORD)
    owner.post("/accounts/logout/")
    for _ in range(20):
        attempt(attacker, user.email)

    assert attempt(attacker, user.email, PASSWORD).status_code == 429
    attempt(owner, user.email, PASSWORD)
    assert signed_in(owner, user)


def test_a_known_browser_still_has_a_limit_of_its_own(user):
    owner = Client()
    attempt(owner, user.email, PASSWORD)
    owner.post("/accounts/logout/")
    for _ in range(5):
        attempt(owner, user.email)

    assert attempt(owner, user.email, PASSWORD).status_code == 429


def test_the_owner_gets_one_unlock_link_that_lets_their_browser_in(user):
    attacker, owner = Client(), Client()
    for _ in range(12):
        attempt(attacker, user.email)
    attempt(owner, user.email, PASSWORD)  # the owner, on a new browser, is refused too

    mails = Notification.objects.filter(event="sign_in_unlock")
    assert [mail.email for mail in mails] == [user.email]
    link = mails.get().context["path"]
    opened = owner.get(link, follow=True)
    attempt(owner, user.email, PASSWORD)

    assert "You can sign in from this browser again." in opened.content.decode()
    assert signed_in(owner, user)
    assert not signed_in(attacker, user)
    assert attempt(attacker, user.email, PASSWORD).status_code == 429


def test_a_locked_address_without_an_account_answers_the_same_and_mails_nobody(client, user):
    for email in (user.email, "nobody@example.org"):
        for _ in range(5):
            attempt(client, email)
    known = attempt(client, user.email)
    unknown = attempt(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 429
    for page in (known, unknown):
        html = page.content.decode()
        assert "If this address has an account, we have sent it an e-mail with a link" in html
    assert Notification.objects.filter(event="sign_in_unlock").count() == 1


def test_a_forged_or_expired_unlock_link_does_nothing(client, user):
    for _ in range(5):
        attempt(client, user.email)

    page = client.get("/accounts/unlock/e30:forged:signature/", follow=True)

    assert "This link has expired or is not valid." in page.content.decode()
    assert attempt(client, user.email, PASSWORD).status_code == 429


def test_many_failures_from_one_office_address_spare_its_known_browsers(user):
    colleague = UserFactory()
    colleague_browser = Client()
    attempt(colleague_browser, colleague.email, PASSWORD)
    colleague_browser.post("/accounts/logout/")
    guesser = Client()
    for index in range(50):
        attempt(guesser, f"someone{index}@example.org")

    new_browser = attempt(Client(), user.email, PASSWORD)
    attempt(colleague_browser, colleague.email, PASSWORD)

    assert new_browser.status_code == 429
    assert signed_in(colleague_browser, colleague)


def test_behind_the_balancer_each_client_address_has_its_own_limit(settings, user):
    settings.CFLI_TRUSTED_PROXY_COUNT = 1
    guesser, neighbour = Client(), Client()
    for index in range(50):
        # A client cannot choose its address by writing one into the header itself.
        attempt(
            guesser,
            f"someone{index}@example.org",
            headers={"x-forwarded-for": f"10.9.9.{index}, 203.0.113.7"},
        )

    from_guesser = attempt(
        Client(), user.email, PASSWORD, headers={"x-forwarded-for": "203.0.113.7"}
    )
    attempt(neighbour, user.email, PASSWORD, headers={"x-forwarded-for": "198.51.100.2"})

    assert from_guesser.status_code == 429
    assert signed_in(neighbour, user)


def test_choosing_a_new_password_lifts_the_accounts_pause(user):
    attacker, owner = Client(), Client()
    for _ in range(5):
        attempt(attacker, user.email)
    owner.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    form_page = owner.get(link, follow=True)
    owner.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a-brand-new-passphrase-2", "password2": "a-brand-new-passphrase-2"},
    )

    attempt(owner, user.email, "a-brand-new-passphrase-2")

    assert signed_in(owner, user)


def test_guessing_the_password_when_asked_to_confirm_it_is_limited_too(client, user):
    client.force_login(user)
    for _ in range(5):
        client.post("/accounts/reauthenticate/", {"password": "wrong"})

    refused = client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    assert refused.status_code == 429


def test_guessing_the_code_when_asked_to_confirm_it_is_limited_too(client, user):
    secret = enroll(user)
    client.force_login(user)
    for _ in range(5):
        client.post("/accounts/2fa/reauthenticate/", {"code": "000000"})

    refused = client.post("/accounts/2fa/reauthenticate/", {"code": totp(secret)})

    assert refused.status_code == 200
    assert "Too many failed login attempts" in refused.content.decode()
    assert "cfli_second_factor_user" not in client.session
