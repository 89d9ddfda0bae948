"""The reports of the seeded agreements signed by both parties: each gets the reports its
countersignature scheduled — the kinds and due dates of `monitoring.services.reports_schedule`,
computed by its own functions — each at the stage its dates call for: not started or being
written before its due date; after it, a few still overdue and most submitted, some sent back
for revision, many accepted (nearly all of past fiscal years'). With them, what the services
would have written on the way:

- the rows `report_start` copies (the proposal's expected results, the budget's lines), with
  partial actuals in a report being written;
- complete answers in every report sent (`report_problems` finds nothing in it): the narrative,
  each result's value and whether it was met (explained when not), the beneficiaries reached
  near the plan, the spending by line (explained beyond the call's variance);
- each version submitted (1, or 2 after a revision) with its `report_snapshot`, the officer's
  reviews, and the report's steps on the agreement's timeline, in order;
- what an acceptance releases (`instalments_release`): the instalments waiting for the report
  become due, and paid once some days have passed (their fields as
  `seeding.agreements._instalments` fills a paid one);
- the reminders the daily beat has sent (`report_reminders_send`), so it sends a seeded partner
  nothing the day of the seeding.

An agreement whose advance is still due keeps its reports not started (the pages' benchmark
starts one), and so does a terminated one (see `_stage`). The texts are composed in the
agreement's language from the phrases of `TEXTS`.

Like the rest of the seeding it writes in bulk, one transaction per batch, and bypasses the
services: no notification, no audit row per step. The rows keep the times of their steps.
"""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.utils import timezone

from agreements import money
from agreements.models import (
    AgreementBudgetLine,
    AgreementEvent,
    ContributionAgreement,
    PaymentInstalment,
)
from monitoring.completeness import report_problems
from monitoring.models import (
    OPEN,
    RELEASES,
    Report,
    ReportExpenditure,
    ReportReminder,
    ReportResult,
    ReportReview,
    ReportSubmission,
)
from monitoring.services import (
    REMINDER_DAYS_BEFORE,
    final_due_date,
    interim_due_date,
    reminder_kind_due,
    report_kinds_due,
    report_snapshot,
)
from programs.models import InstalmentCondition
from proposals.beneficiaries import COUNT_FIELDS
from proposals.models import ProposalResult

Status = Report.Status
Achievement = ReportResult.Achievement
Kind = AgreementEvent.Kind
Agreement = ContributionAgreement.Status
Instalment = PaymentInstalment.Status

# reports_schedule's due date of each kind.
DUE_DATES: dict[str, Callable[[ContributionAgreement], date]] = {
    Report.Kind.INTERIM: interim_due_date,
    Report.Kind.FINAL: final_due_date,
}

# How far a report has gone (weights), by where the mission's today stands against its due
# date: before the reminders start, in their window, past it, long past (past fiscal years).
BEFORE_WINDOW: dict[str, int] = {Status.SCHEDULED: 55, Status.DRAFT: 45}
IN_WINDOW: dict[str, int] = {Status.SCHEDULED: 15, Status.DRAFT: 50, Status.SUBMITTED: 35}
JUST_PAST: dict[str, int] = {
    Status.SCHEDULED: 8, Status.DRAFT: 12, Status.SUBMITTED: 35, Status.REVISION_REQUESTED: 12,
    Status.ACCEPTED: 33,
}  # fmt: skip
LONG_PAST: dict[str, int] = {
    Status.SCHEDULED: 2, Status.DRAFT: 3, Status.SUBMITTED: 6, Status.REVISION_REQUESTED: 4,
    Status.ACCEPTED: 85,
}  # fmt: skip
LONG_PAST_DAYS = 60
REVISED = 0.2  # of the reports submitted again or accepted: sent back once first
ACHIEVEMENTS: dict[str, int] = {Achievement.MET: 75, Achievement.PARTLY: 18, Achievement.NOT_MET: 7}
BEYOND_VARIANCE = 0.2  # of the lines of a report: spending beyond the call's variance
PAID_AFTER_DAYS = (5, 20)  # from an acceptance to the payment of what it released
BEAT = time(13, 40, tzinfo=UTC)  # the reminders' daily run (CELERY_BEAT_SCHEDULE)


@dataclass
class Step:
    """One report and the times of what happened to it (None: not reached); its rows and texts
    until the batch is written."""

    report: Report
    started: datetime | None = None
    submitted: list[datetime] = field(default_factory=list)  # each version's
    revision_asked: datetime | None = None
    accepted: datetime | None = None
    saved: datetime | None = None  # the last save, before the version the report holds
    results: list[ReportResult] = field(default_factory=list)
    expenditures: list[ReportExpenditure] = field(default_factory=list)
    first_changes: str = ""  # `changes_observed` as version 1 said it, before the revision
    revision_comments: str = ""
    accept_note: str = ""


