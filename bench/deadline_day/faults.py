"""Fault drills during the hold: `make bench-faults` (issue 9, point 2; see README.md).

While Locust holds the load, a background thread breaks one service after the other and
brings it back: Redis is killed with SIGKILL and started again, empty, on its port (the queued
Celery messages are lost: the outbox relay must send them again); the Celery worker's whole
process group (pool processes included) is killed with SIGKILL and started again 5 s later;
the bench's own PostgreSQL cluster is restarted with `pg_ctl restart -m immediate` (a crash:
every connection is cut, and what was committed must come back from the WAL; requests meanwhile
must get 503 with Retry-After, never a 500). The runner then prints when each drill happened,
how long the service was down, and the errors seen inside and outside each drill's window, the
503s ("try again") apart from the 500s; the reconciliation is the same as without faults.
"""

import contextlib
import math
import os
import resource
import signal
import subprocess
import threading
import time
from collections import Counter

# When, as a fraction of the hold (between the ramp's end and the last minutes' start); a drill
# also waits until GRACE after the previous one, so that each error has one drill to blame.
DRILLS = (("redis", 0.25), ("worker", 0.45), ("postgresql", 0.70))
WORKER_RESTART_DELAY = 5.0
# The workers are paused this long before Redis is killed, so that messages are queued in it
# when it goes (with an idle queue the drill would prove nothing about the relay).
QUEUE_SECONDS = 5.0
# A request that ends this long after a drill may still have been caught by it: it waited in
# gunicorn's queue, or on a connection PostgreSQL had cut.
GRACE = 5.0
# Longest a delivery can take between its claim and the SMTP server's acceptance (the
# mailer's 20 s timeout, and rendering).
SEND_SECONDS = 30.0
# The locustfile's own 20 ms give-up: a deliberate timeout, not a fault.
DELIBERATE = {"submit: gave up waiting"}


