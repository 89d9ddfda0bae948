"""Writes of a project's reports (docs/decisions/0023). Each state change locks the agreement,
checks, writes, records the step on the agreement's timeline and in the audit log, and writes
its notifications, in one transaction."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import member_users
from agreements.models import AgreementEvent, Amendment, ContributionAgreement, PaymentInstalment
from agreements.services import agreement_close, instalments_release, record_event
from core.services import audit_record
from core.uploads import MB, inspect_upload
from notifications.services import notify
from programs.models import InstalmentCondition, ReportKind
from programs.selectors import program_officers_of
from proposals.beneficiaries import COUNT_FIELDS

from . import permissions, workflow
from .closing import closure_blockers, closure_figures
from .completeness import report_problems
from .models import (
    NARRATIVE,
    OPEN,
    RELEASES,
    Closure,
    FollowUp,
    MonitoringVisit,
    Report,
    ReportExpenditure,
    ReportFile,
    ReportReminder,
    ReportResult,
    ReportReview,
    ReportSubmission,
    VisitPhoto,
    field_label,
)

# The partner is reminded this many days before a report's due date, and once it is overdue.
REMINDER_DAYS_BEFORE = 14


def _locked(agreement: ContributionAgreement) -> ContributionAgreement:
    return (
        ContributionAgreement.objects.select_for_update(of=("self",))
        .select_related("proposal__call", "mission")
        .get(pk=agreement.pk)
    )


def interim_due_date(agreement: ContributionAgreement) -> date:
    """Mid-term: halfway between the agreement's start and its end."""
    start = agreement.start_date or agreement.today
    return start + max(agreement.end_date - start, timedelta(0)) / 2


def final_due_date(agreement: ContributionAgreement) -> date:
    """The call's number of days after the project's end."""
    return agreement.end_date + timedelta(days=agreement.proposal.call.final_report_days)


def report_kinds_due(agreement: ContributionAgreement) -> list[str]:
    """The reports an agreement asks for: an interim report when its call asks every project
    for one or an instalment waits for it, and always a final report."""
    kinds: list[str] = []
    interim_paid = agreement.instalments.filter(
        condition=InstalmentCondition.INTERIM_REPORT_ACCEPTED
    ).exclude(status=PaymentInstalment.Status.CANCELLED)
    if agreement.proposal.call.interim_report_required or interim_paid.exists():
        kinds.append(ReportKind.INTERIM)
    kinds.append(ReportKind.FINAL)
    return kinds


@transaction.atomic
def reports_schedule(*, agreement: ContributionAgreement, actor: User | None) -> list[Report]:
    """Open the report schedule of an agreement in force (sent by its countersignature, in the
    same transaction): each report it asks for, due on its date, once; a second call adds
    nothing. Returns the reports added."""
    agreement = _locked(agreement)
    if not agreement.is_signed:
        raise ValidationError(_("Reports start once the agreement is signed."), code="unsigned")
    due_dates: dict[str, Callable[[ContributionAgreement], date]] = {
        ReportKind.INTERIM: interim_due_date,
        ReportKind.FINAL: final_due_date,
    }
    added = []
    for kind in report_kinds_due(agreement):
        report, created = Report.objects.get_or_create(
            agreement=agreement, kind=kind, defaults={"due_date": due_dates[kind](agreement)}
        )
        if created:
            added.append(report)
            record_event(
                agreement,
                kind=AgreementEvent.Kind.REPORT_SCHEDULED,
                actor=actor,
                report=kind,
                due_date=report.due_date,
            )
    return added


def reports_schedule_missing() -> int:
    """The report schedule of every agreement in force countersigned before the monitoring app
    existed, each opened as its countersignature would have opened it, in a transaction of its
    own. Returns how many agreements it scheduled."""
    unscheduled = ContributionAgreement.objects.filter(
        status=ContributionAgreement.Status.ACTIVE, countersigned_at__isnull=False
    ).exclude(Exists(Report.objects.filter(agreement=OuterRef("pk"))))
    count = 0
    for agreement in unscheduled.select_related("countersigned_by").order_by("pk"):
        reports_schedule(agreement=agreement, actor=agreement.countersigned_by)
        count += 1
    return count


