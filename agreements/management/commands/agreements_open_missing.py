from django.core.management.base import BaseCommand

from agreements.services import agreements_open_missing


class Command(BaseCommand):
    help = (
        "Open the contribution agreement of each approved proposal that has none: funding "
        "released before agreements existed (docs/operations.md). Safe to run again."
    )

    def handle(self, *args, **options):
        count = agreements_open_missing()
        self.stdout.write(f"Opened {count} agreements.")
