"""Server time of the staff pages with 10,000 proposals: `make bench-pages` (see README.md).

In-process, with Django's test Client against a PostgreSQL database of the bench's own
(created, migrated and seeded with `seed_volume` when it holds fewer proposals than asked):
warm-up requests first, then N timed requests per page, and one more under
CaptureQueriesContext for its number of queries. DEBUG is off; the database is the real one.
"""

import argparse
import math
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cfli_bench"
BUDGET_MS = 200.0  # p95 server time of a staff list or dashboard (../shared/quality.md)
BENCH_DOMAIN = "bench.cfli.example"


def configure() -> str:
    """Point the test settings at the bench's database, with DEBUG off, before Django starts."""
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault(
        "REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    os.environ["DEBUG"] = "0"
    # The test Client sends "Host: testserver"; the settings read ALLOWED_HOSTS from here.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cfli.settings.test"
    return database_url


def ensure_database(database_url: str) -> None:
    """Create the bench's database when it does not exist yet (never drops anything)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(database_url)
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(
        **{key: value for key, value in params.items() if value is not None}
    ) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if exists.fetchone() is None:
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Created the database {config['NAME']}.")


@dataclass
class Page:
    label: str
    url_name: str
    params: dict
    who: str  # "officer", "administrator" or "partner"
    url: str | None = None
    timings: list[float] = field(default_factory=list)
    queries: int | None = None
    captured: list[dict] = field(default_factory=list)
    status: int | None = None
    args: tuple = ()
    error: str = ""
    recomputed: bool = False  # the dashboards' kept figures dropped before each request

    @property
    def sql_ms(self) -> float:
        """Time spent in the database by the captured request, as the driver measured it."""
        return sum(float(query["time"]) for query in self.captured) * 1000


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=10_000, help="seed up to this many")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument(
        "--page-seconds", type=float, default=30.0, help="stop timing a page after this long"
    )
    parser.add_argument("--query", default="agua", help="the word searched for")
    parser.add_argument("--seed", type=int, default=8, help="seed_volume's seed")
    parser.add_argument(
        "--load-seconds", type=float, default=20.0, help="seconds of load per page (gunicorn)"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight (hey -c)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's sync workers")
    parser.add_argument(
        "--no-load", action="store_true", help="only the in-process times, not gunicorn"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="WORDS",
        help="only the pages whose label contains these words (repeatable; the bare views "
        "are always measured under load)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of the slowest queries of the staff list and of each page "
        "over budget",
    )
    args = parser.parse_args(argv)

    database_url = configure()
    ensure_database(database_url)
    import django

    django.setup()
    return run(args, database_url)


def run(args, database_url: str) -> int:
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from accounts.models import User
    from agreements.models import ContributionAgreement
    from monitoring.services import report_start, reports_schedule
    from programs.models import Call, Mission, MissionStaff
    from proposals.models import Proposal
    from proposals.signals import proposals_written_in_bulk
    from reporting.dashboards.freshness import figures_changed
    from reporting.publication import Quarter
    from seeding.agreements import agreements_seed
    from seeding.reports import reports_seed

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    present = Proposal.objects.exclude(status=Proposal.Status.DRAFT).count()
    if present < args.proposals:
        print(f"{present} proposals present: seeding {args.proposals - present} more…")
        call_command("seed_volume", proposals=args.proposals - present, seed=args.seed)
    # A database seeded before seed_volume opened agreements gets them now (idempotent).
    opened = agreements_seed(random.Random(args.seed + 1), timezone.now())  # noqa: S311 (test data)
    # … and the reports of those signed, seeded since (idempotent too).
    reported = reports_seed(random.Random(args.seed + 2), timezone.now())  # noqa: S311 (test data)
    if opened or reported:
        proposals_written_in_bulk.send(sender=Proposal)  # the dashboards' figures changed
        print(f"Opened the agreements of {opened} approved proposals, {reported} reports.")
    # Fresh statistics, as autovacuum would gather within a minute of a bulk insert: without
    # them the planner guesses 25 rows where a call has a thousand.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    draft = Proposal.Status.DRAFT
    mission = (
        Mission.objects.annotate(
            size=Count("calls__proposals", filter=~Q(calls__proposals__status=draft))
        )
        .order_by("-size", "pk")
        .first()
    )
    call = (
        Call.objects.filter(mission=mission)
        .annotate(size=Count("proposals", filter=~Q(proposals__status=draft)))
        .order_by("-size", "pk")
        .first()
    )
    officer, _created = User.objects.get_or_create(
        email=f"officer.{mission.code.lower()}@{BENCH_DOMAIN}",
        defaults={"full_name": f"Bench officer {mission.code}"},
    )
    MissionStaff.objects.get_or_create(
        user=officer, mission=mission, role=MissionStaff.Role.PROGRAM_OFFICER
    )
    administrator, _created = User.objects.get_or_create(
        email=f"administrator@{BENCH_DOMAIN}",
        defaults={"full_name": "Bench administrator", "is_administrator": True},
    )
    proposal = Proposal.objects.filter(call=call).exclude(status=draft).order_by("pk").first()
    partner, partner_draft = bench_partner(proposal)
    agreement = bench_agreement(mission, partner, officer)
    if agreement is not None and agreement.is_signed:
        # seed_volume writes agreements in bulk, without the report schedule of their signature.
        reports_schedule(agreement=agreement, actor=agreement.countersigned_by)
        # The partner's page of the report at its heaviest: being written, every row a form.
        report_start(report=agreement.reports.get(kind="final"), actor=partner)
    users = {"officer": officer, "administrator": administrator, "partner": partner}
    total = Proposal.objects.exclude(status=Proposal.Status.DRAFT).count()
    in_mission = Proposal.objects.exclude(status="draft").filter(call__mission=mission).count()
    in_call = Proposal.objects.exclude(status="draft").filter(call=call).count()

    q = args.query
    # The quarter the most agreements came into force in: the publication page at its fullest.
    busiest = ContributionAgreement.objects.filter(
        mission=mission, start_date__isnull=False
    ).values_list("start_date", flat=True)
    quarter = Counter(Quarter.of(day) for day in busiest).most_common(1)
    quarter = quarter[0][0] if quarter else Quarter.of(timezone.localdate())
    pages = [
        Page("Staff list, no filter", "proposals_staff:list", {}, "officer"),
        Page(
            "Staff list, status filter", "proposals_staff:list", {"status": "in_review"}, "officer"
        ),
        Page("Staff list, call filter", "proposals_staff:list", {"call": call.pk}, "officer"),
        Page(
            "Staff list, amount range + sort",
            "proposals_staff:list",
            {"amount_min": 20000, "amount_max": 60000, "sort": "-amount"},
            "officer",
        ),
        Page(f"Staff list, search q={q}", "proposals_staff:list", {"q": q}, "officer"),
        Page("Staff list, page 20", "proposals_staff:list", {"page": 20}, "officer"),
        Page("Staff list, all missions", "proposals_staff:list", {}, "administrator"),
        Page(f"Search q={q}", "reporting:search", {"q": q}, "officer"),
        Page(
            "Mission dashboard (call)",
            "reporting:mission-dashboard",
            {"mission": mission.pk, "call": call.pk},
            "officer",
        ),
        Page(
            "Mission dashboard (mission)",
            "reporting:mission-dashboard",
            {"mission": mission.pk},
            "officer",
        ),
        Page("HQ dashboard", "reporting:hq-dashboard", {}, "administrator"),
        Page(
            "Mission dashboard, recomputed",
            "reporting:mission-dashboard",
            {"mission": mission.pk},
            "officer",
            recomputed=True,
        ),
        Page(
            "HQ dashboard, recomputed",
            "reporting:hq-dashboard",
            {},
            "administrator",
            recomputed=True,
        ),
        Page("Reviewers' workload", "reviews:reviewer-load", {}, "officer"),
        Page("Committee of the call", "reviews:committee", {}, "officer", args=(call.pk,)),
        Page("Your profile", "accounts:profile", {}, "officer"),
        Page("Proposal workspace", "reviews:workspace", {}, "officer", args=(proposal.pk,)),
        Page(
            "A proposal's reviewers page",
            "reviews:proposal-reviewers",
            {},
            "officer",
            args=(proposal.pk,),
        ),
        Page(
            "Partner's section page",
            "proposals:section",
            {},
            "partner",
            args=(partner_draft.pk, "project"),
        ),
    ]
    if agreement is not None:
        pages += [
            Page(
                "Agreement, staff page",
                "agreements_staff:agreement",
                {},
                "officer",
                args=(agreement.proposal_id,),
            ),
            Page(
                "Agreement, partner's page",
                "agreements:agreement",
                {},
                "partner",
                args=(agreement.proposal_id,),
            ),
            Page(
                "Agreement, an instalment to pay",
                "agreements_staff:instalment",
                {},
                "officer",
                args=(agreement.proposal_id, instalment_to_pay(agreement)),
            ),
            Page(
                "A report, staff page",
                "monitoring_staff:report",
                {},
                "officer",
                args=(agreement.proposal_id, "final"),
            ),
            Page(
                "A report, partner's page",
                "monitoring:report",
                {},
                "partner",
                args=(agreement.proposal_id, "final"),
            ),
        ]
    pages += [
        Page("Agreements, staff list", "agreements_manage:list", {}, "officer"),
        Page(
            "Agreements, payments due",
            "agreements_manage:list",
            {"next_action": "payment"},
            "officer",
        ),
        Page("Agreements, year-end", "agreements_manage:year-end", {}, "officer"),
        Page("Reports, staff list", "monitoring_manage:list", {}, "officer"),
        Page("Reports, overdue", "monitoring_manage:list", {"view": "overdue"}, "officer"),
        Page("Reports, all", "monitoring_manage:list", {"view": "all"}, "officer"),
        Page("Reports, all missions", "monitoring_manage:list", {"view": "all"}, "administrator"),
        Page(
            "Proactive publication, a quarter",
            "reporting:publication",
            {"fiscal_year": quarter.fiscal_year, "quarter": quarter.number},
            "officer",
        ),
    ]

    if args.only:
        wanted = [words.lower() for words in args.only]
        pages = [page for page in pages if any(words in page.label.lower() for words in wanted)]

    clients = {}
    for who, user in users.items():
        clients[who] = Client()
        clients[who].force_login(user)

    for page in pages:
        try:
            page.url = reverse(page.url_name, args=page.args)
        except NoReverseMatch:
            continue
        if page.params:
            page.url += "?" + urlencode(page.params)
        client = clients[page.who]
        try:
            for _warmup in range(args.warmup):
                page.status = client.get(page.url).status_code
            deadline = time.monotonic() + args.page_seconds
            for _request in range(args.requests):
                if page.recomputed:
                    figures_changed()  # as after any write under a figure
                begin = time.perf_counter()
                response = client.get(page.url)
                page.timings.append((time.perf_counter() - begin) * 1000)
                page.status = response.status_code
                if time.monotonic() > deadline:
                    break
            if page.recomputed:
                figures_changed()
            with CaptureQueriesContext(connection) as captured:
                client.get(page.url)
            page.queries = len(captured.captured_queries)
            page.captured = list(captured.captured_queries)
        except Exception as error:  # a broken page is reported, not fatal
            page.error = f"{type(error).__name__}: {error}"[:60]

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    print()
    print(
        f"Machine: {os.cpu_count()} CPU(s), {platform.machine()}, "
        f"Python {platform.python_version()}, Django {django_version()}, PostgreSQL {postgres}"
    )
    print(f"Database: {connection.settings_dict['NAME']} (DEBUG={settings_debug()})")
    print(
        f"Proposals: {total} submitted in all; {in_mission} in {mission.code} (the officer's "
        f"mission); {in_call} in the call measured ({call.title})"
    )
    print(f"Requests per page: {args.warmup} warm-up, then up to {args.requests} timed")
    print()
    header = (
        f"{'Page':<34} {'As':<13} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'SQL':>4} {'SQL ms':>7}  p95 ≤ {BUDGET_MS:.0f} ms"
    )
    print(header)
    print("-" * len(header))
    over = []
    for page in pages:
        start = f"{page.label:<34} {page.who:<13}"
        if page.url is None:
            print(f"{start} not available (no URL named {page.url_name})")
            continue
        if page.error:
            print(f"{start} error: {page.error}")
            continue
        if page.status != 200:
            print(f"{start} HTTP {page.status}")
            continue
        p50, p95 = statistics.median(page.timings), percentile(page.timings, 0.95)
        verdict = "yes" if p95 <= BUDGET_MS else f"NO (+{p95 - BUDGET_MS:.0f} ms)"
        if p95 > BUDGET_MS:
            over.append(page)
        print(
            f"{start} {len(page.timings):>3} {p50:>8.1f} {p95:>8.1f} {max(page.timings):>8.1f} "
            f"{page.queries:>4} {page.sql_ms:>7.1f}  {verdict}"
        )
    print()
    if not args.no_load:
        throughput(args, database_url, pages, clients)
        print()
    print(f"Total time: {time.monotonic() - started:.0f} s")
    if args.explain:
        explain([pages[0], *[page for page in over if page is not pages[0]]])
    return 0


# The pages measured under load too, with the share of the signed-in bare view each should
# reach (issue 20); pages added since are held to a workspace's share.
LOAD_GOALS = {
    "Staff list, no filter": 0.10,
    "Proposal workspace": 0.15,
    "Search q={q}": 0.15,
    "Mission dashboard (call)": 0.15,
    "Mission dashboard (mission)": 0.15,
    "HQ dashboard": 0.15,
    "Partner's section page": 0.15,
    "Agreement, staff page": 0.15,
    "Agreement, partner's page": 0.15,
    "Agreement, an instalment to pay": 0.15,
    "Agreements, staff list": 0.10,
    "Agreements, year-end": 0.15,
    "Reports, staff list": 0.10,
    "Reports, all missions": 0.10,
    "Proactive publication, a quarter": 0.15,
    "A report, staff page": 0.15,
    "A report, partner's page": 0.15,
}


def throughput(args, database_url: str, pages: list[Page], clients: dict) -> None:
    """Requests per second through gunicorn (bench/throughput.py), for a bare view signed in
    and not, then for each page of LOAD_GOALS, with its share of the signed-in bare view."""
    from django.conf import settings

    from bench import throughput as load

    if load.hey_path() is None:
        print("Throughput: not measured, `hey` is missing (Debian package hey).")
        return
    sessions = {who: client.cookies["sessionid"].value for who, client in clients.items()}
    goals = {label.format(q=args.query): share for label, share in LOAD_GOALS.items()}
    anonymous = load.Target("Bare view, not signed in", "/bench/ok/", None)
    signed_in = load.Target("Bare view, signed in", "/bench/ok/", sessions["officer"], "officer")
    targets = [anonymous, signed_in] + [
        load.Target(page.label, page.url, sessions[page.who], page.who)
        for page in pages
        if page.label in goals and page.url
    ]
    print(
        f"Throughput: gunicorn, {args.workers} sync workers, production settings, loopback; "
        f"hey -c {args.concurrency} for {args.load_seconds:g} s per page"
    )
    load.measure(
        targets,
        bare=signed_in,
        database_url=database_url,
        secret_key=settings.SECRET_KEY,
        seconds=args.load_seconds,
        concurrency=args.concurrency,
        workers=args.workers,
    )
    load.report(targets, reference=signed_in, goals=goals)
    if anonymous.rps and signed_in.rps:
        ratio = anonymous.rps / signed_in.rps
        print(
            f"Signing in costs the bare view {1 - signed_in.rps / anonymous.rps:.0%} "
            f"of its throughput: the anonymous one is {ratio:.2f}× the signed-in one "
            f"(goal ≤ 2×: {'yes' if ratio <= 2 else 'NO'})."
        )


def instalment_to_pay(agreement) -> int:
    """The number of the agreement's instalment due, else of the next one to pay."""
    instalments = list(agreement.instalments.order_by("sequence"))
    for status in ("due", "scheduled"):
        for instalment in instalments:
            if instalment.status == status:
                return instalment.sequence
    return 1


def bench_agreement(mission, partner, officer):
    """An agreement in force of the mission whose final report is not started, the bench
    partner made an owner of its organization: a seeded one (its advance still due if any), or
    else one opened for a proposal of the mission funded as asked, as a release opens it, and
    taken through the services to "in force" with its advance due: ready, the bank account,
    the bench partner's signature, a bench approver's countersignature. None when the mission
    has neither."""
    from django.db.models import Exists, F, OuterRef

    from accounts.models import Membership, User
    from agreements import services
    from agreements.models import ContributionAgreement, PaymentInstalment
    from programs.models import MissionStaff
    from proposals.models import Proposal

    Status = ContributionAgreement.Status
    advance = PaymentInstalment.objects.filter(sequence=1, status=PaymentInstalment.Status.DUE)
    # seed_volume opens agreements at every stage: one in force whose final report is not
    # started yet (the partner's report page starts it), its advance still due if any.
    seeded = (
        ContributionAgreement.objects.filter(
            mission=mission,
            status=Status.ACTIVE,
            reports__kind="final",
            reports__status="scheduled",
        )
        .annotate(advance_due=Exists(advance.filter(agreement=OuterRef("pk"))))
        .select_related("proposal__organization")
        .order_by("-advance_due", "pk")
        .first()
    )
    if seeded is not None:
        Membership.objects.update_or_create(
            user=partner, organization=seeded.proposal.organization, defaults={"role": "owner"}
        )
        return seeded
    proposal = (
        Proposal.objects.filter(
            call__mission=mission,
            status=Proposal.Status.APPROVED,
            decision__amount=F("amount_requested_cad"),
            agreement__isnull=True,
        )
        .select_related("decision")
        .order_by("pk")
        .first()
    )
    if proposal is None:
        return None
    Membership.objects.update_or_create(
        user=partner, organization=proposal.organization, defaults={"role": "owner"}
    )
    approver, _created = User.objects.get_or_create(
        email=f"approver.{mission.code.lower()}@{BENCH_DOMAIN}",
        defaults={"full_name": f"Bench approver {mission.code}"},
    )
    MissionStaff.objects.get_or_create(
        user=approver, mission=mission, role=MissionStaff.Role.APPROVER
    )
    agreement = services.agreement_open(decision=proposal.decision, actor=approver)
    if agreement.status == Status.DRAFT:
        agreement = services.agreement_mark_ready(agreement=agreement, actor=officer)
    if agreement.status == Status.TO_SIGN:
        services.bank_account_set(
            agreement=agreement,
            actor=partner,
            holder=proposal.organization.name,
            bank_name="Bench bank",
            bank_address="",
            account_number="0123456789014821",
            swift_bic="",
            iban="",
        )
        agreement = services.agreement_sign(
            agreement=agreement,
            actor=partner,
            signatory_name="Bench partner",
            signatory_title="Director",
            attested=True,
        )
    if agreement.status == Status.PARTNER_SIGNED:
        agreement = services.agreement_countersign(agreement=agreement, actor=approver)
    return agreement


def bench_partner(proposal):
    """A partner of the proposal's organization with a draft of their own in the same call,
    created by the bench (seeded partners cannot sign in; seed_volume makes no drafts)."""
    from accounts.models import Membership, User
    from proposals.models import Proposal

    partner, _created = User.objects.get_or_create(
        email=f"partner@{BENCH_DOMAIN}", defaults={"full_name": "Bench partner"}
    )
    Membership.objects.get_or_create(user=partner, organization=proposal.organization)
    draft = (
        Proposal.objects.filter(organization=proposal.organization, status=Proposal.Status.DRAFT)
        .order_by("pk")
        .first()
    )
    if draft is None:
        draft = Proposal.objects.create(
            call=proposal.call,
            organization=proposal.organization,
            title="Bench draft: clean water for the schools of the valley",
            language=proposal.language,
            created_by=partner,
        )
    return partner, draft


def explain(pages) -> None:
    """EXPLAIN ANALYZE of each page's two slowest queries (as captured, with their values)."""
    from django.db import connection

    for page in pages:
        slowest = sorted(page.captured, key=lambda query: float(query["time"]), reverse=True)[:2]
        for query in slowest:
            print()
            print(f"== {page.label} ({page.who}): {float(query['time']) * 1000:.1f} ms")
            print(query["sql"])
            with connection.cursor() as cursor:
                # The SQL is what the page itself just ran, values included.
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                for (line,) in cursor.fetchall():
                    print("   ", line)


def django_version() -> str:
    import django

    return django.get_version()


def settings_debug() -> bool:
    from django.conf import settings

    return settings.DEBUG


if __name__ == "__main__":
    sys.exit(main())
