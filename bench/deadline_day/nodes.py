"""Two web nodes behind HAProxy: `make bench-nodes` (README.md, "Two nodes").

The same deadline day, with the system grown by adding nodes of engines it already has
(docs/operations.md): N gunicorn processes, each on its own port with its own working folder,
behind HAProxy (round robin, no stickiness: one person's consecutive requests land on
different nodes), two Celery workers and one beat, sessions in PostgreSQL, attachments in an
S3 bucket (moto's standalone server on loopback stands in for the endpoint). Prints what each
node served and where the attachments are; the reconciliation is run.py's, unchanged.
"""

import shutil
import socket
import sys
import time
from pathlib import Path

import boto3
import requests

from bench.deadline_day import WORKER_NICENESS

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
BUCKET = "cfli-deadline-day"
S3_REGION = "us-east-1"
S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "deadline-day", "AWS_SECRET_ACCESS_KEY": "deadline-day"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nodes:
    """The web tier of `count` nodes, its balancer and the bucket, started into `system`
    (run.py's System), which stops them with everything else."""

    def __init__(self, system, count: int):
        self.system, self.count, self.log = system, count, system.log
        self.names = [f"node{number}" for number in range(1, count + 1)]
        self.ports = {name: free_port() for name in self.names}
        self.s3_port = free_port()
        self.stats_socket = system.workdir / "haproxy.sock"
        self.served_during_load: dict[str, int] = {}
        # Every Django process (migrate, the seed, web nodes, workers) writes files to the bucket.
        system.env.update(
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{self.s3_port}",
            AWS_S3_REGION_NAME=S3_REGION,
            **S3_CREDENTIALS,
            TRUST_X_REQUEST_START="1",  # HAProxy stamps every request (haproxy_config)
        )
        self.start_storage()

    def bucket(self):
        return boto3.client(
            "s3",
            endpoint_url=self.system.env["AWS_S3_ENDPOINT_URL"],
            region_name=S3_REGION,
            aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def start(self, name: str, command: list[str], folder: Path, **env: str) -> None:
        """System.start in `folder` (the process's working folder), with its own variables."""
        folder.mkdir(parents=True, exist_ok=True)
        self.system.start(
            name, command, cwd=folder, env={**self.system.env, "PYTHONPATH": str(ROOT), **env}
        )

    def start_storage(self) -> None:
        self.log(f"Starting moto's S3 server (bucket {BUCKET})…")
        self.start(
            "s3 (moto)",
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)],
            self.system.workdir / "s3",
        )
        self.system.wait_port("s3 (moto)", self.s3_port)
        self.bucket().create_bucket(Bucket=BUCKET)

    def start_application(self, web_workers: int, web_threads: int) -> None:
        self.log(
            f"Starting {self.count} web nodes ({web_workers} gunicorn worker(s) × {web_threads} "
            "threads each) behind HAProxy, two Celery workers and beat…"
        )
        static = Path(self.system.env["CFLI_VAR_DIR"]) / "static"
        for name in self.names:
            var = self.system.workdir / name / "var"
            # Each node has its own copy of the static files, as each would in its image.
            shutil.copytree(static, var / "static")
            self.start(
                f"web {name}",
                self.system.gunicorn(self.ports[name], web_workers, web_threads),
                self.system.workdir / name,
                CFLI_VAR_DIR=str(var),
                PRIVATE_FILES_ROOT=str(var / "private"),
            )
        for number in (1, 2):
            folder = self.system.workdir / f"worker{number}"
            self.start(
                f"worker {number}",
                [
                    *("nice", "-n", str(WORKER_NICENESS)),  # as run.py's worker
                    str(VENV_BIN / "celery"),
                    *("-A", "cfli", "worker", "-n", f"worker{number}@%h"),
                    *("--loglevel", "WARNING", "--concurrency", "1"),
                    "--without-gossip",
                    "--without-mingle",
                ],
                folder,
                CFLI_VAR_DIR=str(folder / "var"),
                PRIVATE_FILES_ROOT=str(folder / "var" / "private"),
            )
        self.start(
            "beat",
            [
                str(VENV_BIN / "celery"),
                *("-A", "cfli", "beat", "--loglevel", "WARNING"),
                *("--schedule", str(self.system.workdir / "celerybeat-schedule")),
            ],
            self.system.workdir / "beat",
        )
        for name in self.names:
            self.system.wait_port(f"web {name}", self.ports[name], timeout=60)
        config = self.system.workdir / "haproxy.cfg"
        config.write_text(self.haproxy_config())
        self.start(
            "haproxy",
            [shutil.which("haproxy") or "/usr/sbin/haproxy", "-db", "-f", str(config)],
            self.system.workdir,
        )
        self.system.wait_port("haproxy", self.system.ports["web"])
        deadline = time.monotonic() + 30
        while not self.all_up():
            if time.monotonic() > deadline:
                raise RuntimeError(
                    "HAProxy does not see every node up:\n" + self.system.tail("haproxy")
                )
            time.sleep(0.5)
        self.log(f"  one client's consecutive requests: {' → '.join(self.first_hops())}")

    def haproxy_config(self) -> str:
        servers = "\n".join(
            f"    server {name} 127.0.0.1:{port} check inter 2s fall 3 rise 2"
            for name, port in self.ports.items()
        )
        return f"""global
    maxconn 4096
    stats socket {self.stats_socket} mode 600 level user

defaults
    mode http
    timeout connect 5s
    timeout http-request 30s
    timeout client 2m
    timeout server 2m
    # A probe waits in gunicorn's queue like any request: under load it takes seconds.
    timeout check 10s

frontend web
    bind 127.0.0.1:{self.system.ports["web"]}
    # When the request arrived, whatever a client sent: the deadline counts from here.
    http-request set-header X-Request-Start t=%[date(0,ms)]
    default_backend nodes

backend nodes
    # No stickiness: a node must serve any session, whichever node opened it.
    balance roundrobin
    option httpchk
    # The serving probe: a Redis outage must not take the nodes out of service.
    http-check send meth GET uri /health/serving/ ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    http-response set-header X-Cfli-Node %[srv_name]
{servers}
"""

    def stats(self) -> list[dict]:
        """The backend's servers, from HAProxy's stats socket ("show stat" CSV)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(self.stats_socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        lines = data.decode().lstrip("# ").splitlines()
        header = lines[0].split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return [row for row in rows if row["pxname"] == "nodes" and row["svname"] in self.names]

    def all_up(self) -> bool:
        try:
            return {row["status"] for row in self.stats()} == {"UP"}
        except OSError:  # the stats socket is not there yet
            return False

    def responses(self) -> dict[str, tuple[int, int]]:
        """Responses each node has given so far, and how many of them were 5xx."""
        figures = {}
        for row in self.stats():
            codes = ("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")
            figures[row["svname"]] = (
                sum(int(row[code] or 0) for code in codes),
                int(row["hrsp_5xx"] or 0),
            )
        return figures

    def first_hops(self) -> list[str]:
        client = requests.Session()
        return [
            client.get(self.system.host + "/bench/ok/", timeout=10).headers.get("X-Cfli-Node", "?")
            for _ in range(2 * self.count)
        ]

    def load_ended(self) -> None:
        self.served_during_load = self.responses()

    def report(self, load_started: float) -> bool:
        """Print the nodes' section; False when a node served nothing during the load or an
        attachment is missing from the bucket or lies on a node's disk."""
        log, sql = self.log, self.system.sql
        total = self.responses()
        checks = {row["svname"]: row for row in self.stats()}
        log("")
        log(f"== Nodes ({self.count} web nodes behind HAProxy, round robin, no stickiness) ==")
        for name in self.names:
            load, load_5xx = self.served_during_load.get(name, (0, 0))
            log(
                f"{name}  127.0.0.1:{self.ports[name]}  responses during the load {load:>6} "
                f"(5xx {load_5xx}), whole run {total[name][0]:>6}; health checks failed "
                f"{checks[name]['chkfail'] or 0}, went down {checks[name]['chkdown'] or 0} times"
            )
        keys = set()
        for page in self.bucket().get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            keys.update(item["Key"] for item in page.get("Contents", []))
        names = {row[0] for row in sql("SELECT file FROM proposals_attachment")}
        uploaded = sql(
            "SELECT count(*) FROM proposals_attachment WHERE created_at >= to_timestamp(%s)",
            [load_started],
        )[0][0]
        missing = names - keys
        on_disk = [
            path
            for pattern in ("var/private", "*/var/private")
            for folder in self.system.workdir.glob(pattern)
            for path in folder.rglob("*")
            if path.is_file()
        ]
        log(
            f"attachments: {uploaded} uploaded during the load; {len(names)} in the database, "
            f"{len(keys & names)} of them objects in the bucket ({len(keys)} objects in all), "
            f"{len(missing)} missing; files on the nodes' and workers' disks: {len(on_disk)}"
        )
        problems = [
            f"{name} served nothing during the load"
            for name in self.names
            if not self.served_during_load.get(name, (0, 0))[0]
        ]
        if missing or on_disk:
            problems.append("attachments outside the bucket")
        if not uploaded:
            problems.append("no upload during the load")
        log(
            "nodes: "
            + (
                f"FAILED ({'; '.join(problems)})"
                if problems
                else "every node served the load; every attachment is in the bucket"
            )
        )
        return not problems