@dataclass
class Plan:
    agreement: ContributionAgreement
    signed_at: datetime  # the countersignature, which scheduled the reports
    officer_id: int  # who reviews: the mission's program officer
    partner_id: int  # who writes: the organization's member who signed
    steps: list[Step]


def reports_seed(
    rng: random.Random,
    now: datetime,
    *,
    batch_size: int = 500,
    by_status: Counter | None = None,
) -> int:
    """Give every agreement signed by both parties and without reports the reports its
    countersignature scheduled, each at the stage its dates call for (see the module's
    docstring); returns how many it wrote, and counts them by status in `by_status`."""
    # services imports this module; its context manager lets bulk_create keep the times given.
    from .services import _stamped_by_hand

    agreements = list(_unscheduled())
    kinds = _kinds(agreements)
    plans = [_plan(rng, agreement, kinds[agreement.pk], now) for agreement in agreements]
    _cover(rng, plans, kinds, now)
    with _stamped_by_hand(Report, ReportReminder, AgreementEvent):
        for start in range(0, len(plans), batch_size):
            with transaction.atomic():
                _write(rng, plans[start : start + batch_size], now)
    counts = Counter(step.report.status for plan in plans for step in plan.steps)
    if by_status is not None:
        by_status.update(counts)
    return counts.total()


def _unscheduled():
    return (
        ContributionAgreement.objects.filter(
            status__in=(Agreement.ACTIVE, Agreement.TERMINATED), countersigned_at__isnull=False
        )
        .exclude(Exists(Report.objects.filter(agreement=OuterRef("pk"))))
        .select_related("mission", "proposal__call", "proposal__decision")
        .prefetch_related("instalments")
        .order_by("pk")
    )


def _kinds(agreements: list[ContributionAgreement]) -> dict[int, list[str]]:
    """The reports each countersignature scheduled, by `report_kinds_due` (one small read each). A
    terminated agreement's unpaid instalments were cancelled after its countersignature: it is
    asked with them as they were then, scheduled, in a savepoint rolled back."""
    terminated = [
        agreement.pk for agreement in agreements if agreement.status == Agreement.TERMINATED
    ]
    with transaction.atomic():
        PaymentInstalment.objects.filter(
            agreement__in=terminated, status=Instalment.CANCELLED
        ).update(status=Instalment.SCHEDULED)
        kinds = {agreement.pk: report_kinds_due(agreement) for agreement in agreements}
        transaction.set_rollback(True)
    return kinds


# -- The stage of each report and the times of its steps ------------------------------------


def _plan(
    rng: random.Random,
    agreement: ContributionAgreement,
    kinds: list[str],
    now: datetime,
    force: str | None = None,
) -> Plan:
    """The agreement's reports in the order reports_schedule opens them, each at a stage (the
    first one's `force`d); the final report waits for the interim report's acceptance."""
    proposal = agreement.proposal
    countersigned = agreement.countersigned_at or now  # never None: filtered
    # The program officer who recommended the funding in the seeded data reviews its reports
    # (the approver who countersigned may not: permissions.can_review_report).
    officer_id = proposal.decision.recommended_by_id
    if officer_id is None:  # never in the seeded data
        raise ValueError(f"The decision of agreement {agreement.pk} names no program officer.")
    plan = Plan(
        agreement,
        signed_at=countersigned,
        officer_id=officer_id,
        partner_id=proposal.created_by_id,
        steps=[],
    )
    zone = agreement.mission.zone
    today = timezone.localdate(now, zone)
    for kind in kinds:
        step = Step(Report(agreement=agreement, kind=kind, due_date=DUE_DATES[kind](agreement)))
        status = force if force and not plan.steps else _stage(rng, agreement, step.report, today)
        earliest = countersigned + timedelta(days=1)
        if plan.steps:  # the final report, after an interim one
            interim = plan.steps[0]
            if interim.accepted is None:
                status = status if status in OPEN else Status.DRAFT
            else:
                earliest = max(earliest, interim.accepted + timedelta(hours=1))
        if kind == Report.Kind.FINAL:  # sent once the project ended
            earliest = max(earliest, _at(agreement.end_date, time(9), zone))
        _times(rng, step, status, opened=countersigned, earliest=earliest, now=now, zone=zone)
        plan.steps.append(step)
    return plan