def _report_path(report: Report) -> str:
    """The partner's page of the report."""
    return reverse("monitoring:report", args=[report.agreement.proposal_id, report.kind])


def _objects(report: Report) -> dict:
    """What a report's notification reads when it is sent, in its recipient's language."""
    agreement = report.agreement
    return {
        "report": ["monitoring.Report", report.pk],
        "agreement": ["agreements.ContributionAgreement", agreement.pk],
        "proposal": ["proposals.Proposal", agreement.proposal_id],
        "organization": ["accounts.Organization", agreement.proposal.organization_id],
    }


def _tell_partner(report: Report, event: str, *, key: str, step=None, bulk=False) -> None:
    """Notify the organization's members of a step of their report, in their language."""
    agreement = report.agreement
    objects = _objects(report)
    if step is not None:
        objects["event"] = ["agreements.AgreementEvent", step.pk]
    notify(
        event=event,
        key=key,
        recipients=member_users(agreement.proposal.organization_id),
        context={"objects": objects, "path": _report_path(report)},
        bulk=bulk,
    )


@transaction.atomic
def report_due_date_move(*, report: Report, actor: User, due_date: date, reason: str) -> Report:
    """A program officer moves a report's due date, saying why: the partner reads the reason,
    the timeline and the audit log keep both dates, and the reminders start again for the new
    date."""
    agreement = _locked(report.agreement)
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.agreement = agreement
    if not permissions.can_move_due_date(actor, report):
        if not permissions.is_officer_of(actor, agreement):
            raise PermissionDenied
        raise ValidationError(
            _("This report's due date can no longer move: it was sent, or the project ended."),
            code="not_movable",
        )
    errors = {}
    if due_date == report.due_date:
        errors["due_date"] = _("This is already the report's due date.")
    elif agreement.start_date and due_date < agreement.start_date:
        errors["due_date"] = _("A report cannot be due before the agreement starts.")
    if not reason.strip():
        errors["reason"] = _("Say why the due date moves: the partner reads it.")
    if errors:
        raise ValidationError(errors, code="invalid")
    step = _due_date_set(report, due_date, actor=actor, note=reason.strip())
    _tell_partner(
        report,
        "report_due_date_moved",
        key=f"report-due-date:{report.pk}:{step.pk}",
        step=step,
    )
    return report


def final_report_follow_extension(
    *, agreement: ContributionAgreement, amendment: Amendment, actor: User
) -> Report | None:
    """An approved extension moves the final report's due date after the new end date, unless
    it is later already (moved by hand) or the report was sent (in the amendment's
    transaction)."""
    if amendment.kind != Amendment.Kind.EXTENSION:
        return None
    agreement = _locked(agreement)
    report = (
        Report.objects.select_for_update()
        .filter(agreement=agreement, kind=ReportKind.FINAL, status__in=OPEN)
        .first()
    )
    if report is None:
        return None
    due_date = final_due_date(agreement)
    if due_date <= report.due_date:
        return None
    report.agreement = agreement
    _due_date_set(report, due_date, actor=actor, amendment=amendment.number)
    return report


def _due_date_set(
    report: Report, due_date: date, *, actor: User, note: str = "", amendment: int | None = None
) -> AgreementEvent:
    """Move a locked report's due date, on the agreement's timeline with both dates audited."""
    before, report.due_date = report.due_date, due_date
    report.save(update_fields=["due_date", "updated_at"])
    return record_event(
        report.agreement,
        kind=AgreementEvent.Kind.REPORT_DUE_DATE_MOVED,
        actor=actor,
        report=report.kind,
        due_date=due_date,
        amendment=amendment,
        note=note,
        data={"from": before.isoformat(), "to": due_date.isoformat()},
    )


