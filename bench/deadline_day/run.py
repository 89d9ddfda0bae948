"""Deadline day on this machine: `make bench` (see README.md).

Starts the system as in production on 127.0.0.1 (its own PostgreSQL cluster, Redis, an SMTP
sink, gunicorn, one Celery worker and beat, each on a free port, in a temporary folder removed
at the end), seeds it, drives it with Locust through ramp, hold, the last minutes' spike and
past the deadline, measures the pages against a bare view, prints the figures against the
budgets of quality.md, and reconciles what clients were told with the database and the
mailbox. Exits 1 when the reconciliation fails.
"""

import argparse
import base64
import contextlib
import hashlib
import json
import math
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.deadline_day import WORKER_NICENESS

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SETTINGS = "bench.deadline_day.settings"

BUDGETS = {"page": 400.0, "autosave": 300.0, "submit": 1500.0}
TARGET_RATE = 100.0
# People offer at most one step a second (officers one every two), and a step is sometimes two
# requests (a submit and its receipt): 100 people offered 97–99 requests/s in the hold when the
# server kept up, so the hold has enough people to offer the budgets' rate.
HOLD_USERS = 104
SPIKE_USERS = 140  # the last minutes: 1.4 × the 100 people of the first version, beyond the rate
EMAIL_P95_BUDGET = 120.0


