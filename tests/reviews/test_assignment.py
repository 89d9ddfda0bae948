import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notification
from proposals.services import proposal_move
from reviews import services
from reviews.models import ReviewAssignment
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(mission_mexico, mission_colombia):
    """Three Mexico reviewers (Ana is the busiest) and one of Colombia."""
    names = ["ana", "beto", "carla"]
    people = {
        name: MissionStaffFactory(
            mission=mission_mexico, role="reviewer", user=UserFactory(email=f"{name}@example.org")
        ).user
        for name in names
    }
    MissionStaffFactory(
        mission=mission_colombia, role="reviewer", user=UserFactory(email="co@example.org")
    )
    return people


@pytest.fixture
def in_review(submitted_oaxaca, officer_mexico):
    return proposal_move(proposal=submitted_oaxaca, to="in_review", actor=officer_mexico)


def assigned(proposal):
    return sorted(
        proposal.review_assignments.exclude(declaration="conflict").values_list(
            "reviewer__email", flat=True
        )
    )


def another_in_review(proposal, partner, officer):
    from datetime import timedelta

    from proposals.services import proposal_submit
    from tests.proposals.factories import ProposalFactory, fill_in

    draft = fill_in(ProposalFactory(call=proposal.call, organization=proposal.organization))
    received = draft.call.opens_at + timedelta(days=1)
    other = proposal_submit(proposal=draft, actor=partner, received_at=received).proposal
    return proposal_move(proposal=other, to="in_review", actor=officer)


def test_the_call_gets_its_number_of_reviewers_the_least_busy_first(
    in_review, reviewers, partner_oaxaca, officer_mexico
):
    busy = another_in_review(in_review, partner_oaxaca, officer_mexico)
    ReviewAssignment.objects.create(proposal=busy, reviewer=reviewers["ana"], due_date="2027-01-10")

    created = services.reviewers_assign(proposal=in_review)

    assert len(created) == 2
    assert assigned(in_review) == ["beto@example.org", "carla@example.org"]
    assert services.reviewers_assign(proposal=in_review) == []  # idempotent
    assert sorted(
        Notification.objects.filter(event="review_assigned").values_list("email", flat=True)
    ) == ["beto@example.org", "carla@example.org"]


def test_eligible_screening_assigns_reviewers_after_the_commit(
    submitted_oaxaca, officer_mexico, reviewers, celery_eager, django_capture_on_commit_callbacks
):
    from reviews.eligibility import prefilled_checks

    checks = [
        {"key": check.key, "computed": check.computed, "passed": True, "note": ""}
        for check in prefilled_checks(submitted_oaxaca)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_record(
            proposal=submitted_oaxaca, actor=officer_mexico, checks=checks, outcome="eligible"
        )

    assert assigned(submitted_oaxaca) == ["ana@example.org", "beto@example.org"]
    due = submitted_oaxaca.review_assignments.first().due_date
    assert (due - submitted_oaxaca.review_assignments.first().created_at.date()).days == 14


def test_a_declared_conflict_recuses_and_another_reviewer_takes_the_place(
    in_review, reviewers, celery_eager, django_capture_on_commit_callbacks
):
    services.reviewers_assign(proposal=in_review)
    ana = in_review.review_assignments.get(reviewer=reviewers["ana"])

    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_declare(
            assignment=ana,
            actor=reviewers["ana"],
            conflict=True,
            explanation="Mi prima dirige la organización.",
        )

    assert assigned(in_review) == ["beto@example.org", "carla@example.org"]
    ana.refresh_from_db()
    assert ana.is_recused
    with pytest.raises(ValidationError):
        services.assignment_declare(assignment=ana, actor=reviewers["ana"], conflict=False)


def test_a_conflict_needs_an_explanation_and_only_the_reviewer_declares(in_review, reviewers):
    services.reviewers_assign(proposal=in_review)
    beto = in_review.review_assignments.get(reviewer=reviewers["beto"])

    with pytest.raises(PermissionDenied):
        services.assignment_declare(assignment=beto, actor=reviewers["ana"], conflict=False)
    with pytest.raises(ValidationError):
        services.assignment_declare(assignment=beto, actor=reviewers["beto"], conflict=True)

    beto.refresh_from_db()
    assert beto.declaration == "pending"


def test_a_known_conflict_with_the_organization_is_skipped_next_time(
    in_review, reviewers, partner_oaxaca, officer_mexico
):
    services.reviewers_assign(proposal=in_review)
    services.assignment_declare(
        assignment=in_review.review_assignments.get(reviewer=reviewers["ana"]),
        actor=reviewers["ana"],
        conflict=True,
        explanation="Fui miembro del consejo.",
    )
    second = another_in_review(in_review, partner_oaxaca, officer_mexico)

    services.reviewers_assign(proposal=second)

    assert assigned(second) == ["beto@example.org", "carla@example.org"]


def test_the_relay_assigns_what_a_lost_message_did_not(in_review, reviewers):
    assert services.reviewers_assign_missing() == 2
    assert assigned(in_review) == ["ana@example.org", "beto@example.org"]
    assert services.reviewers_assign_missing() == 0


@pytest.mark.usefixtures("celery_eager")
def test_the_reviewer_is_asked_in_their_language(
    in_review, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    reviewers["ana"].preferred_language = "fr"
    reviewers["ana"].save()

    with django_capture_on_commit_callbacks(execute=True):
        services.reviewers_assign(proposal=in_review)

    subjects = sorted(mail.subject for mail in mailoutbox)
    assert subjects == [
        "[CFLI] Please review proposal CFLI-MEX-2026-27-0001",
        "[FCIL] Veuillez évaluer la proposition CFLI-MEX-2026-27-0001",
    ]
