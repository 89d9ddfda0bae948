"""Sessions stored with the person they belong to, so that a signed-in request reads its
session and its user in one query instead of two (issue 20).

The session engine (settings.SESSION_ENGINE = "accounts.sessions") keeps Django's database
sessions, in the table of `accounts.Session`, which adds the user's id: the row is read joined
to the user. `AuthenticationMiddleware` then takes that user as request.user after the checks
`django.contrib.auth.get_user` makes (backend, active, session hash of the password); anything
else (no user, another backend, a hash to upgrade or refuse) goes through Django's own
`get_user`, which reads the user again.

Apps above this one read what every page of theirs needs about the person in the same query
(`read_with_session`): programs reads the person's roles by mission, notifications their unread
count.

Nothing is cached between requests: each request reads the row, so signing out (the row is
deleted) or changing one's password (the hash no longer matches) ends the session on every
web node at once.
"""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

if TYPE_CHECKING:
    from .models import Session, User


@dataclass(frozen=True)
class Companion:
    """A value read with the session's row for its person, so that no page reads it again: `sql`
    gives a scalar subquery on the person's id, written `u.id`; `load` keeps the value (None
    when there is none) on the user object."""

    sql: Callable[[BaseDatabaseWrapper], str]
    load: Callable[["User", Any], None]


_companions: list[Companion] = []


def read_with_session(companion: Companion) -> None:
    """Read this value with every session (an app's `ready`: the apps above this one add theirs
    without this module knowing them)."""
    _companions.append(companion)
    _session_query.cache_clear()


class SessionStore(DatabaseSessionStore):
    # The session's person, read with the session's row (None when signed out).
    loaded_user: "User | None" = None

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def _get_session_from_db(self):
        """The session's row, with its person in `loaded_user`: one query, on a plain cursor,
        as the ORM's machinery would cost more than the query on every request."""
        from django.db import connection

        from .models import User

        sql, attnames, converters = _session_query()
        try:
            session_key = self.session_key  # validated by SessionBase
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            with connection.cursor() as cursor:
                cursor.execute(sql, [session_key, now])
                row = cursor.fetchone()
        except SuspiciousOperation as error:
            logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
            logger.warning(str(error))
            row = None
        if row is None:
            self._session_key = None
            return None
        # The person's columns, converted as the ORM would (SQLite keeps dates as text), then
        # the session's data. The expiry date is not needed: the query compared it.
        *values, payload = row
        if values[0] is not None:
            extra = values[len(attnames) :]
            values = values[: len(attnames)]
            for index, column, functions in converters:
                for function in functions:
                    values[index] = function(values[index], column, connection)
            user = User.from_db(connection.alias, attnames, values)
            for companion, value in zip(_companions, extra, strict=True):
                companion.load(user, value)
            self.loaded_user = user
        return self.model(session_key=str(session_key), session_data=payload)

    def create_model_instance(self, data):
        session = cast("Session", super().create_model_instance(data))
        session.user_id = _user_id(data)
        return session

    async def acreate_model_instance(self, data):
        session = cast("Session", await super().acreate_model_instance(data))
        session.user_id = _user_id(data)
        return session


@functools.cache
def _session_query() -> tuple[str, list[str], list]:
    """The query of a session's row and its person's columns (the person's id first, all NULL
    when no one is signed in) and companions, and the converters of the person's columns that
    have some."""
    from django.db import connection

    from .models import Session, User

    quote = connection.ops.quote_name
    user, session = quote(User._meta.db_table), quote(Session._meta.db_table)
    pk = User._meta.pk
    fields = [pk, *(field for field in User._meta.concrete_fields if field is not pk)]
    columns = ", ".join(
        [
            *(f"u.{quote(str(field.column))}" for field in fields),
            *(companion.sql(connection) for companion in _companions),
        ]
    )
    # Only column and table names are formatted in, from the models; the values are parameters.
    sql = (
        f"SELECT {columns}, s.session_data "  # noqa: S608 (names from the models, values bound)
        f"FROM {session} s LEFT OUTER JOIN {user} u ON u.{quote(str(pk.column))} = s.user_id "
        "WHERE s.session_key = %s AND s.expire_date > %s"
    )
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col("u")
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return sql, [field.attname for field in fields], converters


def _user_id(data: dict):
    """The signed-in person's id in the session's data (as django.contrib.auth stores it)."""
    from .models import User

    try:
        return User._meta.pk.to_python(data.get(auth.SESSION_KEY))
    except ValidationError:
        return None


def session_user(request):
    """The request's user: the one read with the session when every check of Django's
    `get_user` passes on it, else whatever `get_user` decides (with its own query)."""
    session = request.session
    user_id = session.get(auth.SESSION_KEY)  # loads the session, and its user with it
    user = getattr(session, "loaded_user", None)
    if (
        user is not None
        and user_id is not None
        and str(user.pk) == str(user_id)
        and user.is_active
        and session.get(auth.BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
        and constant_time_compare(
            session.get(auth.HASH_SESSION_KEY, ""), user.get_session_auth_hash()
        )
    ):
        return user
    return auth.get_user(request)


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, with request.user taken from the session's row (session_user)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: session_user(request))
