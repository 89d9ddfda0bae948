from django.core.management.base import BaseCommand

from agreements.services import bank_details_key_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every bank account under the first key of CFLI_DATA_KEYS "
        "(docs/operations.md, rotating the key)."
    )

    def handle(self, *args, **options):
        count = bank_details_key_rotate()
        self.stdout.write(f"Re-encrypted {count} bank accounts.")
