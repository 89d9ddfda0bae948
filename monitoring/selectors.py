"""Reads of a project's reports, scoped to who asks: staff read their missions' (administrators
every mission's), partners their organizations'; 404 otherwise."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import models
from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agreements.models import AgreementEvent, ContributionAgreement, PaymentInstalment
from agreements.panels import Panel
from core.prepared import prepared
from programs.models import ReportKind
from proposals.beneficiaries import COUNT_FIELDS
from proposals.selectors import proposal_mission_ids_for_staff

from . import permissions
from .models import (
    OPEN,
    Closure,
    FollowUp,
    MonitoringVisit,
    Report,
    ReportReminder,
    ReportReview,
    ReportSubmission,
    VisitPhoto,
)


def reports_of(agreement: ContributionAgreement) -> list[Report]:
    """An agreement's reports by due date, each knowing its agreement (already read): one
    kept statement, as the agreement's pages read theirs (decision 0016)."""
    reports = _reports_of.list(agreement.pk)
    for report in reports:
        report.agreement = agreement
    return reports


@prepared
def _reports_of(agreement_id):
    return (
        Report.objects.filter(agreement_id=agreement_id)
        .only("agreement", "kind", "due_date", "status")
        .order_by("due_date", "kind")
    )


def reports_panel(agreement: ContributionAgreement, user, for_staff: bool) -> Panel | None:
    """The reports' section of the agreement's pages, once it is signed: one query."""
    if not agreement.is_signed:
        return None
    return Panel(
        "monitoring/partials/_reports.html",
        {
            "agreement": agreement,
            "reports": reports_of(agreement),
            "for_staff": for_staff,
        },
    )


def report_due_date(kind: str) -> Subquery:
    """The due date of a payment instalment's report of this kind (agreements.due_dates)."""
    return Subquery(
        Report.objects.filter(agreement=OuterRef("agreement"), kind=kind).values("due_date")[:1],
        output_field=DateField(),
    )


def report_get_for_staff(user, proposal_pk: int, kind: str) -> Report:
    """A report of an agreement of one of the user's missions, with its agreement, proposal
    and organization; 404 for any other."""
    mission_ids = proposal_mission_ids_for_staff(user)
    # The kind is part of the kept statement's key: only the two there are.
    if kind not in ReportKind.values or (mission_ids is not None and not mission_ids):
        raise Http404
    report = _report_for_staff.get(
        mission_ids or (), proposal_pk, kind=kind, every_mission=mission_ids is None
    )
    if report is None:
        raise Http404
    return report


# What the staff's report page shows of its agreement: the proposal's planned counts, not its
# answers.
STAFF_COLUMNS = (
    "agreement__number",
    "agreement__title",
    "agreement__status",
    "agreement__currency",
    "agreement__exchange_rate",
    "agreement__proposal",
    "agreement__proposal__reference",
    "agreement__proposal__organization__name",
    "agreement__proposal__call__report_variance_percent",
    "agreement__mission__time_zone",
    *(f"agreement__proposal__{name}" for name in COUNT_FIELDS),
)


@prepared
def _report_for_staff(mission_ids, proposal_pk, *, kind: str, every_mission: bool):
    """`report_get_for_staff`'s read, compiled once per process and shape."""
    reports = Report.objects.filter(agreement__proposal_id=proposal_pk, kind=kind)
    if not every_mission:
        reports = reports.filter(agreement__mission_id__in=mission_ids)
    return (
        reports.select_related(
            "agreement__proposal__organization", "agreement__proposal__call", "agreement__mission"
        )
        .only(*(f.name for f in Report._meta.concrete_fields), *STAFF_COLUMNS)
        .prefetch_related("files")
    )


def report_history(report: Report) -> list[AgreementEvent]:
    """The report's steps on the agreement's timeline (scheduled, due date moved …), oldest
    first, with who acted."""
    return _report_history.list(report.agreement_id, kind=report.kind)


@prepared
def _report_history(agreement_id, *, kind: str):
    return (
        AgreementEvent.objects.filter(agreement_id=agreement_id, report=kind)
        .select_related("actor")
        .order_by("created_at", "pk")
    )


def report_reminders(report: Report) -> list[ReportReminder]:
    """The reminders sent about the report, oldest first."""
    return _report_reminders.list(report.pk)


@prepared
def _report_reminders(report_id):
    return ReportReminder.objects.filter(report_id=report_id).order_by("sent_at", "pk")