def _stage(
    rng: random.Random, agreement: ContributionAgreement, report: Report, today: date
) -> str:
    """A terminated agreement's reports stay as its countersignature scheduled them: the
    termination leaves them (agreements.services._amendment_apply) and nobody writes the report
    of an agreement no longer in force (permissions.can_write_report); the demo's terminated
    agreement has its reports so. One whose advance is not paid yet has not started either."""
    if agreement.status != Agreement.ACTIVE or _advance_due(agreement):
        return Status.SCHEDULED
    days_left = (report.due_date - today).days
    if days_left > REMINDER_DAYS_BEFORE:
        weights = BEFORE_WINDOW
    elif days_left >= 0:
        weights = IN_WINDOW
    elif -days_left <= LONG_PAST_DAYS:
        weights = JUST_PAST
    else:
        weights = LONG_PAST
    return _weighted(rng, weights)


def _times(
    rng: random.Random,
    step: Step,
    status: str,
    *,
    opened: datetime,
    earliest: datetime,
    now: datetime,
    zone: ZoneInfo,
) -> None:
    """The times of the report's steps up to `status`, after its scheduling (`opened`) and
    before `now`; its first version sent no sooner than `earliest`. A report whose steps do not
    fit in that time is still being written."""
    latest = now - timedelta(hours=1)
    if status not in OPEN and not _sent(rng, step, status, earliest, latest, zone):
        status = Status.DRAFT
    step.report.status = status
    start_from = opened + timedelta(hours=1)
    if status == Status.DRAFT:
        step.started = _between(rng, start_from, latest)
        step.saved = _between(rng, step.started, latest)
    elif status != Status.SCHEDULED:
        step.started = max(start_from, step.submitted[0] - _days(rng, 3, 30))
        # A report sent back holds version 1 until the partner sends version 2.
        revised = step.revision_asked if len(step.submitted) > 1 else None
        step.saved = _between(rng, revised or step.started, step.submitted[-1])


def _sent(
    rng: random.Random,
    step: Step,
    status: str,
    earliest: datetime,
    latest: datetime,
    zone: ZoneInfo,
) -> bool:
    """Version 1 sent around the due date (or early, in the reminders' window), then the
    officer's answers and the partner's second version, each some days after the last; squeezed
    when they do not fit before `latest`. False when not even a day is left for them."""
    revised = status == Status.REVISION_REQUESTED or rng.random() < REVISED
    gaps = []
    if revised:
        gaps.append(_days(rng, 3, 14))  # the officer reads it and asks for a revision
        if status != Status.REVISION_REQUESTED:
            gaps.append(_days(rng, 3, 14))  # the partner revises it and sends it again
    if status == Status.ACCEPTED:
        gaps.append(_days(rng, 2, 12))
    due = _at(step.report.due_date, time(12), zone)
    if due < latest:
        wanted = due + timedelta(days=rng.uniform(-10, 15))
    else:
        wanted = _between(rng, max(earliest, due - timedelta(days=REMINDER_DAYS_BEFORE)), latest)
    tail = sum(gaps, timedelta())
    first = min(wanted, latest - tail)
    if first < earliest:
        room = latest - earliest
        if room < timedelta(days=1):
            return False
        first = earliest + room * rng.uniform(0.1, 0.4)
        scale = (latest - first) / tail * 0.9 if tail else 1.0
        gaps = [gap * scale for gap in gaps]
    times = [first]
    for gap in gaps:
        times.append(times[-1] + gap)
    step.submitted = [times[0]]
    if revised:
        step.revision_asked = times[1]
        if status != Status.REVISION_REQUESTED:
            step.submitted.append(times[2])
    if status == Status.ACCEPTED:
        step.accepted = times[-1]
    return True


def _cover(rng: random.Random, plans: list[Plan], kinds: dict[int, list[str]], now: datetime):
    """Every status at least once where the dates allow it, as a small seed might miss one: the
    first report of an agreement in force, due a month ago or more, is taken to the status
    missing, when no other status then goes missing."""
    for status in Status.values:
        counts = Counter(step.report.status for plan in plans for step in plan.steps)
        if counts[status]:
            continue
        candidates = [
            index
            for index, plan in enumerate(plans)
            if plan.agreement.status == Agreement.ACTIVE
            and (now.date() - plan.steps[0].report.due_date).days > 30
            and not _advance_due(plan.agreement)
            and all(counts[step.report.status] > 1 for step in plan.steps)
        ]
        if candidates:
            index = rng.choice(candidates)
            agreement = plans[index].agreement
            plans[index] = _plan(rng, agreement, kinds[agreement.pk], now, force=status)


