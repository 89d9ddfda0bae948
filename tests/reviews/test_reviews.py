from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notification
from proposals.services import proposal_move
from reviews import selectors, services
from reviews.models import ReviewSummary, ScoringGrid
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignments(submitted_oaxaca, officer_mexico, mission_mexico):
    for name in ("ana", "beto"):
        MissionStaffFactory(
            mission=mission_mexico, role="reviewer", user=UserFactory(email=f"{name}@example.org")
        )
    proposal = proposal_move(proposal=submitted_oaxaca, to="in_review", actor=officer_mexico)
    created = services.reviewers_assign(proposal=proposal)
    for assignment in created:
        services.assignment_declare(
            assignment=assignment, actor=assignment.reviewer, conflict=False
        )
    return created


def complete(review, score_by_position: dict[int, int | None], ge_code="GE-2"):
    criteria = list(review.grid.criteria.all())
    data = {
        "scores": {str(criteria[i].pk): score for i, score in score_by_position.items()},
        "answers": {item.key: "yes" for item in review.checklist.items.all()},
        "ge_code": ge_code,
        "ge_justification": "Las mujeres diseñaron el proyecto.",
    }
    return services.review_save(
        review=review, actor=review.assignment.reviewer, data=data, version=review.version
    )


ALL_FIVES = dict.fromkeys(range(7), 5)


def test_a_review_is_pinned_to_the_grid_version_it_started_with(assignments, administrator):
    review = services.review_start(assignment=assignments[0], actor=assignments[0].reviewer)
    first_version = review.grid

    newer = services.instrument_new_version(instrument=first_version, actor=administrator)
    services.instrument_publish(instrument=newer, actor=administrator)
    review.refresh_from_db()

    assert review.grid == first_version
    assert selectors.review_settings_for(review.assignment.proposal.call).grid == newer
    assert ScoringGrid.objects.count() == 2


def test_na_is_left_out_of_the_weighted_score_never_counted_as_zero(assignments):
    review = services.review_start(assignment=assignments[0], actor=assignments[0].reviewer)

    # All 5 of 5 except the GBA+ criterion (position 4, weight 15) marked n/a.
    review = complete(review, {**ALL_FIVES, 4: None})

    assert review.score == Decimal("100.00")


def test_a_review_is_submitted_once_and_only_when_complete(assignments):
    assignment = assignments[0]
    review = services.review_start(assignment=assignment, actor=assignment.reviewer)

    with pytest.raises(ValidationError) as error:
        services.review_submit(review=review, actor=assignment.reviewer)
    assert "Propose a gender-equality code." in error.value.messages

    review = complete(review, ALL_FIVES)
    services.review_submit(review=review, actor=assignment.reviewer)
    with pytest.raises(ValidationError):
        services.review_save(
            review=review, actor=assignment.reviewer, data={"comment": "x"}, version=review.version
        )


def test_only_the_assigned_reviewer_reviews(assignments):
    review = services.review_start(assignment=assignments[0], actor=assignments[0].reviewer)

    with pytest.raises(PermissionDenied):
        services.review_save(review=review, actor=assignments[1].reviewer, data={}, version=0)
    with pytest.raises(PermissionDenied):
        services.review_start(assignment=assignments[0], actor=assignments[1].reviewer)


def test_a_stale_save_is_refused(assignments):
    review = services.review_start(assignment=assignments[0], actor=assignments[0].reviewer)
    reviewer = review.assignment.reviewer
    services.review_save(review=review, actor=reviewer, data={"comment": "One"}, version=0)

    with pytest.raises(ValidationError) as error:
        services.review_save(review=review, actor=reviewer, data={"comment": "Two"}, version=0)

    assert error.value.code == "stale"
    review.refresh_from_db()
    assert (review.comment, review.version) == ("One", 1)


def test_a_stale_save_that_changes_nothing_is_the_pages_own_autosave(assignments):
    """Leaving the last field autosaves while Submit posts the same form with the version
    the page had: the same content is no conflict."""
    review = services.review_start(assignment=assignments[0], actor=assignments[0].reviewer)
    reviewer = review.assignment.reviewer
    data = {"comment": "Solid.", "ge_code": "GE-2"}
    services.review_save(review=review, actor=reviewer, data=data, version=0)

    review = services.review_save(review=review, actor=reviewer, data=data, version=0)

    assert (review.comment, review.version) == ("Solid.", 2)


@pytest.mark.usefixtures("celery_eager")
def test_the_last_review_makes_the_proposal_reviewed_and_tells_the_officer(
    assignments, django_capture_on_commit_callbacks
):
    first, second = (
        services.review_start(assignment=assignment, actor=assignment.reviewer)
        for assignment in assignments
    )
    complete(first, ALL_FIVES, ge_code="GE-2")
    complete(second, dict.fromkeys(range(7), 3), ge_code="GE-1")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_submit(review=first, actor=first.assignment.reviewer)
    proposal = first.assignment.proposal
    proposal.refresh_from_db()
    assert proposal.status == "in_review"

    with django_capture_on_commit_callbacks(execute=True):
        services.review_submit(review=second, actor=second.assignment.reviewer)

    proposal.refresh_from_db()
    assert proposal.status == "reviewed"
    summary = ReviewSummary.objects.get(proposal=proposal)
    # 100.00 and 60.00: a combined 80.00, and a spread of 40 is a large disagreement.
    assert (summary.score, summary.spread, summary.large_disagreement) == (
        Decimal("80.00"),
        Decimal("40.00"),
        True,
    )
    assert summary.suggested_ge_code == "GE-1"
    assert Notification.objects.filter(
        event="proposal_reviewed", email="officer.mx@example.org"
    ).exists()
    assert list(proposal.events.values_list("kind", flat=True))[-1] == "reviewed"


@pytest.mark.usefixtures("celery_eager")
def test_the_officer_reads_the_reviewed_message_in_their_language(
    assignments, officer_mexico, mailoutbox, django_capture_on_commit_callbacks
):
    officer_mexico.preferred_language = "es"
    officer_mexico.save()
    reviews = [
        complete(services.review_start(assignment=a, actor=a.reviewer), ALL_FIVES)
        for a in assignments
    ]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        for review in reviews:
            services.review_submit(review=review, actor=review.assignment.reviewer)

    (mail,) = [m for m in mailoutbox if m.to == ["officer.mx@example.org"]]
    assert mail.subject == "[FCIL] La propuesta CFLI-MEX-2026-27-0001 fue evaluada"
    assert "Puntaje combinado: 100,00 sobre 100." in mail.body
