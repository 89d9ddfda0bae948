from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the demo data. Idempotent: what already exists is left as it is."

    def handle(self, *args, **options):
        # Each app seeds its own part in `<app>/demo.py`, in INSTALLED_APPS order, so an app's
        # data can rely on the apps below it.
        changes = []
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            changes.extend(import_module(module_name).seed())
        for line in changes:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {len(changes)} change(s)." if changes else "Demo data: up to date."
            )
        )