# -- The batch's rows --------------------------------------------------------------------------


def _write(rng: random.Random, plans: list[Plan], now: datetime) -> None:
    """Write the batch's reports and what goes with them, one bulk insert per model."""
    prefetch_related_objects(
        [plan.agreement for plan in plans],
        Prefetch("proposal__results", queryset=ProposalResult.objects.order_by("position", "pk")),
        Prefetch("budget__lines", queryset=AgreementBudgetLine.objects.order_by("position", "pk")),
    )
    for plan in plans:
        for step in plan.steps:
            _fill(rng, plan, step)
    Report.objects.bulk_create([step.report for plan in plans for step in plan.steps])
    submissions: list[ReportSubmission] = []
    reviews: list[ReportReview] = []
    events: list[AgreementEvent] = []
    reminders: list[ReportReminder] = []
    instalments: list[PaymentInstalment] = []
    for plan in plans:
        timeline = []
        for step in plan.steps:
            versions = _versions(plan, step)
            submissions.extend(versions)
            reviews.extend(_reviews(plan, step, versions))
            timeline.extend(_events(plan, step))
            released, payments = _release(rng, plan, step, now)
            instalments.extend(released)
            timeline.extend(payments)
            reminders.extend(_reminders(plan, step, now))
        # As the services record them: in the order they happened (a stable sort: the two
        # reports scheduled at the countersignature stay interim first, as scheduled).
        events.extend(event for _at, event in sorted(timeline, key=lambda item: item[0]))
    steps = [step for plan in plans for step in plan.steps]
    ReportResult.objects.bulk_create([row for step in steps for row in step.results])
    ReportExpenditure.objects.bulk_create([row for step in steps for row in step.expenditures])
    ReportSubmission.objects.bulk_create(submissions)
    ReportReview.objects.bulk_create(reviews)
    AgreementEvent.objects.bulk_create(events)
    ReportReminder.objects.bulk_create(reminders)
    PaymentInstalment.objects.bulk_update(
        instalments,
        ["status", "paid_on", "paid_amount_cad", "paid_amount_local", "paid_rate",
         "payment_reference"],
    )  # fmt: skip


def _fill(rng: random.Random, plan: Plan, step: Step) -> None:
    """What the report says at its stage, its rows as report_start copies them, and who did
    what when."""
    report, agreement = step.report, plan.agreement
    moments = [plan.signed_at, step.saved, *step.submitted, step.revision_asked]
    report.created_at = plan.signed_at
    report.updated_at = max(moment for moment in [*moments, step.accepted] if moment is not None)
    if report.status == Status.SCHEDULED:
        return
    proposal = agreement.proposal
    text = TEXTS[agreement.language]
    complete = report.status != Status.DRAFT
    threshold = proposal.call.report_variance_percent
    for name in COUNT_FIELDS:
        answered = complete or (name.startswith("direct") and rng.random() < 0.5)
        planned = getattr(proposal, name) or 0
        setattr(report, name, round(planned * rng.uniform(0.5, 1.3)) if answered else None)
    # The people reached so far, or planned while the counts are not given yet.
    reached = sum(getattr(report, name) or 0 for name in COUNT_FIELDS if name.startswith("direct"))
    others = sum(getattr(report, name) or 0 for name in COUNT_FIELDS if name.startswith("indir"))
    reached, others = reached or proposal.direct_total(), others or proposal.indirect_total()
    slots = {"city": proposal.location_city, "n": reached, "m": others, "k": rng.randint(4, 12)}
    step.results = [
        _result(rng, report, position, result, text, slots, answered=complete or rng.random() < 0.5)
        for position, result in enumerate(proposal.results.all())
    ]
    lines = agreement.budget.lines.all() if agreement.budget else []
    step.expenditures = [
        _expenditure(
            rng, report, position, line, threshold, text, answered=complete or rng.random() < 0.5
        )
        for position, line in enumerate(lines)
    ]
    _narrative(rng, step, text, slots, complete=complete)
    if complete:
        report.identity_factors = list(proposal.identity_factors)
        report.identity_factors_other = proposal.identity_factors_other
    _signatures(rng, plan, step)


