import shutil
import subprocess
import tempfile
from contextlib import chdir
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.languages import language_codes

# What makemessages reads, besides the project's own apps (every top-level package with an
# AppConfig); copying only these keeps the virtualenv and var/ out of the scan.
SOURCES = ["manage.py", "cfli", "templates", "static/js", "locale"]


class Command(BaseCommand):
    help = (
        "Fail when the French or Spanish catalogue lacks a translation or holds a fuzzy one. "
        "The catalogues are regenerated from the code in a scratch copy, so a string added to "
        "the code but not to the catalogues is caught too; the working tree is not touched."
    )

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR)
        apps_here = [
            Path(config.path).name
            for config in apps.get_app_configs()
            if Path(config.path).parent == root
        ]
        # Every interface language but the one the code is written in.
        languages = [code for code in language_codes() if code != settings.LANGUAGE_CODE]
        problems = []
        with tempfile.TemporaryDirectory(prefix="cfli-messages-") as scratch:
            copy = Path(scratch)
            for name in [*SOURCES, *apps_here]:
                source = root / name
                if source.is_dir():
                    shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("*.mo"))
                elif source.exists():
                    shutil.copy2(source, copy / name)
            with chdir(copy):
                call_command("makemessages", locale=languages, verbosity=0, no_obsolete=True)
                if (copy / "static/js").exists():
                    call_command(
                        "makemessages",
                        locale=languages,
                        domain="djangojs",
                        verbosity=0,
                        no_obsolete=True,
                    )
            for po in sorted((copy / "locale").glob("*/LC_MESSAGES/*.po")):
                for flag, label in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
                    entries = _msgids(po, flag)
                    problems.extend(
                        f"{po.relative_to(copy)}: {label}: {msgid}" for msgid in entries
                    )
        if problems:
            raise CommandError(
                "Catalogues are incomplete (run `make messages`, then translate):\n  "
                + "\n  ".join(problems)
            )
        self.stdout.write(self.style.SUCCESS("French and Spanish catalogues are complete."))


def _msgids(po: Path, flag: str) -> list[str]:
    """The msgids that `msgattrib <flag>` selects, the header excluded."""
    # A fixed command on our own file: nothing here comes from a user.
    output = subprocess.run(  # noqa: S603
        ["msgattrib", flag, "--no-wrap", "--no-location", str(po)],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    msgids, current, reading = [], [], False
    for line in output.splitlines():
        if line.startswith("msgid "):
            current, reading = [line[len("msgid ") :]], True
        elif line.startswith(("msgid_plural", "msgstr")):
            if reading:
                text = "".join(part.strip().strip('"') for part in current)
                if text:
                    msgids.append(text)
            reading = False
        elif reading and line.startswith('"'):
            current.append(line)
    return msgids
