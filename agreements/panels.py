"""Sections a higher app adds to an agreement's pages (monitoring: its reports, visits and
closure), so that `agreements` never imports it. A source registered in the app's
AppConfig.ready() returns the section's template and context, or None when it has nothing to
show that reader; sections appear in the order registered."""

from collections.abc import Callable
from dataclasses import dataclass, field

from .models import ContributionAgreement


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


# A source: (agreement, user, for_staff) → the panel to show, or None.
Source = Callable[[ContributionAgreement, object, bool], Panel | None]
_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add a source once, by name (ready() may run again in tests)."""
    _sources[name] = source


def panels_for(agreement: ContributionAgreement, user, *, for_staff: bool) -> list[Panel]:
    """The sections the registered apps show this reader on the agreement's page."""
    found = (source(agreement, user, for_staff) for source in _sources.values())
    return [panel for panel in found if panel is not None]
