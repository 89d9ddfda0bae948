"""Telling a database that cannot be reached (try again in a moment) from a bug (a 500)."""

from django.db import InterfaceError, OperationalError

try:
    from psycopg import Error as PsycopgError
except ImportError:  # the embedded set-up runs on SQLite alone
    PsycopgError = None

# Class 08: connection exception (08001 cannot connect, 08006 connection failure, ...).
CONNECTION_EXCEPTION_CLASS = "08"
# 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, in
# recovery after a crash, shutting down).
SHUTDOWN_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})


def database_unreachable(error: BaseException | None) -> bool:
    """Whether `error` means PostgreSQL is down or restarting, so the same request will work
    again in a moment.

    That is Django's OperationalError or InterfaceError caused by psycopg failing on the
    client side (no SQLSTATE: refused, reset, closed connection) or by the server's connection
    and shutdown errors. Any other SQLSTATE, and SQLite's errors ("no such table"), are bugs.
    """
    if PsycopgError is None or not isinstance(error, OperationalError | InterfaceError):
        return False
    cause = error.__cause__
    if not isinstance(cause, PsycopgError):
        return False
    sqlstate = cause.sqlstate
    return (
        sqlstate is None
        or sqlstate.startswith(CONNECTION_EXCEPTION_CLASS)
        or sqlstate in SHUTDOWN_SQLSTATES
    )
