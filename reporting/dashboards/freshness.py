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
from monitoring.models import Report, ReportExpenditure, ReportResult
from monitoring.services import PARTNER_FIELDS
from programs.models import Call, CallPriority, Mission, PriorityArea, SubTheme
from proposals.models import Proposal
from proposals.signals import proposals_written_in_bulk
from reviews.models import Decision

# Kept fragments expire after this many seconds even when nothing changed: the backstop for a
# change whose callback never ran.
FIGURES_LIFETIME = 10 * 60


# What a report's autosave writes beside the partner's fields (`monitoring.services.report_save`).
REPORT_AUTOSAVED = frozenset(
    (*PARTNER_FIELDS, "version", "saved_by", "saved_at", "editor", "updated_at")
)


def _autosave(sender, instance, created: bool, fields: frozenset | None) -> bool:
    """An autosave: no figure reads a draft proposal's content, nor a report's before it is
    accepted (its standing moves only with its status or its due date, never saved so)."""
    if created:
        return False
    if sender is Proposal:
        return instance.status == Proposal.Status.DRAFT
    return (
        sender is Report
        and instance.status != Report.Status.ACCEPTED
        and fields is not None
        and fields <= REPORT_AUTOSAVED
    )


# What the figures read: states, amounts, beneficiaries, catalogue entries, calls' envelopes
# and dates, missions' names and time zones, decisions' amounts and codes, the names shown
# beside the largest awards, the agreements' amounts and payments, and their reports.
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
        Report,
        ReportResult,
        ReportExpenditure,
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
