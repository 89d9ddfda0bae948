"""Volume for benchmarks and demos: thousands of realistic submitted proposals
(`manage.py seed_volume`, run by `make bench-pages` and the deadline-day bench).

`volume_seed` adds proposals in every state of the review to the demo's missions (created when
missing), on several calls per mission over the last fiscal years, from organizations of every
kind. Their texts are composed in English, French and Spanish from phrases about the CFLI's
priority areas, so full-text search finds real words; amounts, dates, beneficiaries and the
review's records (screenings, reviews, summaries, decisions) agree with each proposal's state.
The released funding decisions get their contribution agreements (`agreements.py`), and those
signed by both parties the reports their signature scheduled, at the stage their dates call for:
not started, being written, submitted, sent back for revision or accepted, with their versions,
reviews, timeline, reminders and the instalments an acceptance released (`reports.py`).

It writes with `bulk_create`, one transaction per batch, and bypasses the services on purpose:
no notification is queued, no e-mail is sent and no audit event is written per row (one audit
event records the run). It applies their rules by calling them: references come from
`proposals.services.references_allocate`, the function that numbers every submission, so a
proposal submitted later never collides with a seeded one; approvals are counted against each
call's envelope under a lock on the call, with the review's `scoring.fits_envelope`, as
`decision_approve` does. A second run adds more proposals (and organizations); it never
changes what exists.
"""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import models, transaction
from django.utils import timezone

from accounts.models import Membership, Organization
from core.services import audit_record
from proposals.models import InformationRequest, Proposal, ProposalEvent
from proposals.signals import proposals_written_in_bulk
from reviews.models import Decision, Review, ReviewAssignment, ReviewSummary, Screening

from .agreements import agreements_seed
from .generator import Generator
from .plans import VolumeReport
from .profiles import DEFAULT_MISSIONS
from .reports import reports_seed


def volume_seed(
    *,
    proposals: int,
    seed: int | None = None,
    mission_codes: list[str] | None = None,
    fiscal_years: int = 3,
    batch_size: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> VolumeReport:
    """Add `proposals` submitted proposals (see the module's docstring); the same seed on the
    same database gives the same rows. `progress(done, total)` is called after each batch.

    Raise ValueError for fewer than one proposal, an unknown mission code, or missions whose
    calls have not been open long enough to receive proposals."""
    if proposals < 1:
        raise ValueError("Seed at least one proposal.")
    started = time.monotonic()
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    report = VolumeReport(seed=seed)
    generator = Generator(random.Random(seed), timezone.now(), report)  # noqa: S311 (test data)
    with transaction.atomic():
        generator.prepare(mission_codes or list(DEFAULT_MISSIONS), fiscal_years)
    slots = generator.slots(proposals)
    with _stamped_by_hand(*STAMPED_MODELS):
        for start in range(0, len(slots), batch_size):
            with transaction.atomic():
                generator.write(slots[start : start + batch_size])
            if progress is not None:
                progress(min(start + batch_size, len(slots)), len(slots))
    # Its own stream of choices, so the proposals stay what the same seed always gave.
    report.agreements = agreements_seed(random.Random(seed + 1), generator.now)  # noqa: S311 (test data)
    report.reports = reports_seed(
        random.Random(seed + 2),  # noqa: S311 (test data)
        generator.now,
        by_status=report.reports_by_status,
    )
    proposals_written_in_bulk.send(sender=Proposal)
    report.seconds = time.monotonic() - started
    audit_record(
        verb="proposals.volume_seeded",
        data={
            "proposals": report.proposals,
            "organizations": report.organizations,
            "seed": seed,
            "by_status": dict(report.by_status),
            "agreements": report.agreements,
            "reports": report.reports,
            "reports_by_status": dict(report.reports_by_status),
        },
    )
    return report


# Models whose `created_at`/`updated_at` the generator sets itself.
STAMPED_MODELS = (
    Organization, Membership, Proposal, ProposalEvent, InformationRequest, Screening,
    ReviewAssignment, Review, ReviewSummary, Decision,
)  # fmt: skip


@contextmanager
def _stamped_by_hand(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the times the generator gives (a proposal submitted in May 2025 was
    created before it, and its events follow it); auto_now fields would stamp every row "now".

    It switches the flags of the model fields for the duration of the run and restores them
    after, whatever happens: fine for a command or a test, never for a web process.
    """
    fields = [
        model_field
        for model in model_classes
        for model_field in model._meta.concrete_fields
        # The fields that have the flags (DateTimeField is a DateField).
        if isinstance(model_field, models.DateField | models.TimeField)
        and (model_field.auto_now or model_field.auto_now_add)
    ]
    saved = [
        (model_field, model_field.auto_now, model_field.auto_now_add) for model_field in fields
    ]
    for model_field in fields:
        model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in saved:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add
