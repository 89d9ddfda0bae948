import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "rivers-and-mountains-2026"


def sign_up(client, email="nadia@example.org", language="en"):
    return client.post(
        "/accounts/signup/",
        {
            "full_name": "Nadia Benali",
            "email": email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        headers={"accept-language": language},
    )


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_sign_up_sends_a_verification_email_and_login_waits_for_it(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get()
    assert (user.email, user.full_name, user.preferred_language) == (
        "nadia@example.org",
        "Nadia Benali",
        "en",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body

    client.logout()
    before = client.post(
        "/accounts/login/", {"login": "nadia@example.org", "password": NEW_PASSWORD}
    )
    assert before["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    path = confirmation_path(mail.outbox[-1])
    assert client.get(path).status_code == 200
    # Confirming in the browser that tried to sign in finishes that sign-in.
    confirmed = client.post(path)
    assert confirmed["Location"] == "/proposals/"
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    after = client.post(
        "/accounts/login/", {"login": "Nadia@Example.org", "password": NEW_PASSWORD}
    )
    assert after["Location"] == "/proposals/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_confirming_the_address_in_the_browser_that_signed_up_signs_in(client):
    sign_up(client)

    confirmed = client.post(confirmation_path(mail.outbox[-1]))

    assert confirmed["Location"] == "/proposals/"
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_confirming_the_address_in_another_browser_does_not_sign_in(client):
    from django.test import Client

    sign_up(client)

    confirmed = Client().post(confirmation_path(mail.outbox[-1]))

    assert confirmed["Location"] == "/accounts/login/"
    assert EmailAddress.objects.get().verified


def test_sign_up_in_french_keeps_french_for_the_account_and_the_email(client):
    sign_up(client, language="fr")

    assert User.objects.get().preferred_language == "fr"
    assert mail.outbox[0].subject == "[FCIL] Confirmez votre adresse e-mail"


def test_sign_up_with_a_taken_address_looks_the_same_as_a_new_one(client, user):
    taken = sign_up(client, email=user.email.upper())
    client.logout()
    fresh = sign_up(client, email="someone.new@example.org")

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email=user.email).count() == 1
    # The owner of the taken address is told by e-mail, not the person at the keyboard.
    assert [message.to for message in mail.outbox] == [[user.email], ["someone.new@example.org"]]


def test_login_error_does_not_reveal_whether_the_address_has_an_account(client, user):
    known = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    unknown = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong"})

    message = "The email address and/or password you specified are not correct."
    assert message in known.content.decode()
    assert message in unknown.content.decode()


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, user):
    known = client.post("/accounts/password/reset/", {"email": user.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/done/"
    assert [message.to for message in mail.outbox] == [[user.email], ["nobody@example.org"]]
    reset_link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    assert reset_link is not None
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_password_reset_link_sets_a_new_password(client, user):
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)

    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_change_needs_the_current_password(client, user):
    client.force_login(user)

    wrong = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    right = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert wrong.status_code == 200
    assert right.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_email_change_is_verified_before_it_takes_effect(client, user):
    client.force_login(user)

    response = client.post("/accounts/email/", {"action_add": "", "email": "ana.new@example.org"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "partner@example.org"
    assert mail.outbox[-1].to == ["ana.new@example.org"]


def test_account_pages_use_our_layout(client, user):
    client.force_login(user)

    for path in ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"]:
        html = client.get(path).content.decode()
        assert 'href="#main-content"' in html, path
        assert "CFLI Grants" in html, path


def test_addresses_are_stored_in_lower_case_so_case_cannot_duplicate_an_account(db):
    UserFactory(email="Case@Example.org")

    assert User.objects.get().email == "case@example.org"


def test_account_emails_name_the_site_and_keep_links_whole(client):
    sign_up(client)

    body = mail.outbox[0].body
    assert body.startswith("Hello from CFLI Grants!")
    assert re.search(r"http://testserver/accounts/confirm-email/\S+/", body)


def test_the_confirmation_email_names_the_site_and_shows_its_host_only_in_the_link(client):
    sign_up(client)

    body = mail.outbox[0].body
    assert "Someone, probably you, gave this e-mail address for an account on CFLI Grants." in body
    assert [line for line in body.splitlines() if "testserver" in line] == [
        "http://testserver" + confirmation_path(mail.outbox[0])
    ]
    assert body.endswith("Thank you for using CFLI Grants.")


def test_signing_up_with_a_taken_address_emails_its_owner_a_reset_link(client, user):
    sign_up(client, email=user.email)

    body = mail.outbox[0].body
    assert (
        "Someone, probably you, tried to create an account on CFLI Grants with this e-mail "
        "address, partner@example.org, which already has one."
    ) in body
    assert "http://testserver/accounts/password/reset/" in body
    assert "testserver" not in body.replace("http://testserver/accounts/password/reset/", "")


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "es",
            [
                "¡Saludos de Subvenciones FCIL!",
                "Alguien, probablemente usted, indicó esta dirección de correo electrónico "
                "para una cuenta en Subvenciones FCIL.",
                "Para confirmar que esta dirección es suya, abra este enlace:",
                "Si no fue usted, ignore este mensaje.",
            ],
        ),
        (
            "fr",
            [
                "Bonjour de la part de Subventions FCIL\u202f!",
                "Quelqu’un, probablement vous, a indiqué cette adresse courriel pour un compte "
                "sur Subventions FCIL.",
                "Pour confirmer que cette adresse est la vôtre, ouvrez ce lien\u202f:",
                "Si ce n’était pas vous, ignorez ce message.",
            ],
        ),
    ],
)
def test_the_confirmation_email_addresses_the_reader_formally(client, language, sentences):
    sign_up(client, language=language)

    body = mail.outbox[0].body
    for sentence in sentences:
        assert sentence in body
    for informal in ("Estás", " tu ", "vete"):
        assert informal not in body


def test_the_console_shows_emails_readably_for_make_run(settings, capsys):
    from django.core.mail import EmailMessage

    settings.MAILERS = {"default": {"BACKEND": "core.mail.ReadableConsoleBackend"}}
    link = "http://127.0.0.1:8000/accounts/confirm-email/" + "x" * 90 + "/"

    EmailMessage("Confirm", f"Go to {link}", "from@example.org", ["to@example.org"]).send()

    printed = capsys.readouterr().out
    assert "Subject: Confirm" in printed
    assert link in printed


def test_passwords_are_stored_with_argon2id_and_older_hashes_upgraded_at_login(
    client, settings, user
):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

    from cfli.settings.base import PASSWORD_HASHERS

    settings.PASSWORD_HASHERS = PASSWORD_HASHERS  # the suite's own hasher is a fast one
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save()

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")
    assert make_password("x").startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")
    client.logout()
    again = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert again.status_code == 302
