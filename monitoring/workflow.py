"""The states of a report and the moves between them. `transition` is the one place that writes
a report's status; services call it under the agreement's lock.

report: scheduled ─(partner saves)─▶ draft ─(partner submits)─▶ submitted
        scheduled ─(partner submits at once)─▶ submitted
        submitted ─(officer asks a revision)─▶ revision_requested ─(resubmitted)─▶ submitted
        submitted ─(officer accepts)─▶ accepted
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Report

Status = Report.Status

REPORT_TRANSITIONS: dict[str, set[str]] = {
    Status.SCHEDULED: {Status.DRAFT, Status.SUBMITTED},
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.REVISION_REQUESTED, Status.ACCEPTED},
    Status.REVISION_REQUESTED: {Status.SUBMITTED},
    Status.ACCEPTED: set(),
}
# The partner may still change the report: its due date may still move.
WITH_PARTNER = {Status.SCHEDULED, Status.DRAFT, Status.REVISION_REQUESTED}


def can_move(report: Report, *, to: str) -> bool:
    return to in REPORT_TRANSITIONS[report.status]


def check_transition(report: Report, *, to: str) -> None:
    """Refuse a move the table does not allow, naming the current state."""
    if not can_move(report, to=to):
        raise ValidationError(
            _("This is not possible while the report's status is “%(status)s”."),
            code="invalid_transition",
            params={"status": report.get_status_display()},
        )


def transition(report: Report, *, to: str) -> str:
    """Move a report its caller has locked to `to`, if the table allows it; the caller saves
    `status` with the fields it writes together. Returns the state left."""
    check_transition(report, to=to)
    previous = report.status
    report.status = to
    return previous
