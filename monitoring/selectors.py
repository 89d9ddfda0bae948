"""Reads of a project's reports, scoped to who asks: staff read their missions' (administrators
every mission's), partners their organizations'; 404 otherwise."""

from django.db.models import DateField, OuterRef, QuerySet, Subquery
from django.http import Http404

from agreements.models import AgreementEvent, ContributionAgreement
from agreements.panels import Panel
from proposals.selectors import proposal_mission_ids_for_staff

from .models import Report


def reports_of(agreement: ContributionAgreement) -> list[Report]:
    """An agreement's reports by due date, each knowing its agreement (already read)."""
    reports = list(Report.objects.filter(agreement=agreement).order_by("due_date", "kind"))
    for report in reports:
        report.agreement = agreement
    return reports


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
    reports = Report.objects.filter(agreement__proposal_id=proposal_pk, kind=kind)
    mission_ids = proposal_mission_ids_for_staff(user)
    if mission_ids is not None:
        reports = reports.filter(agreement__mission_id__in=mission_ids)
    report = reports.select_related(
        "agreement__proposal__organization", "agreement__mission"
    ).first()
    if report is None:
        raise Http404
    return report


def report_history(report: Report) -> QuerySet[AgreementEvent]:
    """The report's steps on the agreement's timeline (scheduled, due date moved …), oldest
    first, with who acted."""
    return (
        AgreementEvent.objects.filter(agreement_id=report.agreement_id, report=report.kind)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
