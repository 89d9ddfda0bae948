"""Encrypt the second-factor secrets stored before they were encrypted (issue 17)."""

from cryptography.fernet import InvalidToken
from django.db import migrations

from accounts.adapters import MFA_SECRET_FIELDS, mfa_cipher, mfa_secrets_map


def encrypt_plain_secrets(apps, schema_editor):
    cipher = mfa_cipher()

    def encrypt(value: str) -> str:
        try:
            cipher.decrypt(value.encode())
        except InvalidToken:
            return cipher.encrypt(value.encode()).decode()
        return value

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=MFA_SECRET_FIELDS):
        authenticator.data = mfa_secrets_map(authenticator.type, authenticator.data, encrypt)
        authenticator.save(update_fields=["data"])


def decrypt_secrets(apps, schema_editor):
    cipher = mfa_cipher()
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=MFA_SECRET_FIELDS):
        authenticator.data = mfa_secrets_map(
            authenticator.type, authenticator.data, lambda v: cipher.decrypt(v.encode()).decode()
        )
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_organization_organizationinvitation_membership"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_plain_secrets, decrypt_secrets)]