def reminder_kind_due(report: Report, today: date) -> str | None:
    """The reminder a report still to send is due on `today`, if any: from 14 days before its
    due date, and after it."""
    if today > report.due_date:
        return ReportReminder.Kind.OVERDUE
    if today >= report.due_date - timedelta(days=REMINDER_DAYS_BEFORE):
        return ReportReminder.Kind.BEFORE
    return None


def report_reminders_send() -> int:
    """Remind the partner of each report still to send: once some days before its due date and
    once when it is overdue, at the mission's date (the daily beat). The reminder's row is
    unique per report, kind and due date, so a second run sends nothing; a moved due date has
    reminders of its own. Returns how many reminders were sent."""
    # A day's margin either side of UTC: each report is then judged at its mission's date.
    horizon = timezone.now().date() + timedelta(days=REMINDER_DAYS_BEFORE + 1)
    overdue_reminded = ReportReminder.objects.filter(
        report=OuterRef("pk"), kind=ReportReminder.Kind.OVERDUE, due_date=OuterRef("due_date")
    )
    candidates = (
        Report.objects.filter(
            status__in=OPEN,
            due_date__lte=horizon,
            agreement__status=ContributionAgreement.Status.ACTIVE,
        )
        .exclude(Exists(overdue_reminded))
        .order_by("due_date", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            report = (
                Report.objects.select_for_update(of=("self",))
                .select_related("agreement__mission", "agreement__proposal")
                .get(pk=pk)
            )
            kind = reminder_kind_due(report, report.agreement.today)
            if report.status not in OPEN or kind is None:
                continue
            _reminder, created = ReportReminder.objects.get_or_create(
                report=report, kind=kind, due_date=report.due_date
            )
            if not created:
                continue
            _tell_partner(
                report,
                f"report_{kind}",
                key=f"report-reminder:{report.pk}:{kind}:{report.due_date.isoformat()}",
                bulk=True,
            )
            sent += 1
    return sent


# --- The partner's report ---------------------------------------------------------------------

# What the partner writes on the report's page (the rows' values go through their own dicts).
PARTNER_FIELDS = (*NARRATIVE, *COUNT_FIELDS, "identity_factors", "identity_factors_other")


class ReportConflict(Exception):
    """Someone saved the report since this page read it: nothing was written. `theirs`: the
    narrative as they saved it, where it differs from what this page sent (label, text)."""

    def __init__(self, *, version, saved_by, saved_at, same_person, theirs):
        super().__init__("conflict")
        self.version = version
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.same_person = same_person
        self.theirs = theirs


def _report_locked(report: Report) -> Report:
    agreement = _locked(report.agreement)
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.agreement = agreement
    return report


@transaction.atomic
def report_start(*, report: Report, actor: User) -> Report:
    """The partner starts writing a report: it copies what the project planned — each expected
    result with its indicator, baseline and target, each line of the budget in force with its
    CFLI amount — for the actuals to stand beside. Starting twice does nothing more."""
    report = _report_locked(report)
    if not permissions.can_write_report(actor, report):
        raise PermissionDenied
    if report.status != Report.Status.SCHEDULED:
        return report
    agreement = report.agreement
    ReportResult.objects.bulk_create(
        ReportResult.planned(report, position, result)
        for position, result in enumerate(agreement.proposal.results.order_by("position", "pk"))
    )
    lines = agreement.budget.lines.order_by("position", "pk") if agreement.budget else []
    ReportExpenditure.objects.bulk_create(
        ReportExpenditure.planned(report, position, line) for position, line in enumerate(lines)
    )
    workflow.transition(report, to=Report.Status.DRAFT)
    report.save(update_fields=["status", "updated_at"])
    record_event(
        agreement, kind=AgreementEvent.Kind.REPORT_STARTED, actor=actor, report=report.kind
    )
    return report


def _theirs(report: Report, values: dict) -> list[tuple[str, str]]:
    """The narrative as saved, where it differs from what a conflicting save sent."""
    return [
        (field_label(name), getattr(report, name))
        for name in NARRATIVE
        if name in values and values[name] != getattr(report, name) and getattr(report, name)
    ]


@transaction.atomic
def report_save(
    *,
    report: Report,
    actor: User,
    values: dict,
    results: dict[int, dict],
    expenditures: dict[int, dict],
    version: int,
    editor: str = "",
    force: bool = False,
) -> Report:
    """Save what the partner wrote, as an autosave or with the Save button: the fields given
    (`values`, only the partner's), the actuals of the rows given by id. A page that did not
    see the last save gets a conflict and writes nothing, unless its person chose to keep
    their text (`force`); the same page's own saves never conflict (`editor`)."""
    report = _report_locked(report)
    if not permissions.can_write_report(actor, report) or report.status == Report.Status.SCHEDULED:
        raise PermissionDenied
    same_page = bool(editor) and (report.editor, report.saved_by_id) == (editor, actor.pk)
    if report.version != version and not same_page and not force:
        raise ReportConflict(
            version=report.version,
            saved_by=report.saved_by.full_name or report.saved_by.email if report.saved_by else "",
            saved_at=report.saved_at,
            same_person=report.saved_by_id == actor.pk,
            theirs=_theirs(report, values),
        )
    changed = [name for name in PARTNER_FIELDS if name in values]
    for name in changed:
        setattr(report, name, values[name])
    _rows_save(report.results.all(), results, ("actual", "achievement", "explanation"))
    _rows_save(report.expenditures.all(), expenditures, ("actual_local", "explanation"))
    report.version += 1
    report.saved_by, report.saved_at, report.editor = actor, timezone.now(), editor
    report.full_clean(exclude=[f.name for f in Report._meta.fields if f.name not in changed])
    report.save(update_fields=[*changed, "version", "saved_by", "saved_at", "editor", "updated_at"])
    return report


def _rows_save(rows, values: dict[int, dict], fields: tuple[str, ...]) -> None:
    """Write the given values onto the report's rows by id; ids of other reports are ignored."""
    changed = []
    for row in rows:
        given = values.get(row.pk)
        if given is None:
            continue
        for name in fields:
            if name in given:
                setattr(row, name, given[name])
        changed.append(row)
    if changed:
        type(changed[0]).objects.bulk_update(changed, fields)


def report_snapshot(report: Report) -> dict:
    """Everything the report says, as submitted: the versions compare side by side from it."""
    return {
        "fields": {name: getattr(report, name) for name in PARTNER_FIELDS},
        "results": [
            {
                "description": r.description,
                "indicator": r.indicator,
                "baseline": r.baseline,
                "target": r.target,
                "actual": r.actual,
                "achievement": r.achievement,
                "explanation": r.explanation,
            }
            for r in report.results.all()
        ],
        "expenditures": [
            {
                "description": e.description,
                "category": e.category,
                "planned_local": str(e.planned_local),
                "actual_local": None if e.actual_local is None else str(e.actual_local),
                "explanation": e.explanation,
            }
            for e in report.expenditures.all()
        ],
        "files": [
            {"id": f.pk, "name": f.file_name, "kind": f.kind, "sha256": f.sha256}
            for f in report.files.all()
        ],
    }


@transaction.atomic
def report_submit(*, report: Report, actor: User) -> ReportSubmission:
    """The partner submits the report, complete (an unexplained variance names its line): the
    version is kept as submitted, with its files, and the mission's officers are told."""
    report = _report_locked(report)
    if not permissions.can_write_report(actor, report):
        raise PermissionDenied
    workflow.check_transition(report, to=Report.Status.SUBMITTED)
    problems = report_problems(report)
    if problems:
        raise ValidationError([problem.message for problem in problems], code="incomplete")
    now = timezone.now()
    submission = ReportSubmission.objects.create(
        report=report,
        number=report.submissions.count() + 1,
        snapshot=report_snapshot(report),
        submitted_by=actor,
        submitted_at=now,
    )
    report.files.filter(submission__isnull=True).update(submission=submission)
    workflow.transition(report, to=Report.Status.SUBMITTED)
    report.submitted_by, report.submitted_at = actor, now
    report.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    record_event(
        report.agreement,
        kind=AgreementEvent.Kind.REPORT_SUBMITTED,
        actor=actor,
        report=report.kind,
        data={"version": submission.number},
    )
    notify(
        event="report_submitted",
        key=f"report-submitted:{report.pk}:{submission.number}",
        recipients=program_officers_of(report.agreement.mission_id),
        context={
            "objects": _objects(report),
            "path": reverse(
                "monitoring_staff:report", args=[report.agreement.proposal_id, report.kind]
            ),
            "version": submission.number,
        },
    )
    return submission


@transaction.atomic
def report_file_add(
    *, report: Report, actor: User, kind: str, upload, cleared_for_publication: bool = False
) -> ReportFile:
    """Attach a checked file to a report the partner is writing: allowed type by name and
    content, within the call's size limit; stored privately with its SHA-256. Only a photo may
    be cleared for publication."""
    report = _report_locked(report)
    if not permissions.can_write_report(actor, report):
        raise PermissionDenied
    if kind not in ReportFile.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of file.")}, code="invalid_kind")
    if cleared_for_publication and kind != ReportFile.Kind.PHOTO:
        raise ValidationError(
            {"cleared_for_publication": _("Only a photo may be cleared for publication.")},
            code="not_a_photo",
        )
    report_file = _stored(
        ReportFile(
            report=report,
            kind=kind,
            cleared_for_publication=cleared_for_publication,
            uploaded_by=actor,
        ),
        upload,
        agreement=report.agreement,
        field="file",
    )
    audit_record(
        verb="report.file_added",
        actor=actor,
        target=report_file,
        mission_id=report.agreement.mission_id,
        data={"report": report.pk, "sha256": report_file.sha256, "size": report_file.size},
    )
    return report_file


def _stored(row: ReportFile | VisitPhoto, upload, *, agreement: ContributionAgreement, field: str):
    """Check an upload as every upload is checked, within the call's size limit, and store it
    privately on `row` with what the checks found; a refusal is said on the form's `field`."""
    max_bytes = agreement.proposal.call.attachment_max_mb * MB
    try:
        checked = inspect_upload(upload, max_bytes=max_bytes)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error
    row.file_name, row.content_type = checked.file_name, checked.content_type
    row.size, row.sha256 = checked.size, checked.sha256
    row.file.save(checked.file_name, upload, save=False)
    row.save()
    return row


@transaction.atomic
def report_file_remove(*, report_file: ReportFile, actor: User) -> None:
    """Remove a file not yet submitted (a submitted one stays with its version); the stored
    file goes once the row is gone."""
    report = _report_locked(report_file.report)
    report_file = ReportFile.objects.select_for_update().get(pk=report_file.pk)
    if not permissions.can_write_report(actor, report):
        raise PermissionDenied
    if report_file.submission_id is not None:
        raise ValidationError(
            _("This file was submitted with the report and stays with it."), code="submitted"
        )
    name, storage = report_file.file.name, report_file.file.storage
    audit_record(
        verb="report.file_removed",
        actor=actor,
        target=report_file,
        mission_id=report.agreement.mission_id,
        data={"report": report.pk, "name": report_file.file_name},
    )
    report_file.delete()
    if name:  # always set on a saved file
        transaction.on_commit(lambda: storage.delete(name))


def report_file_download_record(*, report_file: ReportFile, actor: User, request=None) -> None:
    """Each download of a report's file is on the audit trail."""
    audit_record(
        verb="report.file_downloaded",
        actor=actor,
        target=report_file,
        request=request,
        data={"report": report_file.report_id},
    )


# --- The officer's review ----------------------------------------------------------------------


def _review(report: Report, actor: User, decision: str, comments: str) -> ReportReview:
    """The officer's answer to the report's last submitted version."""
    submission = report.submissions.latest("number")
    return ReportReview.objects.create(
        report=report,
        submission=submission,
        decision=decision,
        comments=comments,
        reviewer=actor,
        reviewed_at=timezone.now(),
    )


@transaction.atomic
def report_accept(*, report: Report, actor: User, note: str = "") -> Report:
    """The officer accepts the submitted report: the instalments waiting for it become due
    (the interim report's the next instalment, the final report's the holdback), and the
    partner is told."""
    report = _report_locked(report)
    if not permissions.can_review_report(actor, report):
        raise PermissionDenied
    workflow.check_transition(report, to=Report.Status.ACCEPTED)
    review = _review(report, actor, ReportReview.Decision.ACCEPTED, note.strip())
    workflow.transition(report, to=Report.Status.ACCEPTED)
    report.accepted_by, report.accepted_at = actor, review.reviewed_at
    report.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    step = record_event(
        report.agreement,
        kind=AgreementEvent.Kind.REPORT_ACCEPTED,
        actor=actor,
        report=report.kind,
        note=review.comments,
        data={"version": review.submission.number},
    )
    instalments_release(agreement=report.agreement, condition=RELEASES[report.kind], actor=actor)
    _tell_partner(report, "report_accepted", key=f"report-accepted:{report.pk}", step=step)
    return report


@transaction.atomic
def report_revision_request(*, report: Report, actor: User, comments: str) -> Report:
    """The officer sends the submitted report back with comments the partner reads; the
    partner revises it and submits it again, each version kept."""
    report = _report_locked(report)
    if not permissions.can_review_report(actor, report):
        raise PermissionDenied
    workflow.check_transition(report, to=Report.Status.REVISION_REQUESTED)
    if not comments.strip():
        raise ValidationError(
            {"comments": _("Say what the partner must revise: they read it.")}, code="no_comments"
        )
    review = _review(report, actor, ReportReview.Decision.REVISION_REQUESTED, comments.strip())
    workflow.transition(report, to=Report.Status.REVISION_REQUESTED)
    report.save(update_fields=["status", "updated_at"])
    step = record_event(
        report.agreement,
        kind=AgreementEvent.Kind.REPORT_REVISION_REQUESTED,
        actor=actor,
        report=report.kind,
        note=review.comments,
        data={"version": review.submission.number},
    )
    _tell_partner(
        report,
        "report_revision_requested",
        key=f"report-revision:{report.pk}:{review.submission.number}",
        step=step,
    )
    return report


# --- Monitoring visits, follow-ups and closure --------------------------------------------------


def _officer_locked(agreement: ContributionAgreement, actor: User) -> ContributionAgreement:
    """The agreement in force, locked, for one of its mission's program officers."""
    agreement = _locked(agreement)
    if not permissions.is_officer_of(actor, agreement):
        raise PermissionDenied
    if agreement.status != ContributionAgreement.Status.ACTIVE:
        raise ValidationError(
            _("The project is no longer in force: nothing more is recorded."), code="ended"
        )
    return agreement


@transaction.atomic
def visit_record(
    *,
    agreement: ContributionAgreement,
    actor: User,
    visited_on: date,
    mode: str,
    staff,
    findings: str,
    follow_ups: list[dict],
    photos=(),
) -> MonitoringVisit:
    """A program officer records a monitoring visit: when, how, who went, what they found, the
    follow-up actions it asks for (each with its owner — the partner, or a staff member of the
    mission — and a due date) and its photos, checked as every upload. The partner is told of
    the actions that are theirs."""
    agreement = _officer_locked(agreement, actor)
    if not findings.strip():
        raise ValidationError({"findings": _("Say what the visit found.")}, code="no_findings")
    if visited_on > agreement.today:
        raise ValidationError(
            {"visited_on": _("Record a visit once it took place.")}, code="future_visit"
        )
    visit = MonitoringVisit.objects.create(
        agreement=agreement,
        visited_on=visited_on,
        mode=mode,
        findings=findings.strip(),
        recorded_by=actor,
    )
    visit.staff.set(staff)
    FollowUp.objects.bulk_create(
        FollowUp(
            visit=visit,
            action=item["action"].strip(),
            owner=item.get("owner"),
            due_date=item["due_date"],
        )
        for item in follow_ups
    )
    for upload in photos:
        _stored(
            VisitPhoto(visit=visit, uploaded_by=actor), upload, agreement=agreement, field="photos"
        )
    record_event(
        agreement,
        kind=AgreementEvent.Kind.VISIT_RECORDED,
        actor=actor,
        data={"visit": visit.pk, "follow_ups": len(follow_ups)},
    )
    if any(item.get("owner") is None for item in follow_ups):
        notify(
            event="visit_follow_ups",
            key=f"visit-follow-ups:{visit.pk}",
            recipients=member_users(agreement.proposal.organization_id),
            context={
                "objects": {
                    "visit": ["monitoring.MonitoringVisit", visit.pk],
                    "agreement": ["agreements.ContributionAgreement", agreement.pk],
                },
                "path": reverse("agreements:agreement", args=[agreement.proposal_id]),
            },
        )
    return visit


@transaction.atomic
def follow_up_done(*, follow_up: FollowUp, actor: User, note: str) -> FollowUp:
    """A program officer marks a follow-up action done, saying how (for one the partner owned,
    what the partner showed)."""
    agreement = _officer_locked(follow_up.visit.agreement, actor)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status != FollowUp.Status.OPEN:
        raise ValidationError(_("This action is already done."), code="done")
    if not note.strip():
        raise ValidationError({"note": _("Say how it was done, for the file.")}, code="no_note")
    follow_up.status = FollowUp.Status.DONE
    follow_up.closed_by, follow_up.closed_at, follow_up.note = actor, timezone.now(), note.strip()
    follow_up.save(update_fields=["status", "closed_by", "closed_at", "note", "updated_at"])
    record_event(
        agreement,
        kind=AgreementEvent.Kind.FOLLOW_UP_DONE,
        actor=actor,
        note=follow_up.note,
        data={"follow_up": follow_up.pk},
    )
    return follow_up


@transaction.atomic
def project_close(
    *,
    agreement: ContributionAgreement,
    actor: User,
    returned_cad: Decimal,
    final_ge_code: str,
    note: str = "",
) -> Closure:
    """A program officer closes a project completed — the final report accepted, every
    instalment paid or cancelled, no follow-up open — with its final figures: what the CFLI
    paid, what the final report left unspent and what of it was returned, and the final
    gender-equality code confirmed. The agreement ends closed; the project is read-only."""
    agreement = _officer_locked(agreement, actor)
    blockers = closure_blockers(agreement)
    if blockers:
        raise ValidationError(blockers, code="not_ready")
    figures = closure_figures(agreement)
    if returned_cad < 0:
        raise ValidationError(
            {"returned_cad": _("What was returned cannot be negative.")}, code="negative"
        )
    closure = Closure.objects.create(
        agreement=agreement,
        paid_cad=figures.paid_cad,
        unspent_local=figures.unspent_local,
        unspent_cad=figures.unspent_cad,
        returned_cad=returned_cad,
        final_ge_code=final_ge_code,
        note=note.strip(),
        closed_by=actor,
        closed_at=timezone.now(),
    )
    agreement_close(agreement=agreement, actor=actor)
    audit_record(
        verb="project.closed",
        actor=actor,
        target=agreement,
        mission_id=agreement.mission_id,
        data={
            "paid_cad": str(closure.paid_cad),
            "unspent_cad": str(closure.unspent_cad),
            "returned_cad": str(closure.returned_cad),
            "final_ge_code": final_ge_code,
        },
    )
    return closure


def visit_photo_download_record(*, photo: VisitPhoto, actor: User, request=None) -> None:
    """Each download of a visit's photo is on the audit trail."""
    audit_record(
        verb="visit.photo_downloaded",
        actor=actor,
        target=photo,
        request=request,
        data={"visit": photo.visit_id},
    )
