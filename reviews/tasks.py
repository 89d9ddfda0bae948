from celery import shared_task
from django.utils import timezone

from proposals.models import Proposal

from .services import (
    review_reminders_send,
    reviewers_assign,
    reviewers_assign_missing,
    reviews_aggregate,
    reviews_aggregate_finished,
)


@shared_task(name="reviews.assign_reviewers")
def assign_reviewers(proposal_id: int) -> int:
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    return 0 if proposal is None else len(reviewers_assign(proposal=proposal))


@shared_task(name="reviews.assign_missing_reviewers")
def assign_missing_reviewers() -> int:
    return reviewers_assign_missing()


@shared_task(name="reviews.aggregate_reviews")
def aggregate_reviews(proposal_id: int) -> bool:
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    return proposal is not None and reviews_aggregate(proposal=proposal) is not None


@shared_task(name="reviews.remind_reviewers")
def remind_reviewers() -> int:
    return review_reminders_send(today=timezone.localdate())


@shared_task(name="reviews.aggregate_finished_reviews")
def aggregate_finished_reviews() -> int:
    return reviews_aggregate_finished()
