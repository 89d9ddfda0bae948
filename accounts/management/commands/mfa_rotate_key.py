from django.core.management.base import BaseCommand

from accounts.services import mfa_key_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every second-factor secret under the first key of CFLI_MFA_KEYS "
        "(docs/operations.md, rotating the key)."
    )

    def handle(self, *args, **options):
        count = mfa_key_rotate()
        self.stdout.write(f"Re-encrypted the secrets of {count} authenticators.")
