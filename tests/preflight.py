"""Before the suite: say plainly which service is missing, instead of 200 failing tests.

Run as `python -m tests.preflight` (make test does); the conftest runs it too.
"""

import os
import sys

import psycopg
import redis

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cfli"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def problems() -> list[str]:
    found = []
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    # The test database is created by the suite; the server's own "postgres" database proves
    # the server is up and the credentials work.
    server_url = database_url.rsplit("/", 1)[0] + "/postgres"
    try:
        # SQLite (the search tests run on both engines) needs no server.
        if not database_url.startswith("sqlite:"):
            psycopg.connect(server_url, connect_timeout=3).close()
    except psycopg.Error as exc:
        found.append(
            f"PostgreSQL is not reachable at {server_url} ({str(exc).strip()}).\n"
            "    Start it (on Debian: pg_ctlcluster --skip-systemctl-redirect "
            "$(ls /etc/postgresql) main start) or set DATABASE_URL."
        )
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as exc:
        found.append(
            f"Redis is not reachable at {redis_url} ({exc}).\n"
            "    Start it (redis-server --daemonize yes --port 6379) or set REDIS_URL."
        )
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(f"make test: {problem}", file=sys.stderr)
    if not found:
        print("PostgreSQL and Redis are reachable.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
