from datetime import timedelta

import pytest

from notifications.models import Notification
from proposals.services import proposal_move
from reviews import services
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory
from tests.reviews.test_reviews import ALL_FIVES, complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(submitted_oaxaca, officer_mexico, mission_mexico):
    MissionStaffFactory(
        mission=mission_mexico, role="reviewer", user=UserFactory(email="ana@example.org")
    )
    proposal = proposal_move(proposal=submitted_oaxaca, to="in_review", actor=officer_mexico)
    (created,) = services.reviewers_assign(proposal=proposal)
    return created


def reminders():
    return sorted(
        Notification.objects.filter(event="review_reminder").values_list("key", flat=True)
    )


def test_a_reviewer_is_reminded_two_days_before_and_once_overdue(assignment):
    due = assignment.due_date

    assert services.review_reminders_send(today=due - timedelta(days=3)) == 0
    assert services.review_reminders_send(today=due - timedelta(days=2)) == 1
    assert services.review_reminders_send(today=due - timedelta(days=1)) == 0
    assert services.review_reminders_send(today=due) == 0
    assert services.review_reminders_send(today=due + timedelta(days=1)) == 1
    assert services.review_reminders_send(today=due + timedelta(days=5)) == 0
    assert reminders() == [
        f"review-due-soon:{assignment.pk}:ana@example.org",
        f"review-overdue:{assignment.pk}:ana@example.org",
    ]


def test_no_reminder_after_a_conflict(assignment):
    services.assignment_declare(
        assignment=assignment, actor=assignment.reviewer, conflict=True, explanation="Familia."
    )

    assert services.review_reminders_send(today=assignment.due_date - timedelta(days=2)) == 0
    assert services.review_reminders_send(today=assignment.due_date + timedelta(days=1)) == 0
    assert reminders() == []


def test_no_reminder_once_the_review_is_submitted(assignment):
    reviewer = assignment.reviewer
    services.assignment_declare(assignment=assignment, actor=reviewer, conflict=False)
    review = complete(services.review_start(assignment=assignment, actor=reviewer), ALL_FIVES)
    services.review_submit(review=review, actor=reviewer)

    assert services.review_reminders_send(today=assignment.due_date - timedelta(days=2)) == 0
    assert services.review_reminders_send(today=assignment.due_date + timedelta(days=1)) == 0
    assert reminders() == []


def test_a_declared_reviewer_still_writing_is_reminded(assignment):
    """The counterpart of the two tests above: declaring alone does not stop the reminders."""
    services.assignment_declare(assignment=assignment, actor=assignment.reviewer, conflict=False)

    assert services.review_reminders_send(today=assignment.due_date - timedelta(days=2)) == 1
