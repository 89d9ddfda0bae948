"""Second-factor secrets: encrypted at rest, never shown nor editable in the admin, and the key
can be rotated."""

import importlib
import io

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from accounts.adapters import mfa_cipher
from tests.accounts.test_mfa import totp
from tests.accounts.test_staff_second_factor import enroll, sign_in

pytestmark = pytest.mark.django_db

encrypt_migration = importlib.import_module("accounts.migrations.0004_encrypt_mfa_secrets")


def stored(user, kind: str) -> dict:
    return Authenticator.objects.get(user=user, type=kind).data


def test_the_database_holds_no_usable_secret(user):
    secret = enroll(user)

    totp = stored(user, "totp")
    codes = stored(user, "recovery_codes")
    seed = mfa_cipher().decrypt(codes["seed"].encode()).decode()

    assert secret not in totp["secret"]
    assert mfa_cipher().decrypt(totp["secret"].encode()).decode() == secret
    assert seed not in codes["seed"]
    unused = Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()
    assert len(unused) == 10


def test_no_admin_page_shows_a_secret(client, settings, admin_user, user):
    """Every admin list and change page, as a superuser who passed the second factor."""
    settings.CFLI_STAFF_MFA_REQUIRED = True
    secrets = [enroll(user), enroll(admin_user)]
    seeds = [
        mfa_cipher().decrypt(stored(person, "recovery_codes")["seed"].encode()).decode()
        for person in (user, admin_user)
    ]
    ciphertexts = [
        value
        for authenticator in Authenticator.objects.all()
        for value in authenticator.data.values()
        if isinstance(value, str) and len(value) > 40
    ]
    sign_in(client, admin_user, secrets[1])

    pages = ["/admin/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    for authenticator in Authenticator.objects.all():
        pages.append(reverse("admin:mfa_authenticator_change", args=[authenticator.pk]))

    for page in pages:
        html = client.get(page).content.decode()
        for secret in [*secrets, *seeds, *ciphertexts]:
            assert secret not in html, page
    assert len(pages) > 20


def test_an_administrator_cannot_edit_an_authenticator_but_can_remove_a_lost_one(
    client, admin_user, user
):
    enroll(user)
    client.force_login(admin_user)
    authenticator = Authenticator.objects.get(user=user, type="totp")
    before = authenticator.data
    change_url = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])

    page = client.get(change_url).content.decode()
    edited = client.post(change_url, {"user": user.pk, "type": "totp", "data": '{"secret": "A"}'})
    authenticator.refresh_from_db()
    added = client.get(reverse("admin:mfa_authenticator_add"))
    removed = client.post(
        reverse("admin:mfa_authenticator_delete", args=[authenticator.pk]), {"post": "yes"}
    )

    assert 'name="data"' not in page
    assert edited.status_code == 403
    assert authenticator.data == before
    assert added.status_code == 403
    assert removed.status_code == 302
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_rotating_the_key_reencrypts_every_secret_under_the_new_one(settings, user):
    secret = enroll(user)
    old_key = settings.CFLI_MFA_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.CFLI_MFA_KEYS = [new_key, old_key]

    output = io.StringIO()
    call_command("mfa_rotate_key", stdout=output)

    data = stored(user, "totp")
    assert output.getvalue() == "Re-encrypted the secrets of 2 authenticators.\n"
    assert Fernet(new_key.encode()).decrypt(data["secret"].encode()).decode() == secret
    with pytest.raises(InvalidToken):
        Fernet(old_key.encode()).decrypt(data["secret"].encode())
    # The old key can go: the authenticator still works with the new one alone.
    settings.CFLI_MFA_KEYS = [new_key]
    assert Authenticator.objects.get(user=user, type="totp").wrap().validate_code(totp(secret))


def test_the_migration_encrypts_secrets_stored_in_the_clear_and_only_those(user):
    Authenticator.objects.create(user=user, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    Authenticator.objects.create(
        user=user,
        type="recovery_codes",
        data={"seed": "00ff" * 10, "used_mask": 0, "migrated_codes": ["1234-5678"]},
    )

    encrypt_migration.encrypt_plain_secrets(apps, None)
    once = {a.type: a.data for a in Authenticator.objects.all()}
    encrypt_migration.encrypt_plain_secrets(apps, None)
    twice = {a.type: a.data for a in Authenticator.objects.all()}

    def decrypt(value: str) -> str:
        return mfa_cipher().decrypt(value.encode()).decode()

    assert decrypt(once["totp"]["secret"]) == "JBSWY3DPEHPK3PXP"
    assert decrypt(once["recovery_codes"]["seed"]) == "00ff" * 10
    assert [decrypt(code) for code in once["recovery_codes"]["migrated_codes"]] == ["1234-5678"]
    assert once["recovery_codes"]["used_mask"] == 0
    assert twice == once
