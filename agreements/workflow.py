"""The states of a contribution agreement and of its payment instalments, and the moves between
them. `transition` is the one place that writes either status; services call it under the
agreement's lock.

agreement: budget_adjustment ─(budget accepted)─▶ draft ─(ready)─▶ to_sign
           to_sign ─(terms changed)─▶ draft
           to_sign ─(partner signs)─▶ partner_signed ─(countersigned)─▶ active
           partner_signed ─(signature returned: to be signed again)─▶ to_sign
           active ─▶ closed | terminated
instalment: scheduled ─(condition met)─▶ due ─(payment recorded)─▶ paid
            scheduled | due ─▶ cancelled
amendment:  requested ─▶ approved | refused
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Amendment, ContributionAgreement, PaymentInstalment

Agreement = ContributionAgreement.Status
Instalment = PaymentInstalment.Status

AGREEMENT_TRANSITIONS: dict[str, set[str]] = {
    Agreement.BUDGET_ADJUSTMENT: {Agreement.DRAFT},
    Agreement.DRAFT: {Agreement.TO_SIGN},
    Agreement.TO_SIGN: {Agreement.DRAFT, Agreement.PARTNER_SIGNED},
    Agreement.PARTNER_SIGNED: {Agreement.ACTIVE, Agreement.TO_SIGN},
    Agreement.ACTIVE: {Agreement.CLOSED, Agreement.TERMINATED},
    Agreement.CLOSED: set(),
    Agreement.TERMINATED: set(),
}
# Before signature the officer may still change the terms: schedule, rate, conditions.
EDITABLE = {Agreement.BUDGET_ADJUSTMENT, Agreement.DRAFT, Agreement.TO_SIGN}
# Signed by the partner: what changes now needs the embassy's confirmation.
SIGNED = {Agreement.PARTNER_SIGNED, Agreement.ACTIVE}
ENDED = {Agreement.CLOSED, Agreement.TERMINATED}

INSTALMENT_TRANSITIONS: dict[str, set[str]] = {
    Instalment.SCHEDULED: {Instalment.DUE, Instalment.CANCELLED},
    Instalment.DUE: {Instalment.PAID, Instalment.CANCELLED},
    Instalment.PAID: set(),
    Instalment.CANCELLED: set(),
}


AMENDMENT_TRANSITIONS: dict[str, set[str]] = {
    Amendment.Status.REQUESTED: {Amendment.Status.APPROVED, Amendment.Status.REFUSED},
    Amendment.Status.APPROVED: set(),
    Amendment.Status.REFUSED: set(),
}

Row = ContributionAgreement | PaymentInstalment | Amendment


def _table(row: Row) -> dict[str, set[str]]:
    if isinstance(row, ContributionAgreement):
        return AGREEMENT_TRANSITIONS
    if isinstance(row, Amendment):
        return AMENDMENT_TRANSITIONS
    return INSTALMENT_TRANSITIONS


def can_move(row: Row, *, to: str) -> bool:
    return to in _table(row).get(row.status, set())


def check_transition(row: Row, *, to: str) -> None:
    """Refuse a move the table does not allow, naming the current state."""
    if not can_move(row, to=to):
        if isinstance(row, ContributionAgreement):
            message = _("This is not possible while the agreement's status is “%(status)s”.")
        elif isinstance(row, Amendment):
            message = _("This is not possible while the amendment's status is “%(status)s”.")
        else:
            message = _("This is not possible while the instalment's status is “%(status)s”.")
        raise ValidationError(
            message, code="invalid_transition", params={"status": row.get_status_display()}
        )


def transition(row: Row, *, to: str) -> str:
    """Move an agreement, an instalment or an amendment its caller has locked to `to`, if the
    table allows it; the caller saves `status` with the fields it writes together. Returns the
    state left."""
    check_transition(row, to=to)
    previous = row.status
    row.status = to
    return previous
