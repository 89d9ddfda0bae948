"""The interface languages: settings.LANGUAGES is the one list."""

from django.conf import settings


def language_codes() -> tuple[str, ...]:
    """("en", "fr", "es"): the languages of the interface and of every translated field."""
    return tuple(code for code, _name in settings.LANGUAGES)
