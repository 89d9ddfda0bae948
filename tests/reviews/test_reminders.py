from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from proposals.services import proposal_move
from reviews import services
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory

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


def test_no_reminder_after_a_conflict_or_a_submitted_review(assignment):
    services.assignment_declare(
        assignment=assignment, actor=assignment.reviewer, conflict=True, explanation="Familia."
    )

    assert services.review_reminders_send(today=timezone.localdate() + timedelta(days=30)) == 0