def _narrative(rng: random.Random, step: Step, text: dict, slots: dict, *, complete: bool):
    """The answers: every one the report asks for once sent (lessons and sustainability are
    the final report's); some of them in a report being written. A revised report adds what
    the officer asked for to what changed."""
    report = step.report
    final = report.kind == Report.Kind.FINAL
    asked = {
        "activities_done": complete or rng.random() < 0.7,
        "changes_observed": complete or rng.random() < 0.3,
        "gender_equality": complete or rng.random() < 0.2,
        "lessons": final and complete,
        "sustainability": final and complete,
    }
    for name, answered in asked.items():
        if answered:
            setattr(report, name, rng.choice(text[name]).format(**slots))
    if step.revision_asked is not None:
        step.revision_comments = rng.choice(text["revision"])
        step.first_changes = report.changes_observed
        if len(step.submitted) > 1:
            report.changes_observed += " " + text["added"].format(**slots)
    if step.accepted is not None:
        step.accept_note = rng.choice(text["accepted"])


def _signatures(rng: random.Random, plan: Plan, step: Step) -> None:
    """Who saved, sent and accepted the report, and when; how many saves it took."""
    report = step.report
    report.saved_by_id, report.saved_at = plan.partner_id, step.saved
    if report.status == Status.DRAFT:
        report.version = rng.randint(1, 8)
        return
    report.version = rng.randint(3, 10) + (rng.randint(1, 3) if len(step.submitted) > 1 else 0)
    report.submitted_by_id, report.submitted_at = plan.partner_id, step.submitted[-1]
    if step.accepted is not None:
        report.accepted_by_id, report.accepted_at = plan.officer_id, step.accepted


def _result(
    rng: random.Random,
    report: Report,
    position: int,
    result: ProposalResult,
    text: dict,
    slots: dict,
    *,
    answered: bool,
) -> ReportResult:
    row = ReportResult.planned(report, position, result)
    if answered:
        row.achievement = _weighted(rng, ACHIEVEMENTS)
        row.actual = _actual(rng, result.target, row.achievement)
        if row.needs_explanation:
            row.explanation = rng.choice(text["short"]).format(**slots)
    return row


def _actual(rng: random.Random, target: str, achievement: str) -> str:
    """A value near the target when met, short of it otherwise."""
    bounds: dict[str, tuple[float, float]] = {
        Achievement.MET: (1.0, 1.2),
        Achievement.PARTLY: (0.55, 0.9),
        Achievement.NOT_MET: (0.1, 0.45),
    }
    share = rng.uniform(*bounds[achievement])
    number = target.strip().removesuffix("%")
    if not number.isdigit():
        return target if achievement == Achievement.MET else f"{share:.0%} · {target}"
    value = round(int(number) * share)
    if target.strip().endswith("%"):
        return f"{min(value, 100)}%"
    return str(value)


def _expenditure(
    rng: random.Random,
    report: Report,
    position: int,
    line: AgreementBudgetLine,
    threshold: Decimal,
    text: dict,
    *,
    answered: bool,
) -> ReportExpenditure:
    row = ReportExpenditure.planned(report, position, line)
    if answered:
        limit = float(threshold) / 100
        if rng.random() < BEYOND_VARIANCE:
            off = limit + rng.uniform(0.03, 0.2)
            factor = 1 + off if off >= 1 or rng.random() < 0.5 else 1 - off
        else:
            factor = 1 + rng.uniform(-limit, limit) * 0.8
        row.actual_local = (line.cfli_amount * Decimal(f"{factor:.4f}")).quantize(money.CENT)
        if row.needs_explanation(threshold):
            over = row.actual_local > row.planned_local
            row.explanation = text["over" if over else "under"]
    return row


def _versions(plan: Plan, step: Step) -> list[ReportSubmission]:
    """Each version as the partner submitted it, with its snapshot: complete, as report_submit
    requires; version 1 of a revised report said less of what changed."""
    report = step.report
    if not step.submitted:
        return []
    # What report.results.all() and the others return, as a prefetch leaves them.
    report._prefetched_objects_cache = {  # type: ignore[attr-defined]
        "results": step.results,
        "expenditures": step.expenditures,
        "files": [],
    }
    problems = report_problems(report)
    if problems:  # never: a report sent is complete
        raise RuntimeError(f"Seeded report {report.pk} is incomplete: {problems}")
    snapshots = [report_snapshot(report)]
    if len(step.submitted) > 1:
        last, report.changes_observed = report.changes_observed, step.first_changes
        snapshots.insert(0, report_snapshot(report))
        report.changes_observed = last
    return [
        ReportSubmission(
            report=report,
            number=number,
            snapshot=snapshot,
            submitted_by_id=plan.partner_id,
            submitted_at=submitted_at,
        )
        for number, (snapshot, submitted_at) in enumerate(
            zip(snapshots, step.submitted, strict=True), start=1
        )
    ]


