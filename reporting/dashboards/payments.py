"""What the scope's contribution agreements commit, what has been paid of it and what remains
to pay (issue 21): two grouped queries, never a row per agreement."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from agreements.models import ContributionAgreement, PaymentInstalment

from .charts import Bar, _bars

TERMINATED = ContributionAgreement.Status.TERMINATED


@dataclass
class Payments:
    """Committed: the agreements' amounts, a terminated one's only as far as it was paid."""

    committed: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)

    @property
    def remaining(self) -> Decimal:
        return self.committed - self.paid

    @property
    def bars(self) -> list[Bar]:
        return _bars(
            [
                (_("Committed"), self.committed),
                (_("Paid"), self.paid),
                (_("Remaining to pay"), self.remaining),
            ]
        )


def _payments(call_ids: list[int] | None, *, by_mission: bool = False) -> dict:
    """Payments of the calls (None: every call), under the key None, and by mission when asked.

    Queries: the agreements' amounts grouped (by mission), the paid instalments grouped (by
    mission and whether their agreement was terminated): 2."""
    scope = Q() if call_ids is None else Q(proposal__call_id__in=call_ids)
    group = ["mission_id"] if by_mission else []
    figures: dict = defaultdict(Payments)
    amounts = (
        ContributionAgreement.objects.filter(scope)
        .exclude(status=TERMINATED)
        .values(*group)
        .annotate(total=Sum("amount_cad"))
        .order_by()
    )
    for row in amounts:
        for key in _keys(row.get("mission_id"), by_mission):
            figures[key].committed += row["total"] or Decimal(0)
    paid_scope = Q() if call_ids is None else Q(agreement__proposal__call_id__in=call_ids)
    paid = (
        PaymentInstalment.objects.filter(paid_scope, status=PaymentInstalment.Status.PAID)
        .values(*(["agreement__mission_id"] if by_mission else []), "agreement__status")
        .annotate(total=Sum("paid_amount_cad"))
        .order_by()
    )
    for row in paid:
        total = row["total"] or Decimal(0)
        for key in _keys(row.get("agreement__mission_id"), by_mission):
            figures[key].paid += total
            if row["agreement__status"] == TERMINATED:
                figures[key].committed += total  # what was paid of it stays spent
    figures.setdefault(None, Payments())
    return figures


def _keys(mission_id, by_mission: bool) -> tuple:
    return (None, mission_id) if by_mission else (None,)
