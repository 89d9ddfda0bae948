"""Reviews, their aggregation and the reminders to reviewers.

The assigned reviewer who declared no conflict starts the review, pinned to the call's grid and
checklist as they are then; they save it (autosave or Save: a stale save that would change what
is saved is a conflict) and submit it once, complete; then it never changes. When every active
reviewer has submitted, the reviews are added up after the commit (combined score,
disagreement, the lower of the proposed GE codes), the proposal becomes reviewed and its
mission's program officers are told; a relay adds up what a lost task missed. Reviewers with a
review due in two days, or overdue, are reminded once of each."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.background import enqueue_on_commit
from core.services import audit_record
from notifications.services import notify
from programs.selectors import program_officers_of
from proposals.models import Proposal
from proposals.services import proposal_move

from .. import permissions, scoring
from ..models import Review, ReviewAssignment, ReviewSummary
from ..selectors import review_missing, review_settings_for
from ._common import UNDER_REVIEW


def _criterion_scores(review: Review) -> list[scoring.CriterionScore]:
    return [
        scoring.CriterionScore(
            weight=criterion.weight,
            scale_max=criterion.scale_max,
            score=review.scores.get(str(criterion.pk)),
        )
        for criterion in review.grid.criteria.all()
        if str(criterion.pk) in review.scores
    ]


@transaction.atomic
def review_start(*, assignment: ReviewAssignment, actor: User) -> Review:
    """The review of a reviewer who declared no conflict, pinned to the call's grid and
    checklist as they are now."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not permissions.can_start_review(actor, assignment):
        raise PermissionDenied
    review = Review.objects.filter(assignment=assignment).first()
    if review is None:
        review_settings = review_settings_for(assignment.proposal.call)
        if review_settings.grid is None or review_settings.checklist is None:
            raise ValidationError(
                _("No scoring grid or GBA+ checklist is published yet: ask an administrator."),
                code="no_instrument",
            )
        review = Review.objects.create(
            assignment=assignment, grid=review_settings.grid, checklist=review_settings.checklist
        )
    return review


@transaction.atomic
def review_save(*, review: Review, actor: User, data: dict, version: int) -> Review:
    """Save a review in progress (autosave or the Save button): scores, checklist answers,
    comments (overall, and on each criterion that asks for one), the proposed code and why.
    A stale version that would change what is saved is a conflict and nothing is written. A
    stale version that changes nothing is the page's own autosave still in flight when Save or
    Submit was pressed (leaving the last field fires one): no conflict."""
    review = Review.objects.select_for_update().select_related("assignment").get(pk=review.pk)
    if not permissions.can_save_review(actor, review):
        raise PermissionDenied
    if review.is_submitted:
        raise ValidationError(
            _("This review is submitted: it can no longer change."), code="submitted"
        )
    saved = _review_content(review)
    criteria = {str(criterion.pk): criterion for criterion in review.grid.criteria.all()}
    keys = set(review.checklist.items.values_list("key", flat=True))
    for pk, value in data.get("scores", {}).items():
        if pk in criteria and (value is None or 0 <= value <= criteria[pk].scale_max):
            review.scores[pk] = value
    for key, value in data.get("answers", {}).items():
        if key in keys and value in scoring.ANSWERS:
            review.answers[key] = value
    for pk, text in data.get("criterion_comments", {}).items():
        if pk in criteria and criteria[pk].asks_comment:
            if text.strip():
                review.criterion_comments[pk] = text
            else:
                review.criterion_comments.pop(pk, None)
    for name in ("comment", "ge_code", "ge_justification"):
        if name in data:
            setattr(review, name, data[name])
    if review.version != version and _review_content(review) != saved:
        raise ValidationError(
            _("This review was saved in another window since you opened it. Reload the page."),
            code="stale",
        )
    review.score = scoring.weighted_score(criteria=_criterion_scores(review))
    review.version += 1
    review.save()
    return review


def _review_content(review: Review) -> tuple:
    return (
        dict(review.scores),
        dict(review.answers),
        dict(review.criterion_comments),
        review.comment,
        review.ge_code,
        review.ge_justification,
    )


