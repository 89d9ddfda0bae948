from django.core.management.base import BaseCommand

from monitoring.services import reports_schedule_missing


class Command(BaseCommand):
    help = (
        "Schedule the reports of each agreement in force that has none: countersigned before "
        "the monitoring app existed (docs/operations.md). Safe to run again."
    )

    def handle(self, *args, **options):
        count = reports_schedule_missing()
        self.stdout.write(f"Scheduled the reports of {count} agreements.")
