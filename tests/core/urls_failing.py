"""The project's URLs plus views that fail, to see the error pages as a user would."""

from django.db import connection
from django.db.utils import ConnectionHandler
from django.urls import path

from cfli.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("deliberate failure for the 500 page test")


def connection_terminated_view(request):
    """PostgreSQL ends this request's connection, as on a shutdown (SQLSTATE 57P01)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


def missing_table_view(request):
    """A bug: a query on a table that does not exist (a ProgrammingError, SQLSTATE 42P01)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cfli_no_such_table")


def statement_timeout_view(request):
    """An OperationalError that is not about the connection: a statement cancelled by its
    timeout (SQLSTATE 57014)."""
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 10")
        cursor.execute("SELECT pg_sleep(1)")


def sqlite_missing_table_view(request):
    """A bug on SQLite (the embedded set-up): Django's OperationalError "no such table"."""
    sqlite = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )["default"]
    try:
        with sqlite.cursor() as cursor:
            cursor.execute("SELECT * FROM cfli_no_such_table")
    finally:
        sqlite.close()


urlpatterns = [
    *urlpatterns,
    path("failing/", failing_view),
    path("failing/connection-terminated/", connection_terminated_view),
    path("failing/missing-table/", missing_table_view),
    path("failing/statement-timeout/", statement_timeout_view),
    path("failing/sqlite-missing-table/", sqlite_missing_table_view),
]
