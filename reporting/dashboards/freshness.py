"""The figures' version: a token that changes whenever a row under any figure changes, so the
dashboards can keep their rendered figures (`{% cache %}` varying on it) and never show one
that is out of date.

Each figure is a pure function of a few tables (below). A write to any of them, once its
transaction commits, replaces the token by a new random one; a page reads the token before it
reads or computes the figures, so what it keeps under a token was computed from data at least
as new as the token. A token is never reused, so a late or concurrent change can only make a
kept fragment unreachable, never bring back an old one. A draft's autosave changes nothing a
dashboard shows (drafts are counted, never summed), so it leaves the token alone; creating or
deleting a draft does not.

What could bypass those signals (`bulk_create`, `QuerySet.update`) does not touch these
tables outside seeding, which says so (`proposals_written_in_bulk`); a process that dies
between a commit and its callback leaves the fragments at most `FIGURES_LIFETIME` old.
Decision 0017 says why this is exact.
"""

import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from accounts.models import Organization
from programs.models import Call, CallPriority, Mission, PriorityArea, SubTheme
from proposals.models import Proposal
from proposals.signals import proposals_written_in_bulk
from reviews.models import Decision

VERSION_KEY = "dashboards:figures-version"
# Kept fragments expire after this many seconds even when nothing changed: the backstop for a
# change whose callback never ran.
FIGURES_LIFETIME = 10 * 60

# What the figures read: states, amounts, beneficiaries, catalogue entries, calls' envelopes
# and dates, missions' names and time zones, decisions' amounts and codes, and the names shown
# beside the largest awards.
SOURCES = (Proposal, Decision, Call, CallPriority, Mission, PriorityArea, SubTheme, Organization)


def figures_version() -> str:
    """The current token (a new one when the cache has none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = figures_changed()
    return version


def figures_changed() -> str:
    """Make every kept figure unreachable; return the new token."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def _on_commit_change() -> None:
    """Once per transaction, however many rows it writes."""
    if any(callback is figures_changed for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(figures_changed, robust=True)


def _saved(sender, instance, created=False, **kwargs) -> None:
    if sender is Proposal and not created and instance.status == Proposal.Status.DRAFT:
        return  # an autosave: no figure reads a draft's content
    _on_commit_change()


def _changed(sender, **kwargs) -> None:
    _on_commit_change()


def connect() -> None:
    for model in SOURCES:
        post_save.connect(_saved, sender=model, dispatch_uid=f"figures-saved-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"figures-deleted-{model.__name__}"
        )
    proposals_written_in_bulk.connect(_changed, dispatch_uid="figures-written-in-bulk")