def _reviews(plan: Plan, step: Step, versions: list[ReportSubmission]) -> list[ReportReview]:
    reviews = []
    if step.revision_asked is not None:
        reviews.append(
            ReportReview(
                report=step.report,
                submission=versions[0],
                decision=ReportReview.Decision.REVISION_REQUESTED,
                comments=step.revision_comments,
                reviewer_id=plan.officer_id,
                reviewed_at=step.revision_asked,
            )
        )
    if step.accepted is not None:
        reviews.append(
            ReportReview(
                report=step.report,
                submission=versions[-1],
                decision=ReportReview.Decision.ACCEPTED,
                comments=step.accept_note,
                reviewer_id=plan.officer_id,
                reviewed_at=step.accepted,
            )
        )
    return reviews


def _events(plan: Plan, step: Step) -> list[tuple[datetime, AgreementEvent]]:
    """The report's steps on the agreement's timeline, as its services record them."""
    agreement, report = plan.agreement, step.report

    def event(at: datetime, kind: str, actor_id: int | None, **fields):
        return at, AgreementEvent(
            agreement=agreement,
            kind=kind,
            actor_id=actor_id,
            report=report.kind,
            created_at=at,
            **fields,
        )

    scheduled = report.created_at
    events = [
        event(
            scheduled,
            Kind.REPORT_SCHEDULED,
            agreement.countersigned_by_id,
            due_date=report.due_date,
        )
    ]
    if step.started is not None:
        events.append(event(step.started, Kind.REPORT_STARTED, plan.partner_id))
    if step.submitted:
        events.append(event(step.submitted[0], Kind.REPORT_SUBMITTED, plan.partner_id))
    if step.revision_asked is not None:
        events.append(
            event(
                step.revision_asked,
                Kind.REPORT_REVISION_REQUESTED,
                plan.officer_id,
                note=step.revision_comments,
            )
        )
    if len(step.submitted) > 1:
        events.append(event(step.submitted[1], Kind.REPORT_SUBMITTED, plan.partner_id))
    if step.accepted is not None:
        events.append(
            event(step.accepted, Kind.REPORT_ACCEPTED, plan.officer_id, note=step.accept_note)
        )
    return events


def _release(
    rng: random.Random, plan: Plan, step: Step, now: datetime
) -> tuple[list[PaymentInstalment], list[tuple[datetime, AgreementEvent]]]:
    """What an acceptance releases, as `instalments_release`: each scheduled instalment of the
    agreement in force paid on the report's condition becomes due; paid some days later when
    that day has come, its fields as `seeding.agreements._instalments` fills a paid instalment."""
    agreement = plan.agreement
    accepted = step.accepted
    if accepted is None or agreement.status != Agreement.ACTIVE:
        return [], []
    zone = agreement.mission.zone
    today = timezone.localdate(now, zone)
    released: list[PaymentInstalment] = []
    events: list[tuple[datetime, AgreementEvent]] = []
    for instalment in agreement.instalments.all():
        if (
            instalment.status != Instalment.SCHEDULED
            or instalment.condition != RELEASES[Report.Kind(step.report.kind)]
        ):
            continue
        instalment.status = Instalment.DUE
        events.append(_instalment_event(plan, instalment, Kind.INSTALMENT_DUE, accepted))
        paid_on = timezone.localdate(accepted, zone) + timedelta(days=rng.randint(*PAID_AFTER_DAYS))
        if paid_on <= today:
            amount = instalment.amount_cad
            instalment.status = Instalment.PAID
            instalment.paid_on = paid_on
            instalment.paid_amount_cad = amount
            instalment.paid_amount_local = money.in_currency(amount, agreement.exchange_rate)
            instalment.paid_rate = agreement.exchange_rate
            instalment.payment_reference = f"SEED-{agreement.pk}-{instalment.sequence}"
            paid_at = min(max(_at(paid_on, time(15), zone), accepted), now)
            events.append(_instalment_event(plan, instalment, Kind.PAYMENT_RECORDED, paid_at))
        released.append(instalment)
    return released, events


def _instalment_event(
    plan: Plan, instalment: PaymentInstalment, kind: str, at: datetime
) -> tuple[datetime, AgreementEvent]:
    return at, AgreementEvent(
        agreement=plan.agreement,
        kind=kind,
        actor_id=plan.officer_id,
        instalment=instalment.sequence,
        created_at=at,
    )


