"""What a project needs before it closes, and the final figures its closure records: pure reads
over the agreement's rows, shared by the closure page and the service that closes."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import ContributionAgreement, PaymentInstalment
from programs.models import ReportKind

from .models import FollowUp, Report, ReportSubmission


def closure_blockers(agreement: ContributionAgreement) -> list[str]:
    """What still stands between the project and its closure, in words the officer acts on;
    empty once it may close."""
    blockers = []
    final = Report.objects.filter(agreement=agreement, kind=ReportKind.FINAL).first()
    if final is None or final.status != Report.Status.ACCEPTED:
        blockers.append(_("The final report is not accepted yet."))
    unpaid = agreement.instalments.filter(
        status__in=(PaymentInstalment.Status.SCHEDULED, PaymentInstalment.Status.DUE)
    ).count()
    if unpaid:
        blockers.append(
            ngettext(
                "%(count)d instalment is neither paid nor cancelled.",
                "%(count)d instalments are neither paid nor cancelled.",
                unpaid,
            )
            % {"count": unpaid}
        )
    open_actions = FollowUp.objects.filter(
        visit__agreement=agreement, status=FollowUp.Status.OPEN
    ).count()
    if open_actions:
        blockers.append(
            ngettext(
                "%(count)d follow-up action of a monitoring visit is still open.",
                "%(count)d follow-up actions of monitoring visits are still open.",
                open_actions,
            )
            % {"count": open_actions}
        )
    return blockers


@dataclass(frozen=True)
class ClosureFigures:
    """What the CFLI paid (CAD, and in the budget's currency), what the last final report
    submitted says was spent, and what is left unspent, in both currencies."""

    currency: str
    paid_cad: Decimal
    received_local: Decimal
    spent_local: Decimal | None
    rate: Decimal

    @property
    def unspent_local(self) -> Decimal:
        if self.spent_local is None:
            return Decimal(0)
        return max(self.received_local - self.spent_local, Decimal(0))

    @property
    def unspent_cad(self) -> Decimal:
        return (self.unspent_local * self.rate).quantize(Decimal("0.01"))


def closure_figures(agreement: ContributionAgreement) -> ClosureFigures:
    paid = agreement.instalments.filter(status=PaymentInstalment.Status.PAID).aggregate(
        cad=Sum("paid_amount_cad"), local=Sum("paid_amount_local")
    )
    last_final = (
        ReportSubmission.objects.filter(report__agreement=agreement, report__kind=ReportKind.FINAL)
        .order_by("-number")
        .first()
    )
    spent = None
    if last_final is not None:
        spent = sum(
            (
                Decimal(line["actual_local"])
                for line in last_final.snapshot.get("expenditures", [])
                if line.get("actual_local") is not None
            ),
            Decimal(0),
        )
    return ClosureFigures(
        currency=agreement.currency,
        paid_cad=paid["cad"] or Decimal(0),
        received_local=paid["local"] or Decimal(0),
        spent_local=spent,
        rate=agreement.exchange_rate,
    )
