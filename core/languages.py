"""The interface languages: settings.LANGUAGES is the one list."""

from collections.abc import Iterable

from django.conf import settings


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
