"""Data versions: a token that changes whenever a row of some tables changes, so what is rendered
from those tables can be kept under the token and never be shown once it is out of date.

A write to any source table, once its transaction commits, replaces the token by a new random
one (once per transaction, however many rows it writes); a page reads the token before it
reads the rows, so what it keeps under a token was made from data at least as new as the
token. A token is never reused: a late or concurrent change can only make a kept rendering
unreachable, never bring back an old one. The token lives in the shared cache, so every
process sees a change at once. What bypasses the signals (`bulk_create`, `QuerySet.update`)
must call `changed()` itself; a process that dies between a commit and its callback leaves
kept renderings as old as their own lifetime, which every user of a version bounds.
Decision 0017 says why this is exact.
"""

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save


class DataVersion:
    def __init__(
        self,
        key: str,
        sources: tuple,
        *,
        unchanged_by: Callable[[type, object, bool, frozenset | None], bool] | None = None,
    ):
        self.key = key
        self.sources = sources
        # A save that changes nothing the renderings show (e.g. a draft's autosave), told the
        # model, the row, whether it was created and the fields saved (None: every field).
        self.unchanged_by = unchanged_by

    def current(self) -> str:
        """The current token (a new one when the cache has none)."""
        version = cache.get(self.key)
        if version is None:
            version = self.changed()
        return version

    def changed(self) -> str:
        """Make every rendering kept under the current token unreachable; return the new one."""
        version = uuid.uuid4().hex
        cache.set(self.key, version, timeout=None)
        return version

    def change_on_commit(self, **kwargs) -> None:
        """Replace the token once the transaction commits (once, however many rows it writes)."""
        if any(callback == self.changed for _, callback, _ in connection.run_on_commit):
            return
        transaction.on_commit(self.changed, robust=True)

    def _saved(self, sender, instance, created=False, **kwargs) -> None:
        fields = kwargs.get("update_fields")
        if self.unchanged_by is not None and self.unchanged_by(sender, instance, created, fields):
            return
        self.change_on_commit()

    def connect(self) -> None:
        for model in self.sources:
            post_save.connect(
                self._saved, sender=model, weak=False, dispatch_uid=f"{self.key}:saved:{model}"
            )
            post_delete.connect(
                self.change_on_commit,
                sender=model,
                weak=False,
                dispatch_uid=f"{self.key}:deleted:{model}",
            )