def kind_of(name: str) -> str:
    """Which budget a request name falls under."""
    if name.startswith("autosave"):
        return "autosave"
    if name.startswith("submit") and name != "submit: gave up waiting":
        return "submit"
    if name.startswith("upload") or name in (
        "login",
        "signup",
        "staff: export CSV",
        "submit: gave up waiting",
    ):
        return "other"
    return "page"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class System:
    """The processes of the system under test, each in its own process group."""

    def __init__(self, workdir: Path, log):
        self.workdir, self.log = workdir, log
        self.processes: dict[str, subprocess.Popen] = {}
        self.launches: dict[str, tuple] = {}  # name → (command, cwd, env), for restarts
        self.pg_data = workdir / "pg"
        self.pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.ports = {name: free_port() for name in ("pg", "redis", "smtp", "web")}
        self.env = dict(os.environ)
        self.env.update(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.ports['pg']}/cfli",
            REDIS_URL=f"redis://127.0.0.1:{self.ports['redis']}/0",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.ports["smtp"]),
            SECRET_KEY="deadline-day-bench-" + os.urandom(16).hex(),
            CFLI_MFA_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
            CFLI_DATA_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CFLI_STAFF_MFA_REQUIRED="0",
            SECURE_SSL_REDIRECT="0",
            CFLI_VAR_DIR=str(workdir / "var"),
            PRIVATE_FILES_ROOT=str(workdir / "var" / "private"),
            CFLI_SITE_URL=f"http://127.0.0.1:{self.ports['web']}",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        self.host = f"http://127.0.0.1:{self.ports['web']}"

    # -- helpers --
    def as_postgres(self, command: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    def pg_ctl(self, *args: str) -> list[str]:
        """A pg_ctl command on the bench's own cluster, logging to its server.log."""
        return self.as_postgres([str(self.pg_bin / "pg_ctl"), "-D", str(self.pg_data), *args])

    def start(
        self, name: str, command: list[str], *, cwd: Path = ROOT, env: dict | None = None
    ) -> subprocess.Popen:
        """Start a process of the system in its own process group, its output in <name>.log
        (the child keeps its own descriptor of the log: ours is closed at once)."""
        self.launches[name] = (command, cwd, env)
        with open(self.workdir / f"{name}.log", "ab") as log:
            process = subprocess.Popen(  # noqa: S603 (our own program and arguments, no outside input)
                command,
                cwd=cwd,
                env=env or self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    def restart(self, name: str) -> subprocess.Popen:
        """Start a process again as it was started (a drill, or a supervisor's restart)."""
        command, cwd, env = self.launches[name]
        return self.start(name, command, cwd=cwd, env=env)

    def gunicorn(self, port: int, workers: int, threads: int) -> list[str]:
        """The web server as in production: gthread workers, so a slow request (a sign-in's
        hash, an export) holds a thread, not a whole process."""
        return [
            str(VENV_BIN / "gunicorn"),
            "cfli.wsgi:application",
            *("--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads)),
            *("--timeout", "60", "--graceful-timeout", "10"),
            # Longer than a client's pause between requests, as behind a balancer (docs/
            # operations.md): gunicorn's 2 s default closes idle connections that a client
            # is sending its next request on ("connection reset by peer").
            *("--keep-alive", "75"),
        ]

    def run(self, name: str, command: list[str], timeout: float = 600) -> None:
        started = time.monotonic()
        with open(self.workdir / f"{name}.log", "ab") as log:
            result = subprocess.run(  # noqa: S603 (our own program and arguments, no outside input)
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )
        if result.returncode != 0:
            raise RuntimeError(f"{name} failed:\n{self.tail(name)}")
        self.log(f"  {name}: {time.monotonic() - started:.1f} s")

    def tail(self, name: str, lines: int = 25) -> str:
        path = self.workdir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def wait_port(self, name: str, port: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes.get(name)
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited:\n{self.tail(name)}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                return
            time.sleep(0.1)
        raise RuntimeError(f"{name} did not listen on {port}:\n{self.tail(name)}")

    def manage(self, *args: str, timeout: float = 600) -> None:
        self.run(args[0], [sys.executable, "manage.py", *args], timeout=timeout)

    # -- the services --
    def start_postgres(self) -> None:
        os.chmod(self.workdir, 0o755)  # noqa: S103 (postgres must reach its folder)
        self.pg_data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pg_data, "postgres", "postgres")
        self.run(
            "initdb",
            self.as_postgres(
                [
                    str(self.pg_bin / "initdb"),
                    "-D",
                    str(self.pg_data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
        )
        options = (
            f"-p {self.ports['pg']} -c listen_addresses=127.0.0.1 -k {self.pg_data} "
            "-c fsync=on -c synchronous_commit=on -c shared_buffers=128MB "
            "-c max_connections=100 -c work_mem=8MB "
            # Which statements the database spends its time on (printed after the load).
            "-c shared_preload_libraries=pg_stat_statements"
        )
        self.run(
            "pg_ctl start",
            self.pg_ctl("-l", str(self.pg_data / "server.log"), "-o", options, "-w", "start"),
        )
        self.pg_started = True
        self.sql("CREATE DATABASE cfli", database="postgres")

    def sql(self, query: str, params=(), database: str = "cfli"):
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.ports["pg"],
            user="postgres",
            dbname=database,
            autocommit=True,
        ) as db:
            cursor = db.execute(query, params)
            return cursor.fetchall() if cursor.description else None

    def start_services(self) -> None:
        self.start(
            "redis",
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
        )
        self.wait_port("redis", self.ports["redis"])
        self.start(
            "smtp",
            [
                sys.executable,
                "-m",
                "bench.deadline_day.smtp_sink",
                "--port",
                str(self.ports["smtp"]),
                "--out",
                str(self.workdir / "mail.jsonl"),
            ],
        )
        self.wait_port("smtp", self.ports["smtp"])

    def start_application(self, web_workers: int, web_threads: int) -> None:
        self.start("gunicorn", self.gunicorn(self.ports["web"], web_workers, web_threads))
        self.start(
            "worker",
            [
                *("nice", "-n", str(WORKER_NICENESS)),
                str(VENV_BIN / "celery"),
                "-A",
                "cfli",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                "2",
                "--without-gossip",
                "--without-mingle",
            ],
        )
        self.start(
            "beat",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "cfli",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(self.workdir / "celerybeat-schedule"),
            ],
        )
        self.wait_port("gunicorn", self.ports["web"], timeout=60)

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.log(f"  {name} did not stop: killed")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if getattr(self, "pg_started", False):
            subprocess.run(  # noqa: S603 (our own program and arguments, no outside input)
                self.pg_ctl("-m", "fast", "-w", "stop"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=60,
                check=False,
            )


def cpu_seconds(system: System) -> dict[str, float]:
    """CPU seconds used so far by each part: the process, its live children, and the children
    it has reaped (PostgreSQL's backends, gunicorn's workers)."""
    import psutil

    pids = {name: process.pid for name, process in system.processes.items()}
    with contextlib.suppress(OSError, ValueError):
        pids["postgresql"] = int((system.pg_data / "postmaster.pid").read_text().split()[0])
    used = {}
    for name, pid in pids.items():
        total = 0.0
        with contextlib.suppress(psutil.Error):
            top = psutil.Process(pid)
            times = top.cpu_times()
            total = times.user + times.system + times.children_user + times.children_system
            for child in top.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    child_times = child.cpu_times()
                    total += child_times.user + child_times.system
        used[name] = total
    return used


def top_statements(system: System) -> list[tuple]:
    """(calls, total ms, mean ms, query) of the bench database's statements, busiest first
    (pg_stat_statements, reset just before the load)."""
    with contextlib.suppress(Exception):  # a drill may have restarted PostgreSQL: no figures
        return system.sql(
            "SELECT calls, total_exec_time, mean_exec_time, "
            # The column list says little: keep what follows the first FROM.
            "left(regexp_replace(regexp_replace(query, '\\s+', ' ', 'g'), "
            "'^SELECT .+? FROM ', 'SELECT … FROM '), 150) FROM pg_stat_statements "
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'cfli') "
            "ORDER BY total_exec_time DESC"
        )
    return []


def machine_busy_seconds() -> float:
    import psutil

    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def plan_for(load_seconds: int, users: int, spike_users: int) -> tuple[list, float]:
    """Ramp (20%), hold, spike in the last minutes (20%) before the deadline, then 15% after.
    Returns [end second, users, spawn rate] stages and the deadline's offset in seconds."""
    ramp = round(load_seconds * 0.2)
    after = round(load_seconds * 0.15)
    spike = round(load_seconds * 0.2)
    deadline = load_seconds - after
    hold_end = deadline - spike
    stages = [
        [ramp, users, max(1, users / max(ramp, 1))],
        [hold_end, users, 5],
        [deadline, spike_users, 5],
        [load_seconds, users, 10],
    ]
    return stages, deadline


def locust(system: System, locustfile: str, env: dict, args: list[str], name: str, timeout: float):
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        locustfile,
        "--headless",
        "--host",
        system.host,
        "--only-summary",
        "--loglevel",
        "WARNING",
        *args,
    ]
    with open(system.workdir / f"{name}.log", "ab") as log:
        subprocess.run(  # noqa: S603 (our own program and arguments, no outside input)
            command,
            cwd=ROOT,
            env={**system.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )


def login_cookie(system: System, email: str, password: str) -> str:
    import re

    import requests

    session = requests.Session()
    page = session.get(system.host + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        system.host + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        allow_redirects=False,
        timeout=30,
    )
    return session.cookies.get("sessionid", "")


def measure_capacity(system: System, accounts: dict, seconds: int, out: Path) -> dict:
    """Each page alone, closed loop at concurrency 4 (as quality.md's Hypha figures were
    measured): requests per second, the bare view first."""
    cookie = login_cookie(system, accounts["staff"][0], accounts["password"])
    proposal = system.sql(
        "SELECT p.id FROM proposals_proposal p JOIN programs_call c ON c.id = p.call_id "
        "JOIN programs_mission m ON m.id = c.mission_id WHERE m.code = %s "
        "AND p.status = 'submitted' ORDER BY p.id LIMIT 1",
        [accounts["mission"]],
    )[0][0]
    pages = {
        "bare view": "/bench/ok/",
        "calls": "/calls/",
        "call page": f"/calls/{accounts['call']}/",
        "staff: proposal list": "/manage/proposals/",
        "staff: proposal page": f"/manage/proposals/{proposal}/",
        "staff: search": "/manage/search/?q=agua",
    }
    results = {}
    for name, path in pages.items():
        target = out / f"capacity-{len(results)}.json"
        locust(
            system,
            str(Path(__file__).with_name("capacity.py")),
            {
                "BENCH_PATH": path,
                "BENCH_NAME": name,
                "BENCH_COOKIE": cookie,
                "BENCH_SAMPLES": str(target),
            },
            ["-u", "4", "-r", "4", "--run-time", f"{seconds}s"],
            "capacity",
            timeout=seconds + 60,
        )
        samples = json.loads(target.read_text()) if target.exists() else []
        ok = [s for s in samples if s[1] == 200]
        span = (max(s[2] for s in ok) - min(s[2] for s in ok)) if len(ok) > 1 else 0
        results[name] = {
            "rps": (len(ok) - 1) / span if span else 0.0,
            "p50": percentile([s[0] for s in ok], 0.5),
            "errors": len(samples) - len(ok),
        }
    return results


def message_id(key: str) -> str:
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@cfli-grants>"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a 2-minute smoke run")
    parser.add_argument("--duration", type=int, help="seconds of load (default 200; quick 75)")
    parser.add_argument(
        "--users",
        type=int,
        default=HOLD_USERS,
        help=f"simulated people while holding (default {HOLD_USERS}: {TARGET_RATE:.0f} req/s)",
    )
    parser.add_argument(
        "--spike-users", type=int, help="people in the last minutes (default 1.4 × 100)"
    )
    parser.add_argument(
        "--drafts", type=int, help="complete drafts seeded (default 900; quick 300)"
    )
    parser.add_argument("--volume", type=int, help="submitted proposals seeded (default 2000)")
    parser.add_argument(
        "--web-workers", type=int, help="gunicorn workers (default 2; 1 per node with --nodes)"
    )
    parser.add_argument("--web-threads", type=int, default=4)
    parser.add_argument(
        "--nodes", type=int, default=1, help="web nodes behind HAProxy, attachments in S3 (moto)"
    )
    parser.add_argument("--drain-seconds", type=int, default=180)
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument(
        "--faults", action="store_true", help="Redis, the worker, PostgreSQL killed mid-hold"
    )
    args = parser.parse_args()
    duration = args.duration or (75 if args.quick else 200)
    drafts = args.drafts or (300 if args.quick else 900)
    volume = args.volume or (500 if args.quick else 2000)
    users = args.users if not args.quick or args.users != HOLD_USERS else 60
    spike_users = args.spike_users or (84 if args.quick else SPIKE_USERS)
    web_workers = args.web_workers or (1 if args.nodes > 1 else 2)
    capacity_seconds = 5 if args.quick else 8

    def log(message: str) -> None:
        print(message, flush=True)

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    workdir = Path(tempfile.mkdtemp(prefix="cfli-deadline-day-"))
    system = System(workdir, log)
    started = time.monotonic()
    failed = False
    drills = None
    try:
        log(f"Deadline day: working folder {workdir}")
        log(
            f"Machine: {os.cpu_count()} CPU, Python {platform.python_version()}, "
            f"{platform.platform()}"
        )
        log("Starting PostgreSQL, Redis and the SMTP sink…")
        system.start_postgres()
        system.start_services()
        nodes = None
        if args.nodes > 1:
            from .nodes import Nodes

            nodes = Nodes(system, args.nodes)  # before the seed: its attachments go to S3
        log("Preparing the database (migrate, cache table, static files, seed)…")
        system.manage("migrate", "--no-input", "-v0")
        system.manage("createcachetable")
        system.manage("collectstatic", "--no-input", "-v0")
        system.manage(
            "seed_volume",
            "--proposals",
            str(volume),
            "--missions",
            "MEX,COL",
            "--fiscal-years",
            "2",
            "--seed",
            "9",
        )
        accounts_path = workdir / "accounts.json"
        system.run(
            "seed",
            [
                sys.executable,
                "-m",
                "bench.deadline_day.seed",
                "--drafts",
                str(drafts),
                "--organizations",
                str(max(1, drafts // 3)),
                "--out",
                str(accounts_path),
            ],
        )
        system.sql("ANALYZE")
        system.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        accounts = json.loads(accounts_path.read_text())
        if nodes:
            nodes.start_application(web_workers, args.web_threads)
        else:
            log("Starting gunicorn, the Celery worker and beat…")
            system.start_application(web_workers, args.web_threads)

        stages, deadline_offset = plan_for(duration, users, spike_users)
        load_started = time.time() + 3  # Locust's own start-up
        deadline = load_started + deadline_offset
        system.sql(
            "UPDATE programs_call SET closes_at = to_timestamp(%s) WHERE id = %s",
            [deadline, accounts["call"]],
        )
        # A write past the models' signals: the renderings kept under the data versions
        # (core.versions) are dropped by removing the versions from the shared cache.
        system.sql("DELETE FROM cfli_cache WHERE cache_key LIKE %s", [":1:%-version"])
        out = workdir / "out"
        out.mkdir()
        log(
            f"Load: {duration} s — ramp to {users} people, hold, {spike_users} in the last "
            f"minutes, the deadline at +{deadline_offset:.0f} s, then "
            f"{duration - deadline_offset:.0f} s past it."
        )
        import resource

        system.sql("SELECT pg_stat_statements_reset()")
        cpu_before, busy_before = cpu_seconds(system), machine_busy_seconds()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        if args.faults:
            from .faults import Drills

            drills = Drills(system, stages, load_started, log, cpu_seconds)
            drills.start()
        locust(
            system,
            str(Path(__file__).with_name("locustfile.py")),
            {
                "BENCH_ACCOUNTS": str(accounts_path),
                "BENCH_OUT": str(out),
                "BENCH_DEADLINE": str(deadline),
                "BENCH_PLAN": json.dumps(stages),
            },
            ["--stop-timeout", "30"],
            "locust",
            timeout=duration + 120,
        )
        load_ended = time.time()
        statements = top_statements(system)
        if nodes:
            nodes.load_ended()
        if drills:
            drills.stop()
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_after, busy_after = cpu_seconds(system), machine_busy_seconds()
        cpu_used = {name: cpu_after[name] - cpu_before.get(name, 0.0) for name in cpu_after}
        cpu_used["load generator (Locust)"] = (
            children_after.ru_utime + children_after.ru_stime
        ) - (children_before.ru_utime + children_before.ru_stime)
        if drills:
            drills.account_cpu(cpu_used)
        cpu_used["not the bench (other processes)"] = max(
            0.0, (busy_after - busy_before) - sum(cpu_used.values())
        )
        cpu_available = (load_ended - load_started) * (os.cpu_count() or 1)
        samples = json.loads((out / "samples.json").read_text())
        if not samples:
            raise RuntimeError("Locust recorded nothing:\n" + system.tail("locust"))

        log(f"Waiting for the outbox to drain (at most {args.drain_seconds} s)…")
        drain_deadline = time.monotonic() + args.drain_seconds
        pending = None
        while time.monotonic() < drain_deadline:
            pending = system.sql(
                "SELECT count(*) FROM notifications_notification WHERE status <> 'sent' "
                "AND channels::jsonb ? 'email'"
            )[0][0]
            if pending == 0:
                break
            time.sleep(2)
        drained_after = args.drain_seconds - (drain_deadline - time.monotonic())
        time.sleep(1)  # the last message's line in the sink

        log("Measuring each page against the bare view (4 concurrent clients each)…")
        capacity = measure_capacity(system, accounts, capacity_seconds, out)

        # ---------------- figures ----------------
        span = max(s[4] for s in samples) - min(s[4] - s[1] / 1000 for s in samples)
        by_name = defaultdict(list)
        for sample in samples:
            by_name[sample[0]].append(sample)
        # The phases; a request belongs to the phase in which it was answered.
        phases = {
            "ramp": (0, stages[0][0]),
            "hold": (stages[0][0], stages[1][0]),
            "last minutes": (stages[1][0], stages[2][0]),
            "after the deadline": (stages[2][0], stages[3][0]),
        }
        first = min(s[4] - s[1] / 1000 for s in samples)

        def phase_of(sample) -> str | None:
            return next(
                (name for name, (b, e) in phases.items() if b <= sample[4] - first < e), None
            )

        # The budgets hold at their rate: the worst p95 of a kind's requests in each phase.
        worst_by_phase = defaultdict(dict)
        log("")
        log(f"== Requests ({len(samples)} in {span:.0f} s) ==")
        header = (
            f"{'request':<30}{'count':>7}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'err%':>7}"
            f"{'hold p95':>10}  budget (in the hold, {TARGET_RATE:.0f} req/s)"
        )
        log(header)
        five_xx = unavailable = 0
        for name in sorted(by_name, key=lambda n: (kind_of(n), n)):
            rows = by_name[name]
            times = [s[1] for s in rows]
            errors = sum(1 for s in rows if s[3])
            five_xx += sum(1 for s in rows if s[2] >= 500)
            unavailable += sum(1 for s in rows if s[2] == 503)
            kind = kind_of(name)
            budget = BUDGETS.get(kind)
            by_phase = defaultdict(list)
            for sample in rows:
                by_phase[phase_of(sample)].append(sample[1])
            hold_p95 = percentile(by_phase["hold"], 0.95)
            verdict = "—"
            if budget is not None:
                for phase, phase_times in by_phase.items():
                    if phase:
                        worst = worst_by_phase[phase]
                        worst[kind] = max(worst.get(kind, 0), percentile(phase_times, 0.95))
                if by_phase["hold"]:
                    met = "met" if hold_p95 <= budget else "NOT met"
                    verdict = f"p95 ≤ {budget:.0f} ms: {met}"
            log(
                f"{name:<30}{len(rows):>7}{len(rows) / span:>8.1f}{percentile(times, 0.5):>8.0f}"
                f"{percentile(times, 0.95):>8.0f}{percentile(times, 0.99):>8.0f}"
                f"{100 * errors / len(rows):>6.1f}%{hold_p95:>10.0f}  {verdict}"
            )
        failures = Counter((s[0], s[2], s[5]) for s in samples if s[3])
        for (name, status, message), count in failures.most_common(10):
            log(f"  error ×{count}: {name}, status {status}: {message}")

        log("")
        log("== Phases ==")
        phase_rates = {}
        for phase, (begin, end) in phases.items():
            rows = [s for s in samples if begin <= s[4] - first < end]
            phase_rates[phase] = len(rows) / max(end - begin, 1)
            worst = worst_by_phase[phase]
            log(
                f"{phase:<20} {begin:>4}–{end:<4} s  {phase_rates[phase]:>6.1f} req/s  p95 "
                f"{percentile([s[1] for s in rows], 0.95):>6.0f} ms  errors "
                f"{sum(1 for s in rows if s[3])}  worst p95: "
                + ", ".join(f"{kind} {worst[kind]:.0f} ms" for kind in BUDGETS if kind in worst)
            )
        if drills:
            drills.report(samples, phases, first)

        # ---------------- submissions, e-mails, outbox ----------------
        records = [
            json.loads(line)
            for line in (out / "submissions.jsonl").read_text().splitlines()
            if line.strip()
        ]
        started_only = {r["proposal"] for r in records if "started" in r}
        records = [r for r in records if "attempts" in r]
        in_flight = started_only - {r["proposal"] for r in records}
        told_success = {}
        for record in records:
            receipts = [a for a in record["attempts"] if a and a["outcome"] == "receipt"]
            if receipts:
                told_success[record["proposal"]] = {
                    "reference": record["reference"],
                    "email": record["email"],
                    "at": min(a["answered"] for a in receipts),
                }
        mail = [
            json.loads(line)
            for line in (workdir / "mail.jsonl").read_text().splitlines()
            if line.strip()
        ]
        arrivals = defaultdict(list)
        for message in mail:
            arrivals[(message["message_id"], message["to"])].append(message["arrived"])
        delays = []
        for pk, told in told_success.items():
            email = told["email"].lower()
            key = (message_id(f"proposal-submitted:{pk}:{email}"), email)
            if arrivals.get(key):
                delays.append(min(arrivals[key]) - told["at"])
        outbox = system.sql(
            "SELECT extract(epoch FROM sent_at - created_at), event "
            "FROM notifications_notification "
            "WHERE sent_at IS NOT NULL AND channels::jsonb ? 'email' AND created_at >= "
            "to_timestamp(%s)",
            [load_started - 5],
        )
        lags = [float(row[0]) for row in outbox]
        lags_by_event = defaultdict(list)
        for lag, event in outbox:
            lags_by_event[event].append(float(lag))
        log("")
        log("== E-mail ==")
        log(
            f"confirmation e-mail delay (submit answered → in the sink): n={len(delays)} "
            f"p50 {percentile(delays, 0.5):.2f} s, p95 {percentile(delays, 0.95):.2f} s, "
            f"max {max(delays, default=math.nan):.2f} s — p95 ≤ {EMAIL_P95_BUDGET:.0f} s: "
            f"{'met' if delays and percentile(delays, 0.95) <= EMAIL_P95_BUDGET else 'NOT met'}"
        )
        log(
            f"outbox lag (notification created → sent): n={len(lags)} p50 "
            f"{percentile(lags, 0.5):.2f} s, p95 {percentile(lags, 0.95):.2f} s, max "
            f"{max(lags, default=math.nan):.2f} s; outbox "
            + (
                f"drained {drained_after:.0f} s after the load"
                if pending == 0
                else f"NOT drained: {pending} still pending after {args.drain_seconds} s"
            )
        )

        for event, values in sorted(lags_by_event.items()):
            log(
                f"  {event:<28} n={len(values):<5} p50 {percentile(values, 0.5):6.2f} s  "
                f"p95 {percentile(values, 0.95):6.2f} s  max {max(values):6.2f} s"
            )
        log("")
        log(
            f"== CPU during the load ({cpu_available:.0f} CPU-seconds: "
            f"{load_ended - load_started:.0f} s × {os.cpu_count()} cores) =="
        )
        for name, seconds in sorted(cpu_used.items(), key=lambda item: -item[1]):
            log(f"{name:<34}{seconds:>8.1f} s  {seconds / cpu_available:>6.1%}")

        log("")
        log("== PostgreSQL during the load: the statements it spent most time on ==")
        total_ms = sum(row[1] for row in statements) or math.nan
        for calls, total, mean, query in statements[:10]:
            log(f"{total / total_ms:>6.1%} {calls:>7} calls {mean:>7.2f} ms  {query}")

        log("")
        log("== Throughput against the bare view (closed loop, 4 clients, each page alone) ==")
        # Locust, in Python, takes much of a core to send a bare view's load, and each page is
        # measured for a few seconds after the load: indicative. The pages' goals are judged by
        # `make bench-pages` (hey, each page beside its own bare view).
        bare = capacity["bare view"]["rps"] or math.nan
        for name, figure in capacity.items():
            log(
                f"{name:<24}{figure['rps']:>8.1f} req/s  p50 {figure['p50']:>6.0f} ms  "
                f"{figure['rps'] / bare:>7.1%} of the bare view  errors {figure['errors']}"
            )
        log("(indicative: the pages' goals are judged by `make bench-pages`)")

        log("")
        log("== Budgets (quality.md) ==")
        hold = phase_rates["hold"]
        log(
            f"mix at ≥ {TARGET_RATE:.0f} req/s while holding: {hold:.1f} req/s — "
            f"{'met' if hold >= TARGET_RATE else 'NOT met'}"
        )
        holding = worst_by_phase["hold"]
        for kind, budget in BUDGETS.items():
            if kind in holding:
                log(
                    f"{kind:<9} p95 ≤ {budget:.0f} ms while holding: worst {holding[kind]:.0f} ms"
                    f" — {'met' if holding[kind] <= budget else 'NOT met'}"
                )
        spike = worst_by_phase["last minutes"]
        log(
            f"  (the last minutes, {spike_users} people, beyond the budgets' rate — shown, not "
            "judged: worst p95 "
            + ", ".join(f"{kind} {spike[kind]:.0f} ms" for kind in BUDGETS if kind in spike)
            + ")"
        )
        log(
            f"no 5xx: {five_xx} (503, try again: {unavailable}; 500 and others: "
            f"{five_xx - unavailable}) — {'met' if five_xx == 0 else 'NOT met'}"
        )
        log(
            f"e-mails p95 ≤ 2 min: {percentile(delays, 0.95):.1f} s — "
            f"{'met' if delays and percentile(delays, 0.95) <= EMAIL_P95_BUDGET else 'NOT met'}"
        )
        nodes_ok = nodes.report(load_started) if nodes else True

        # ---------------- reconciliation ----------------
        rows = system.sql(
            "SELECT p.id, p.status, p.reference, "
            "(SELECT count(*) FROM proposals_proposalevent e WHERE e.proposal_id = p.id "
            " AND e.kind = 'submitted'), "
            "(SELECT count(*) FROM proposals_proposalrevision r WHERE r.proposal_id = p.id) "
            "FROM proposals_proposal p WHERE p.call_id = %s",
            [accounts["call"]],
        )
        database = {row[0]: row for row in rows}
        lost = [
            pk
            for pk, told in told_success.items()
            if pk not in database
            or database[pk][1] != "submitted"
            or (told["reference"] and database[pk][2] != told["reference"])
        ]
        no_reference_seen = sum(1 for told in told_success.values() if not told["reference"])
        references = Counter(row[2] for row in rows if row[2])
        duplicate_references = sum(count - 1 for count in references.values() if count > 1)
        all_references = system.sql(
            "SELECT count(*) - count(DISTINCT reference) FROM proposals_proposal "
            "WHERE reference IS NOT NULL"
        )[0][0]
        duplicate_events = sum(1 for row in rows if row[3] > 1)
        duplicate_revisions = sum(1 for row in rows if row[4] > 1)
        submitted_in_db = {row[0] for row in rows if row[1] == "submitted"}
        unknown_to_clients = submitted_in_db - set(told_success)
        # Every proposal submitted in the database, told or not: its owner gets one e-mail.
        owner_of = {p["proposal"]: p["email"].lower() for p in accounts["partners"]}
        expected_mail = {
            (message_id(f"proposal-submitted:{pk}:{owner_of[pk]}"), owner_of[pk])
            for pk in submitted_in_db
        }
        missing_mail = [key for key in expected_mail if not arrivals.get(key)]
        duplicate_mail = [key for key in expected_mail if len(arrivals.get(key, [])) > 1]
        resent = drills.resent_after_drill(duplicate_mail, arrivals, message_id) if drills else []
        duplicate_mail = [key for key in duplicate_mail if key not in resent]
        all_duplicate_mail = sum(len(times) - 1 for times in arrivals.values() if len(times) > 1)
        late_attempts = [
            attempt
            for record in records
            for attempt in record["attempts"]
            if attempt and attempt["sent"] >= record["deadline"]
        ]
        late_accepted = [a for a in late_attempts if a["outcome"] == "receipt"]
        late_unanswered = [a for a in late_attempts if a["outcome"] not in ("receipt", "refused")]
        refused_before = [
            a
            for record in records
            for a in record["attempts"]
            if a and a["outcome"] == "refused" and a["sent"] < record["deadline"]
        ]
        styles = Counter(record["style"] for record in records)
        log("")
        log("== Reconciliation ==")
        log(
            "submit attempts: "
            + ", ".join(f"{style} {count}" for style, count in sorted(styles.items()))
        )
        log(
            f"told “submitted” (receipt): {len(told_success)} proposals "
            f"({no_reference_seen} without a reference read from the receipt page)"
        )
        log(
            f"submitted in the database (bench call): {len(submitted_in_db)}; "
            f"submitted without the client being told: {len(unknown_to_clients)} "
            f"({len(unknown_to_clients & in_flight)} still waiting for their answer when the "
            "load stopped: told nothing, so nothing to reconcile)"
        )
        log(
            f"lost (told submitted, not in the database as submitted with that reference): "
            f"{len(lost)}"
        )
        log(f"duplicate references: {duplicate_references} in the call, {all_references} overall")
        log(
            f"proposals with more than one 'submitted' event: {duplicate_events}; "
            f"with more than one revision: {duplicate_revisions}"
        )
        log(
            f"confirmation e-mails: {len(expected_mail)} expected, {len(missing_mail)} missing, "
            f"{len(duplicate_mail)} received more than once "
            f"({all_duplicate_mail} duplicate deliveries of any e-mail)"
        )
        if drills:
            log(
                f"  and {len(resent)} sent twice because a drill cut the worker off between the "
                "SMTP server's acceptance and the row's update (same Message-ID: at least once)"
            )
        log(
            f"after the deadline: {len(late_attempts)} attempts, {len(late_accepted)} accepted, "
            f"{len(late_unanswered)} without a clear answer; refused though sent before the "
            f"deadline: {len(refused_before)} (arrived after it)"
        )
        lost_total = len(lost) + len(missing_mail)
        duplicates_total = (
            duplicate_references
            + all_references
            + duplicate_events
            + duplicate_revisions
            + len(duplicate_mail)
        )
        failed = bool(
            lost_total
            or duplicates_total
            or late_accepted
            or late_unanswered
            or pending
            or not told_success
        )
        log("")
        log(
            f"RESULT: {len(lost)} lost, {duplicates_total} duplicates, {len(missing_mail)} "
            f"e-mails missing, {len(late_accepted)} late submissions accepted"
            + (f", {len(resent)} e-mails delivered twice across a kill -9" if resent else "")
            + " — "
            + ("reconciliation FAILED" if failed else "reconciliation OK")
        )
        failed = failed or not nodes_ok  # the nodes' own checks, printed above
        log(
            f"Total time {time.monotonic() - started:.0f} s "
            f"(load {load_ended - load_started:.0f} s)."
        )
    except KeyboardInterrupt:
        log("Interrupted: stopping everything.")
        failed = True
    except Exception as error:
        log(f"The benchmark could not finish: {error}")
        failed = True
    finally:
        if drills:
            drills.stop()
        system.stop()
        if args.keep:
            log(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
