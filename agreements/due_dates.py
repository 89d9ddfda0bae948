"""When an instalment bound to a report is expected to fall due: its report's due date. The
monitoring app, which keeps the reports, registers an expression per condition in its
AppConfig.ready(); `agreements` never imports it (docs/decisions/0023). The year-end page
counts such an instalment when its report is due by March 31."""

from collections.abc import Callable

from django.db.models import Case, DateField, Expression, F, Q, When

from programs.models import InstalmentCondition

# A source: an expression over a payment instalment giving its report's due date.
Source = Callable[[], Expression]
_sources: dict[str, Source] = {}


def register(condition: str, source: Source) -> None:
    """Add the source of one condition once (ready() may run again in tests)."""
    _sources[condition] = source


def expected_on() -> Case:
    """An instalment's expected due date: its own date when paid on a date, its report's due
    date when bound to a report, none otherwise."""
    return Case(
        # Q(): When's own `condition` argument would take the field's name.
        When(Q(condition=InstalmentCondition.ON_DATE), then=F("due_date")),
        *(When(Q(condition=condition), then=source()) for condition, source in _sources.items()),
        default=None,
        output_field=DateField(),
    )
