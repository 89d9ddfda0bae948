from django.core.management.base import BaseCommand, CommandError

from seeding.profiles import DEFAULT_MISSIONS
from seeding.services import volume_seed


class Command(BaseCommand):
    help = (
        "Add realistic submitted proposals (English, French, Spanish) in every state, across "
        "missions and calls, for benchmarks and dashboards. Each run adds more and leaves "
        "existing rows as they are (reference sequences move on). No notification or e-mail "
        "is sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--proposals", type=int, default=10_000, help="How many to add (default 10000)."
        )
        parser.add_argument(
            "--seed",
            type=int,
            help="Random seed: the same seed on the same data gives the same rows.",
        )
        parser.add_argument(
            "--missions",
            default=",".join(DEFAULT_MISSIONS),
            help="Mission codes, comma-separated; the demo's are created when missing "
            "(default: %(default)s).",
        )
        parser.add_argument(
            "--fiscal-years",
            type=int,
            default=3,
            help="Fiscal years of calls per mission, ending with the current one (default 3).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Proposals per transaction (default 1000)."
        )

    def handle(self, *args, **options):
        if options["proposals"] < 1 or options["fiscal_years"] < 1 or options["batch_size"] < 1:
            raise CommandError("--proposals, --fiscal-years and --batch-size must be at least 1.")
        codes = [code.strip().upper() for code in options["missions"].split(",") if code.strip()]
        verbose = options["verbosity"] > 1

        def progress(done: int, total: int) -> None:
            if verbose:
                self.stdout.write(f"  {done} / {total}")

        try:
            report = volume_seed(
                proposals=options["proposals"],
                seed=options["seed"],
                mission_codes=codes,
                fiscal_years=options["fiscal_years"],
                batch_size=options["batch_size"],
                progress=progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self._summary(report)

    def _summary(self, report) -> None:
        write = self.stdout.write
        write(
            f"Seed {report.seed}: {report.proposals} proposals from {report.organizations} new "
            f"organizations; {report.calls_created} call(s) and {report.missions_created} "
            f"mission(s) created."
        )
        write("By state:")
        for state, count in sorted(report.by_status.items(), key=lambda item: -item[1]):
            write(f"  {state:<22}{count:>7}")
        write("By mission:")
        for code, count in sorted(report.by_mission.items(), key=lambda item: -item[1]):
            write(f"  {code:<22}{count:>7}")
        languages = ", ".join(
            f"{code} {count}" for code, count in sorted(report.by_language.items())
        )
        write(f"By language: {languages}")
        write(f"Approved: CAD {report.approved_cad:,.2f}; {report.agreements} agreements opened")
        statuses = ", ".join(
            f"{status} {count}"
            for status, count in sorted(report.reports_by_status.items(), key=lambda item: -item[1])
        )
        write(f"Reports: {report.reports} ({statuses or 'none'})")
        rate = report.proposals / report.seconds if report.seconds else 0
        write(
            self.style.SUCCESS(
                f"Done in {report.seconds:.1f} s ({rate:,.0f} proposals per second)."
            )
        )
