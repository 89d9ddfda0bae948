import functools
from typing import cast

from django.db import connection
from django.db.models import Field, QuerySet

from .models import Notification


def notification_inbox_for(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count_for(user) -> int:
    """How many of the user's notifications are unread, exactly: the header's badge on every
    signed-in page. Read with the session (`unread_count_column`) when the user came from it;
    otherwise one query on a plain cursor, since the ORM's count() costs five times the query
    itself (0.35 ms against 0.07 ms) there."""
    kept = getattr(user, "_cfli_unread_notifications", None)
    if kept is not None:
        return kept
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_unread_count('%s')}", [user.pk])
        return cursor.fetchone()[0]


def unread_count_column(connection) -> str:
    """The person's unread count as a subquery on the person (aliased u) that the session's
    query reads (`accounts.sessions.read_with_session`): an index-only count in the same round
    trip, instead of a query of its own on every page with the header."""
    return _unread_count("u.id")


def unread_count_load(user, count: int | None) -> None:
    """Keep the count read with the session on the user, for `unread_count_for`."""
    user._cfli_unread_notifications = count or 0


@functools.cache
def _unread_count(person: str) -> str:
    """The count's subquery, for `person`: the user's id as a parameter, or a column."""
    quote = connection.ops.quote_name
    meta = Notification._meta
    recipient, read_at = (
        quote(str(cast("Field", meta.get_field(name)).column)) for name in ("recipient", "read_at")
    )
    # Only names from the model are formatted in.
    return (
        f"(SELECT COUNT(*) FROM {quote(meta.db_table)} n "  # noqa: S608 (names from the model)
        f"WHERE n.{recipient} = {person} AND n.{read_at} IS NULL)"
    )
