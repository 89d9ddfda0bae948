"""The interface languages: settings.LANGUAGES is the one list."""

from collections.abc import Callable, Iterable, Mapping, Sequence

from django.conf import settings
from modeltranslation.utils import get_language, resolution_order


def language_codes() -> tuple[str, ...]:
    """("en", "fr", "es"): the languages of the interface and of every translated field."""
    return tuple(code for code, _name in settings.LANGUAGES)


def missing_languages(obj: object, field: str) -> list[str]:
    """The languages (codes, in the list's order) in which the translated `field` of `obj`
    (its `<field>_<code>` columns) is blank: what must be written before it is published."""
    return [
        code for code in language_codes() if not str(getattr(obj, f"{field}_{code}") or "").strip()
    ]


def language_names(codes: Iterable[str]) -> str:
    """The languages' names in the active language, for messages: "French, Spanish"."""
    names = dict(settings.LANGUAGES)
    return ", ".join(str(names[code]) for code in codes)


def reading_order() -> tuple[str, ...]:
    """The languages a translated field is read in, in turn, for the active language: the
    active one, then modeltranslation's fallbacks."""
    return tuple(resolution_order(get_language()))


def first_written(text_in: Callable[[str], str], order: Sequence[str] | None = None) -> str:
    """A translated field as modeltranslation's field reads it on a model: the first of its
    texts (`text_in(code)`) written, in `order` (the active language's reading order by
    default)."""
    for code in reading_order() if order is None else order:
        if text := text_in(code):
            return text
    return ""


def translated(row: Mapping, name: str, order: Sequence[str] | None = None) -> str:
    """first_written, from a row of raw values holding the field's `<name>_<code>` columns."""
    return first_written(lambda code: row[f"{name}_{code}"], order)
