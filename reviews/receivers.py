from django.dispatch import receiver

from core.background import enqueue_on_commit
from proposals.signals import returned_to_review

from .tasks import aggregate_reviews


@receiver(returned_to_review)
def aggregate_when_back_in_review(sender, proposal_id: int, **kwargs) -> None:
    """The last review may have come in while the partner was answering a question."""
    enqueue_on_commit(aggregate_reviews, proposal_id)