def _reminders(plan: Plan, step: Step, now: datetime) -> list[ReportReminder]:
    """The reminders the daily beat sent while the report was still to send (from its
    scheduling until the day before its first version, or today): the first day of the
    reminders' window and the day after the due date, each of the kind `reminder_kind_due` gives
    that day, once. An agreement no longer in force gets none (the beat skips it)."""
    agreement, report = plan.agreement, step.report
    if agreement.status != Agreement.ACTIVE:
        return []
    zone = agreement.mission.zone
    scheduled = report.created_at
    opened = timezone.localdate(scheduled, zone)
    if step.submitted:
        last_open = timezone.localdate(step.submitted[0], zone) - timedelta(days=1)
    else:
        last_open = timezone.localdate(now, zone)
    window = report.due_date - timedelta(days=REMINDER_DAYS_BEFORE)
    sent: dict[str, ReportReminder] = {}
    for day in (max(opened, window), report.due_date + timedelta(days=1)):
        kind = reminder_kind_due(report, day) if day <= last_open else None
        if kind is not None and kind not in sent:
            sent[kind] = ReportReminder(
                report=report,
                kind=kind,
                due_date=report.due_date,
                sent_at=min(max(datetime.combine(day, BEAT), scheduled), now),
            )
    return list(sent.values())


# -- Helpers -----------------------------------------------------------------------------------


def _advance_due(agreement: ContributionAgreement) -> bool:
    """The instalment paid on signature is due, not paid yet (its instalments prefetched)."""
    return any(
        instalment.condition == InstalmentCondition.ON_SIGNATURE
        and instalment.status == Instalment.DUE
        for instalment in agreement.instalments.all()
    )


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    choices = list(weights)
    return rng.choices(choices, weights=[weights[choice] for choice in choices])[0]


def _between(rng: random.Random, low: datetime, high: datetime) -> datetime:
    return low if high <= low else low + (high - low) * rng.random()


def _days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


def _at(day: date, hour: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, hour, tzinfo=zone)


