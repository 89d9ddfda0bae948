"""The reviewer and administrator checks of reviews.permissions: pure functions over the
objects given, so the matrix needs no database (unsaved objects with fixed ids)."""

import pytest

from accounts.models import User
from reviews import permissions
from reviews.models import Review, ReviewAssignment

Declaration = ReviewAssignment.Declaration
REVIEWER, OTHER = User(pk=1), User(pk=2)


@pytest.mark.parametrize(
    ("_case", "user", "declaration", "declare", "start"),
    [
        ("pending: declares, cannot review yet", REVIEWER, Declaration.PENDING, True, False),
        ("no conflict: reviews", REVIEWER, Declaration.NO_CONFLICT, True, True),
        ("in conflict: cannot review", REVIEWER, Declaration.CONFLICT, True, False),
        ("another user: neither", OTHER, Declaration.NO_CONFLICT, False, False),
    ],
)
def test_only_the_assigned_reviewer_declares_and_reviews_once_clear_of_conflict(
    _case, user, declaration, declare, start
):
    assignment = ReviewAssignment(reviewer_id=REVIEWER.pk, declaration=declaration)

    assert permissions.can_declare_assignment(user, assignment) is declare
    assert permissions.can_start_review(user, assignment) is start


@pytest.mark.parametrize(
    ("_case", "user", "allowed"),
    [("the review's reviewer", REVIEWER, True), ("another user", OTHER, False)],
)
def test_only_the_reviews_own_reviewer_saves_and_submits_it(_case, user, allowed):
    review = Review(
        assignment=ReviewAssignment(reviewer_id=REVIEWER.pk, declaration=Declaration.NO_CONFLICT)
    )

    assert permissions.can_save_review(user, review) is allowed
    assert permissions.can_submit_review(user, review) is allowed


@pytest.mark.parametrize(
    ("_case", "user", "allowed"),
    [
        ("administrator", User(pk=3, is_administrator=True), True),
        ("staff user who is not an administrator", User(pk=4, is_staff=True), False),
        ("deactivated administrator", User(pk=5, is_administrator=True, is_active=False), False),
    ],
)
def test_only_administrators_manage_instruments(_case, user, allowed):
    assert permissions.can_manage_instruments(user) is allowed
