"""Reads for exports, scoped to the person asking: the staff list's scope, and one's own files."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from agreements.models import (
    PUBLICATION_FIELDS,
    Amendment,
    ContributionAgreement,
    PaymentInstalment,
)
from agreements.selectors import agreement_list_for_staff
from monitoring.models import Report, ReportExpenditure, ReportResult
from monitoring.selectors import reports_for_staff
from proposals.models import Proposal
from proposals.selectors import (
    STAFF_LIST_DEFERRED,
    proposal_call_list_for_staff,
    proposal_list_filter,
    proposal_list_for_staff,
    proposal_mission_ids_for_staff,
)

from .models import Export

MONEY = DecimalField(max_digits=14, decimal_places=2)

# Canada publishes every contribution over CAD 10,000 (proactive disclosure of grants).
DISCLOSURE_MIN_AMOUNT = Decimal("10000")


def can_export(user) -> bool:
    """Whoever sees the staff list of proposals may export it: program officers and approvers
    of a mission, and administrators (reviewers see only what is assigned to them)."""
    return proposal_mission_ids_for_staff(user) != set()


def proposal_export_list_for(user, *, filters: dict) -> QuerySet[Proposal]:
    """The staff list with its filters (keywords of `proposal_list_filter`), with what the export
    adds from the review: the combined score, the codes and the decided amount. One query."""
    return proposal_list_filter(proposal_list_for_staff(user), **filters).annotate(
        export_score=F("review_summary__score"),
        export_suggested_ge_code=F("review_summary__suggested_ge_code"),
        export_final_ge_code=F("decision__ge_code"),
        export_decision_amount=F("decision__amount"),
    )


def disclosure_list_for(user, *, fiscal_year: int | None = None) -> QuerySet[Proposal]:
    """Approved awards over CAD 10,000 in the user's scope, by fiscal year, mission and
    reference; with the awarded amount. One query."""
    proposals = proposal_list_for_staff(user).filter(
        status=Proposal.Status.APPROVED, decision__amount__gt=DISCLOSURE_MIN_AMOUNT
    )
    if fiscal_year is not None:
        proposals = proposals.filter(call__fiscal_year=fiscal_year)
    return (
        proposals.annotate(export_award=F("decision__amount"))
        .defer(*STAFF_LIST_DEFERRED)
        .order_by("call__fiscal_year", "call__mission__code", "reference", "pk")
    )


def publication_agreements_for(
    user, mission_id: int | None, quarter
) -> QuerySet[ContributionAgreement] | None:
    """The agreements of a quarter a staff member may publish: of one of their missions
    (`mission_id`), or of all their missions (every mission for administrators); None for a
    mission not theirs."""
    mission_ids = proposal_mission_ids_for_staff(user)
    if mission_id is not None:
        if mission_ids is not None and mission_id not in mission_ids:
            return None
        mission_ids = {mission_id}
    return publication_agreements(mission_ids, quarter)


# What a publication row reads of an agreement, its proposal, organization and mission.
PUBLICATION_COLUMNS = (
    "number", "start_date", "end_date", "amount_cad", "amount_local", "currency",
    *PUBLICATION_FIELDS,
    "proposal__reference",
    *(f"proposal__organization__{name}" for name in (
        "name", "city", "country", "kind", "registration_status"
    )),
    "mission__code", "mission__time_zone",
)  # fmt: skip


def publication_agreements(
    mission_ids: set[int] | None, quarter=None
) -> QuerySet[ContributionAgreement]:
    """The agreements that came into force, of these missions (None: every mission), with what
    their publication rows read (the amendments prefetched): of a quarter, those that came into
    force or had an amendment decided in it (a day's margin for the missions' time zones: the
    rows are dated at the mission). Two queries."""
    agreements = ContributionAgreement.objects.filter(start_date__isnull=False)
    if mission_ids is not None:
        agreements = agreements.filter(mission_id__in=mission_ids)
    if quarter is not None:
        margin = timedelta(days=1)
        amended = Amendment.objects.filter(
            agreement=OuterRef("pk"),
            status=Amendment.Status.APPROVED,
            decided_at__date__range=(quarter.first_day - margin, quarter.last_day + margin),
        )
        agreements = agreements.filter(
            Q(start_date__range=(quarter.first_day, quarter.last_day)) | Exists(amended)
        )
    return (
        agreements.select_related("proposal__organization", "mission")
        .only(*PUBLICATION_COLUMNS)
        .prefetch_related("amendments")
        .order_by("mission__code", "number")
    )


def disclosure_fiscal_years_for(user) -> list[int]:
    """The fiscal years of the calls whose proposals the user sees, newest first. One query."""
    return list(
        proposal_call_list_for_staff(user)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


def export_list_for(user) -> QuerySet[Export]:
    """The user's own exports, newest first; nobody sees another person's."""
    return Export.objects.filter(requested_by=user).order_by("-created_at", "-pk")


def export_get_for(user, pk: int) -> Export:
    """One of the user's own ready exports; 404 for any other, administrators' included."""
    return get_object_or_404(export_list_for(user), pk=pk, status=Export.Status.READY)


def agreement_filters_load(data: dict) -> dict:
    """Keywords of `agreement_list_for_staff` from an export's stored filters."""
    return {
        "status": data.get("status") or "",
        "call_id": data.get("call"),
        "fiscal_year": data.get("fiscal_year"),
        "next_action": data.get("next_action") or "",
    }


def agreement_export_list_for(user, *, filters: dict) -> QuerySet[ContributionAgreement]:
    """The staff's list of agreements with its filters, each with what it has been paid. One
    query."""
    return agreement_list_for_staff(user, **agreement_filters_load(filters))


def payment_export_list_for(user, *, filters: dict) -> QuerySet[PaymentInstalment]:
    """The instalments of the agreements of that list, paid or not, in order. One query."""
    agreements = agreement_list_for_staff(user, **agreement_filters_load(filters))
    return PaymentInstalment.objects.filter(agreement__in=agreements.values("pk")).order_by(
        "agreement__mission__code", "agreement__number", "agreement_id", "sequence"
    )


def report_export_list_for(user, *, filters: dict) -> QuerySet[Report]:
    """The staff's list of reports as it was showing, each with its results met, partly met
    and not met, and its spending planned and actual (the CFLI's share, in the budget's
    currency): one query, the rows' figures as subqueries (joined, they would multiply)."""

    def of_report(queryset, value, output_field):
        rows = queryset.filter(report=OuterRef("pk")).values("report").annotate(value=value)
        return Coalesce(
            Subquery(rows.values("value")[:1], output_field=output_field),
            Value(0),
            output_field=output_field,
        )

    results = ReportResult.objects.order_by()
    expenditures = ReportExpenditure.objects.order_by()
    achieved = {
        f"results_{achievement}": of_report(
            results.filter(achievement=achievement), Count("pk"), IntegerField()
        )
        for achievement in ReportResult.Achievement.values
    }
    return reports_for_staff(user, filters.get("view", "")).annotate(
        **achieved,
        planned_local=of_report(expenditures, Sum("planned_local"), MONEY),
        spent_local=of_report(expenditures, Sum("actual_local"), MONEY),
    )
