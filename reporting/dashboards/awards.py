"""The largest approved awards of a scope."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.urls import reverse

from proposals.models import Proposal

from . import compiled
from .totals import APPROVED

LARGEST_AWARDS = 10


@dataclass(frozen=True)
class Award:
    """A line of the table: read as values, as building a proposal, its organization, call,
    mission and decision for each line cost more than the query itself."""

    pk: int
    reference: str
    title: str
    organization: str
    mission_code: str
    amount: Decimal
    workspace_url: str

    display_title = Proposal.display_title  # the proposal's own rule: its title, or "Untitled"


def _largest_awards(call_ids: list[int] | None) -> list[Award]:
    workspace = reverse("reviews:workspace", args=[0]).removesuffix("0/")  # one reverse a table
    return [
        Award(*row.values(), f"{workspace}{row['pk']}/")
        for row in compiled.rows(_awards_query, call_ids)
    ]


def _awards_query(call_ids: list[int] | None) -> QuerySet:
    return (
        compiled.proposals_of(call_ids)
        .filter(APPROVED, decision__amount__isnull=False)
        .order_by("-decision__amount", "pk")
        .values(
            "pk",
            "reference",
            "title",
            "organization__name",  # the columns in Award's order
            "call__mission__code",
            "decision__amount",
        )[:LARGEST_AWARDS]
    )
