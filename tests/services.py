"""Private copies of services on free loopback ports, for tests that break them."""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float = 60, interval: float = 0.1) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while not (result := predicate()) and time.monotonic() < deadline:
        time.sleep(interval)
    return result


class RedisServer:
    """A throwaway redis-server that can be stopped and started again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = tempfile.mkdtemp(prefix="cfli-redis-")
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)

        def answers() -> bool:
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        assert wait_until(answers, timeout=10, interval=0.05), "redis-server did not start"

    def stop(self) -> None:
        """Stop the server; what it held is lost, as after a crash without persistence."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def private_redis():
    """A running private Redis; yields its URL and process, and stops it at the end."""
    server = RedisServer()
    server.start()
    try:
        yield server.url, server.process
    finally:
        server.close()


class SmtpSink:
    """An SMTP server on a free port that keeps every message it accepts.

    `hold()` makes the next DATA wait until `release()`; a held message is refused when
    released (451), as a relay does when its client vanished mid-transfer.
    """

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages = []
        self.receiving = threading.Event()
        self._held = None
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self.release()
        self._controller.stop()

    def hold(self) -> None:
        self._held = threading.Event()

    def release(self) -> None:
        if self._held:
            self._held.set()

    async def handle_DATA(self, server, session, envelope):
        held, self._held = self._held, None
        self.receiving.set()
        if held:
            await asyncio.get_running_loop().run_in_executor(None, held.wait, 30)
            return "451 Requested action aborted: the client went away"
        self.messages.append(envelope)
        return "250 OK"

    def recipients(self) -> list[str]:
        return sorted(address for envelope in self.messages for address in envelope.rcpt_tos)


def start_worker(*, broker_url: str, queue: str | None, database: dict, **env) -> subprocess.Popen:
    """A real Celery worker process on `broker_url`, reading and writing the test database;
    `queue=None`: the queues of the settings, as in production."""
    database_url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    return subprocess.Popen(
        [
            sys.executable,
            *("-m", "celery", "-A", "cfli", "worker", "--pool", "solo"),
            *(("--queues", queue) if queue else ()),
            *("--loglevel", "WARNING"),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cfli.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": broker_url,
            **env,
        },
    )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