@transaction.atomic
def review_submit(*, review: Review, actor: User) -> Review:
    """Submit a complete review, once; when it is the last one expected, the proposal's
    reviews are added up after the commit."""
    review = Review.objects.select_for_update().select_related("assignment").get(pk=review.pk)
    if not permissions.can_submit_review(actor, review):
        raise PermissionDenied
    if review.is_submitted:
        return review
    missing = review_missing(review)
    if missing:
        raise ValidationError(missing, code="incomplete")
    review.status = Review.Status.SUBMITTED
    review.submitted_at = timezone.now()
    review.save(update_fields=["status", "submitted_at", "updated_at"])
    proposal = review.assignment.proposal
    audit_record(
        verb="review.submitted",
        actor=actor,
        target=review,
        mission_id=proposal.call.mission_id,
        data={"proposal": proposal.pk, "score": str(review.score)},
    )
    from ..tasks import aggregate_reviews  # the task module imports this package

    enqueue_on_commit(aggregate_reviews, proposal.pk)
    return review


@transaction.atomic
def reviews_aggregate(*, proposal: Proposal) -> ReviewSummary | None:
    """When every active reviewer has submitted: combined score, disagreement, suggested
    code; the proposal becomes reviewed and its officers are told. Idempotent."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    if proposal.status != Proposal.Status.IN_REVIEW:
        return None
    assignments = list(
        proposal.review_assignments.exclude(declaration=ReviewAssignment.Declaration.CONFLICT)
        .filter(withdrawn_at__isnull=True)
        .select_related("review")
    )
    expected = review_settings_for(proposal.call).reviewers_per_proposal
    reviews = [getattr(a, "review", None) for a in assignments]
    submitted = [r for r in reviews if r is not None and r.is_submitted]
    if len(assignments) < expected or len(submitted) < len(reviews):
        return None
    scores = [review.score for review in submitted]
    spread = scoring.disagreement(review_scores=scores)
    codes = sorted(review.ge_code for review in submitted)
    summary, _created = ReviewSummary.objects.update_or_create(
        proposal=proposal,
        defaults={
            "score": scoring.combined_score(review_scores=scores),
            "spread": spread.spread,
            "large_disagreement": spread.is_large,
            # The lower of the reviewers' codes: the mission decides the final one.
            "suggested_ge_code": codes[0],
        },
    )
    proposal_move(proposal=proposal, to=Proposal.Status.REVIEWED, actor=None)
    officers = program_officers_of(proposal.call.mission_id)
    notify(
        event="proposal_reviewed",
        key=f"proposal-reviewed:{proposal.pk}",
        recipients=officers,
        context={
            "objects": {
                "proposal": ["proposals.Proposal", proposal.pk],
                "summary": ["reviews.ReviewSummary", summary.pk],
            },
            "path": reverse("reviews:workspace", args=[proposal.pk]),
        },
    )
    return summary


def reviews_aggregate_finished() -> int:
    """The relay of aggregation: proposals in review whose every active reviewer has submitted
    (a lost Celery message, or the answer to a question arrived after the last review)."""
    finished = (
        Proposal.objects.filter(status=Proposal.Status.IN_REVIEW)
        .annotate(
            waiting=Count(
                "review_assignments",
                filter=~Q(review_assignments__declaration=ReviewAssignment.Declaration.CONFLICT)
                & Q(review_assignments__withdrawn_at__isnull=True)
                & ~Q(review_assignments__review__status=Review.Status.SUBMITTED),
            )
        )
        .filter(waiting=0, review_assignments__review__status=Review.Status.SUBMITTED)
        .distinct()
    )
    return sum(reviews_aggregate(proposal=proposal) is not None for proposal in finished)


def review_reminders_send(*, today) -> int:
    """Reviewers with a review due in two days, or overdue, are reminded; each reminder once
    (its key names the assignment and the kind)."""
    open_assignments = (
        ReviewAssignment.objects.filter(
            declaration__in=[
                ReviewAssignment.Declaration.PENDING,
                ReviewAssignment.Declaration.NO_CONFLICT,
            ],
            proposal__status__in=UNDER_REVIEW,
            withdrawn_at__isnull=True,
            due_date__lte=today + timedelta(days=2),
        )
        .exclude(review__status=Review.Status.SUBMITTED)
        .select_related("reviewer")
    )
    sent = 0
    for assignment in open_assignments:
        kind = "overdue" if assignment.due_date < today else "due-soon"
        with transaction.atomic():
            sent += len(
                notify(
                    event="review_reminder",
                    bulk=True,
                    key=f"review-{kind}:{assignment.pk}",
                    recipients=[assignment.reviewer],
                    context={
                        "objects": {"assignment": ["reviews.ReviewAssignment", assignment.pk]},
                        "overdue": kind == "overdue",
                        "path": reverse("reviewer:assignment", args=[assignment.pk]),
                    },
                )
            )
    return sent
