"""The envelope against the CAD requested and approved, and what remains of it."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .charts import Bar, _bars


@dataclass(frozen=True)
class Money:
    envelope: Decimal
    requested: Decimal
    approved: Decimal

    @property
    def remaining(self) -> Decimal:
        """Negative when approvals exceed the envelope: shown, not hidden."""
        return self.envelope - self.approved

    @property
    def bars(self) -> list[Bar]:
        return _bars(
            [
                (_("Envelope"), self.envelope),
                (_("Requested"), self.requested),
                (pgettext_lazy("amount", "Approved"), self.approved),
                (_("Remaining"), self.remaining),
            ]
        )