def report_get_for_partner(user, proposal_pk: int, kind: str) -> Report:
    """A report of an agreement of one of the user's organizations, with what its page shows;
    404 for any other."""
    # The kind is part of the kept statement's key: only the two there are.
    if kind not in ReportKind.values:
        raise Http404
    report = _report_for_partner.get(user.pk, proposal_pk, kind=kind)
    if report is None:
        raise Http404
    return report


# What the partner's report page reads of the agreement, its proposal (the planned counts)
# and its call: the proposal's answers stay unread.
PARTNER_COLUMNS = (
    "agreement__number",
    "agreement__title",
    "agreement__status",
    "agreement__currency",
    "agreement__exchange_rate",
    "agreement__mission__time_zone",
    "agreement__proposal__organization__name",
    "agreement__proposal__call__report_variance_percent",
    "agreement__proposal__call__attachment_max_mb",
    *(f"agreement__proposal__{name}" for name in COUNT_FIELDS),
)


@prepared
def _report_for_partner(user_id, proposal_pk, *, kind: str):
    """`report_get_for_partner`'s read, compiled once per process and kind."""
    return (
        Report.objects.filter(
            agreement__proposal_id=proposal_pk,
            kind=kind,
            agreement__proposal__organization__memberships__user_id=user_id,
        )
        .select_related(
            "agreement__proposal__organization", "agreement__proposal__call", "agreement__mission"
        )
        .only(*(f.name for f in Report._meta.concrete_fields), *PARTNER_COLUMNS)
        .prefetch_related("results", "expenditures", "files")
    )


@dataclass(frozen=True)
class ReportMoney:
    """The report's spending against the budget, in the budget's currency and in CAD at the
    agreement's rate; what the partner received, and what is left unspent of it."""

    currency: str
    rate: Decimal
    planned: Decimal
    spent: Decimal
    received: Decimal

    @property
    def unspent(self) -> Decimal:
        return max(self.received - self.spent, Decimal(0))

    def cad(self, value: Decimal) -> Decimal:
        return (value * self.rate).quantize(Decimal("0.01"))

    @property
    def planned_cad(self) -> Decimal:
        return self.cad(self.planned)

    @property
    def spent_cad(self) -> Decimal:
        return self.cad(self.spent)

    @property
    def received_cad(self) -> Decimal:
        return self.cad(self.received)

    @property
    def unspent_cad(self) -> Decimal:
        return self.cad(self.unspent)


def report_money(report: Report) -> ReportMoney:
    """From the report's rows (prefetched) and the payments made (one kept statement)."""
    agreement = report.agreement
    expenditures = report.expenditures.all()
    received = sum(
        (i.paid_amount_local or Decimal(0) for i in _paid_instalments.list(agreement.pk)),
        Decimal(0),
    )
    return ReportMoney(
        currency=agreement.currency,
        rate=agreement.exchange_rate,
        planned=sum((e.planned_local for e in expenditures), Decimal(0)),
        spent=sum((e.actual_local or Decimal(0) for e in expenditures), Decimal(0)),
        received=received,
    )


@prepared
def _paid_instalments(agreement_id):
    """What the partner received of an agreement: its paid instalments' amounts."""
    return PaymentInstalment.objects.filter(
        agreement_id=agreement_id, status=PaymentInstalment.Status.PAID
    ).only("paid_amount_local")


def report_file_get(report: Report, file_pk: int):
    """A file of a report the user may already read; 404 otherwise."""
    for report_file in report.files.all():  # prefetched with the page
        if report_file.pk == file_pk:
            return report_file
    raise Http404


def report_versions(report: Report) -> list[ReportSubmission]:
    """The report's submitted versions, oldest first, each with who submitted it and the
    officer's answer to it, if any."""
    return _report_versions.list(report.pk)


@prepared
def _report_versions(report_id):
    return (
        ReportSubmission.objects.filter(report_id=report_id)
        .select_related("submitted_by", "review__reviewer")
        .order_by("number")
    )


def last_review(report: Report) -> ReportReview | None:
    """The officer's last answer: the comments a report sent back for revision carries."""
    return ReportReview.objects.filter(report=report).order_by("-reviewed_at", "-pk").first()


class ListView(models.TextChoices):
    """What the staff's list of reports shows."""

    ATTENTION = "attention", _("To review, overdue or due within 30 days")
    TO_REVIEW = "to_review", _("To review")
    OVERDUE = "overdue", _("Overdue")
    ALL = "all", _("All reports")


