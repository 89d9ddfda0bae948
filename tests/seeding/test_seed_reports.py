"""`manage.py seed_volume` gives the agreements signed by both parties their reports (issue 22's
monitoring, in volume): these tests check that what it writes in bulk is what the services
would have written — the schedule of the countersignature, complete reports sent with their
versions, what an acceptance releases, the reminders already sent — so that the pages and the
daily beat treat seeded reports as real ones."""

from collections import Counter
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from agreements.models import AgreementEvent, ContributionAgreement, PaymentInstalment
from monitoring.completeness import report_problems
from monitoring.models import RELEASES, Report, ReportReminder
from monitoring.services import (
    final_due_date,
    interim_due_date,
    report_kinds_due,
    report_snapshot,
    reports_schedule_missing,
)
from monitoring.tasks import send_report_reminders
from notifications.models import Notification

pytestmark = pytest.mark.django_db

SENT = ("submitted", "revision_requested", "accepted")
DUE_DATES = {"interim": interim_due_date, "final": final_due_date}


def seed(proposals: int = 400) -> str:
    out = StringIO()
    call_command("seed_volume", proposals=proposals, seed=1, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(officer_mexico):
    """Four hundred proposals: some thirty agreements signed over three fiscal years, two of
    them terminated since."""
    return seed()


def signed_agreements() -> list[ContributionAgreement]:
    return list(
        ContributionAgreement.objects.filter(countersigned_at__isnull=False)
        .select_related("mission", "proposal__call")
        .prefetch_related("reports", "instalments")
        .order_by("pk")
    )


def reports_read() -> list[Report]:
    """The reports as the pages read them: their rows prefetched."""
    return list(
        Report.objects.select_related("agreement__proposal__call", "agreement__mission")
        .prefetch_related("results", "expenditures", "files", "submissions", "reviews")
        .order_by("pk")
    )


def test_every_signed_agreement_has_the_reports_its_countersignature_scheduled(seeded):
    agreements = signed_agreements()

    assert len(agreements) >= 10
    assert "terminated" in {agreement.status for agreement in agreements}
    for agreement in agreements:
        reports = sorted(agreement.reports.all(), key=lambda report: report.kind != "interim")
        if agreement.status == "terminated":
            # As scheduled while in force (the call's interim instalment was not cancelled
            # yet), and left so by the termination.
            assert [(r.kind, r.status) for r in reports] == [
                ("interim", "scheduled"),
                ("final", "scheduled"),
            ]
        else:
            assert [r.kind for r in reports] == report_kinds_due(agreement)
        for report in reports:
            assert report.due_date == DUE_DATES[report.kind](agreement)
            scheduled = AgreementEvent.objects.get(
                agreement=agreement, kind="report_scheduled", report=report.kind
            )
            assert scheduled.due_date == report.due_date
            assert scheduled.actor_id == agreement.countersigned_by_id
    # The command that schedules agreements signed without reports finds none.
    assert reports_schedule_missing() == 0


def test_each_status_is_seeded_and_the_summary_counts_them(officer_mexico):
    summary = seed()

    counts = Counter(Report.objects.values_list("status", flat=True))
    assert set(counts) == set(Report.Status.values)
    assert f"Reports: {counts.total()} (" in summary
    for status, count in counts.items():
        assert f"{status} {count}" in summary
    # Agreements whose advance is not paid yet have not started their reports.
    for agreement in signed_agreements():
        if any(i.sequence == 1 and i.status == "due" for i in agreement.instalments.all()):
            assert {report.status for report in agreement.reports.all()} == {"scheduled"}


def test_reports_sent_are_complete_and_their_last_version_is_what_they_say(seeded):
    now = timezone.now()
    sent = [report for report in reports_read() if report.status in SENT]

    assert sent
    for report in sent:
        assert report_problems(report) == [], report.pk
        versions = list(report.submissions.all())
        reviews = sorted(report.reviews.all(), key=lambda review: review.reviewed_at)
        assert versions[-1].snapshot == report_snapshot(report)
        assert [version.number for version in versions] == list(range(1, len(versions) + 1))
        assert versions[-1].submitted_at == report.submitted_at
        assert report.agreement.countersigned_at < versions[0].submitted_at
        assert report.agreement.start_date <= versions[0].submitted_at.date()
        assert report.submitted_at < now
        # Each answer follows the version it answers.
        for review in reviews:
            assert review.submission.submitted_at < review.reviewed_at < now
        if report.status == "revision_requested":
            assert [r.decision for r in reviews] == ["revision_requested"]
            assert reviews[0].comments
            assert len(versions) == 1
        elif report.status == "accepted":
            assert reviews[-1].decision == "accepted"
            assert reviews[-1].submission == versions[-1]
            assert report.accepted_at == reviews[-1].reviewed_at
            assert report.submitted_at < report.accepted_at < now
            assert report.accepted_by_id == reviews[-1].reviewer_id
        if len(versions) == 2:
            assert reviews[0].decision == "revision_requested"
            assert versions[0].snapshot != versions[1].snapshot
    # What the partner reported stands near the plan: results mostly met, spending explained
    # where it strays beyond the call's variance (report_problems above), counts all given.
    achievements = Counter(r.achievement for report in sent for r in report.results.all())
    assert achievements["met"] > achievements["partly"] > 0
    languages = {report.agreement.language for report in sent}
    assert languages <= {"en", "fr", "es"}


def test_each_reports_steps_are_on_the_timeline_in_order(seeded):
    expected = {
        "scheduled": ["report_scheduled"],
        "draft": ["report_scheduled", "report_started"],
        "submitted": ["report_scheduled", "report_started", "report_submitted"],
        "revision_requested": [
            "report_scheduled",
            "report_started",
            "report_submitted",
            "report_revision_requested",
        ],
        "accepted": ["report_scheduled", "report_started", "report_submitted"],
    }
    for report in reports_read():
        kinds = list(
            AgreementEvent.objects.filter(agreement=report.agreement, report=report.kind)
            .order_by("created_at", "pk")
            .values_list("kind", flat=True)
        )
        if len(report.submissions.all()) == 2:
            assert kinds[3:5] == ["report_revision_requested", "report_submitted"]
            del kinds[3:5]
        if report.status == "accepted":
            assert kinds.pop() == "report_accepted"
        assert kinds == expected[report.status], report.pk
    # Written in the order they happened, as the services write them one step at a time.
    for agreement in signed_agreements():
        steps = AgreementEvent.objects.filter(agreement=agreement, kind__startswith="report_")
        by_time = list(steps.order_by("created_at", "pk").values_list("pk", flat=True))
        assert by_time == list(steps.order_by("pk").values_list("pk", flat=True))
        # The whole life in order: drafted, signed by both, then the reports.
        life = list(
            AgreementEvent.objects.filter(agreement=agreement)
            .order_by("created_at", "pk")
            .values_list("kind", flat=True)
        )
        assert life[0] == "opened"
        assert life.index("countersigned") < life.index("report_scheduled"), agreement.pk


def test_an_acceptance_releases_its_instalments_and_nothing_else_is_released(seeded):
    today = timezone.localdate()
    holdbacks = []
    for agreement in signed_agreements():
        accepted = {r.kind for r in agreement.reports.all() if r.status == "accepted"}
        for kind, condition in RELEASES.items():
            for instalment in agreement.instalments.all():
                if instalment.condition != condition:
                    continue
                if agreement.status == "terminated":
                    assert instalment.status == "cancelled"
                elif kind in accepted:
                    assert instalment.status in ("due", "paid")
                    if kind == "final":
                        holdbacks.append(instalment.status)
                else:
                    assert instalment.status == "scheduled", (agreement.pk, kind)
                if instalment.status == PaymentInstalment.Status.PAID:
                    # Filled as the seeded advance is.
                    assert instalment.paid_amount_cad == instalment.amount_cad
                    assert instalment.paid_rate == agreement.exchange_rate
                    assert instalment.payment_reference == (
                        f"SEED-{agreement.pk}-{instalment.sequence}"
                    )
                    assert agreement.start_date <= instalment.paid_on <= today
    assert "paid" in holdbacks


def test_the_daily_reminders_send_nothing_to_seeded_partners_the_day_of_the_seeding(
    seeded, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    overdue = Report.objects.filter(
        status__in=("scheduled", "draft"), agreement__status="active", due_date__lt=today
    )
    assert overdue.exists()  # without their reminders, the beat would remind them
    assert ReportReminder.objects.filter(kind="overdue").count() >= overdue.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = send_report_reminders()

    assert sent == 0
    assert Notification.objects.count() == 0
    assert mail.outbox == []
    assert callbacks == []


def test_the_same_seed_on_the_same_data_gives_the_same_reports(officer_mexico):
    class Undo(Exception):
        pass

    def reports_of_a_run() -> list[tuple]:
        try:
            with transaction.atomic():
                seed(200)
                rows = list(
                    Report.objects.order_by("agreement__proposal__reference", "kind").values_list(
                        "agreement__proposal__reference", "kind", "due_date", "status", "version"
                    )
                )
                raise Undo
        except Undo:
            return rows

    first = reports_of_a_run()

    assert first
    assert reports_of_a_run() == first


def test_the_pages_of_seeded_reports_open_for_the_embassy_and_the_partner(
    seeded, client, administrator
):
    one_per_status = {report.status: report for report in reports_read()}

    for report in one_per_status.values():
        client.force_login(administrator)
        staff = f"/manage/proposals/{report.agreement.proposal_id}/reports/{report.kind}/"
        assert client.get(staff).status_code == 200, report.status
        client.force_login(report.agreement.proposal.created_by)
        partner = f"/proposals/{report.agreement.proposal_id}/reports/{report.kind}/"
        assert client.get(partner).status_code == 200, report.status