# What the partner and the officer write, in the agreement's language. Slots: {city}, {n} the
# people reached directly, {m} indirectly, {k} a number of sessions.
TEXTS: dict[str, dict] = {
    "en": {
        "activities_done": (
            "We held {k} workshops in {city} with {n} participants and met the community's "
            "leaders to plan the next steps.",
            "The team carried out the work plan in {city}: training sessions, home visits and a "
            "public forum that gathered {n} people.",
            "Activities ran as planned in {city}; {k} sessions took place, some later than "
            "scheduled because of the rains.",
        ),
        "changes_observed": (
            "Participants now apply what they learned: {n} people took part directly and about "
            "{m} more benefit through their families.",
            "The community organized itself: a local committee meets every month and follows up "
            "on the commitments made.",
        ),
        "gender_equality": (
            "Women made up most of the participants and chaired two of the committees; sessions "
            "were held at times that suited caregivers.",
            "Women and girls took part in every activity; childcare during the sessions allowed "
            "mothers to attend.",
        ),
        "lessons": (
            "Working through local leaders opened doors faster than formal invitations.",
            "Short sessions close to home kept attendance high; long trainings lost participants.",
        ),
        "sustainability": (
            "The municipality of {city} agreed to keep funding the activities next year.",
            "The committee trained by the project continues on its own, with its members' "
            "contributions.",
        ),
        "added": "As asked, the figures: {n} people reached directly and {m} indirectly.",
        "short": (
            "Two sessions were cancelled because of insecurity in {city} and could not be held "
            "again before the end of the project.",
            "Roads were closed for several weeks during the rainy season, so fewer people could "
            "attend.",
        ),
        "over": "Prices of materials rose during the project; savings on other lines covered "
        "the difference.",
        "under": "Some purchases cost less than planned; the savings went to the lines that "
        "cost more.",
        "revision": (
            "Please say, with figures, what changed for the people the project serves.",
            "What changed is described too generally: give the numbers of people reached.",
        ),
        "accepted": ("Thank you: the report is clear and complete.", ""),
    },
    "fr": {
        "activities_done": (
            "Nous avons tenu {k} ateliers à {city} avec {n} participants et rencontré les "
            "responsables de la communauté pour préparer la suite.",
            "L’équipe a réalisé le plan de travail à {city} : formations, visites à domicile et "
            "un forum public qui a réuni {n} personnes.",
            "Les activités se sont déroulées comme prévu à {city} ; {k} séances ont eu lieu, "
            "certaines plus tard que prévu à cause des pluies.",
        ),
        "changes_observed": (
            "Les participants appliquent ce qu’ils ont appris : {n} personnes ont participé "
            "directement et environ {m} autres en bénéficient par leur famille.",
            "La communauté s’est organisée : un comité local se réunit chaque mois et suit les "
            "engagements pris.",
        ),
        "gender_equality": (
            "Les femmes étaient la majorité des participants et président deux des comités ; "
            "les séances avaient lieu à des heures adaptées aux personnes aidantes.",
            "Les femmes et les filles ont pris part à chaque activité ; une garderie pendant les "
            "séances a permis aux mères d’y assister.",
        ),
        "lessons": (
            "Passer par les responsables locaux a ouvert les portes plus vite que les "
            "invitations officielles.",
            "Des séances courtes et proches des domiciles ont maintenu la participation ; les "
            "longues formations ont perdu des participants.",
        ),
        "sustainability": (
            "La municipalité de {city} s’est engagée à financer les activités l’an prochain.",
            "Le comité formé par le projet continue seul, grâce aux cotisations de ses membres.",
        ),
        "added": "Comme demandé, les chiffres : {n} personnes atteintes directement et {m} "
        "indirectement.",
        "short": (
            "Deux séances ont été annulées pour des raisons de sécurité à {city} et n’ont pas "
            "pu être reprises avant la fin du projet.",
            "Les routes ont été coupées plusieurs semaines pendant la saison des pluies : moins "
            "de personnes ont pu venir.",
        ),
        "over": "Le prix des matériaux a augmenté pendant le projet ; des économies sur "
        "d’autres lignes ont couvert la différence.",
        "under": "Certains achats ont coûté moins que prévu ; l’économie a servi aux lignes qui "
        "ont coûté plus.",
        "revision": (
            "Merci de dire, chiffres à l’appui, ce qui a changé pour les personnes que le projet "
            "sert.",
            "Les changements sont décrits de façon trop générale : donnez le nombre de personnes "
            "atteintes.",
        ),
        "accepted": ("Merci : le rapport est clair et complet.", ""),
    },
    "es": {
        "activities_done": (
            "Realizamos {k} talleres en {city} con {n} participantes y nos reunimos con las "
            "autoridades comunitarias para planear los siguientes pasos.",
            "El equipo ejecutó el plan de trabajo en {city}: capacitaciones, visitas "
            "domiciliarias y un foro público que reunió a {n} personas.",
            "Las actividades se realizaron según lo previsto en {city}; hubo {k} sesiones, "
            "algunas más tarde de lo planeado por las lluvias.",
        ),
        "changes_observed": (
            "Las y los participantes aplican lo aprendido: {n} personas participaron "
            "directamente y unas {m} más se benefician a través de sus familias.",
            "La comunidad se organizó: un comité local se reúne cada mes y da seguimiento a los "
            "compromisos asumidos.",
        ),
        "gender_equality": (
            "Las mujeres fueron la mayoría de participantes y presiden dos de los comités; las "
            "sesiones se hicieron en horarios compatibles con el trabajo de cuidados.",
            "Mujeres y niñas participaron en todas las actividades; el cuidado infantil durante "
            "las sesiones permitió asistir a las madres.",
        ),
        "lessons": (
            "Trabajar con las autoridades locales abrió puertas más rápido que las invitaciones "
            "formales.",
            "Las sesiones cortas y cerca de casa mantuvieron la asistencia; las capacitaciones "
            "largas perdieron participantes.",
        ),
        "sustainability": (
            "El municipio de {city} se comprometió a seguir financiando las actividades el "
            "próximo año.",
            "El comité formado por el proyecto sigue por su cuenta, con las cuotas de sus "
            "integrantes.",
        ),
        "added": "Como se pidió, las cifras: {n} personas alcanzadas directamente y {m} "
        "indirectamente.",
        "short": (
            "Se cancelaron dos sesiones por inseguridad en {city} y no pudieron reprogramarse "
            "antes del fin del proyecto.",
            "Los caminos estuvieron cerrados varias semanas en temporada de lluvias, así que "
            "asistieron menos personas.",
        ),
        "over": "El precio de los materiales subió durante el proyecto; los ahorros en otras "
        "líneas cubrieron la diferencia.",
        "under": "Algunas compras costaron menos de lo previsto; el ahorro se destinó a las "
        "líneas que costaron más.",
        "revision": (
            "Indiquen, con cifras, qué cambió para las personas a las que sirve el proyecto.",
            "Los cambios se describen de forma demasiado general: den el número de personas "
            "alcanzadas.",
        ),
        "accepted": ("Gracias: el informe es claro y completo.", ""),
    },
}