class Drills:
    """The drills of one run, on a thread started beside Locust."""

    def __init__(self, system, stages: list, load_started: float, log, cpu_seconds):
        self.system, self.log, self.cpu_seconds = system, log, cpu_seconds
        self.load_started = load_started
        hold_begin, hold_end = stages[0][0], stages[1][0]
        self.schedule = [
            (name, load_started + hold_begin + fraction * (hold_end - hold_begin))
            for name, fraction in DRILLS
        ]
        self.records: list[dict] = []
        # CPU seconds of the processes a drill replaced, up to just before it (their successors
        # start from zero, so the runner adds these to its after-the-load figure).
        self.cpu_of_replaced: Counter = Counter()
        # The runner reaps what a drill kills: that CPU lands in its children's figure, which
        # is Locust's otherwise.
        self.reaped_cpu = 0.0
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fault drills", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """No further drill; wait for the one under way, so every process it started is in
        `System.processes` when the runner stops them."""
        self._cancel.set()
        if self._thread.is_alive():
            self._thread.join(timeout=120)

    def account_cpu(self, cpu_used: dict) -> None:
        """Adds each replaced process's CPU to its part, and takes it out of Locust's."""
        for name, seconds in self.cpu_of_replaced.items():
            cpu_used[name] = cpu_used.get(name, 0.0) + seconds
        cpu_used["load generator (Locust)"] -= self.reaped_cpu

    def _run(self) -> None:
        for name, at in self.schedule:
            if self.records:
                at = max(at, self.records[-1]["ended"] + GRACE)
            if self._cancel.wait(max(0.0, at - time.time())):
                return
            began = time.time()
            try:
                down, detail = getattr(self, f"_{name}")()
            except Exception as error:  # reported, and the run goes on to its reconciliation
                down, detail = time.time() - began, f"FAILED: {error}"
            record = {"name": name, "began": began, "ended": time.time(), "down": down}
            record["detail"] = detail
            self.log(
                f"  drill {name} at +{began - self.load_started:.1f} s: down {down:.1f} s, {detail}"
            )
            # What a drill made exit by itself shows within seconds; restarted, and said.
            self._cancel.wait(GRACE)
            record["revived"] = self._revive()
            record["checked"] = time.time()
            self.records.append(record)

    def _revive(self) -> list[str]:
        """Starts again every process that exited by itself, as production's supervisor
        (systemd, the orchestrator) would, and says which."""
        revived = []
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for name, process in list(self.system.processes.items()):
            if process.poll() is None:
                continue
            new = self.system.restart(name)
            if name.startswith("worker"):
                self._wait_for_pool(new)  # the next drill must find it working
            revived.append(name)
            self.log(
                f"  {name} had EXITED by itself (status {process.returncode}, see {name}.log): "
                f"restarted, pid {process.pid} → {new.pid}"
            )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.reaped_cpu += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return revived

    # -- the drills: each returns (seconds the service was down, what was done) --
    def _snapshot(self, name: str) -> None:
        self.cpu_of_replaced[name] += self.cpu_seconds(self.system).get(name, 0.0)

    def _kill(self, name: str) -> subprocess.Popen:
        self._snapshot(name)
        process = self.system.processes[name]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.reaped_cpu += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return process

    def _redis(self) -> tuple[float, str]:
        import redis

        workers = [p for name, p in self.system.processes.items() if name.startswith("worker")]
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGSTOP)
        self._cancel.wait(QUEUE_SECONDS)
        queued = unacked = 0
        with contextlib.suppress(redis.RedisError):
            client = redis.Redis(port=self.system.ports["redis"], socket_timeout=5)
            for key in client.scan_iter():
                if client.type(key) == b"list":
                    queued += client.llen(key)
            unacked = client.hlen("unacked")
            client.close()
        began = time.monotonic()
        old = self._kill("redis")
        new = self.system.restart("redis")
        self.system.wait_port("redis", self.system.ports["redis"])
        down = time.monotonic() - began
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGCONT)
        return down, (
            f"kill -9 after the workers were paused {QUEUE_SECONDS:.0f} s, restarted empty: "
            f"{queued} queued and {unacked} unacknowledged messages lost; pid {old.pid} → "
            f"{new.pid}"
        )

    def _worker(self) -> tuple[float, str]:
        import psutil

        began = time.monotonic()
        # The first worker (with --nodes there are several: worker1, worker2).
        name = next(name for name in self.system.processes if name.startswith("worker"))
        old = self.system.processes[name]
        alive = 0
        with contextlib.suppress(psutil.Error):
            alive = len(psutil.Process(old.pid).children()) if old.poll() is None else 0
        self._kill(name)
        self._cancel.wait(WORKER_RESTART_DELAY)
        new = self.system.restart(name)
        self._wait_for_pool(new)
        return time.monotonic() - began, (
            f"{name}: kill -9 of its group (main + {alive} pool processes), restarted after "
            f"{WORKER_RESTART_DELAY:.0f} s: pid {old.pid} → {new.pid}"
        )

    @staticmethod
    def _wait_for_pool(worker: subprocess.Popen) -> None:
        """Until the worker's pool is forked (after Django's set-up): then it takes tasks."""
        import psutil

        args = list(worker.args)
        pool = int(args[args.index("--concurrency") + 1]) if "--concurrency" in args else 1
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and worker.poll() is None:
            with contextlib.suppress(psutil.Error):
                if len(psutil.Process(worker.pid).children()) >= pool:
                    return
            time.sleep(0.2)

    def _postgresql(self) -> tuple[float, str]:
        system = self.system
        old = postmaster_pid(system)
        self._snapshot("postgresql")
        began = time.monotonic()
        system.run(
            "pg_ctl restart",
            system.pg_ctl(
                "-l", str(system.pg_data / "server.log"), "-m", "immediate", "-w", "restart"
            ),
            timeout=120,
        )
        return time.monotonic() - began, (
            f"pg_ctl restart -m immediate (crash recovery): postmaster {old} → "
            f"{postmaster_pid(system)}"
        )

    # -- what the run prints --
    def report(self, samples: list, phases: dict, first: float) -> int:
        """Prints the drills and the errors inside and outside their windows (a 503, "try
        again", apart from a 500); returns the number of 5xx answers outside every window."""
        log = self.log
        log("")
        log("== Fault drills ==")
        if not self.records:
            log("no drill was performed")
        for record in self.records:
            log(
                f"{record['name']:<11} at +{record['began'] - self.load_started:5.1f} s  "
                f"down {record['down']:5.1f} s  {record['detail']}"
            )
            for name in record["revived"]:
                log(
                    f"{'':<11} then {name} EXITED by itself ({name}.log): restarted by the runner, "
                    "as a supervisor would"
                )
        windows = [
            (record["name"], record["began"], record["ended"] + GRACE) for record in self.records
        ]
        # Windows end where the next begins: a request is counted in the one its answer came in.
        ends = [begin for _, begin, _ in windows[1:]] + [math.inf]
        windows = [
            (name, begin, min(end, next_begin))
            for (name, begin, end), next_begin in zip(windows, ends, strict=True)
        ]

        def failures(rows) -> tuple[dict, str]:
            """The 5xx of `rows` by kind ("503 (try again)": the server said to come back,
            as during a database restart; "500": an error), and how they read."""
            five_xx = Counter(s[2] for s in rows if s[2] >= 500)
            counts = {
                "503": five_xx.pop(503, 0),
                "500": five_xx.pop(500, 0),
                "other": sum(five_xx.values()),
                "unanswered": sum(1 for s in rows if s[2] == 0 and s[3] and s[0] not in DELIBERATE),
            }
            other = ", ".join(f"{status}×{n}" for status, n in sorted(five_xx.items()))
            return counts, (
                f"503 (try again) {counts['503']}, 500 {counts['500']}"
                f"{f', other 5xx {other}' if other else ''}, no answer {counts['unanswered']}"
            )

        log(
            f"errors in each drill's window (its start → {GRACE:.0f} s after it ended, or the "
            "next drill's start):"
        )
        inside = set()
        inside_errors = 0
        for name, begin, end in windows:
            rows = [s for s in samples if begin <= s[4] < end]
            inside.update(id(s) for s in rows)
            counts, shown = failures(rows)
            inside_errors += counts["500"] + counts["other"]
            log(
                f"  {name:<11} +{begin - self.load_started:5.1f}–{end - self.load_started:<5.1f} s"
                f"  {len(rows):>5} requests, {shown}"
            )
        log("errors outside the drill windows, by phase:")
        outside_5xx = 0
        for phase, (begin, end) in phases.items():
            rows = [s for s in samples if begin <= s[4] - first < end and id(s) not in inside]
            counts, shown = failures(rows)
            outside_5xx += counts["503"] + counts["500"] + counts["other"]
            log(f"  {phase:<20} {len(rows):>5} requests, {shown}")
        log(
            f"no 5xx outside the drill windows: {outside_5xx} — "
            f"{'met' if outside_5xx == 0 else 'NOT met'}"
        )
        # quality.md: during a database restart the server answers 503 with Retry-After (try
        # again), never a 500; the other drills break nothing on the request path.
        log(
            f"no 5xx but 503 (try again) inside the drill windows: {inside_errors} — "
            f"{'met' if inside_errors == 0 else 'NOT met'}"
        )
        log(
            "CPU of the restarted parts (Redis, the worker, PostgreSQL) is approximate: each "
            "predecessor's is counted up to just before its drill."
        )
        return outside_5xx

    def resent_after_drill(self, duplicate_mail: list, arrivals: dict, message_id) -> list:
        """The e-mails received twice that a drill explains: the SMTP server accepted the first
        copy while the worker was being killed or PostgreSQL restarted, so the row could not
        be marked sent, and the relay sent it again once the claim expired (the row was claimed
        twice). Delivery is at least once; the stable Message-ID lets a mail program show one."""
        cuts = [
            (record["began"] - SEND_SECONDS, record["ended"] + 1)
            for record in self.records
            if record["name"] in ("worker", "postgresql")
        ] + [
            (record["began"] - SEND_SECONDS, record["checked"])
            for record in self.records
            if any(name.startswith("worker") for name in record["revived"])
        ]
        claims = {
            message_id(key): attempts
            for key, attempts in self.system.sql(
                "SELECT key, attempts FROM notifications_notification WHERE status = 'sent'"
            )
        }
        explained = []
        for key in duplicate_mail:
            times = sorted(arrivals[key])
            if (
                len(times) == 2
                and claims.get(key[0]) == 2
                and any(begin <= times[0] <= end for begin, end in cuts)
            ):
                explained.append(key)
        return explained


def postmaster_pid(system) -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int((system.pg_data / "postmaster.pid").read_text().split()[0])
    return None
