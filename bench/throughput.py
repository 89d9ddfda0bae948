"""Requests per second of the staff and partner pages through gunicorn, as a share of a bare
view for the same signed-in person: the second half of `make bench-pages` (README.md).

gunicorn runs as in production (2 sync workers, `bench.deadline_day.settings`: production's
settings on plain HTTP, plus a bare view at /bench/ok/) on the bench's database, on loopback.
The people are signed in by the bench itself (the sessions of its in-process clients, in the
same database, signed with the same secret key); `hey` sends the load, one page at a time.
"""

import base64
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SETTINGS = "bench.deadline_day.settings"


@dataclass
class Target:
    label: str
    path: str
    session: str | None  # the session cookie of who asks; None: not signed in
    who: str = ""
    rps: float | None = None
    p95_ms: float | None = None
    # The signed-in bare view's requests/s measured just before and just after this page: the
    # machine's speed drifts by 10–25% over a run, so each page is compared with its neighbours.
    bare_rps: float | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    error: str = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hey_path() -> str | None:
    return shutil.which("hey")


@contextlib.contextmanager
def gunicorn(*, database_url: str, secret_key: str, workers: int):
    """gunicorn on a free loopback port, serving the bench's database; yields its base URL."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="cfli-bench-pages-"))
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        SECRET_KEY=secret_key,
        CFLI_MFA_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        CFLI_DATA_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="127.0.0.1",
        CFLI_STAFF_MFA_REQUIRED="0",
        SECURE_SSL_REDIRECT="0",
        DEBUG="0",
        CFLI_VAR_DIR=str(workdir / "var"),
        PRIVATE_FILES_ROOT=str(workdir / "var" / "private"),
        LOG_LEVEL="WARNING",
    )
    # Production's static files storage reads its manifest: the files are collected first; its
    # cache lives in a table of the database (the in-process half runs on the test settings,
    # whose cache is in memory, so it does not create it).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable", "-v0"], cwd=ROOT, env=env, check=True
    )
    log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 (closed below, after the server)
    process = subprocess.Popen(  # noqa: S603 (our own program and arguments)
        [
            str(VENV_BIN / "gunicorn"),
            "cfli.wsgi:application",
            *("--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--worker-class", "sync"),
            *("--timeout", "60", "--keep-alive", "75"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError((workdir / "gunicorn.log").read_text(errors="replace")[-2000:])
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start within 60 s")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
        if process.poll() is None:
            process.kill()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def load(target: Target, base_url: str, *, seconds: float, concurrency: int) -> None:
    """`hey` on one page: requests per second, p95 latency and the status codes seen."""
    command = [
        hey_path() or "hey",
        *("-z", f"{seconds:g}s", "-c", str(concurrency)),
        *("-H", "Accept-Language: en"),
    ]
    if target.session:
        command += ["-H", f"Cookie: sessionid={target.session}"]
    # Redirects are not followed: a page that sends people elsewhere shows as a 302, not as
    # the throughput of the page it sends them to.
    command += ["-disable-redirects", base_url + target.path]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)  # noqa: S603
    output = result.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if result.returncode != 0 or rps is None:
        target.error = (result.stderr or output).strip().splitlines()[-1:][0][:60]
        return
    target.rps = float(rps.group(1))
    p95 = re.search(r"95%+ in ([\d.]+) secs", output)
    target.p95_ms = float(p95.group(1)) * 1000 if p95 else None
    target.statuses = {
        code: int(count) for code, count in re.findall(r"\[(\d{3})\]\s+(\d+) responses", output)
    }


def measure(
    targets: list[Target],
    *,
    bare: Target,
    database_url: str,
    secret_key: str,
    seconds: float,
    concurrency: int,
    workers: int,
) -> None:
    """Each target in turn, with the signed-in bare view (`bare`, half as long) measured again
    between two pages: each page's `bare_rps` is the mean of the bare view just before and just
    after it. `bare` itself keeps its first figure, measured beside the other bare views."""

    def run(target: Target, duration: float) -> None:
        # A few requests first: each worker loads its code and its connection.
        load(target, base, seconds=min(2.0, duration), concurrency=concurrency)
        target.rps = target.p95_ms = None
        target.statuses = {}
        load(target, base, seconds=duration, concurrency=concurrency)

    with gunicorn(database_url=database_url, secret_key=secret_key, workers=workers) as base:
        before = None
        for target in targets:
            run(target, seconds)
            if target is bare:
                before = bare.rps
                continue
            if before is None:
                continue  # measured before the bare view (the anonymous one)
            neighbour = Target(bare.label, bare.path, bare.session, bare.who)
            run(neighbour, seconds / 2)
            after = neighbour.rps
            target.bare_rps = (before + after) / 2 if before and after else None
            before = after


def report(targets: list[Target], *, reference: Target, goals: dict[str, float]) -> None:
    """One line per page: requests/s, p95, the bare view beside it, its share of that bare view
    (of `reference` for the bare views themselves) and the goal if any."""
    header = (
        f"{'Page':<40} {'As':<13} {'req/s':>8} {'p95 ms':>8} {'bare':>8} {'share':>7}  "
        f"{'goal':>5}  statuses"
    )
    print(header)
    print("-" * len(header))
    for target in targets:
        start = f"{target.label:<40} {target.who or '-':<13}"
        if target.error or target.rps is None:
            print(f"{start} error: {target.error}")
            continue
        bare = target.bare_rps or reference.rps
        share = target.rps / bare if bare else 0.0
        goal = goals.get(target.label)
        verdict = ""
        if goal is not None:
            verdict = f"{goal:>4.0%} {'yes' if share >= goal else 'NO'}"
        statuses = ", ".join(f"{code}×{count}" for code, count in sorted(target.statuses.items()))
        if set(target.statuses) != {"200"}:
            # A page that fails fast is not a fast page.
            print(f"{start} error: answered {statuses}")
            continue
        p95 = f"{target.p95_ms:>8.1f}" if target.p95_ms is not None else f"{'-':>8}"
        print(
            f"{start} {target.rps:>8.1f} {p95} {bare or 0:>8.1f} {share:>7.1%}  {verdict:<8} "
            f"{statuses}"
        )
