"""Sessions stored with the person they belong to, so that a signed-in request reads its
session and its user in one query instead of two (issue 20).

The session engine (settings.SESSION_ENGINE = "accounts.sessions") keeps Django's database
sessions, in the table of `accounts.Session`, which adds the user's id: the row is read joined
to the user. `AuthenticationMiddleware` then takes that user as request.user after the checks
`django.contrib.auth.get_user` makes (backend, active, session hash of the password); anything
else (no user, another backend, a hash to upgrade or refuse) goes through Django's own
`get_user`, which reads the user again.

Nothing is cached between requests: each request reads the row, so signing out (the row is
deleted) or changing one's password (the hash no longer matches) ends the session on every
web node at once.
"""

import functools
import logging
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

if TYPE_CHECKING:
    from .models import Session, User


class SessionStore(DatabaseSessionStore):
    # The session's person, read with the session's row (None when signed out).
    loaded_user: "User | None" = None

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def _get_session_from_db(self):
        """The session's row, with its person in `loaded_user`: one raw query, as the ORM's
        would cost more to build than to run on every request."""
        from .models import User

        try:
            session_key = self.session_key  # validated by SessionBase
            rows = list(User.objects.raw(_session_sql(), [session_key, timezone.now()]))
        except SuspiciousOperation as error:
            logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
            logger.warning(str(error))
            rows = []
        if not rows:
            self._session_key = None
            return None
        row = rows[0]
        self.loaded_user = row if row.pk is not None else None
        # What load() decodes, an extra column of the raw query; the expiry date is not needed
        # (the query compared it).
        payload: str = vars(row)["session_payload"]
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
def _session_sql() -> str:
    """The session's row and its person's columns (all NULL when no one is signed in)."""
    from django.db import connection

    from .models import Session, User

    quote = connection.ops.quote_name
    user, session = quote(User._meta.db_table), quote(Session._meta.db_table)
    user_pk = quote(str(User._meta.pk.column))
    columns = ", ".join(f"u.{quote(str(field.column))}" for field in User._meta.concrete_fields)
    # Only column and table names are formatted in, from the models; the values are parameters.
    return (
        f"SELECT {columns}, s.session_data AS session_payload "  # noqa: S608
        f"FROM {session} s LEFT OUTER JOIN {user} u ON u.{user_pk} = s.user_id "
        "WHERE s.session_key = %s AND s.expire_date > %s"
    )


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
