"""What a call's envelope commits beyond its funding decisions' amounts. A higher app that
changes what a funded proposal costs (agreements: an amendment of its amount, a termination)
registers a source here in its AppConfig.ready(); `reviews` never imports it. Decisions read
the sum under the call's lock, and so do the higher app's own checks, so a decision and an
amendment that together exceed the envelope cannot both pass (docs/decisions/0021)."""

from collections.abc import Callable
from decimal import Decimal

# A source: a call's id → CAD committed beyond (or, negative, below) its decisions' amounts.
Source = Callable[[int], Decimal]
_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add a source once, by name (ready() may run again in tests)."""
    _sources[name] = source


def beyond_decisions(call_id: int) -> Decimal:
    """What the registered sources add to the call's funding decisions, in CAD."""
    return sum((source(call_id) for source in _sources.values()), Decimal(0))