# The list's columns: the report, its agreement's number and status, the organization's name.
LIST_COLUMNS = (
    "kind",
    "due_date",
    "status",
    "agreement__number",
    "agreement__status",
    "agreement__proposal",
    "agreement__proposal__organization__name",
    "agreement__mission__time_zone",
)


def reports_for_staff(user, view: str) -> QuerySet[Report]:
    """The reports of the user's missions' agreements in force (every mission's for
    administrators) that the view asks for, the soonest due first; a query of its own
    whatever the number of rows. Overdue and "due within 30 days" are judged at UTC's date,
    a day's margin the page's badges then judge at each mission's."""
    reports = Report.objects.filter(agreement__status=ContributionAgreement.Status.ACTIVE)
    mission_ids = proposal_mission_ids_for_staff(user)
    if mission_ids is not None:
        reports = reports.filter(agreement__mission_id__in=mission_ids)
    today = timezone.now().date()
    overdue = Q(status__in=OPEN, due_date__lt=today)
    if view == ListView.TO_REVIEW:
        reports = reports.filter(status=Report.Status.SUBMITTED)
    elif view == ListView.OVERDUE:
        reports = reports.filter(overdue)
    elif view != ListView.ALL:
        soon = Q(status__in=OPEN, due_date__lte=today + timedelta(days=30))
        reports = reports.filter(Q(status=Report.Status.SUBMITTED) | overdue | soon)
    return (
        reports.select_related("agreement__proposal__organization", "agreement__mission")
        .only(*LIST_COLUMNS)
        .order_by("due_date", "agreement__number", "kind")
    )


def monitoring_panel(agreement: ContributionAgreement, user, for_staff: bool) -> Panel | None:
    """The visits' and closure's section of the agreement's pages, once it is signed: staff
    read every visit with its open actions (one query), the partner the actions that are
    theirs (one query); both the closure of a closed project (one query)."""
    if not agreement.is_signed:
        return None
    closure = None
    if agreement.status == ContributionAgreement.Status.CLOSED:  # only a closed one has one
        closure = Closure.objects.filter(agreement=agreement).first()
    if for_staff:
        return Panel(
            "monitoring/partials/_monitoring.html",
            {
                "agreement": agreement,
                "visits": _visits_of.list(agreement.pk),
                "closure": closure,
                "for_staff": True,
                "can_record": permissions.can_record_visit(user, agreement),
            },
        )
    actions = _partner_actions_of.list(agreement.pk)
    if not actions and closure is None:
        return None
    return Panel(
        "monitoring/partials/_monitoring.html",
        {"agreement": agreement, "actions": actions, "closure": closure, "for_staff": False},
    )


@prepared
def _visits_of(agreement_id):
    """An agreement's visits, latest first, each with its open actions counted."""
    return (
        MonitoringVisit.objects.filter(agreement_id=agreement_id)
        .annotate(
            open_actions=Count("follow_ups", filter=Q(follow_ups__status=FollowUp.Status.OPEN))
        )
        .only("agreement", "visited_on", "mode")
        .order_by("-visited_on", "-pk")
    )


@prepared
def _partner_actions_of(agreement_id):
    """The open follow-up actions the partner owns, soonest due first."""
    return (
        FollowUp.objects.filter(
            visit__agreement_id=agreement_id, owner__isnull=True, status=FollowUp.Status.OPEN
        )
        .only("action", "due_date", "visit")
        .order_by("due_date", "pk")
    )


def visit_get_for_staff(user, proposal_pk: int, visit_pk: int) -> MonitoringVisit:
    """A visit of an agreement of one of the user's missions, with its follow-ups, staff and
    photos; 404 for any other."""
    visits = MonitoringVisit.objects.filter(pk=visit_pk, agreement__proposal_id=proposal_pk)
    mission_ids = proposal_mission_ids_for_staff(user)
    if mission_ids is not None:
        visits = visits.filter(agreement__mission_id__in=mission_ids)
    visit = (
        visits.select_related(
            "agreement__proposal__organization", "agreement__mission", "recorded_by"
        )
        .prefetch_related("staff", "photos", "follow_ups__owner", "follow_ups__closed_by")
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def visit_photo_get(visit: MonitoringVisit, photo_pk: int) -> VisitPhoto:
    for photo in visit.photos.all():  # prefetched with the visit
        if photo.pk == photo_pk:
            return photo
    raise Http404


def mission_staff(mission_id: int) -> QuerySet[User]:
    """Who may have visited a project, or own a follow-up: the mission's active staff."""
    return (
        User.objects.filter(mission_roles__mission=mission_id, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )
