"""The largest approved awards of a scope."""

from django.db.models import QuerySet

from proposals.models import Proposal

from .totals import APPROVED

LARGEST_AWARDS = 10


def _largest_awards(proposals: QuerySet[Proposal]) -> list[Proposal]:
    return list(
        proposals.filter(APPROVED, decision__amount__isnull=False)
        .select_related("organization", "decision", "call__mission")
        .only(
            "reference",
            "title",
            "organization__name",
            "decision__amount",
            "call__mission__code",
        )
        .order_by("-decision__amount", "pk")[:LARGEST_AWARDS]
    )
