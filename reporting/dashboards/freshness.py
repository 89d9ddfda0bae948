"""The figures' version (`core.versions`): the dashboards keep their rendered figures
(`{% cache %}` varying on it) until a row under any figure changes.

Each figure is a pure function of the tables below. A draft's autosave changes nothing a
dashboard shows (drafts are counted, never summed), so it leaves the version alone; creating
or deleting a draft does not. Seeding writes proposals in bulk, without signals, and says so
(`proposals_written_in_bulk`). Decision 0017 says why this is exact.
"""

from accounts.models import Organization
from agreements.models import ContributionAgreement, PaymentInstalment
from core.versions import DataVersion
from programs.models import Call, CallPriority, Mission, PriorityArea, SubTheme
from proposals.models import Proposal
from proposals.signals import proposals_written_in_bulk
from reviews.models import Decision

# Kept fragments expire after this many seconds even when nothing changed: the backstop for a
# change whose callback never ran.
FIGURES_LIFETIME = 10 * 60


def _autosave(sender, instance, created: bool) -> bool:
    """A draft's autosave: no figure reads a draft's content."""
    return sender is Proposal and not created and instance.status == Proposal.Status.DRAFT


# What the figures read: states, amounts, beneficiaries, catalogue entries, calls' envelopes
# and dates, missions' names and time zones, decisions' amounts and codes, the names shown
# beside the largest awards, and the agreements' amounts and payments.
FIGURES = DataVersion(
    "dashboards:figures-version",
    (
        Proposal,
        Decision,
        Call,
        CallPriority,
        Mission,
        PriorityArea,
        SubTheme,
        Organization,
        ContributionAgreement,
        PaymentInstalment,
    ),
    unchanged_by=_autosave,
)
figures_version = FIGURES.current
figures_changed = FIGURES.changed


def connect() -> None:
    FIGURES.connect()
    proposals_written_in_bulk.connect(
        FIGURES.change_on_commit, weak=False, dispatch_uid="figures-written-in-bulk"
    )
