"""`manage.py seed_volume`: realistic proposals in volume, for the benchmarks and dashboards of
issue 8 (part 5). The command writes with bulk_create, so these tests check that what it writes
agrees with the rules the services enforce one proposal at a time."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse

from notifications.models import Notification
from programs.models import Call, fiscal_year_label
from proposals import services
from proposals.models import Proposal, ReferenceSequence
from reviews.models import Decision, ReviewSummary, Screening

REFERENCE = re.compile(r"^CFLI-(?P<code>[A-Z]{2,8})-(?P<year>\d{4}-\d{2})-(?P<number>\d{4,})$")
SEEDED_STATES = {status.value for status in Proposal.Status} - {"draft"}
# What the staff read of a proposal, and what search looks into.
TEXTS = (
    "title", "context", "objectives", "beneficiaries_description", "gba_differential_impacts",
    "gba_consultation_influence", "gba_do_no_harm", "gba_womens_organizations", "risks",
    "sustainability", "environment", "declarant_name",
)  # fmt: skip


def seed(proposals: int = 60, **options) -> str:
    out = StringIO()
    call_command("seed_volume", proposals=proposals, seed=1, stdout=out, **options)
    return out.getvalue()


def submitted() -> list[Proposal]:
    return list(
        Proposal.objects.exclude(status=Proposal.Status.DRAFT).select_related("call__mission")
    )


@pytest.fixture
def seeded(officer_mexico):
    """Sixty proposals, with the Mexico officer of the tests already on staff."""
    return seed()


def test_seeding_adds_exactly_the_proposals_asked_for_beyond_those_that_existed(
    submitted_oaxaca, officer_mexico
):
    before = Proposal.objects.count()

    summary = seed(60)

    assert Proposal.objects.count() == before + 60
    assert Proposal.objects.filter(status=Proposal.Status.DRAFT).count() == 0
    assert "Seed 1: 60 proposals" in summary


def test_seeding_says_it_wrote_proposals_in_bulk_so_the_dashboards_count_them(officer_mexico):
    """Seeding writes without `save()` and its signals: it says so itself, once."""
    from proposals.signals import proposals_written_in_bulk

    heard = []

    def receiver(sender, **kwargs):
        heard.append(sender)

    proposals_written_in_bulk.connect(receiver, weak=False)
    try:
        seed(20)
    finally:
        proposals_written_in_bulk.disconnect(receiver)
    assert heard == [Proposal]


def test_every_state_of_the_review_is_seeded_at_least_once(seeded):
    assert {proposal.status for proposal in submitted()} == SEEDED_STATES


def test_proposals_are_written_in_english_french_and_spanish_across_missions(seeded):
    proposals = submitted()

    assert {proposal.language for proposal in proposals} == {"en", "fr", "es"}
    assert {proposal.call.mission.code for proposal in proposals} == {
        "MEX",
        "COL",
        "GTM",
        "HTI",
        "JAM",
    }
    # Organizations of every kind, each with its owner, apply.
    kinds = {
        proposal.organization.kind for proposal in Proposal.objects.select_related("organization")
    }
    assert len(kinds) == 6


def test_references_are_unique_in_the_project_format_and_match_their_call(seeded):
    proposals = submitted()

    references = [proposal.reference for proposal in proposals]
    assert len(set(references)) == 60
    for proposal in proposals:
        match = REFERENCE.match(proposal.reference)
        assert match, proposal.reference
        assert match["code"] == proposal.call.mission.code
        assert match["year"] == fiscal_year_label(proposal.call.fiscal_year)


def test_reference_sequences_continue_after_the_seeded_ones_so_a_real_submission_never_collides(
    complete_draft, partner_oaxaca, officer_mexico
):
    seed()
    for sequence in ReferenceSequence.objects.select_related("mission"):
        prefix = f"CFLI-{sequence.mission.code}-{fiscal_year_label(sequence.fiscal_year)}-"
        numbers = [
            int(reference.removeprefix(prefix))
            for reference in Proposal.objects.filter(reference__startswith=prefix).values_list(
                "reference", flat=True
            )
        ]
        assert sorted(numbers) == list(range(1, sequence.last_number + 1))
    last = ReferenceSequence.objects.get(
        mission=complete_draft.call.mission, fiscal_year=complete_draft.call.fiscal_year
    ).last_number

    proposal = services.proposal_submit(
        proposal=complete_draft, actor=partner_oaxaca, received_at=complete_draft.call.opens_at
        + timedelta(days=1),
    ).proposal  # fmt: skip

    assert proposal.reference == f"CFLI-MEX-2026-27-{last + 1:04d}"


def test_approved_amounts_fit_each_calls_envelope_and_never_exceed_the_request(seeded):
    approved = Decision.objects.filter(proposal__status=Proposal.Status.APPROVED).select_related(
        "proposal"
    )

    assert approved.exists()
    for decision in approved:
        assert 0 < decision.amount <= decision.proposal.amount_requested_cad
        assert decision.approved_by_id is not None
        assert decision.decided_at is not None
        assert decision.ge_code in {"GE-0", "GE-1", "GE-2", "GE-3"}
    for call in Call.objects.all():
        total = approved.filter(proposal__call=call).aggregate(total=Sum("amount"))["total"] or 0
        assert total <= call.budget_envelope, call


def test_each_state_has_the_review_records_that_lead_to_it(seeded):
    for proposal in Proposal.objects.select_related(
        "screening", "review_summary", "decision"
    ).prefetch_related("information_requests"):
        status = proposal.status
        screening = getattr(proposal, "screening", None)
        summary = getattr(proposal, "review_summary", None)
        decision = getattr(proposal, "decision", None)
        if status == "ineligible":
            assert screening.outcome == Screening.Outcome.INELIGIBLE
            assert screening.reason
        if status in {"in_review", "reviewed", "recommended", "approved", "declined", "waitlisted"}:
            assert screening.outcome == Screening.Outcome.ELIGIBLE
        if status in {"reviewed", "recommended", "approved", "declined", "waitlisted"}:
            assert summary.score is not None
            assert summary.suggested_ge_code in {"GE-0", "GE-1", "GE-2", "GE-3"}
            assert proposal.review_assignments.count() == 2
        else:
            assert summary is None
        if status in {"approved", "declined", "waitlisted"}:
            assert decision.decided_at is not None
        elif status == "recommended":
            assert decision.decided_at is None
        else:
            assert decision is None
        if status == "more_info_requested":
            assert [request.is_open for request in proposal.information_requests.all()] == [True]
        if status == "withdrawn":
            assert proposal.withdrawn_at is not None
            assert proposal.withdrawal_reason
    assert (
        ReviewSummary.objects.count()
        == Proposal.objects.filter(
            status__in=["reviewed", "recommended", "approved", "declined", "waitlisted"]
        ).count()
    )


def test_every_proposal_is_complete_and_adds_up(seeded):
    for proposal in Proposal.objects.select_related("call").prefetch_related("budget_lines"):
        assert all(getattr(proposal, name) for name in TEXTS), proposal.reference
        assert proposal.call_priority.call_id == proposal.call_id
        assert proposal.sub_theme is not None
        assert proposal.direct_total() > 0
        assert proposal.indirect_total() > 0
        assert sum(line.cfli_amount for line in proposal.budget_lines.all()) == (
            proposal.amount_requested
        )
        assert 10_000 <= proposal.amount_requested_cad <= 100_000
        assert proposal.call.opens_at <= proposal.submitted_at <= proposal.call.closes_at
        assert proposal.created_at <= proposal.submitted_at <= proposal.updated_at


def test_a_second_run_adds_as_many_again_without_error(seeded):
    summary = seed(60)

    references = Proposal.objects.values_list("reference", flat=True)
    assert len(references) == 120
    assert len(set(references)) == 120
    assert "Seed 1: 60 proposals" in summary


def test_the_same_seed_on_the_same_data_gives_the_same_proposals(officer_mexico):
    class Undo(Exception):
        pass

    def titles_of_a_run() -> list[tuple]:
        try:
            with transaction.atomic():
                seed(20)
                rows = list(
                    Proposal.objects.order_by("reference").values_list(
                        "reference", "title", "status", "amount_requested"
                    )
                )
                raise Undo
        except Undo:
            return rows

    assert titles_of_a_run() == titles_of_a_run()


def test_the_staff_list_still_renders_for_an_officer_afterwards(
    seeded, client, officer_mexico, mission_mexico
):
    client.force_login(officer_mexico)

    response = client.get(reverse("proposals_staff:list"))

    assert response.status_code == 200
    assert (
        response.context["paginator"].count
        == Proposal.objects.filter(call__mission=mission_mexico).count()
    )


def test_nothing_is_queued_in_the_outbox_and_no_email_is_sent(
    officer_mexico, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        seed()

    assert Notification.objects.count() == 0
    assert mail.outbox == []
    assert callbacks == []


def test_each_released_funding_gets_its_agreement_and_its_rows_keep_the_services_rules(
    client, seeded, officer_mexico, administrator
):
    from agreements.models import ContributionAgreement
    from agreements.selectors import commitments_beyond_decisions

    agreements = list(
        ContributionAgreement.objects.select_related(
            "proposal__decision", "proposal__created_by"
        ).prefetch_related("instalments")
    )
    released = Proposal.objects.filter(
        status="approved", decision__released_at__isnull=False, decision__amount__isnull=False
    )
    assert {a.proposal_id for a in agreements} == set(released.values_list("pk", flat=True))
    assert agreements, "the seed gives some approved proposals"
    numbers: dict[tuple, list[int]] = {}
    for agreement in agreements:
        kept = [i for i in agreement.instalments.all() if i.status != "cancelled"]
        if agreement.status != "terminated":
            assert sum(i.amount_cad for i in kept) == agreement.amount_cad
        for instalment in agreement.instalments.all():
            if instalment.status in ("due", "paid"):
                assert agreement.status in ("active", "terminated")
                assert instalment.paid_on is None or instalment.paid_on >= agreement.start_date
        if agreement.number:
            numbers.setdefault((agreement.mission_id, agreement.fiscal_year), []).append(
                int(agreement.number[-4:])
            )
        assert agreement.amount_cad == agreement.proposal.decision.amount
        # Signed as the services sign: by a member of the organization, then by the approver.
        assert (agreement.partner_signed_by_id is not None) == bool(agreement.partner_signed_at)
        assert (agreement.countersigned_by_id is not None) == bool(agreement.countersigned_at)
    for taken in numbers.values():
        assert sorted(taken) == list(range(1, len(taken) + 1))  # gap-free
    for call_id in {a.proposal.call_id for a in agreements}:
        expected = sum(
            (
                sum(i.paid_amount_cad for i in a.instalments.all() if i.status == "paid")
                if a.status == "terminated"
                else a.amount_cad
            )
            - a.proposal.decision.amount
            for a in agreements
            if a.proposal.call_id == call_id
        )
        assert commitments_beyond_decisions(call_id) == expected

    client.force_login(officer_mexico)
    assert client.get("/manage/agreements/").status_code == 200
    # Every stage's pages open, for the embassy and for the partner.
    client.force_login(administrator)
    one_per_status = {a.status: a for a in agreements}
    assert len(one_per_status) > 1
    for agreement in one_per_status.values():
        page = f"/manage/proposals/{agreement.proposal_id}/agreement/"
        assert client.get(page).status_code == 200, agreement.status
    for agreement in one_per_status.values():
        client.force_login(agreement.proposal.created_by)
        page = f"/proposals/{agreement.proposal_id}/agreement/"
        assert client.get(page).status_code == 200, agreement.status
