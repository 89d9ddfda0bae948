"""Write a quarter's proactive-publication file (decision 0024): `grants.csv` with the rows
of the template, or `grants-nil.csv` when there is nothing to report; the agreements refused
for missing texts are listed, and the command then fails."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programs.models import Mission
from reporting.publication import Quarter, publication_file, publication_for
from reporting.selectors import publication_agreements


class Command(BaseCommand):
    help = "Write a fiscal quarter's proactive publication of grants and contributions."

    def add_arguments(self, parser):
        parser.add_argument("--fiscal-year", type=int, required=True, help="2026 for 2026-2027")
        parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), required=True)
        parser.add_argument("--mission", action="append", default=[], help="a mission's code")
        parser.add_argument("--output", default=".", help="the folder to write the file in")

    def handle(self, *args, fiscal_year, quarter, mission, output, **options):
        mission_ids = None
        if mission:
            found = dict(Mission.objects.filter(code__in=mission).values_list("code", "pk"))
            unknown = sorted(set(mission) - set(found))
            if unknown:
                raise CommandError(f"Unknown mission code: {', '.join(unknown)}")
            mission_ids = set(found.values())
        period = Quarter(fiscal_year, quarter)
        publication = publication_for(publication_agreements(mission_ids, period), period)
        for refusal in publication.refused:
            self.stderr.write(
                f"Left out {refusal.number} ({refusal.reference}): {' '.join(refusal.reasons)}"
            )
        name, text = publication_file(publication)
        path = Path(output) / name
        path.write_bytes(text.encode("utf-8"))
        self.stdout.write(
            f"{period.fiscal_year_label} {period.code}: {len(publication.rows)} rows "
            f"({publication.withheld} recipients withheld) in {path}"
        )
        if publication.refused:
            raise CommandError(
                f"{len(publication.refused)} agreements left out: write their texts first."
            )
