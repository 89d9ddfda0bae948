"""Writes of a project's reports (docs/decisions/0023). Each state change locks the agreement,
checks, writes, records the step on the agreement's timeline and in the audit log, and writes
its notifications, in one transaction."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import member_users
from agreements.models import AgreementEvent, Amendment, ContributionAgreement, PaymentInstalment
from agreements.services import record_event
from notifications.services import notify
from programs.models import InstalmentCondition, ReportKind

from . import permissions
from .models import OPEN, Report, ReportReminder

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


def _kinds_due(agreement: ContributionAgreement) -> list[str]:
    """The reports an agreement asks for: an interim report when its call asks every project
    for one or an instalment waits for it, and always a final report."""
    kinds = []
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
    due_dates = {ReportKind.INTERIM: interim_due_date, ReportKind.FINAL: final_due_date}
    added = []
    for kind in _kinds_due(agreement):
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


def _partner_path(agreement: ContributionAgreement) -> str:
    return reverse("agreements:agreement", args=[agreement.proposal_id])


def _tell_partner(report: Report, event: str, *, key: str, step=None, bulk=False) -> None:
    """Notify the organization's members of a step of their report, in their language."""
    agreement = report.agreement
    objects = {
        "report": ["monitoring.Report", report.pk],
        "agreement": ["agreements.ContributionAgreement", agreement.pk],
        "proposal": ["proposals.Proposal", agreement.proposal_id],
        "organization": ["accounts.Organization", agreement.proposal.organization_id],
    }
    if step is not None:
        objects["event"] = ["agreements.AgreementEvent", step.pk]
    notify(
        event=event,
        key=key,
        recipients=member_users(agreement.proposal.organization_id),
        context={"objects": objects, "path": _partner_path(agreement)},
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


def _reminder_kind(report: Report, today: date) -> str | None:
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
            kind = _reminder_kind(report, report.agreement.today)
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
